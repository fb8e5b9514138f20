"""Interactions -> people: linking, counts, warmth, cadence, follow-up and dormant ties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import polars as pl
from tagging_frames import AS_OF, inter, owner, rec, run_tag

from pipeline.tagging import load_rules
from pipeline.tagging.activity import NO_ACTIVITY


def row(result, person: str) -> dict:
    return result.people.filter(pl.col("person_id") == f"p_{person}").row(0, named=True)


ANN = [rec("a", "Ann Lee", "linkedin", slug="ann-lee", connected=dt.date(2020, 1, 1)),
       rec("a", "Ann Lee", "google", labels=["Clients"])]
ANN_TALK = [
    inter("message", "outgoing", "2025-06-09", "Ann Lee", slug="ann-lee"),
    inter("message", "incoming", "2025-06-01", "Ann Lee", slug="ann-lee"),
    inter("message", "outgoing", "2025-05-01", "Ann Lee", slug="ann-lee"),
    inter("endorsement", "incoming", "2024-01-01", "Ann Lee", slug="ann-lee"),
]


def test_summary_and_warmth_against_a_fixed_as_of_date():
    p = row(run_tag(ANN, ANN_TALK), "a")
    assert (p["messages_sent"], p["messages_received"]) == (2, 1)
    assert p["first_connected"] == dt.date(2020, 1, 1)
    assert p["last_interaction"] == dt.date(2025, 6, 9)
    assert p["reached_out_first"] == "me"
    expected = 12 * math.log(4) + 10 + 25 * 0.5 ** (21 / 180) + 8 + 5
    assert p["warmth"] == round(expected, 1) == 62.7
    assert p["warmth_reason"] == "3 messages, last 3 weeks ago, they endorsed you, " \
                                 "in your address book"
    assert p["cadence_days"] == 60
    assert p["follow_up_due"] == dt.date(2025, 8, 8)
    assert p["dormant"] is False


def test_same_inputs_and_as_of_give_the_same_tables_and_as_of_moves_recency():
    a, b = run_tag(ANN, ANN_TALK), run_tag(ANN, ANN_TALK)
    assert a.people.equals(b.people) and a.networks.equals(b.networks)
    later = row(run_tag(ANN, ANN_TALK, as_of=dt.date(2026, 6, 30)), "a")
    assert later["warmth"] < row(a, "a")["warmth"]
    assert "last 13 months ago" in later["warmth_reason"]


def test_no_interactions():
    p = row(run_tag([rec("a", "Ann Lee", "linkedin", slug="ann")]), "a")
    assert (p["warmth"], p["warmth_reason"]) == (0.0, NO_ACTIVITY)
    assert (p["messages_sent"], p["reached_out_first"], p["last_interaction"]) == (0, "unknown", None)
    book = row(run_tag([rec("b", "Bo Ng", "vcard")]), "b")
    assert (book["warmth"], book["warmth_reason"]) == (5.0, "in your address book")


def test_linking_by_slug_then_unique_name_and_never_guessing():
    recs = [rec("a", "Ann Lee", "linkedin", slug="ann-lee"),
            rec("b", "Bo Ng", "google"),
            rec("s1", "Sam Lee", "google"), rec("s2", "Sam Lee", "vcard")]
    talk = [
        inter("message", "incoming", "2025-06-01", "Annie L.", slug="ann-lee"),  # slug wins
        inter("message", "incoming", "2025-06-02", "Bo Ng", slug="bo-ng-77"),  # unknown slug
        inter("message", "incoming", "2025-06-03", "Sam Lee"),  # two people named Sam Lee
        inter("message", "incoming", "2025-06-04", "Zed Who"),  # nobody
    ]
    res = run_tag(recs, talk)
    assert row(res, "a")["messages_received"] == 1
    assert row(res, "b")["messages_received"] == 1
    assert row(res, "s1")["messages_received"] == row(res, "s2")["messages_received"] == 0
    s = res.stats
    assert (s["interactions_linked_by_slug"], s["interactions_linked_by_name"]) == (1, 1)
    assert (s["interactions_unmatched"], s["interactions_unmatched_shared_name"]) == (2, 1)


def test_interactions_with_the_owner_and_after_the_as_of_date_are_left_out():
    recs = [rec("a", "Ann Lee", "linkedin", slug="ann-lee")]
    talk = [
        inter("message", "incoming", "2025-06-01", "Olive Owner", slug="olive-o"),
        inter("message", "incoming", "2025-06-02", "O. Owner", slug="olive-o", key="o owner"),
        inter("message", "incoming", "2025-07-05", "Ann Lee", slug="ann-lee"),
    ]
    res = run_tag(recs, talk, own=owner("Olive", "Owner"))
    assert res.stats["interactions_about_owner"] == 2
    assert res.stats["interactions_after_as_of"] == 1
    assert res.stats["interactions_unmatched"] == 0
    assert row(res, "a")["messages_received"] == 0


def test_first_connected_is_the_earlier_of_connection_and_invitation():
    recs = [rec("a", "Ann Lee", "linkedin", slug="ann", connected=dt.date(2024, 5, 1)),
            rec("b", "Bo Ng", "google")]
    talk = [inter("invitation", "incoming", "2024-03-01", "Ann Lee", slug="ann"),
            inter("invitation", "outgoing", "2025-01-15", "Bo Ng")]
    res = run_tag(recs, talk)
    assert row(res, "a")["first_connected"] == dt.date(2024, 3, 1)
    assert row(res, "a")["reached_out_first"] == "them"
    b = row(res, "b")
    assert (b["first_connected"], b["reached_out_first"]) == (dt.date(2025, 1, 15), "me")
    assert "you invited them on LinkedIn" in b["warmth_reason"]


def test_reached_out_first_is_unknown_on_a_tie_and_for_undated_messages():
    talk = [inter("message", "incoming", "2025-01-01", "Ann Lee", slug="ann", n=1),
            inter("message", "outgoing", "2025-01-01", "Ann Lee", slug="ann", n=2),
            inter("message", "unknown", None, "Ann Lee", slug="ann", n=3)]
    p = row(run_tag([rec("a", "Ann Lee", "linkedin", slug="ann")], talk), "a")
    assert p["reached_out_first"] == "unknown"
    assert (p["messages_sent"], p["messages_received"]) == (1, 1)
    assert p["warmth_reason"].startswith("3 messages, last 6 months ago")


def test_cadence_is_the_shortest_of_the_networks_and_untagged_has_none_by_default():
    recs = [rec("a", "Ann Lee", "google", labels=["Gym", "Church"]),
            rec("b", "Bo Ng", "linkedin", slug="bo", labels=["Gym"], connected=dt.date(2025, 1, 1)),
            rec("c", "Cy Oh", "vcard")]
    res = run_tag(recs)
    assert row(res, "a")["cadence_days"] == 90
    assert row(res, "a")["follow_up_due"] is None  # never connected, never in touch
    assert row(res, "b")["cadence_days"] == 60
    assert row(res, "b")["follow_up_due"] == dt.date(2025, 3, 2)
    assert row(res, "c")["cadence_days"] is None
    rules = dataclasses.replace(load_rules(None), untagged_cadence=180)
    assert row(run_tag(recs, rules=rules), "c")["cadence_days"] == 180


def test_dormant_ties():
    def conn(p, name):
        return rec(p, name, "linkedin", slug=p, connected=dt.date(2019, 1, 1))
    recs = [conn("b", "Bo Ng"), conn("c", "Cy Oh"), conn("e", "Ed Fu"), conn("r", "Ra Su"),
            rec("d", "Di Pa", "google")]
    talk = [
        # b: 4 messages, silent since Jan 2023 -> dormant
        *[inter("message", "incoming", f"2023-01-0{i}", "Bo Ng", slug="b") for i in range(1, 5)],
        # c: one message long ago -> never warm
        inter("message", "incoming", "2022-01-01", "Cy Oh", slug="c"),
        # e: warm, quiet for 150 days: > 2 x 60 but not > 180 days
        *[inter("message", "outgoing", "2025-01-31", "Ed Fu", slug="e", n=i) for i in range(3)],
        # r: recommended you (warm once), silent 2 years
        inter("recommendation", "incoming", "2023-06-01", "Ra Su"),
        # d: endorsed you but you are not connected
        inter("endorsement", "incoming", "2022-01-01", "Di Pa"),
    ]
    res = run_tag(recs, talk)
    dormant = dict(zip(res.people["person_id"], res.people["dormant"], strict=True))
    assert dormant == {"p_b": True, "p_c": False, "p_d": False, "p_e": False, "p_r": True}
    assert res.stats["dormant"] == 2


def test_dormant_thresholds_come_from_the_rules():
    recs = [rec("e", "Ed Fu", "linkedin", slug="e", connected=dt.date(2019, 1, 1))]
    talk = [inter("message", "outgoing", "2025-01-31", "Ed Fu", slug="e", n=i) for i in range(3)]
    rules = load_rules(None)
    rules = dataclasses.replace(rules, dormant=dataclasses.replace(rules.dormant, silent_days=100))
    assert row(run_tag(recs, talk, rules=rules), "e")["dormant"] is True


def test_relative_time_words():
    recs = [rec("a", "Ann Lee", "linkedin", slug="ann")]
    for day, words in [("2025-06-30", "last today"), ("2025-06-29", "last yesterday"),
                       ("2025-06-25", "last 5 days ago"), ("2025-04-01", "last 3 months ago"),
                       ("2022-06-30", "last 3 years ago")]:
        p = row(run_tag(recs, [inter("endorsement", "incoming", day, "Ann Lee", slug="ann")],
                        as_of=AS_OF), "a")
        assert p["warmth_reason"].startswith(words), (day, p["warmth_reason"])

"""Relationship tiers and the weekly plan, shared by kith serve and the static worksheets:
follow-ups only for relationships, cold ties never overdue, a plan of the configured size that
rotates week by week and is the same for the same as-of date."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipeline import config, schema
from pipeline.keep_in_touch import COLD, next_follow_up
from pipeline.notes.ledger import LEDGER, apply_to_people
from pipeline.notes.notes_frame import NOTES
from pipeline.tagging.rules import Dormant
from pipeline.worksheets import plan
from pipeline.worksheets.render import render

AS_OF = dt.date(2026, 6, 3)  # a Wednesday
D = dt.date


def _people(rows: list[dict]) -> pl.DataFrame:
    base = {"networks": ["peer"], "sources": ["linkedin"], "labels": [], "emails": [],
            "phones": [], "record_count": 1, "cadence_days": 90, "messages_sent": 0,
            "messages_received": 0, "target_companies": [], "warmth": 10.0,
            "last_interaction": D(2026, 1, 1), "first_connected": D(2020, 1, 1),
            "dormant": False}
    return schema.conform(pl.DataFrame([base | r for r in rows]), schema.PEOPLE)


def _notes(rows: list[dict]) -> pl.DataFrame:
    keys = {k for r in rows for k in r}
    frame = pl.DataFrame(rows, schema={k: t for k, t in NOTES.items() if k in keys})
    return frame.with_columns([pl.lit(None, dtype=t).alias(c) for c, t in NOTES.items()
                               if c not in frame.columns]).select(list(NOTES))


def _ledger(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame([{"line": i + 2, "date": d, "person_id": p, "name": "", "kind": k,
                          "text": "", "problem": None} for i, (p, k, d) in enumerate(rows)],
                        schema=LEDGER)


def test_only_relationships_get_a_follow_up_and_each_says_why():
    people = _people([
        {"person_id": "p_cold"},  # a LinkedIn connection, nothing else
        {"person_id": "p_oneway", "messages_sent": 3},  # wrote, never heard back
        {"person_id": "p_twoway", "messages_sent": 2, "messages_received": 1},
        {"person_id": "p_label", "sources": ["google"], "labels": ["climbing"]},
        {"person_id": "p_book", "sources": ["google"]},  # address book, no label
        {"person_id": "p_target", "target_companies": ["Globex"]},
        {"person_id": "p_noted"}, {"person_id": "p_logged"}, {"person_id": "p_typed"},
    ])
    notes = _notes([{"person_id": "p_noted", "need": "a mentor"},
                    {"person_id": "p_typed", "follow_up": D(2026, 7, 1)}])
    ledger = _ledger([("p_logged", "gave", D(2026, 2, 1))])
    out = {r["person_id"]: r for r in
           apply_to_people(people, notes, ledger, AS_OF, Dormant()).iter_rows(named=True)}
    cold = ("p_cold", "p_oneway", "p_book")
    for pid in cold:
        assert out[pid]["relationship"] == "" and out[pid]["follow_up_due"] is None, pid
    assert out["p_twoway"]["relationship"] == "you wrote to each other"
    assert out["p_label"]["relationship"] == "in your address book as climbing"
    assert out["p_target"]["relationship"] == "a path into Globex"
    assert out["p_noted"]["relationship"] == "your notes"
    assert out["p_logged"]["relationship"] == "your ledger"
    assert out["p_typed"]["relationship"] == "you set a follow-up date"
    for pid in ("p_twoway", "p_label", "p_target", "p_noted", "p_logged"):
        assert out[pid]["follow_up_due"] == D(2026, 1, 1) + dt.timedelta(days=90), pid
    assert out["p_typed"]["follow_up_due"] == D(2026, 7, 1)


def test_next_follow_up_is_the_same_rule_for_one_person():
    assert next_follow_up(D(2026, 1, 1), 60, None) == D(2026, 3, 2)
    assert next_follow_up(D(2026, 1, 1), 60, D(2026, 2, 1)) == D(2026, 2, 1)
    assert next_follow_up(D(2026, 1, 1), 60, None, related=False) is None
    assert next_follow_up(D(2026, 1, 1), None, None) is None


def _network(n_related: int, n_cold: int) -> pl.DataFrame:
    rows = [{"person_id": f"p_{i:02d}", "display_name": f"Related {i:02d}",
             "relationship": "you wrote to each other", "warmth": float(100 - i),
             "follow_up_due": AS_OF - dt.timedelta(days=10)} for i in range(n_related)]
    rows += [{"person_id": f"p_c{i:02d}", "display_name": f"Cold {i:02d}", "relationship": "",
              "warmth": 99.0, "follow_up_due": None} for i in range(n_cold)]
    return _people(rows)


def _plan(folder, people: pl.DataFrame, as_of: dt.date, sizes=None) -> pl.DataFrame:
    render(folder, people=people, networks=pl.DataFrame(schema=schema.NETWORKS),
           targets=pl.DataFrame(schema=schema.TARGETS), review=pl.DataFrame(schema=schema.REVIEW),
           notes=None, reciprocity=None, changes=None, refreshed_at="t", as_of=as_of,
           plan_sizes=sizes)
    return pl.read_csv(folder / "plan.csv")


def test_the_plan_rotates_week_by_week_through_every_relationship(tmp_path):
    people = _network(25, 5)
    weeks = []
    for w in range(3):
        frame = _plan(tmp_path / f"w{w}", people, AS_OF + dt.timedelta(days=7 * w))
        names = frame.filter(pl.col("section") == plan.TITLES["follow_up"])["name"].to_list()
        assert len(names) == 10
        assert not any(n.startswith("Cold") for n in names)  # cold ties are never due
        weeks.append(names)
    assert set(weeks[0]).isdisjoint(weeks[1])
    assert set(weeks[0]) | set(weeks[1]) | set(weeks[2]) == {f"Related {i:02d}" for i in range(25)}
    # the same as-of date (any day of that week) gives the same plan
    again = _plan(tmp_path / "again", people, AS_OF + dt.timedelta(days=2))
    assert again.filter(pl.col("section") == plan.TITLES["follow_up"])["name"].to_list() \
        == weeks[0]


def test_the_plan_has_the_configured_size_and_keeps_typed_promises(tmp_path):
    people = _network(25, 0).with_columns(
        follow_up_due=pl.when(pl.col("person_id") == "p_24").then(pl.lit(AS_OF))
        .otherwise(pl.col("follow_up_due")))
    notes = _notes([{"person_id": "p_24", "follow_up": AS_OF}])
    for week in range(4):
        as_of = AS_OF + dt.timedelta(days=7 * week)
        folder = tmp_path / f"w{week}"
        render(folder, people=people, networks=pl.DataFrame(schema=schema.NETWORKS),
               targets=pl.DataFrame(schema=schema.TARGETS),
               review=pl.DataFrame(schema=schema.REVIEW), notes=notes, reciprocity=None,
               changes=None, refreshed_at="t", as_of=as_of, plan_sizes={"follow_up": 3})
        names = pl.read_csv(folder / "plan.csv")["name"].to_list()
        assert len(names) == 3 and names[0] == "Related 24", week  # the user's own date first


def test_cold_ties_are_listed_on_the_worksheets_but_never_overdue(tmp_path):
    _plan(tmp_path, _network(2, 2), AS_OF)
    page = (tmp_path / "peer.html").read_text("utf-8")
    assert page.count(COLD) == 2 and page.count("overdue since") == 2
    csv = pl.read_csv(tmp_path / "peer.csv")
    cold = csv.filter(pl.col("name").str.starts_with("Cold"))
    assert cold["keep_in_touch"].to_list() == [COLD, COLD]
    assert cold["follow_up_due"].fill_null("").to_list() == ["", ""]


@pytest.mark.parametrize("text, ok", [
    ("[plan]\nfollow_ups = 4\nreconnects = 1\n", True),
    ("[plan]\nfollow_up = 4\n", False),
    ("[plan]\nfollow_ups = -1\n", False),
    ("[plan]\ntargets = 'many'\n", False),
])
def test_plan_sizes_come_from_kith_toml(tmp_path, text, ok):
    path = tmp_path / "kith.toml"
    path.write_text(text, "utf-8")
    if ok:
        sizes = config.load(path).plan
        assert (sizes["follow_up"], sizes["dormant"], sizes["target"]) == (4, 1, 8)
    else:
        with pytest.raises(config.ConfigError, match="plan"):
            config.load(path)


def test_kith_init_documents_the_plan_sizes(tmp_path):
    cfg = config.load(config.init_home(tmp_path / "home"))
    assert cfg.plan == plan.LIMITS


def test_a_follow_up_with_no_contact_says_since_when_it_counts(tmp_path):
    """With no interaction on record the due date counts from the connection: the plan says
    so instead of "last contact none recorded"."""
    people = _network(2, 0).with_columns(
        last_interaction=pl.when(pl.col("person_id") == "p_00").then(None)
        .otherwise(pl.col("last_interaction")))
    frame = _plan(tmp_path, people, AS_OF)
    why = dict(zip(frame["person_id"], frame["why"], strict=True))
    # overdue by the cadence, but never written to: no "overdue since" (plan38, wording only)
    assert why["p_00"] == "no contact recorded since you connected on 2020-01-01"
    assert why["p_01"].endswith("; last contact 2026-01-01")

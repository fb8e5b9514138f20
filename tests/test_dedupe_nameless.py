"""A record with no name joins the one person holding its e-mail address or phone number,
whatever the book's size (issue 12 (b), session 17; pipeline/dedupe/nameless.py).

One exact identifier is worth at most 16 bits, the prior -log2(N): a nameless card with a
named card's mobile merged at 3,000 records and sat in the review band past ~12,000, where
the 200-pair queue settled it apart. These books hold 13,000 filler people, so the old code
fails them."""

from __future__ import annotations

import polars as pl
from dedupe_support import filler, records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe.decisions import Decision
from pipeline.dedupe.nameless import REASON
from pipeline.dedupe.stage import dedupe

FILLER = 13_000



ANN = {"given_key": "ann", "family_key": "lee", "emails": ["ann.lee@example.org"],
       "phones": ["+14155550134"]}


def _book(*rows: dict) -> pl.DataFrame:
    return records([*rows, *filler(FILLER)])


def _person(result, i: int) -> str:
    return result.records.sort("record_id")["person_id"][i]


def test_a_nameless_card_joins_the_holder_of_its_number_in_a_large_book():
    result = dedupe(_book(ANN, {"phones": ["+14155550134"]}, {"emails": ["ann.lee@example.org"]}))
    assert _person(result, 0) == _person(result, 1) == _person(result, 2)
    joined = result.pairs.filter(pl.col("reason") == REASON)
    assert joined.height >= 2 and (joined["clustered"] == "together").all()


def test_a_number_two_people_hold_joins_no_one():
    # a household landline on two named cards: the nameless card could be either
    bob = {"given_key": "bob", "family_key": "lee", "phones": ["+14155550134"]}
    result = dedupe(_book(ANN, bob, {"phones": ["+14155550134"]}))
    assert _person(result, 2) not in (_person(result, 0), _person(result, 1))


def test_a_role_mailbox_an_organisation_or_a_decision_keeps_it_apart():
    ann = {**ANN, "emails": ["ann.lee@example.org", "info@example.org"]}
    result = dedupe(_book(ann, {"emails": ["info@example.org"]},
                          {"org_key": "acme", "phones": ["+14155550134"]},
                          {"phones": ["+14155550134"], "birthday_month": 3, "birthday_day": 9}))
    others = {_person(result, i) for i in (1, 2, 3)}
    assert _person(result, 0) not in others
    lone = {"phones": ["+14155550134"]}
    first = dedupe(_book(ANN, lone))
    assert _person(first, 0) == _person(first, 1)
    ids = first.records.sort("record_id")["record_id"].to_list()
    apart = dedupe(_book(ANN, lone), [Decision(1, "different", f"record:{ids[0]}",
                                               f"record:{ids[1]}")])
    assert _person(apart, 0) != _person(apart, 1)


@settings(max_examples=5, deadline=None)
@given(kind=st.sampled_from(["phone", "email", "both"]), cards=st.integers(1, 3),
       holder_first=st.booleans())
def test_every_nameless_card_of_one_holder_joins_it(kind, cards, holder_first):
    card = {"phone": {"phones": ANN["phones"]}, "email": {"emails": ANN["emails"]},
            "both": {"phones": ANN["phones"], "emails": ANN["emails"]}}[kind]
    nameless = [dict(card) for _ in range(cards)]
    rows = [ANN, *nameless] if holder_first else [*nameless, ANN]
    result = dedupe(_book(*rows))
    ids = {_person(result, i) for i in range(cards + 1)}
    assert len(ids) == 1
    # ...and no one else
    assert (result.records["person_id"] == ids.pop()).sum() == cards + 1


def test_a_first_name_card_joins_when_its_name_agrees():
    # phone cards saved as "Cel" and "Mel" (clipped names: the nickname table lacks the one
    # and calls the other a different name) with the person's mobile; "Bob" with Ann's
    # e-mail is somebody else's name: kept apart
    celina = {"given_key": "celina", "family_key": "moss", "phones": ["+14155550177"]}
    melanie = {"given_key": "melanie", "family_key": "may", "emails": ["mmay@example.net"]}
    result = dedupe(_book(ANN, celina, melanie, {"given_key": "cel", "phones": ["+14155550177"]},
                          {"given_key": "mel", "emails": ["mmay@example.net"]},
                          {"given_key": "bob", "emails": ["ann.lee@example.org"]}))
    assert _person(result, 1) == _person(result, 3)
    assert _person(result, 2) == _person(result, 4)
    assert _person(result, 5) != _person(result, 0)

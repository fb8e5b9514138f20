"""conflicts.shared_mobiles (intersected in polars, each distinct number typed once) gives
what the rule says pair by pair: 1 where the two records share a number phonenumbers calls a
mobile, 0 otherwise (a North American number is never one: its plan cannot tell)."""

from __future__ import annotations

import phonenumbers
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe.conflicts import shared_mobiles

NUMBERS = ["+447911123456", "+442079460958", "+4915123456789", "+493012345678",
           "+12125550100", "+61412345678", "+33612345678", "+33142685300", "+999123"]


def _rule(left, right) -> int:
    def mobile(n: str) -> bool:
        try:
            return phonenumbers.number_type(phonenumbers.parse(n)) == \
                phonenumbers.PhoneNumberType.MOBILE
        except phonenumbers.NumberParseException:
            return False
    return int(any(mobile(n) for n in set(left or ()) & set(right or ())))


LISTS = st.one_of(st.none(), st.lists(st.sampled_from(NUMBERS), max_size=3))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(LISTS, LISTS), max_size=12))
def test_shared_mobiles_follows_the_rule_pair_by_pair(pairs):
    rows = pl.DataFrame({"phones_e164_l": [a for a, _ in pairs],
                         "phones_e164_r": [b for _, b in pairs]},
                        schema={"phones_e164_l": pl.List(pl.String),
                                "phones_e164_r": pl.List(pl.String)})
    assert shared_mobiles(rows).to_list() == [_rule(a, b) for a, b in pairs]


def test_examples():
    rows = pl.DataFrame({"phones_e164_l": [["+447911123456"], ["+12125550100"], ["+442079460958"]],
                         "phones_e164_r": [["+447911123456", "+1"], ["+12125550100"],
                                           ["+442079460958"]]})
    assert shared_mobiles(rows).to_list() == [1, 0, 0]  # a UK mobile; a US number; a landline

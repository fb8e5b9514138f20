"""Issue 12, ninth pass: a nickname the package lists both ways with two formal names (Bill /
William, Bill / Robert) made those formal names one group, so William and Robert of one family
name scored as a nickname pair (historical_50k: 233 wrong joins on a nickname and a family
name alone, docs/dedupe-quality.md)."""

from __future__ import annotations

import nicknames
from dedupe_support import scored_pair
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dedupe.nicknames import _package_pairs, nickname_groups, share_group, table_key


def test_two_formal_names_do_not_share_a_group_through_a_nickname_of_both():
    assert not share_group("william", "robert")  # both "bill" in the package
    assert not share_group("fred", "william")  # the package lists "fred" under "bill"
    # the nickname still stands for each of them, and the pairs listed both ways still hold
    assert share_group("bill", "william") and share_group("bill", "robert")
    assert share_group("billy", "william") and share_group("bob", "robert")
    assert share_group("sandy", "sandra") and share_group("missy", "melissa")
    assert share_group("harry", "henry")  # one length: spellings of each other, both ways


def test_william_and_robert_of_one_family_are_different_given_names():
    pair = scored_pair({"given_key": "william", "family_key": "hicks"},
                       {"given_key": "robert", "family_key": "hicks", "source_file": "g.csv"})
    assert pair["given_level"].to_list() == ["different"]
    pair = scored_pair({"given_key": "bill", "family_key": "hicks"},
                       {"given_key": "robert", "family_key": "hicks", "source_file": "g.csv"})
    assert pair["given_level"].to_list() == ["nickname"]


def _both_ways() -> list[tuple[str, str]]:
    """(longer, shorter) of the package's pairs listed both ways, of different lengths."""
    pairs = {(table_key(f), table_key(v)) for f, _, v in nicknames.name_triplets()}
    return sorted({(a, b) if len(a) > len(b) else (b, a) for a, b in pairs
                   if (b, a) in pairs and len(a) != len(b)})


@given(st.sampled_from(_both_ways()))
def test_the_longer_name_of_a_pair_listed_both_ways_is_the_formal_one(pair):
    longer, shorter = pair
    # William does not stand for Bill (kith's own table may still group two forms: Mary/Marie)
    assert (shorter, longer) not in _package_pairs()
    assert longer in nickname_groups()[shorter]  # Bill stands for William
    assert share_group(longer, shorter)

"""Issue 12, session 29 (qual13): two common family names a letter apart are two names.

The family level "jw_high" (a letter or two apart) weighed a fixed 5.1 bits (u 0.002), as
for a typo. On RLdata10000 (German names, names and birthdays only) Manfred Schmitt and
Manfred Schmidt, Juergen Hoffmann and Juergen Hofmann were joined with a birthday a digit off:
two names each many people carry. Where the rarer of the two is on three records or more, its
frequency is the level's u when larger than 0.002; a typo's misspelt side is on a record or
two and keeps the full weight. Names fictitious."""

from __future__ import annotations

from dedupe_support import filler, scored_in_book, together

BOOK = [{"given_key": f["given_key"], "family_key": "schmidt"} for f in filler(100)] + \
    [{"given_key": f["given_key"] + "o", "family_key": "schmitt"} for f in filler(100)]
KAROLUS = {"given_key": "karolus", "family_key": "schmidt"}


def test_two_common_spellings_are_two_names():
    """Karolus Schmidt and Karolus Schmitt, nothing else, in a book where a hundred carry
    each name: two people (main: one, the near spelling weighed as a typo)."""
    assert together(KAROLUS, {**KAROLUS, "family_key": "schmitt"}, *BOOK)[0] is False


def test_a_typo_of_a_common_name_is_still_one_person():
    assert together(KAROLUS, {**KAROLUS, "family_key": "schmiidt"}, *BOOK)[0] is True


def test_weights_in_a_small_book():
    """In a book of 202 records one record is 0.5% of the family names, more than the
    level's u: the typo keeps its full weight there (the cap needs three carriers), the
    second common spelling weighs nothing."""
    s = scored_in_book(((KAROLUS, {**KAROLUS, "family_key": "schmitt"}),
                        (KAROLUS, {**KAROLUS, "family_key": "schmiidt"})), list(BOOK))
    assert s["family_level"].to_list() == ["jw_high", "jw_high"]
    common, typo = s["family_weight"].to_list()
    assert common == 0.0
    assert abs(typo - 5.129) < 0.01  # log2(0.07 / 0.002), as on main

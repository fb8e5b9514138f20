"""A card written family name first ("Shaw, Megan": given "Shaw", family "Megan") is Megan,
not every Shaw: the swap excuse of the given-name guard now reads the other half of the swap
too (pipeline/dedupe/swaps.py). gen3's households joined through such a card and their shared
address or landline (docs/prec35.md). Fictitious people, written for kith."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import conflicts, features
from pipeline.dedupe.compare import with_sides

HOME = {"street_key": "12 elm road", "postcode_key": "94110", "city": "springfield"}
LANDLINE = {"phones": ["+441632960123"]}


def given_conflict(left: dict, right: dict) -> bool:
    feats = features.build(records([left, right]))
    pair = with_sides(pl.DataFrame({"l": [0], "r": [1]}, schema={"l": pl.UInt32, "r": pl.UInt32}),
                      feats, conflicts.VERDICT_INPUTS)
    return bool(conflicts.pair_verdicts(pair)["given_conflict"][0])


def test_a_card_written_family_name_first_is_its_own_person():
    """Neil Marsh and the card "Marsh, Megan" at one address: read swapped, the card is
    Megan, whom the nickname table knows as a name other than Neil. Fails on main."""
    assert given_conflict({"given_key": "neil", "family_key": "marsh", **HOME},
                          {"given_key": "marsh", "family_key": "megan", **HOME})
    assert given_conflict({"given_key": "paul", "family_key": "lowe", **LANDLINE},
                          {"given_key": "lowe", "family_key": "helen", **LANDLINE})


def test_a_swap_whose_other_half_agrees_or_cannot_be_read_is_still_excused():
    for left, right in (
            # the whole name swapped, and swapped with a typo on the other half
            ({"given_key": "wei", "family_key": "zhang"}, {"given_key": "zhang", "family_key": "wei"}),
            ({"given_key": "harry", "family_key": "tippins"},
             {"given_key": "tippins", "family_key": "hacry"}),
            # swapped, the other half a nickname of the name, or a name the table lacks
            ({"given_key": "william", "family_key": "shaw"},
             {"given_key": "shaw", "family_key": "bill"}),
            ({"given_key": "paul", "family_key": "lowe"},
             {"given_key": "lowe", "family_key": "hxrlqy"}),
            # a name the table lacks (Dean) is not read against one it knows (left, docs)
            ({"given_key": "dean", "family_key": "shaw"},
             {"given_key": "shaw", "family_key": "megan"}),
            # the family name alone in the given field: nothing to read
            ({"given_key": "john", "family_key": "shaw"}, {"given_key": "shaw"})):
        assert not given_conflict({**left, **LANDLINE}, {**right, **LANDLINE}), right


def test_a_swap_and_a_replaced_name_beside_one_birthday_is_one_person():
    """Census data swaps the names and then replaces one (FEBRL): with the birthday typed the
    same (or a digit off), the record is still its person's; a birthday years apart is not."""
    born = {"birthday_year": 1961, "birthday_month": 4, "birthday_day": 17}
    paul = {"given_key": "paul", "family_key": "lowe", **born}
    assert not given_conflict(paul, {"given_key": "lowe", "family_key": "helen", **born})
    assert not given_conflict(paul, {"given_key": "lowe", "family_key": "helen", **born,
                                     "birthday_day": 19})
    assert given_conflict(paul, {"given_key": "lowe", "family_key": "helen", **born,
                                 "birthday_year": 1992, "birthday_day": 2})


def test_a_household_does_not_join_through_one_members_swapped_card():
    """Neil Shaw, and his wife Megan's two cards, one written "Shaw, Megan": clustering
    refuses to join Neil to her cluster, where on main the swapped card excused the pair
    "Neil" / "Shaw", so not every pair across the join conflicted and their shared address
    joined the couple (gen3's Dean and Megan Shaw; fails on main)."""
    neil = {"given_key": "neil", "family_key": "shaw", **HOME}
    megan = {"given_key": "megan", "family_key": "shaw", **HOME}
    swapped = {"given_key": "shaw", "family_key": "megan"}
    feats = features.build(records([megan, swapped, neil]))
    across = pl.DataFrame({"l": [0, 1], "r": [2, 2]}, schema={"l": pl.UInt32, "r": pl.UInt32})
    verdicts = conflicts.pair_verdicts(with_sides(across, feats, conflicts.VERDICT_INPUTS))
    rows = verdicts.select(pl.col(c).cast(pl.Int8).fill_null(-1) for c in conflicts.VERDICTS)
    joined = conflicts.aggregate(rows.to_numpy())
    assert conflicts.refusal(joined, {}) == "clearly different given names"

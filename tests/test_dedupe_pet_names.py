"""A given name in a pet form the nickname table lacks (session 19, qual6;
docs/dedupe-quality.md).

People are filed under pet forms of their names: "Herbie" for Herbert, "Norrie" for Norman,
"Richey" for Richard, "Ferdy" for Ferdinand, "Addie" for Adelaide: the start of the name and a
pet ending (-ie, -y, -ey, -i), the stem's last letter often doubled ("Eddy", "Abby"). The
nickname table lists some of these and not others; the ones it lacks were weighed "different"
(-5.6 bits), or refused as clearly different given names beside a shared birthday and
address. Now the level "pet" credits them (m 0.005, u 0.0001, measured on the public sets),
where the table does not know the pet form (it knows "danny" stands for Daniel, so Danny and
Daniela stay two people), and the given-name conflict excuses the same pairs. A vowel and at
most one letter more after the stem makes a sister name, not a pet form: Kylie is not Kyle,
Amelie not Amelia, Gabrielly not Gabriel.

A pet form the `nicknames` package lists under a formal name was dropped by kith's loader when
the package also lists it as a formal name with a nickname of its own ("eddy", whose nickname
is "ed"), so Eddy and Edward were two names the table knew in no common group: "different".
Such pairs of pet shape are now kept (Edward / Eddy, Edmund / Eddie, Walter / Wally); a formal
name no longer than its variant is not one of them (Emil / Emily, Kent / Kenny)."""

from __future__ import annotations

import polars as pl
from dedupe_support import scored_pair, together
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.dedupe.nicknames import nickname_groups, share_group


def _level(a: str, b: str) -> str:
    return scored_pair({"given_key": a, "family_key": "pelham"},
                       {"given_key": b, "family_key": "pelham"})["given_level"][0]


def _pet(a: str, b: str) -> bool:
    from pipeline.dedupe.pets import pet_of  # here: main has none, the others run there

    return pl.select(pet_of(pl.lit(a), pl.lit(b))).item()


def test_pet_levels():
    assert _level("herbie", "herbert") == "pet"
    assert _level("norman", "norrie") == "pet"
    # the table lists "richie" for Richard and "ferdie" for Ferdinand, and "richey" and
    # "ferdy" are their other spellings (qual13, nicknames.groups_of): nicknames now, which
    # weigh about as much as "pet" (6.1 bits against 5.6)
    assert _level("richey", "richard") == "nickname"
    assert _level("ferdinand", "ferdy") == "nickname"
    assert _level("danny", "daniela") != "pet"  # the table knows Danny is Daniel


def test_what_is_no_pet_form():
    assert _pet("norrie", "norman") and _pet("hughie", "hugh") and _pet("eddy", "edward")
    assert not _pet("kylie", "kyle")  # a sister name: a vowel ending, not a longer name
    assert not _pet("amelie", "amelia")
    assert not _pet("gabrielly", "gabriel")  # "ly" on the whole name
    assert not _pet("mari", "marta")  # three letters begin too many names
    assert not _pet("may", "mary") and not _pet("jay", "james")
    assert not _pet("herbert", "herbie")  # the pet form is the one with the ending


def test_pet_forms_the_package_lists_are_kept():
    assert share_group("eddy", "edward") and share_group("eddie", "edmund")
    assert share_group("wally", "walter") and share_group("ellie", "eleanor")
    assert _level("eddy", "edward") == "nickname"
    assert not share_group("emily", "emil") and not share_group("kenny", "kent")
    assert not share_group("edward", "edgar")  # Eddy stands for each, they stay two names


def test_a_pet_form_card_is_the_person_despite_the_given_name_guard():
    # one person's two cards: a shared birthday and street (the household shape the guard
    # keeps apart when the given names clearly differ), the pet form unknown to the table
    norman = {"given_key": "norman", "family_key": "pelham", "birthday_year": 1861,
              "birthday_month": 4, "birthday_day": 7, "street_key": "12 vale road",
              "city": "Bath"}
    assert together(norman, {**norman, "given_key": "norrie"}) == [True]
    # and with the name and town only, a LinkedIn connection and a card
    richard = {"given_key": "richard", "family_key": "pelham", "source": "linkedin",
               "city": "Bath"}
    assert together(richard, {**richard, "given_key": "richey", "source": "vcard"}) == [True]


def test_sister_names_in_one_household_stay_apart():
    # a vowel ending on the stem (Brandi / Brandon), or a stem of three letters (Mari /
    # Marta, Hari / Harvey): two people of one house, as on main
    for name, other in (("brandon", "brandi"), ("marta", "mari"), ("harvey", "hari")):
        one = {"given_key": name, "family_key": "pelham", "street_key": "12 vale road",
               "city": "Bath"}
        assert together(one, {**one, "given_key": other}) == [False], other


_SYLLABLE = st.sampled_from(["brad", "dorv", "gald", "mund", "vesh", "tork", "kalb", "phen"])


@settings(max_examples=12, deadline=None)
@given(parts=st.lists(_SYLLABLE, min_size=2, max_size=3), ending=st.sampled_from(
    ["ie", "y", "ey", "i"]), double=st.booleans())
def test_any_pet_form_of_an_unknown_name_is_not_a_different_name(parts, ending, double):
    """An invented name's stem (4 letters or more, or 3 with its last letter doubled) with a
    pet ending, unknown to the nickname table, is weighed "pet" or a spelling band, never
    "different", and the card joins the person in a book of 3,000."""
    name = "".join(parts)
    stem = name[:3] + name[2] if double else name[:5]
    pet = stem + ending
    assume(pet not in nickname_groups() and not name.startswith(pet))
    assert _pet(pet, name)
    assert _level(pet, name) in ("pet", "jw_high")
    assert together({"given_key": name, "family_key": "pelham", "source": "linkedin",
                     "city": "Bath"},
                    {"given_key": pet, "family_key": "pelham", "source": "vcard",
                     "city": "Bath"}) == [True]

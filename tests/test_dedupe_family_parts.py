"""A part of a compound family name (session 18, qual5; docs/dedupe-quality.md).

Spanish and Portuguese speakers carry two surnames and are filed under one of them in a
casual card ("Inés Hidalgo Galván" on LinkedIn, "Inés Hidalgo" in the phone); a woman who
took a double-barrelled married name keeps the old form in older cards ("Mary Hammond
Stewart" / "Mary Stewart"); a particle gets dropped ("María de la Cruz" / "María Cruz").
On main no blocking rule proposed such a pair and the family names weighed "different".
Now a rule (blocking "family_part") proposes it and the family level "part" credits it, only
beside a given name that agrees: a Spanish household shares surnames."""

from __future__ import annotations

import polars as pl
from dedupe_support import records, scored_pair, together
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import blocking, features
from pipeline.dedupe.features import family_part, family_words


def test_family_words_and_parts():
    assert family_words("hidalgo galvan") == ["galvan", "hidalgo"]
    assert family_words("de la cruz") == ["cruz"]
    assert family_words("hidalgo") == []
    assert family_words("koch ii") == []  # a son is not his father
    assert family_part("hidalgo", "hidalgo galvan") and family_part("galvan", "hidalgo galvan")
    assert family_part("cruz", "de la cruz") and family_part("galvan hidalgo", "hidalgo galvan")
    assert not family_part("hidalgo galvan", "hidalgo ruiz")  # cousins, or strangers
    assert not family_part("koch", "koch ii") and not family_part("hidalgo", "hidalgo")


def test_one_of_two_surnames_is_one_person():
    ines = {"given_key": "ines", "family_key": "hidalgo galvan", "source": "linkedin",
            "org_key": "banco ruiz"}
    assert together(ines, {"given_key": "ines", "family_key": "hidalgo", "source": "vcard"},
                     {"given_key": "ines", "family_key": "galvan", "source": "google"},
                     {"given_key": "ines", "family_key": "de hidalgo", "source": "outlook"}
                     ) == [True, True, True]


def test_a_double_barrelled_married_name_is_one_person():
    mary = {"given_key": "mary", "family_key": "hammond stewart", "source": "linkedin"}
    assert together(mary, {"given_key": "mary", "family_key": "stewart", "source": "vcard"}
                     ) == [True]


def test_a_household_sharing_a_surname_stays_apart():
    # a child carries one of each parent's surnames, and the family shares a landline
    angel = {"given_key": "angel", "family_key": "ballesteros villegas",
             "phones": ["+34915550134"]}
    salma = {"given_key": "salma", "family_key": "ballesteros", "phones": ["+34915550134"]}
    assert together(angel, salma) == [False]
    pair = scored_pair(angel, salma)
    assert pair["family_level"][0] != "part"


def test_a_generational_suffix_is_no_part():
    assert together({"given_key": "hans", "family_key": "koch ii", "source": "linkedin"},
                     {"given_key": "hans", "family_key": "koch", "source": "vcard"}) == [False]


def test_the_rule_proposes_the_pair_and_the_level_credits_it():
    rows = [{"given_key": "ines", "family_key": "hidalgo galvan"},
            {"given_key": "ines", "family_key": "galvan"},
            {"given_key": "pedro", "family_key": "galvan"}]
    feats = features.build(records(rows))
    pairs, counts = blocking.candidate_pairs(feats)
    assert counts["family_part"] == 1
    assert pairs.filter(pl.col("rule") == "family_part").select("l", "r").rows() == [(0, 1)]
    assert scored_pair(rows[0], rows[1])["family_level"][0] == "part"


_NAME = st.text(alphabet="bdfgklmnprstvz", min_size=2, max_size=3).map(
    lambda s: "".join(c + "aeo"[i % 3] for i, c in enumerate(s)))


@settings(max_examples=12, deadline=None)
@given(first=_NAME, second=_NAME, keep_first=st.booleans(), particle=st.sampled_from(
    ["", "de ", "del ", "da ", "van "]))
def test_any_compound_name_joins_its_parts(first, second, keep_first, particle):
    """Whichever surname of two is kept, with or without a particle, in a book of 3,000."""
    if first == second:
        return
    full = {"given_key": "ximena", "family_key": f"{particle}{first} {second}",
            "source": "linkedin"}
    short = {"given_key": "ximena", "family_key": first if keep_first else second,
             "source": "vcard"}
    assert family_part(full["family_key"], short["family_key"])
    assert family_part(short["family_key"], full["family_key"])
    assert together(full, short) == [True]

"""A given name clipped to its start, the clip unknown to the nickname table (session 18,
qual5; docs/dedupe-quality.md).

A phone card saved in a hurry, or a friend's short form, keeps the first letters of the name:
"Gab" for Gabriella, "Soph" for Sophia, "Theoph" for Théophile, "Cour" for Courtney. The
conflict rule already took a prefix for no conflict (conflicts._given_conflict); the
comparison weighed the pair "different" (-5.6 bits) below the spelling bands, so such a card
stayed apart from the person even with a rare family name. Now the level "clipped" credits
it, where the table does not know the short name: it knows "dan" stands for Daniel, so Dan and
Daniela stay two people (a household's brother and sister)."""

from __future__ import annotations

from dedupe_support import scored_pair, together
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.dedupe.nicknames import nickname_groups


def _level(a: str, b: str) -> str:
    return scored_pair({"given_key": a, "family_key": "giovine"},
                       {"given_key": b, "family_key": "giovine"})["given_level"][0]


def test_clipped_levels():
    assert _level("gab", "gabriella") == "clipped"
    assert _level("theophile", "theoph") == "jw_high"  # close enough to count already
    assert _level("hortensia", "hor") == "clipped"
    assert _level("cour", "courtney") == "clipped"
    assert _level("dan", "daniela") != "clipped"  # the table knows Dan is Daniel
    assert _level("ga", "gabriella") != "clipped"  # two letters begin too many names


def test_a_clipped_card_is_the_person():
    gabriella = {"given_key": "gabriella", "family_key": "giovine", "source": "linkedin",
                 "org_key": "banca leone"}
    assert together(gabriella, {"given_key": "gab", "family_key": "giovine",
                                 "source": "vcard"}) == [True]


def test_a_known_short_name_beside_a_longer_one_stays_apart():
    # brother and sister in one town
    dan = {"given_key": "dan", "family_key": "giovine", "city": "Roma"}
    daniela = {"given_key": "daniela", "family_key": "giovine", "city": "Roma"}
    assert together(dan, daniela) == [False]


_SYLLABLE = st.sampled_from(["bra", "dre", "gol", "mun", "vesh", "tor", "kal", "phe", "zin"])


@settings(max_examples=12, deadline=None)
@given(parts=st.lists(_SYLLABLE, min_size=3, max_size=4), keep=st.integers(3, 6))
def test_any_clip_of_an_unknown_name_is_not_a_different_name(parts, keep):
    """A clip of three letters or more of an invented name, unknown to the nickname table,
    is never weighed "different", and the clipped card joins the person in a book of 3,000."""
    name = "".join(parts)
    clip = name[:keep]
    # a clip the table knows ("dre" for Andre) stands for its own names, by design
    assume(clip not in nickname_groups())
    assert _level(clip, name) in ("clipped", "jw_high")
    assert together({"given_key": name, "family_key": "giovine", "source": "linkedin"},
                     {"given_key": clip, "family_key": "giovine", "source": "vcard"}) == [True]

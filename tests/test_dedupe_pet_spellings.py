"""Issue 12, session 29 (qual13): a pet form spelt otherwise than the nickname table spells it.

historical_50k (Splink's labelled set of Wikidata people) misses true pairs such as Tommie /
Thomas, Ritchie / Richard, Jimi / James, Mickie / Michael: the table holds "tommy", "richie",
"jimmy", "mickey", and the other spellings of the same pet forms were "clearly different given
names" there. Real address books spell pet forms every way ("Tommie", "Mickie", "Jodie").
nicknames.groups_of reads a name the table lacks as the table's spellings of the same pet form
(the ending -ie / -y / -ey / -i / -ee swapped, the stem's last letter doubled or undoubled, "tch"
for "ch"). Names fictitious."""

from __future__ import annotations

import pytest
from dedupe_support import scored_pair, together

from pipeline.dedupe.nicknames import _respellings, groups_of, nickname_groups, share_group

# (a spelling the table lacks, the formal name its table spelling stands for)
RESPELT = [("tommie", "thomas"), ("ritchie", "richard"), ("jimi", "james"),
           ("mickie", "michael"), ("jacky", "jacqueline"), ("tommi", "thomas")]


@pytest.mark.parametrize(("pet", "formal"), RESPELT)
def test_the_respelt_pet_form_is_not_in_the_table(pet, formal):
    """The fixture's premise: the table lacks the spelling, and knows the formal name."""
    assert pet not in nickname_groups() and formal in nickname_groups()


@pytest.mark.parametrize(("pet", "formal"), RESPELT)
def test_a_respelt_pet_form_shares_the_formal_names_group(pet, formal):
    assert share_group(pet, formal) and share_group(formal, pet)
    level = scored_pair({"given_key": pet, "family_key": "quennell"},
                        {"given_key": formal, "family_key": "quennell"})["given_level"][0]
    assert level == "nickname"  # main: "different" (the names far apart in spelling)


@pytest.mark.parametrize(("pet", "formal"), RESPELT[:4])
def test_one_shared_mobile_joins_the_respelt_form(pet, formal):
    """Two cards of one family name sharing a mobile and nothing else: one person (main: two,
    the given names clearly different and one personal identifier too few)."""
    card = {"given_key": formal, "family_key": "quennell", "phones": ["+447700900456"]}
    assert together(card, {**card, "given_key": pet, "source": "vcard"}) == [True]


def test_names_the_table_knows_keep_its_groups():
    """A spelling the table holds is read as the table says, not through its respellings:
    "mary" / "marie" share a group there, and "kylie" (no table spelling of it) stays alone."""
    for name in ("mary", "ellie", "jody", "tommy"):
        assert groups_of(name) == nickname_groups()[name]
    assert groups_of("kylie") == ("kylie",)


def test_no_pet_ending_or_a_short_stem_is_not_respelt():
    """Names without a pet ending after three letters are not pet forms: "huey" (stem "hu"),
    "naomi" has respellings but none the table holds, "kai" and "eli" none at all."""
    assert _respellings("kai") == [] and _respellings("eli") == []
    assert groups_of("naomi") == ("naomi",) or "naomi" in nickname_groups()
    assert groups_of("huey") == ("huey",)


@pytest.mark.parametrize(("name", "not_of"), [("haley", "mahala"), ("lacey", "wladyslaw"),
                                              ("renee", "reginald"), ("cherry", "sheryl")])
def test_a_guessed_spelling_reaches_no_name_of_another_letter(name, not_of):
    """Haley, Lacey, Renee and Cherry are names of their own: respelt, they are pet forms the
    table lists under other letters' names ("hallie" of Mahala, "laci" of Wladyslaw, "renny"
    of Reginald, "cherie" of Sheryl), which a guess does not reach; "-ee" is no pet ending."""
    assert name not in nickname_groups()
    assert not share_group(name, not_of)


def test_two_full_names_a_respelt_form_stands_for_stay_two_names():
    """"mickie" stands for Michael and Michelle (as "mickey" does); the two stay two names."""
    assert share_group("mickie", "michael") and share_group("mickie", "michelle")
    assert not share_group("michael", "michelle")
    level = scored_pair({"given_key": "michael", "family_key": "quennell"},
                        {"given_key": "michelle", "family_key": "quennell"})["given_level"][0]
    assert level != "nickname"

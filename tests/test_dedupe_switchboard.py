"""A company's switchboard number on many colleagues' cards (session 20, qual7;
docs/dedupe-quality.md).

Outlook's "Business Phone" and a card typed from an e-mail signature often hold the office's
main line, not the person's: one number beside a dozen colleagues' names. kith weighed any
shared number "exact" (m 0.5, u 2e-6: 16 bits), so two colleagues with one given name ("Holly
Williamson" and "Holly Perkins" at one company) were one person. Now a number the book shows
beside four family names or more is "shared" (m 0.005, u 0.001, about 2.3 bits: the same place,
like a role mailbox), unless the pair also shares a number of its own. One person's own number
carries at most his name, a misspelling of it, a maiden name and a compound form; a household's
landline one or two family names (records with no family name do not count)."""

from __future__ import annotations

import polars as pl
from dedupe_support import records, scored_in_book, together
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import features

BOARD = "+442079460000"
COLLEAGUES = [{"given_key": g, "family_key": f, "org_key": "acme", "phones": [BOARD],
               "source": "outlook"}
              for g, f in (("oliver", "brandt"), ("priya", "natarajan"), ("sean", "kowalski"))]


def _phone_levels(pairs, others) -> list[str]:
    return scored_in_book(pairs, others)["phone_level"].to_list()


def test_a_number_beside_four_family_names_is_shared():
    holly_w = {"given_key": "holly", "family_key": "williamson", "org_key": "acme",
               "phones": [BOARD]}
    holly_p = {"given_key": "holly", "family_key": "perkins", "org_key": "acme",
               "phones": [BOARD], "source": "outlook"}
    assert _phone_levels(((holly_w, holly_p),), COLLEAGUES) == ["shared"]
    # a number of their own in common as well: exact
    own = "+447700900123"
    assert _phone_levels((({**holly_w, "phones": [BOARD, own]},
                           {**holly_p, "phones": [own, BOARD]}),), COLLEAGUES) == ["exact"]


def test_colleagues_with_one_given_name_and_the_switchboard_stay_apart():
    holly_w = {"given_key": "holly", "family_key": "williamson", "org_key": "acme",
               "phones": [BOARD], "source": "google"}
    holly_p = {"given_key": "holly", "family_key": "perkins", "org_key": "acme",
               "phones": [BOARD], "source": "outlook"}
    assert together(holly_w, holly_p, *COLLEAGUES) == [False, False, False, False]


def test_one_persons_number_under_three_family_names_is_hers():
    # her name, a misspelling of it and her maiden name: three family names, one person
    mobile = "+447700900456"
    janet = {"given_key": "janet", "family_key": "wallis", "phones": [mobile],
             "source": "linkedin"}
    typo = {**janet, "family_key": "walllis", "source": "google"}
    maiden = {**janet, "family_key": "pritchard", "source": "outlook"}
    assert _phone_levels(((janet, typo), (janet, maiden)), []) == ["exact", "exact"]
    assert together(janet, typo, maiden) == [True, True]


def test_a_household_landline_is_not_a_switchboard():
    # five people of one family at one number: one family name (the given-name guard keeps
    # them apart, not the phone level)
    home = "+441632960111"
    family = [{"given_key": g, "family_key": "okafor", "phones": [home]}
              for g in ("ngozi", "chidi", "ada", "emeka", "obi")]
    assert _phone_levels(((family[0], family[1]),), family[2:]) == ["exact"]


def test_nameless_records_do_not_count_as_families():
    nameless = [{"phones": [BOARD]} for _ in range(4)]
    a = {"given_key": "holly", "family_key": "williamson", "phones": [BOARD]}
    b = {"given_key": "holly", "family_key": "williamson", "phones": [BOARD]}
    assert _phone_levels(((a, b),), [*nameless, COLLEAGUES[0]]) == ["exact"]


FAMILIES = st.sampled_from(["lee", "ng", "roy", "shaw", "diaz", "kent", None])
NUMBERS = st.sampled_from(["+15550100", "+15550101", "+15550102", "+15550103"])


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({"family_key": FAMILIES,
                                             "phones": st.lists(NUMBERS, max_size=3,
                                                                unique=True)}),
                     min_size=1, max_size=30))
def test_personal_numbers_are_the_numbers_of_fewer_than_four_families(rows):
    """A record's personal numbers are its numbers, in order, less exactly those the book
    shows beside SHARED_FAMILIES family names or more; nothing is added."""
    from pipeline.dedupe.compare import SHARED_FAMILIES, with_personal_phones

    rows = [{**r, "given_key": "sam"} for r in rows]
    feats = with_personal_phones(features.build(records(rows)))
    families: dict[str, set[str]] = {}
    for r in rows:
        for n in r["phones"]:
            families.setdefault(n, set()).update({r["family_key"]} - {None})
    for own, personal in zip(feats["phones_e164"].to_list(),
                             feats["phones_personal"].to_list(), strict=True):
        assert personal == [n for n in own if len(families[n]) < SHARED_FAMILIES]
    assert feats.select(pl.col("phones_personal").list.len() <= pl.col("phones_e164")
                        .list.len()).to_series().all()

"""An organisation's card is not a person's name (issue 12, session 17).

A vCard with no N and FN equal to ORG (an Apple "company card", a card saved under a company)
or with neither FN nor N (kith then shows ORG, as docs/formats.md §4.4 recommends) names an
organisation. Read as a person's full name, "Meng Insurance, Ltd." became given "Ltd", family
"Meng Insurance": nothing invented means no name is made up for it."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.formats.vcard import parse_vcard
from pipeline.stages.normalize import normalize_records


def _card(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + "\r\n"


def _normalised(text: str) -> pl.DataFrame:
    contacts = parse_vcard(text.encode()).contacts.with_columns(
        source_file=pl.lit("c.vcf"), source_row=pl.int_range(pl.len()).cast(pl.Int64))
    return normalize_records(contacts)


def test_an_organisation_card_has_no_person_name():
    out = _normalised(
        _card("N:;;;;", "FN:", r"ORG:Meng Insurance\, Ltd.;", "TEL;TYPE=CELL:+1 415 555 0134")
        + _card("N:;;;;", "FN:Acme Corp", "ORG:Acme Corp;", "X-ABShowAs:COMPANY")
        + _card("N:;;;;", "FN:ACME  corp", "ORG:Acme Corp"))
    assert out["given_key"].to_list() == [None] * 3
    assert out["family_key"].to_list() == [None] * 3
    assert out["name_key"].to_list() == [None] * 3
    # shown as the organisation, as the exporters show it
    assert out["display_name"].to_list() == ["Meng Insurance, Ltd.", "Acme Corp", "Acme Corp"]
    assert out["org_key"].null_count() == 0


def test_a_person_card_with_an_organisation_keeps_its_name():
    out = _normalised(
        _card("N:;;;;", "FN:Ann Lee", "ORG:Acme Corp;")  # FN is not the organisation
        + _card("N:Lee;Ann;;;", "FN:Acme Corp", "ORG:Acme Corp;")  # N names a person
        + _card("N:;;;;", "FN:Smith, John"))  # no organisation: "Last, First" as before
    assert out["given_key"].to_list() == ["ann", "ann", "john"]
    assert out["family_key"].to_list() == ["lee", "lee", "smith"]


_WORD = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_WORD, min_size=1, max_size=3),
       suffix=st.sampled_from(["", ", Ltd.", " GmbH", ", Inc.", " S.A.", " & Co"]),
       written_as_fn=st.booleans())
def test_no_name_is_read_from_any_organisation(words, suffix, written_as_fn):
    org = " ".join(words) + suffix
    escaped = org.replace(",", r"\,")
    out = _normalised(_card("N:;;;;", f"FN:{escaped if written_as_fn else ''}",
                            f"ORG:{escaped};", "EMAIL:x@example.com"))
    assert out["given_key"][0] is None and out["family_key"][0] is None
    assert out["display_name"][0] == org


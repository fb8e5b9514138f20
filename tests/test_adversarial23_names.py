"""A name with no letter and no digit ("?", ".", "…", "★": a phone's contact saved under a
mark, to sort it first or to say "unknown") is no name (pipeline.normalize.names.
_null_if_empty, the last step of every name cleaner): the card falls back to the organisation, e-mail or phone, as it did for "---"
and an emoji. The card was titled "?" or ".". Found by an adversarial round (session 23, h28
and i3). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize.names import parse_full_name_series

VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:?\r\nN:;;;;\r\nTEL:+1 415 555 0101\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:.\r\nN:.;;;;\r\nEMAIL:dot@example.org\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:★\r\nORG:Acme Plumbing\r\nTEL:+1 415 555 0102\r\n"
         "END:VCARD\r\n")
CSV = "Name,Email\n?,q@example.org\n…,dots@example.org\nAnn Lee,ann@example.org\n"


def test_a_name_of_marks_only_is_no_name(tmp_path: Path):
    kith_run(tmp_path, {"phone.vcf": VCARD, "list.csv": CSV})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    # a number or an address alone is shown without itself (pipeline.normalize.unnamed, user35)
    assert sorted(people["display_name"]) == [
        *["(no name; e-mail at example.org)"] * 3, "(no name; phone ending 01)",
        "Acme Plumbing", "Ann Lee"]


@settings(max_examples=80)
@given(st.text(st.characters(categories=["P", "S", "Zs"]), min_size=1, max_size=6))
def test_marks_and_symbols_alone_parse_to_no_name(text: str):
    parsed = parse_full_name_series(pl.Series([text, f"Ann {text} Lee"]))
    assert parsed.row(0, named=True)["clean"] is None
    assert parsed.row(1, named=True)["clean"] is not None


def test_a_mark_left_by_a_cut_is_no_name_and_cleaning_stays_idempotent():
    # "^,0": the credential cut leaves "^" after strip_decoration (found by the suite's
    # test_display_cleaning_is_idempotent when the rule sat in strip_decoration)
    from pipeline.normalize import names as n
    for clean in (n.clean_family, n.clean_given, n.clean_other):
        once = pl.select(clean(pl.lit(pl.Series(["^,0", "?", "Lee, ?"])))).to_series()
        again = pl.select(clean(pl.lit(once))).to_series()
        assert once.equals(again)
        assert once[1] is None

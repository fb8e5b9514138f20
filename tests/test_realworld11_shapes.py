"""Shapes found in the eleventh real-file collection (docs/realworld11.md), each rebuilt with
fictitious values."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.normalize.phones import PhoneJob
from pipeline.stages.ingest_parse import parse_bytes
from pipeline.stages.normalize import normalize_records

FIXTURES = Path(__file__).parent / "fixtures"


def _parse(path: Path):
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "cp1252")
    assert parsed is not None, reason
    return fmt, parsed.contacts.sort("source_row").to_dicts()


def test_several_numbers_in_one_phone_cell_are_several_numbers():
    """LinkedIn's imported address book (2024, `Contacts.csv`) writes every number a phone
    contact has in one cell, separated by commas, often the same number twice (R11 L1: 1,389
    of 2,017 cells). Read whole, the cell was one number no region makes valid; the cell is
    kept as written and normalize reads each number (pipeline.normalize.phone_split). A dial
    string's pause (",,") is no separator."""
    fmt, rows = _parse(FIXTURES / "addressbook" / "linkedin_imported_contacts_2024.csv")
    assert fmt == "contacts_csv"
    asha, vikram, office, meera = rows
    assert asha["phones"] == ["+91 98765 43210, +919876543210"]
    assert vikram["phones"] == ["98450 12345, +919845012345, 9845012345"]
    assert office["phones"] == ["080-2345 6789,,12"]
    assert meera["phones"] == [] and meera["emails"] == ["meera.iyer@example.in"]
    cells = [asha["phones"], vikram["phones"], office["phones"]]
    with PhoneJob(pl.Series(cells), "IN") as job:
        read = job.result()
    assert read["phones_e164"].to_list() == [["+919876543210"], ["+919845012345"],
                                             ["+918023456789"]]
    assert read["phone_extensions"].to_list() == [[""], [""], ["12"]]
    assert read["phones_invalid"].to_list() == [[], [], []]


def test_qp_value_ending_in_a_soft_break_before_the_next_property_keeps_that_property():
    """A Nokia/Sony-style vCard 2.1 export ends each QP `FN` with "=" (a soft break) and goes
    straight on to the next property (R11 V1). Joined as a continuation, `TEL;CELL:…` became
    part of the name and the number was lost. A soft break before a blank line, or before
    continuation text (even text that says "Tel:"), still joins as before."""
    fmt, (marko, ana, luka) = _parse(FIXTURES / "vcard" / "nokia_qp_fn_soft_break_before_tel.vcf")
    assert fmt == "vcard"
    assert marko["full_name"] == "Marko Ilić"
    assert marko["phones"] == ["064 555 0101", "011 555 0102"]
    assert marko["emails"] == ["marko.ilic@example.rs"]
    assert ana["full_name"] == "Ana Petrović" and ana["phones"] == ["065 555 0103"]
    assert luka["phones"] == ["066 555 0104"]
    assert luka["notes"] == ("Tel: posao, zvati posle podne; piše Tel: na kartici"
                             "Tel: u imeniku")


def _mangle(text: str) -> str:
    """UTF-8 read as cp1252 (the bytes cp1252 leaves undefined read as C1 controls, as lenient
    decoders do): the damage an Excel round trip does."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


_LATIN = st.text(alphabet=st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'áéíóúñÑÁÉÍÓÚüÜçÇãõÕâêô"
         "àèìòùäößøåæčćšžŠŽłŁőűĞğİış")), min_size=1, max_size=30)
# Without `Ã`: `Ãš` (a Portuguese capital beside a Czech letter) is itself the mojibake of `Ú`.


@given(_LATIN, st.integers(1, 3))
@settings(max_examples=300, deadline=None)
def test_mojibake_in_a_name_is_undone_layer_by_layer(text, layers):
    """A name read as cp1252 once, twice or three times comes back as written; a name with
    no mojibake (`JOÃO`, `São`, `VÍŠEK`: `ÍŠ` is valid UTF-8 for a combining mark) is left
    alone."""
    from pipeline.normalize.mojibake import unmangle  # here: main has none, the others still run

    assert unmangle(text) == text
    assert [unmangle(t) for t in ("JOÃO", "São", "VÍŠEK", "GRÉŠ")] == [
        "JOÃO", "São", "VÍŠEK", "GRÉŠ"]
    mangled = text
    for _ in range(layers):
        mangled = _mangle(mangled)
    assert unmangle(mangled) == text


def test_names_with_mojibake_are_shown_and_keyed_as_written():
    """A Paraguayan phone list that went through Excel (R11 V4): 593 of 20,439 names carried
    `Ã‘` for `Ñ`, some twice mangled (`ÃƒÂ‘`). Shown and keyed as written, the same person in
    a clean file would not share a name key. The raw fields keep the file's text."""
    fmt, rows = _parse(FIXTURES / "vcard" / "excel_mojibake_names.vcf")
    assert fmt == "vcard"
    out = normalize_records(pl.DataFrame(rows, schema=schema.CONTACTS_RAW))
    assert out["given_name"].to_list() == ["MARIA JOSE NUÃ‘EZ BENITEZ", "LUCIA ACUÃƒÂ‘A",
                                           "Jesús", "JOÃO"]
    shown = out["display_name"].to_list()
    assert [("Ã" in s) for s in shown] == [False, False, False, True]
    assert "NUÑEZ" in shown[0] and "ACUÑA" in shown[1] and shown[2] == "Jesús Muñoz"
    assert "nunez" in out["given_key"][0] and "acuna" in out["given_key"][1]


def _cleaned(fn, values: list) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fn(pl.col("v")))[
        "v"].to_list()


@given(st.lists(st.builds(lambda a, sep, b: _mangle(a) + sep + b, _LATIN,
                          st.sampled_from([",", ", ", " ", "(", ")", "🚀", "\u200b", ", MBA",
                                           "Dr. ", "\""]), _LATIN), min_size=1, max_size=5))
@settings(max_examples=200, deadline=None)
@example(["Â¯,¡"])  # a cut at the comma left a pair that decodes: once repaired too early
def test_cleaning_names_with_mojibake_is_idempotent(values):
    from pipeline.normalize import names

    for fn in (names.clean_family, names.clean_given, names.clean_other):
        once = _cleaned(fn, values)
        assert _cleaned(fn, once) == once


def test_a_name_and_its_mojibake_in_one_column_are_both_read():
    """V4 holds `NUÃ‘EZ` and `NUÑEZ` in the same full-name column. The repair once wrote into
    the Series of distinct values it was given, which the caller joins back on: two keys became
    one and the run stopped with a ShapeError (one row too many)."""
    rows = schema.RowBuilder(schema.CONTACTS_RAW)
    for i, full in enumerate(["ANA NUÃ‘EZ", "ANA NUÑEZ", "ANA NUÃ‘EZ"]):
        rows.add(source="vcard", source_file="a.vcf", source_row=i, full_name=full,
                 phones=[f"+595 981 000 10{i}"])
    out = normalize_records(rows.frame())
    assert out.height == 3
    assert out["display_name"].to_list() == ["ANA NUÑEZ"] * 3
    assert out["full_name"].to_list() == ["ANA NUÃ‘EZ", "ANA NUÑEZ", "ANA NUÃ‘EZ"]


def test_a_sort_prefix_typed_before_a_name_is_not_part_of_it():
    """An Indonesian phone book (docs/realworld10.md, A1) orders favourites with `1-…`,
    `2-…` typed in front of the name: shown and keyed with it, `1-Budi` never met `Budi`
    elsewhere. Digits that are the name's own (`3M`, `Agent 007`, `7-11`) stay."""
    from pipeline.normalize import names

    given = ["1-Budi", "02. Sari", "1-2-Andi", "3 - Rina", "3M", "7-11", "Agent 007"]
    assert _cleaned(names.clean_given, given) == ["Budi", "Sari", "Andi", "Rina", "3M", "7-11",
                                                  "Agent 007"]
    parts = names.parse_full_name_series(pl.Series(["1-Budi Santoso", "Budi Santoso"]))
    assert parts["given"].to_list() == ["Budi", "Budi"]
    assert parts["given_key"].to_list()[0] == parts["given_key"].to_list()[1]

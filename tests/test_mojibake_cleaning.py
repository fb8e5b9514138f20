"""Names repaired before they are cleaned (docs/realworld23.md): UTF-8 read as cp1252 whose
second character cleaning drops (`é` -> `Ã©`, `í` -> `Ã` + soft hyphen), and names typed on DOS
(cp850) inside a Latin-1/cp1252 file (`Bj”rn`, `BÇ¬hler`), the shape of a real mailing list's
Swiss rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.normalize import names
from pipeline.stages.ingest_parse import parse_bytes
from pipeline.stages.normalize import normalize_records

FIXTURE = Path(__file__).parent / "fixtures" / "encodings" / "mailing_list_latin1_dos_rows.csv"
CLEANERS = (names.clean_family, names.clean_given, names.clean_other)
_LATIN = st.text(alphabet=st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'áéíóúñÑÁÉÍÓÚüÜçÇãõÕâêô"
         "àèìòùäößøåæčćšžŠŽłŁőűĞğİış")), min_size=1, max_size=30)


def _mangle(text: str) -> str:
    """UTF-8 read as cp1252 (undefined bytes as C1 controls), as test_realworld11_shapes."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


def _cleaned(fn, values: list) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fn(pl.col("v")))[
        "v"].to_list()


@given(_LATIN)
@settings(max_examples=300, deadline=None)
@example("José García")
@example("Íñigo")
def test_a_mangled_name_cleans_to_what_the_name_cleans_to(text):
    """`JosÃ©` was cleaned to `JosÃ` (the copyright sign dropped as decoration), which shows no
    mojibake any more: the repair came too late."""
    for fn in CLEANERS:
        assert _cleaned(fn, [_mangle(text)]) == _cleaned(fn, [text])


def test_names_typed_on_dos_are_read_in_cp850():
    got = _cleaned(names.clean_given, ["Bj\u201drn", "J\x94rg", "M\u00c7\u00acller", "Kühne",
                                       "O\u2019Donnell", "Jean\u2013Pierre", "JOÃO", "São"])
    assert got == ["Björn", "Jörg", "Müller", "Kühne", "O\u2019Donnell", "Jean\u2013Pierre",
                   "JOÃO", "São"]


@given(st.lists(st.builds(lambda a, mark, b: a + mark + b, _LATIN,
                          st.sampled_from(["\u201d", "\x94", "\u00c7\u00ac", "\u201e", "\x81",
                                           "\u2122", "\u00ac", "\u00aa\u201d"]),
                          _LATIN), min_size=1, max_size=5))
@settings(max_examples=200, deadline=None)
def test_cleaning_names_with_dos_letters_is_idempotent(values):
    for fn in CLEANERS:
        once = _cleaned(fn, values)
        assert _cleaned(fn, once) == once


def test_a_mailing_list_with_dos_and_utf8_rows_in_latin1_is_shown_as_written():
    """The fixture: a Latin-1 list (`Lüthi`), one row's given name in cp850 (`J\\x94rg`), one
    family name UTF-8 read as Latin-1 and saved as cp850 (`M\\xc7\\xacller`), one given name in
    UTF-8 bytes (`Zo\\xc3\\xa9`). On main: `Jrg`, `MÇ¬ller`, `ZoÃ`."""
    fmt, reason, parsed = parse_bytes(FIXTURE.read_bytes(), "list.csv", "auto")
    assert parsed is not None, reason
    frame = parsed.contacts.with_columns(source_file=pl.lit("list.csv"))
    shown = normalize_records(frame)["display_name"].to_list()
    assert shown == ["Anna Lüthi", "Jörg Wyss", "Marta Müller", "Zoé Martin",
                     "Tom Reed - Example Radio", "info@example-records.com", "Brid O\u2019Donnell"]

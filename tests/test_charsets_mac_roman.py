"""Excel for Mac's "CSV (Macintosh)" is Mac Roman with bare CR line ends. Read as cp1252 a ward
directory's "Valderas Muñoz" was "Valderas Mu–oz" (docs/realworld20.md S1: 0x96 is `ñ` in Mac
Roman, an en dash in cp1252). charsets.mac_roman_encoding: the Mac's line ends and its letters
in words; a cp1252 file keeps cp1252 (CRLF, or bare CR with cp1252's letters)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_charsets import FAMILY, GIVEN, WORDS

from pipeline.charsets import mac_roman_encoding
from pipeline.stages.ingest_parse import parse_bytes
from pipeline.textio import decode

HERE = Path(__file__).parent / "fixtures" / "encodings"


def test_the_mac_directory_is_read_in_mac_roman():
    data = (HERE / "ward_directory_mac_roman_cr.csv").read_bytes()
    _, reason, parsed = parse_bytes(data, "directory.csv", "auto")
    assert parsed is not None, reason
    assert parsed.encoding == "mac_roman"
    rows = parsed.contacts.sort("source_row")
    assert rows["family_name"].to_list() == [
        "Valderas Muñoz", "Peña", "Brönte", "O’Brien", "Ibáñez"]
    assert rows["given_name"].to_list() == ["Camila", "José", "Zoë", "Renée", "Émile"]


def test_the_same_bytes_with_windows_line_ends_stay_cp1252():
    # no Mac line end, no Mac Roman: CRLF is what Windows writes
    data = (HERE / "ward_directory_mac_roman_cr.csv").read_bytes().replace(b"\r", b"\r\n")
    assert mac_roman_encoding(data) is None
    assert decode(data, "auto")[1] == "cp1252"


def test_an_explicit_fallback_wins():
    data = (HERE / "ward_directory_mac_roman_cr.csv").read_bytes()
    assert decode(data, "cp1252")[1] == "cp1252"


ROW = st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY), st.sampled_from(WORDS))


@settings(max_examples=600, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=40))
def test_western_names_in_cp1252_with_mac_line_ends_stay_cp1252(rows):
    text = "First Name,Last Name,Company\r" + "".join(f"{g},{f},{w}\r" for g, f, w in rows)
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decode(data, "auto") == (text, "cp1252")


@settings(max_examples=600, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=40))
def test_the_same_names_in_mac_roman_are_read_back(rows):
    rows = [r for r in rows if all(c.encode("mac_roman", "ignore").decode("mac_roman") == c
                                   for c in "".join(r))]  # Mac Roman has no Š, Þ, Ð
    text = "First Name,Last Name,Company\r" + "".join(f"{g},{f},{w}\r" for g, f, w in rows)
    data = text.encode("mac_roman")
    # the evidence: a letter inside a word (after a letter, before a lowercase one) that cp1252
    # reads as no lowercase letter (ñ as –, é as Ž; ö is cp1252's š, no evidence either way)
    inside = re.findall(r"(?<=[A-Za-z])[^\x00-\x7f](?=[a-z])", text)
    if any(not c.encode("mac_roman").decode("cp1252", "replace").islower() for c in inside):
        assert decode(data, "auto") == (text, "mac_roman")

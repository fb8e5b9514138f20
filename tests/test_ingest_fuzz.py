"""Damaged exports: every test fixture, cut, spliced and sprinkled with the bytes that break
parsers (quotes, separators, line ends, NUL, BOMs, card delimiters, invalid UTF-8), goes
through the reader that would read it without an exception, and every data row or card it
finds ends up in exactly one place.

A reader that raises is not a crash for the user (ingest rejects the whole file with "kith
failed while reading this file"), but it loses every good row of that file, so it is a bug.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.formats.base import Parsed
from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"
# what people's folders hold; not the labelled title lists and not our own notes
SEED_FILES = sorted(
    p for p in FIXTURES.rglob("*")
    if p.is_file() and p.stat().st_size <= 64 * 1024
    and p.suffix.lower() in {".csv", ".vcf", ".vcard", ".txt", ".tsv", ".ldif", ""}
    and "enrich" not in p.parts
)
# bytes that change how a CSV or a vCard is split into rows, cells and properties
BREAKERS = [b'"', b'""', b",", b";", b"\t", b"\r", b"\n", b"\r\n", b"\x00", b"\xef\xbb\xbf",
            b"\xff\xfe", b"\xff", b"\xc3", b"=\r\n", b"BEGIN:VCARD\r\n", b"END:VCARD\r\n",
            b"END:VCARDBEGIN:VCARD", b"N:;;;;\r\n", b"FN:\r\n", b"EMAIL:a@b.c\r\n", b" ",
            b"First Name,Last Name,E-mail Address\r\n", b"=HYPERLINK(\"x\")", b"\\", b"\\n"]


@st.composite
def damaged(draw) -> tuple[str, bytes]:
    path = draw(st.sampled_from(SEED_FILES))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "truncate", "repeat", "random"]))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(BREAKERS))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "truncate":
            del data[at:]
        elif kind == "repeat":  # a line (or half of one) written twice, as a bad merge does
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[at:end]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return path.name, bytes(data)


def assert_accounted(parsed: Parsed) -> None:
    placed: dict[int, str] = {}
    for name in ("contacts", "interactions", "owner", "rejects"):
        frame: pl.DataFrame = getattr(parsed, name)
        # one row may give several interactions (a message to two people), never two places
        for row in frame.get_column("source_row").drop_nulls().unique().to_list():
            assert row not in placed, f"row {row} in {placed[row]} and {name}"
            placed[row] = name
    assert sorted(placed) == list(range(parsed.rows_total))
    assert all(len(e) <= schema.EXCERPT_MAX for e in parsed.rejects.get_column("excerpt"))


def test_the_seeds_cover_every_kind_of_export():
    suffixes = {p.suffix.lower() for p in SEED_FILES}
    assert {".csv", ".vcf"} <= suffixes
    assert len(SEED_FILES) >= 60
    kinds = {parse_bytes(p.read_bytes(), p.name, "auto")[0] for p in SEED_FILES}
    assert {"vcard", "google_current", "google_legacy", "outlook", "thunderbird",
            "contacts_csv", "linkedin_connections", "linkedin_messages"} <= kinds, kinds


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged())
def test_a_damaged_export_is_read_or_refused_never_raises(case):
    name, data = case
    fmt, reason, parsed = parse_bytes(data, name, "auto")
    assert isinstance(fmt, str) and fmt
    if parsed is None:
        assert reason, "a file that is not read says why"
        return
    assert_accounted(parsed)
    assert parsed.contacts.columns == list(schema.CONTACTS_RAW)

"""A few NUL bytes in an otherwise readable export (a damaged sector, a file padded with NULs
after its last row, a NUL written into one cell) rejected the whole file as "Binary data"
and lost every contact in it. Now they are removed before the file is read and the run says
so (pipeline.textio.stray_nuls); a file of real binary data is still rejected. Fixtures
written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest_parse import parse_bytes, parse_file

GOOGLE = ("First Name,Middle Name,Last Name,E-mail 1 - Value,Phone 1 - Value,"
          "Organization Name\r\n")
ROWS = ["Ann,,Lee,ann@example.org,+1 415 555 0101,Acme",
        "Bob,,Ray,bob@example.org,+1 415 555 0102,Acme",
        "Cid,,Moe,cid@example.org,+1 415 555 0103,Initech"]


def google_csv() -> bytes:
    return (GOOGLE + "\r\n".join(ROWS) + "\r\n").encode("utf-8")


def test_a_nul_in_one_row_loses_no_contact(tmp_path: Path):
    data = google_csv().replace(b"Bob", b"Bo\x00b")
    res = kith_run(tmp_path, {"contacts.csv": data})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert sorted(people["display_name"]) == ["Ann Lee", "Bob Ray", "Cid Moe"]
    files = pl.read_parquet(tmp_path / "out" / "stages" / "ingest" / "files.parquet")
    assert files.row(0, named=True)["status"] == "ingested"
    assert files.row(0, named=True)["reason"] == (
        "1 NUL byte (a damaged or padded file) removed before reading.")
    assert "contacts.csv: 1 NUL byte" in res.output  # the run log tells the user


def test_a_file_padded_with_nuls_is_read(tmp_path: Path):
    res = kith_run(tmp_path, {"contacts.csv": google_csv() + b"\x00" * 9000})
    assert pl.read_parquet(tmp_path / "out" / "people.parquet").height == 3
    assert "9000 NUL bytes" in res.output


def test_binary_data_is_still_rejected():
    blob = bytes(range(256)) * 20  # every byte value: NULs on both parities, controls
    fmt, reason, parsed = parse_bytes(blob, "blob.csv", "auto")
    assert (fmt, parsed) == ("binary", None)
    assert reason == "Binary data, not a contact export kith knows."
    # NULs spread through text at a binary file's rate are not strays
    dense = b"".join(row.encode() + b"\x00" * 30 for row in ROWS)
    assert parse_bytes(GOOGLE.encode() + dense, "x.csv", "auto")[0] == "binary"


def test_a_clean_file_has_no_note():
    entry = parse_file(google_csv(), "contacts.csv", "auto", debug=False)
    assert (entry.status, entry.reason) == ("ingested", None)


# At most 3: four NULs on one byte parity of a short file are the pattern of UTF-16 without
# a BOM (charsets.utf16_without_bom), which wins, as it should for Windows' "Unicode" exports.
@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(google_csv())), min_size=1,
                max_size=3))
def test_stray_nuls_anywhere_read_as_the_clean_file(positions: list[int]):
    clean = google_csv()
    damaged = bytearray(clean)
    for at in sorted(positions, reverse=True):
        damaged[at:at] = b"\x00"
    _, _, want = parse_bytes(clean, "contacts.csv", "auto")
    fmt, reason, got = parse_bytes(bytes(damaged), "contacts.csv", "auto")
    assert (fmt, reason) == ("google_current", None)
    assert got.contacts.equals(want.contacts)
    assert got.rows_total == want.rows_total == 3
    n = len(positions)
    assert got.note == f"{n} NUL byte{'s' if n > 1 else ''} (a damaged or padded file) " \
                       "removed before reading."

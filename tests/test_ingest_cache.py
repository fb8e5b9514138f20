"""The stage-1 cache gives back exactly what it was given: tables without rows are not
written to disk (cache.py), yet load returns them with the same columns and types as a
written-and-read table, and entries written before that (every table on disk) still load."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline import cache
from pipeline.stages.ingest_parse import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
# one file per table kind: contacts, interactions, owner rows, rejected rows, a whole-file reject
FILES = ["linkedin/Connections_2021_notes.csv", "linkedin/Messages_2018.csv",
         "linkedin/Profile_2024.csv", "linkedin/Connections_excel_NA.csv",
         "vcard/agent_nested.vcf", "stray/contacts_api_dump.json"]


def _files() -> list[Path]:
    paths = [FIXTURES / f for f in FILES if (FIXTURES / f).exists()]
    assert len(paths) == len(FILES)
    return paths


def _as_written(frame: pl.DataFrame) -> pl.DataFrame:
    """What reading back a written table gives (source_file is filled in by ingest later)."""
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias("source_file"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_round_trip_equals_the_parsed_tables(path, tmp_path):
    entry = parse_file(path.read_bytes(), path.name, "auto", False)
    cache.store(tmp_path, "k", entry)
    back = cache.load(tmp_path, "k")
    assert (back.fmt, back.status, back.reason) == (entry.fmt, entry.status, entry.reason)
    if entry.parsed is None:
        assert back.parsed is None
        return
    assert back.parsed.rows_total == entry.parsed.rows_total
    assert back.parsed.encoding == entry.parsed.encoding
    meta = json.loads((tmp_path / "k" / "meta.json").read_text())
    for name in cache.TABLES:
        frame = getattr(entry.parsed, name)
        assert_frame_equal(getattr(back.parsed, name), _as_written(frame))
        # only tables with rows are on disk
        assert (tmp_path / "k" / f"{name}.parquet").exists() == (name not in meta["empty"])
        assert (name in meta["empty"]) == (frame.height == 0)


def test_an_entry_with_every_table_on_disk_still_loads(tmp_path):
    """Entries written before empty tables were left out (no "empty" in meta.json)."""
    path = FIXTURES / "linkedin/Connections_2021_notes.csv"
    entry = parse_file(path.read_bytes(), path.name, "auto", False)
    folder = tmp_path / "k"
    folder.mkdir()
    for name in cache.TABLES:
        _as_written(getattr(entry.parsed, name)).write_parquet(folder / f"{name}.parquet")
    (folder / "meta.json").write_text(json.dumps(
        {"fmt": entry.fmt, "status": entry.status, "reason": entry.reason, "has_tables": True,
         "rows_total": entry.parsed.rows_total, "encoding": entry.parsed.encoding}))
    back = cache.load(tmp_path, "k")
    for name in cache.TABLES:
        assert_frame_equal(getattr(back.parsed, name), _as_written(getattr(entry.parsed, name)))


def test_a_missing_non_empty_table_is_a_miss(tmp_path):
    path = FIXTURES / "linkedin/Connections_2021_notes.csv"
    entry = parse_file(path.read_bytes(), path.name, "auto", False)
    cache.store(tmp_path, "k", entry)
    (tmp_path / "k" / "contacts.parquet").unlink()
    assert cache.load(tmp_path, "k") is None


def test_small_vcards_are_read_again_and_the_rest_cached(tmp_path):
    """A one-card vCard is read again faster than its entry loads, so none is written; the
    ingest gives the same tables either way. A CSV, however small, keeps its entry."""
    from pipeline.inputs import Limits
    from pipeline.stages import ingest

    exports, entries = tmp_path / "exports", tmp_path / "cache"
    exports.mkdir()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nEND:VCARD\r\n"
    (exports / "ann.vcf").write_text(card)
    (exports / "big.vcf").write_text(card * (cache.SMALL_VCARD_BYTES // len(card) + 1))
    (exports / "c.csv").write_text("First Name,Last Name,E-mail Address\nBo,Ray,bo@example.org\n")
    runs = [ingest.ingest([exports], exclude=[], limits=Limits(), workers=1, cache_dir=entries)
            for _ in range(2)]
    assert [run.cache_hits for run in runs] == [0, 2]  # big.vcf and c.csv the second time
    assert len(list(entries.iterdir())) == 2
    assert_frame_equal(runs[0].contacts, runs[1].contacts)

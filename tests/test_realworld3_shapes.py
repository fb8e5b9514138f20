"""Shapes found in whole real LinkedIn exports (docs/realworld3.md), each as a fixture with
fictitious values, run through `kith run` as a user's downloads folder."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main

LINKEDIN = Path(__file__).parent / "fixtures" / "linkedin"


def _run(folder: Path, out: Path) -> dict[str, pl.DataFrame]:
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "--as-of", "2026-12-01"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {t: pl.read_parquet(out / f"{t}.parquet")
            for t in ("files", "records", "interactions", "rejects", "people")}


def _status(files: pl.DataFrame, path: str) -> tuple[str, str, str | None]:
    row = files.filter(pl.col("path") == path).row(0, named=True)
    return row["status"], row["format"], row["reason"]


def test_a_zip_and_the_folder_unpacked_from_it_are_read_once(tmp_path):
    """Users keep the archive and its unpacked folder side by side: the same messages must not
    count twice (warmth counts messages), nor the same connections make two records."""
    export = tmp_path / "exports"
    unpacked = export / "Basic_LinkedInDataExport"
    unpacked.mkdir(parents=True)
    names = ["Connections_2024_url.csv", "messages_2024.csv", "Invitations_2024_url.csv"]
    with zipfile.ZipFile(export / "Basic_LinkedInDataExport.zip", "w") as archive:
        for name in names:
            shutil.copy(LINKEDIN / name, unpacked / name)
            archive.write(LINKEDIN / name, name)
    twice = _run(export, tmp_path / "out")
    for name in names:
        status, _fmt, reason = _status(twice["files"], f"Basic_LinkedInDataExport/{name}")
        assert status == "skipped"
        assert reason == f"The same bytes as Basic_LinkedInDataExport.zip!{name}: read once."
    (export / "Basic_LinkedInDataExport.zip").unlink()
    once = _run(export, tmp_path / "out_once")
    for table in ("records", "interactions", "people"):
        assert twice[table].height == once[table].height > 0


def test_known_non_contact_file_and_an_invitations_variant(tmp_path):
    export = tmp_path / "exports"
    export.mkdir()
    for name in ("Online Job Postings.csv", "Invitations_date_sent.csv", "Connections_2024_url.csv"):
        shutil.copy(LINKEDIN / name, export / name)
    tables = _run(export, tmp_path / "out")
    assert _status(tables["files"], "Online Job Postings.csv")[:2] == (
        "skipped", "linkedin_online_job_postings")
    assert tables["records"].filter(pl.col("source_file") == "Online Job Postings.csv").height == 0
    assert _status(tables["files"], "Invitations_date_sent.csv")[:2] == (
        "ingested", "linkedin_invitations")
    assert tables["interactions"].filter(
        pl.col("source_file") == "Invitations_date_sent.csv").height == 2


def test_an_unknown_table_with_multiline_cells_is_rejected_not_called_prose(tmp_path):
    """A CSV kith cannot read must show up as a problem, not be skipped as a text document,
    even when its quoted cells hold line breaks."""
    export = tmp_path / "exports"
    export.mkdir()
    shutil.copy(LINKEDIN / "Connections_2024_url.csv", export / "Connections.csv")
    body = "".join(f'{i},"Ticket {i}","line one\nline two, with a comma\nline three",open\n'
                   for i in range(6))
    (export / "tickets.csv").write_text("Id,Subject,Body,State\n" + body, encoding="utf-8")
    (export / "letter.csv").write_text(
        "Dear team,\nthank you for the lovely evening. We talked about many things\n"
        "and I hope to see you soon.\nBest\n", encoding="utf-8")
    tables = _run(export, tmp_path / "out")
    assert _status(tables["files"], "tickets.csv")[:2] == ("rejected", "unknown")
    assert _status(tables["files"], "letter.csv")[:2] == ("skipped", "document")

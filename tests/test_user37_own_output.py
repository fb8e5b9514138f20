"""A folder kith wrote a run to is kith's output wherever it lies (docs/user37.md): a client
without a kith.toml ran `kith run THEIR_FOLDER --out THEIR_FOLDER/out`, and the coach's next
`kith batch` (or a `kith run` of that folder into another --out) read the run's worksheet CSVs
as exports: every record twice, the rejected CSVs among the client's rejects. Now the folder is
one "skipped" row saying why. Fixture: tests/fixtures/user37/german (fictitious)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main

VCF = Path(__file__).parent / "fixtures" / "user37" / "german" / "Kontakte iPhone.vcf"
AS_OF = "2026-12-07"


def kith(*args):
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def client(folder: Path) -> Path:
    """A client folder (no kith.toml) holding a phone's vCard file (5 cards) and the output
    of the client's own `kith run` inside it."""
    folder.mkdir(parents=True)
    shutil.copy(VCF, folder / "phone.vcf")
    kith("run", folder, "--out", folder / "out", "--as-of", AS_OF)
    assert pl.read_parquet(folder / "out" / "records.parquet").height == 5
    return folder


def clients(first_runs, monkeypatch) -> Path:
    """A folder of one client, gita (client()), made once per module and copied where it was
    made for each test (tests/home_copies.py); the test works in the folder that run worked in
    (it keeps the notes file, data/notes.csv, that run started), as when it made the run."""
    return first_runs.fresh_in_cwd("gita", lambda work: client(work / "owners" / "gita"),
                                   monkeypatch)


def test_a_run_into_another_folder_does_not_read_the_earlier_output(first_runs, monkeypatch):
    work = clients(first_runs, monkeypatch)
    folder = work / "owners" / "gita"
    kith("run", folder, "--out", work / "elsewhere", "--as-of", AS_OF)
    assert pl.read_parquet(work / "elsewhere" / "records.parquet").height == 5
    files = pl.read_parquet(work / "elsewhere" / "files.parquet")
    rows = files.select("path", "status", "reason").sort("path").rows()
    assert [r[:2] for r in rows] == [("out", "skipped"), ("phone.vcf", "ingested")], rows
    assert rows[0][2].startswith("kith's own output folder")


def test_a_batch_reads_a_client_folder_as_the_clients_own_run_did(first_runs, monkeypatch):
    work = clients(first_runs, monkeypatch)
    out = work / "batch"
    kith("batch", work / "owners", "--out", out, "--as-of", AS_OF, "--workers", "1")
    entry = json.loads((out / "manifest.json").read_text())["owners"]["gita"]
    assert entry["status"] == "ok"
    assert entry["counts"]["records"] == 5 and entry["rejects"] == 0, entry["counts"]
    own = pl.read_parquet(work / "owners" / "gita" / "out" / "people.parquet")
    batch = pl.read_parquet(out / "people" / "owner_id=gita" / "part-0.parquet")
    assert sorted(batch["person_id"]) == sorted(own["person_id"])


def test_kiths_output_given_as_an_input_is_not_read(tmp_path):
    """`kith batch ~/clients/gita` (one client's home, not the folder of homes): its `out` was
    an owner whose contacts were the worksheets' rows; now that owner fails saying why."""
    home = tmp_path / "gita"
    kith("init", home)
    shutil.copy(VCF, home / "exports" / "phone.vcf")
    kith("run", "--config", home / "kith.toml", "--as-of", AS_OF)
    res = kith("batch", home, "--out", tmp_path / "batch", "--as-of", AS_OF, "--workers", "1")
    owners = json.loads((tmp_path / "batch" / "manifest.json").read_text())["owners"]
    assert owners["exports"]["status"] == "ok"
    assert owners["out"]["status"] == "failed", owners["out"]
    assert f"      {home / 'out'}: skipped, kith's own output folder" in res.stderr

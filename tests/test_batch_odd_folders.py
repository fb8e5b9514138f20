"""`kith batch` over owner folders a file manager leaves behind: a link that loops inside an
owner's exports is that file's reject, not a crash of the batch; an owner folder named in
Latin-1 fails alone, named readably."""

from __future__ import annotations

import json
import os

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main

ROWS = "First Name,Last Name,E-mail Address\nAnn,Lee,ann@example.org\n"


def test_odd_owner_folders_fail_alone_and_say_why(tmp_path):
    owners = tmp_path / "owners"
    for name in ("o1", "o2", os.fsdecode(b"caf\xe9")):
        (owners / name).mkdir(parents=True)
        (owners / name / "contacts.csv").write_text(ROWS)
    (owners / "o2" / "loop").symlink_to("loop")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["batch", str(owners), "--out", str(out),
                                    "--as-of", "2025-12-01", "--workers", "1"])
    assert res.exit_code == 0, res.output  # a failed owner fails the batch only with --strict
    assert "internal error" not in res.output
    assert "caf\\xe9: The owner folder's name is not a usable owner id" in res.output
    summary = json.loads((out / "manifest.json").read_text())["summary"]
    assert summary["failed"] == 1 and summary["ok"] == 2, summary
    rejects = (out / "rejects").glob("owner_id=o2/*.parquet")
    reasons = pl.concat([pl.read_parquet(p) for p in rejects])["reason"].to_list()
    assert any("symbolic links" in r for r in reasons), reasons

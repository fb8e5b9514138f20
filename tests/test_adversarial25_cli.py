"""Adversarial round 25 (docs/adversarial25.md): the commands a person types: export, the
scheduler files, the config file, and commands given an ambiguous or outdated WHO."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,"
          "Organization 1 - Title\n")


def kith(home: Path, *args: str, input: str | None = None):
    with contextlib.chdir(home):
        return CliRunner().invoke(main, list(args), input=input)


def run_home(home: Path, exports: Path) -> dict[str, str]:
    res = kith(home, "run", str(exports), "--out", str(home / "out"), "--as-of", "2026-12-06")
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(home / "out" / "people.parquet")
    return dict(zip(people["person_id"], people["display_name"], strict=True))


@pytest.mark.parametrize("fmt", ["vcf", "csv"])
def test_an_export_read_back_gives_the_same_names(tmp_path, fmt):
    """kith reading its own export back gives the same people. A generational suffix ("Zoë
    Smith Jr.") is part of the name kith shows but of neither the given nor the family name:
    on main the CSV had no Name Suffix and the vCard's N no suffix, so the CSV read back as
    "Zoë Smith" (the vCard kept it only through FN)."""
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "g.csv").write_text(
        GOOGLE + "Zoë,\"Smith, Jr\",zoe@c.example,,\"Foo, Bar; Baz\\Qux\",CTO\n"
        "Tom,Baker III,tom@d.example,,\"Org\nwith a line break\",\n"
        "Ann,Lee,ann@a.example,+14155550101,Acme,Engineer\n", "utf-8")
    first = run_home(tmp_path, exports)
    out = tmp_path / f"people.{fmt}"
    res = kith(tmp_path, "export", "--format", fmt, "--output", str(out), "--out",
               str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    again = tmp_path / "again"
    (again / "exports").mkdir(parents=True)
    shutil.copy(out, again / "exports" / out.name)
    second = run_home(again, again / "exports")
    assert sorted(second.values()) == sorted(first.values())
    assert "Zoë Smith Jr." in second.values()
    if fmt == "vcf":
        assert b"\r\nN:Smith;Zo\xc3\xab;;;Jr.\r\n" in out.read_bytes()
    else:
        rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
        zoe = next(r for r in rows if r["First Name"] == "Zoë")
        assert (zoe["Last Name"], zoe["Name Suffix"]) == ("Smith", "Jr.")

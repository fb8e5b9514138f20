"""A job seeker drops this week's LinkedIn zip into exports/ beside last week's, as README's
"put your downloads in exports/ as they came" has them do (docs/user38.md, week 2). Only the
newer export of the account is read: the older one's files are listed as skipped, naming the
one read. Read together, the two doubled every message, kept a connection who left, and hid a
job change. Fixtures: tests/fixtures/user38/linkedin_w1 and linkedin_w2 (fictitious; w2: Joren
and Hamid changed jobs, Lucia left, three new connections, one new message), zipped here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures" / "user38"


def zipped(folder: Path, path: Path, profile: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for f in sorted(folder.iterdir()):
            text = f.read_text("utf-8")
            if profile and f.name == "Profile.csv":
                text = text.replace("Sam,Rivera", profile)
            z.writestr(f.name, text)
    return path


def run(inputs: Path, out: Path) -> dict[str, pl.DataFrame]:
    res = CliRunner().invoke(main, ["run", str(inputs), "--out", str(out), "--as-of", "2026-12-14"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return {t: pl.read_parquet(out / f"{t}.parquet") for t in ("people", "files", "interactions")}


@pytest.mark.parametrize("names", [
    ("Basic_LinkedInDataExport_12-07-2026.zip", "Basic_LinkedInDataExport_12-14-2026.zip"),
    # renamed by the user: the newer is the one with the later connection or message
    ("linkedin old.zip", "linkedin.zip"),
    ("b.zip", "a.zip"),
])
def test_only_the_newer_export_of_the_account_is_read(tmp_path, names):
    exports = tmp_path / "exports"
    exports.mkdir()
    zipped(FIX / "linkedin_w1", exports / names[0])
    zipped(FIX / "linkedin_w2", exports / names[1])
    t = run(exports, tmp_path / "out")
    people = {r["display_name"]: r for r in t["people"].iter_rows(named=True)}
    assert "Lucia Bianchi" not in people  # left: only the older export lists her
    assert {"Farah Aziz", "Dmitri Volkov", "Ama Mensah"} <= set(people)
    assert people["Joren Valk"]["organization"] == "Orchard Labs"
    assert people["Hamid Rahimi"]["organization"] == "Harbourlight"
    assert len(people) == 14 and t["people"]["record_count"].max() == 1
    assert t["interactions"].height == 5  # each message once
    files = {r["path"]: r for r in t["files"].iter_rows(named=True)}
    for member in ("Connections.csv", "messages.csv", "Profile.csv"):
        old = files[f"{names[0]}!{member}"]
        assert old["status"] == "skipped"
        assert old["reason"].startswith(f"An older export of the same LinkedIn account: {names[1]} is read")
        assert files[f"{names[1]}!{member}"]["status"] == "ingested"


def test_exports_of_two_accounts_are_both_read(tmp_path):
    """No Profile.csv naming the same member: nothing says one replaces the other."""
    exports = tmp_path / "exports"
    exports.mkdir()
    zipped(FIX / "linkedin_w1", exports / "Basic_LinkedInDataExport_12-07-2026.zip",
           profile="Alex,Rivera")
    zipped(FIX / "linkedin_w2", exports / "Basic_LinkedInDataExport_12-14-2026.zip")
    t = run(exports, tmp_path / "out")
    assert set(t["files"]["status"]) == {"ingested"}
    assert "Lucia Bianchi" in set(t["people"]["display_name"])

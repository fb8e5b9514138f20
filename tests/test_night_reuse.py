"""Next-day nights (only the as-of date moved) reuse the published run: what they take from
the run before instead of computing it, and that the result is still a `--full` run's."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from test_incremental import home, kith_run, outputs, someone, worksheets

from pipeline import refresh
from pipeline.cli import main
from pipeline.dedupe.ids import load_state
from pipeline.notes import ledger
from pipeline.notes.notes_file import load_notes, set_note

# late in a month: a week later is in the next one
FIRST = dt.date(2025, 3, 27)


def _cli_run(h: Path, as_of: dt.date, *extra: str) -> None:
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    as_of.isoformat(), *extra], catch_exceptions=False)
    assert res.exit_code == 0, res.output


def test_first_night_links_the_lineage_the_full_run_kept(exports, tmp_path, monkeypatch):
    """The run that computed dedupe keeps the lineage the next run gets when it takes dedupe
    from it (refresh.NEXT_LINEAGE); the first night after it links that file instead of
    sorting every person id again, and its lineage is the one identity_lineage computes."""
    h = home(tmp_path, exports)
    kith_run(h, FIRST, incremental=True)
    current = (h / "out" / "current").resolve()
    kept = current / f"{refresh.NEXT_LINEAGE}.parquet"
    records = pl.read_parquet(current / "stages" / "dedupe" / "records.parquet")
    expected = refresh.identity_lineage(load_state(h / "out"), records)
    assert pl.read_parquet(kept).equals(expected)

    def not_again(*args, **kwargs):
        raise AssertionError("the night computed the lineage the full run kept")

    monkeypatch.setattr(refresh, "identity_lineage", not_again)
    inc = kith_run(h, FIRST + dt.timedelta(days=1), incremental=True)
    assert inc.reused_stages == ["ingest", "normalize", "dedupe"]
    night = (h / "out" / "current").resolve()
    lineage = night / "stages" / "dedupe" / "lineage.parquet"
    assert lineage.stat().st_ino == kept.stat().st_ino  # linked, not written again
    assert pl.read_parquet(lineage).equals(expected)


def test_next_day_and_a_week_later_equal_a_full_run(exports, tmp_path):
    """`kith run` the next day, then a week later across the month's end, with a note and a
    ledger entry: tables, worksheets, notes and ledger equal a `--full` run's on the same
    inputs and date, and the user's note and ledger entry are still there."""
    h = home(tmp_path, exports)
    _cli_run(h, FIRST)
    pid = someone(h)
    set_note(h / "notes.csv", pid, "x", need="an intro to Globex", next_step="call")
    led = ledger.ledger_path(h / "notes.csv")
    ledger.append_entry(led, pid, "x", "gave", "a referral", FIRST - dt.timedelta(days=2))
    _cli_run(h, FIRST)  # the note and ledger read in
    for day in (FIRST + dt.timedelta(days=1), FIRST + dt.timedelta(days=8)):
        _cli_run(h, day)
        twin = tmp_path / f"twin-{day.isoformat()}"
        shutil.copytree(h, twin, symlinks=True)
        _cli_run(twin, day, "--full")
        assert outputs(h) == outputs(twin)
        assert worksheets(h) == worksheets(twin)
        assert led.read_bytes() == ledger.ledger_path(twin / "notes.csv").read_bytes()
        notes = load_notes(h / "notes.csv")
        assert notes.filter(pl.col("person_id") == pid)["need"].to_list() == [
            "an intro to Globex"]
        assert "a referral" in led.read_text("utf-8")
        manifest = (h / "out" / "current" / "manifest.json").read_text("utf-8")
        assert '"redated_from"' in manifest
        # both kinds of row: people whose dated texts moved (re-encoded) and people whose
        # did not (their CSV bytes copied from the night before)
        stats = json.loads(manifest)["stages"]["outreach"]
        assert stats["rows_from_memo"] and stats["csv_files_spliced"] > 0
        assert 0 < stats["csv_rows_encoded"] < sum(
            len(t.splitlines()) - 1 for n, t in worksheets(h).items()
            if n.endswith(".csv") and n[:-4] in ("peer", "business", "community", "untagged"))

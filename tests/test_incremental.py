"""Incremental refresh (pipeline.refresh): stages whose inputs did not change are taken from the
current run, and the result is byte for byte what a full run on the same inputs, state and
as-of date writes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_exports
from home_copies import FirstRuns
from test_refresh import edit_connections

from pipeline import config as config_mod
from pipeline.cli import main
from pipeline.notes.notes_file import set_note
from pipeline.run import ORDER, run

DAY = dt.date(2025, 3, 1)
TABLES = ("records", "people", "networks", "targets", "pairs", "review", "changes",
          "interactions", "owner", "rejects", "files")
STAGE_FILES = ("stages/dedupe/lineage.parquet", "state/person_ids.parquet")


def home(tmp_path: Path, exports: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "configs" / "networks.toml",
                h / "networks.toml")
    (h / "kith.toml").write_text(
        f'inputs = ["{exports}"]\nout = "out"\n[files]\nnotes = "notes.csv"\n'
        'networks = "networks.toml"\ndecisions = "decisions.toml"\n')
    return h


def kith_run(h: Path, as_of: dt.date, incremental: bool):
    cfg = config_mod.load(h / "kith.toml")
    return run(cfg, cfg.inputs, cfg.out, as_of=as_of, incremental=incremental)


def first_run(first_runs: FirstRuns, as_of: dt.date = DAY, prepare=None,
              key: str = "day") -> tuple[Path, Path]:
    """(home, exports) after a first incremental run on `as_of` (`prepare(home)` before it):
    the run made once per `key` in this module, a fresh copy per test (tests/home_copies.py),
    what `home(tmp_path, exports)` and `kith_run(h, as_of, incremental=True)` gave each test."""
    def make(work: Path) -> None:
        h = home(work, build_exports(work / "exports"))
        if prepare is not None:
            prepare(h)
        kith_run(h, as_of, incremental=True)

    work = first_runs.fresh(key, make)
    return work / "home", work / "exports"


def full_and_incremental(tmp_path: Path, h: Path, as_of: dt.date):
    """A twin of home `h` (same inputs and state) run in full, then `h` run incrementally, on
    the same as-of date: (twin folder, full run, incremental run)."""
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    full = kith_run(twin, as_of, incremental=False)
    return twin, full, kith_run(h, as_of, incremental=True)


def outputs(h: Path, lineage: bool = True) -> dict[str, bytes]:
    """The published tables, the id state, the notes file, and dedupe's lineage (which a run
    that changed nothing does not rewrite: it describes how that same run's ids came about)."""
    out = h / "out"
    files = {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}
    files.update({rel: (out / "current" / rel).read_bytes() for rel in STAGE_FILES
                  if lineage or "lineage" not in rel})
    files["notes.csv"] = (h / "notes.csv").read_bytes()
    return files


def someone(h: Path) -> str:
    import polars as pl

    return pl.read_parquet(h / "out" / "people.parquet").sort("person_id")["person_id"][0]


# name -> (what changes between the first run and the refresh, the refresh's as-of date,
# the stages the refresh takes from the current run)
SCENARIOS = {
    "nothing": (lambda h, ex: None, DAY, list(ORDER)),
    "as_of": (lambda h, ex: None, DAY + dt.timedelta(days=40), ["ingest", "normalize", "dedupe"]),
    # a first note on someone: who counts more in the review queue changed, so the queue is
    # ranked again from dedupe's tables (dedupe.review.rerank; an edited note on someone
    # noted already: tests/test_user37_review_rank.py)
    "note": (lambda h, ex: set_note(h / "notes.csv", someone(h), "x", need="an intro"), DAY,
             ["ingest", "normalize", "dedupe"]),
    "rules": (lambda h, ex: (h / "networks.toml").write_text(
        (h / "networks.toml").read_text() + "\n# edited\n"), DAY,
        ["ingest", "normalize", "dedupe"]),
    # kith keep-apart re-runs dedupe itself (today's date); its run's fingerprint carries on
    "keep_apart": (lambda h, ex: CliRunner().invoke(
        main, ["keep-apart", *_review_pair(h), "--config", str(h / "kith.toml")]), DAY,
        ["ingest", "normalize", "dedupe"]),
    "decisions_file": (lambda h, ex: (h / "decisions.toml").write_text(
        (h / "decisions.toml").read_text() + "\n# edited by hand\n"
        if (h / "decisions.toml").exists() else "# no decisions yet\n"), DAY,
        ["ingest", "normalize"]),
    "plan_sizes": (lambda h, ex: (h / "kith.toml").write_text(
        (h / "kith.toml").read_text() + "[plan]\nfollow_ups = 3\n"), DAY,
        ["ingest", "normalize", "dedupe", "tag", "changes"]),
    "export": (lambda h, ex: edit_connections(ex, "Initech", "Globex"), DAY, []),
}


def _review_pair(h: Path) -> list[str]:
    """Two people dedupe kept apart: the first in the review queue, else the first pair it
    settled apart on its own (the fixture's household)."""
    import polars as pl

    review = pl.read_parquet(h / "out" / "review.parquet")
    if review.height:
        r = review.row(0, named=True)
        return [r["person_id_l"], r["person_id_r"]]
    pairs = pl.read_parquet(h / "out" / "pairs.parquet").filter(
        pl.col("reason").str.starts_with("settled apart"))
    recs = pl.read_parquet(h / "out" / "records.parquet").select("record_id", "person_id")
    first = pairs.row(0, named=True)
    pid = dict(zip(recs["record_id"].to_list(), recs["person_id"].to_list(), strict=True))
    return [pid[first["record_id_l"]], pid[first["record_id_r"]]]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_refresh_equals_a_full_run(first_runs, tmp_path, scenario):
    change, as_of, reused = SCENARIOS[scenario]
    h, exports = first_run(first_runs)
    change(h, exports)
    twin = tmp_path / "twin"  # the same home, inputs and state: for the full run
    shutil.copytree(h, twin, symlinks=True)
    (twin / "kith.toml").write_text((h / "kith.toml").read_text())
    full = kith_run(twin, as_of, incremental=False)
    inc = kith_run(h, as_of, incremental=True)
    assert full.reused_stages == [] and not full.reused
    assert (inc.reused if reused == list(ORDER) else inc.reused_stages == reused), \
        (inc.reused, inc.reused_stages)
    assert outputs(h, scenario != "nothing") == outputs(twin, scenario != "nothing")
    # only the as-of date moved (kith keep-apart's own run was dated today): the tag stage
    # re-dates the current run's tables (redate.py)
    redated = inc.stages.get("tag", {}).get("redated_from")
    assert (redated is not None) == (scenario in ("as_of", "keep_apart")), redated


@pytest.mark.parametrize("first, then", [(DAY, dt.date(2024, 9, 15)),
                                         (dt.date(2024, 9, 15), DAY)])
def test_interactions_between_the_dates_retag_in_full(first_runs, tmp_path, first, then):
    """The fixture has messages dated 2024-10-01/02: moving the as-of date across them (either
    way) changes which interactions count, so the tag stage runs in full, still equal to a
    full run."""
    h, _ = first_run(first_runs, first, key=first.isoformat())
    twin, full, inc = full_and_incremental(tmp_path, h, then)
    assert inc.reused_stages == ["ingest", "normalize", "dedupe"]
    assert "redated_from" not in inc.stages["tag"] and "dormant" in inc.stages["tag"]
    assert full.counts == inc.counts
    assert outputs(h) == outputs(twin)


def test_notes_are_cached_as_load_notes_reads_them(first_runs, tmp_path):
    """The parsed notes kept for the next run (refresh.cached_notes) are exactly what parsing
    the notes file the run wrote gives; an edited file is parsed again."""
    import polars as pl

    from pipeline.notes.notes_file import load_notes
    from pipeline.refresh import NOTES_CACHE, cached_notes, file_digest

    h, exports = first_run(first_runs)
    notes = h / "notes.csv"
    kept = h / "out" / NOTES_CACHE / f"{file_digest(notes)}.parquet"
    assert pl.read_parquet(kept).equals(load_notes(notes))
    set_note(notes, someone(h), "x", need="an intro")
    calls = []
    frame = cached_notes(h / "out", notes, lambda p: calls.append(p) or load_notes(p))
    assert calls == [notes] and frame.equals(load_notes(notes))
    assert [p.name for p in (h / "out" / NOTES_CACHE).iterdir()] == \
        [f"{file_digest(notes)}.parquet"]


def test_changes_rerun_after_a_changing_refresh(first_runs, tmp_path):
    """The refresh after one that reported changes reports none, as a full run would."""
    h, exports = first_run(first_runs)
    edit_connections(exports, "Initech", "Globex")
    kith_run(h, DAY, incremental=True)
    twin, full, inc = full_and_incremental(tmp_path, h, DAY)
    assert inc.reused_stages == ["ingest", "normalize", "dedupe", "tag"]
    assert full.counts["changes"] == inc.counts["changes"] == 0
    assert outputs(h) == outputs(twin)


def test_cli_says_nothing_changed(exports, tmp_path):
    out = tmp_path / "out"
    args = ["run", str(exports), "--out", str(out), "--as-of", "2025-03-01"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = (out / "current").resolve()
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0 and "no input changed" in res.stderr
    assert (out / "current").resolve() == before  # no new run written
    hidden = exports / ".DS_Store"  # any file ingest sees (even one it skips) is an input
    hidden.write_bytes(b"\0")
    res = CliRunner().invoke(main, args)
    assert "no input changed" not in res.stderr and (out / "current").resolve() != before


def test_rules_are_parsed_once_per_content(tmp_path):
    """A batch worker runs many owners: the same rules file content is parsed once, and an
    edited file (same path) is parsed again."""
    from pipeline.run import _parsed

    path = tmp_path / "networks.toml"
    src = Path(__file__).resolve().parents[1] / "configs" / "networks.toml"
    path.write_bytes(src.read_bytes())
    first = _parsed("rules", path)
    assert _parsed("rules", path) is first
    text = path.read_text()
    path.write_text(text.replace("[[rule]]", "[[rule]]\n# edited", 1))
    edited = _parsed("rules", path)
    assert edited is not first and edited.rules == first.rules  # a comment changes nothing
    path.write_text('[[rule]]\nname = "only"\nnetwork = "peer"\nkind = "label"\n'
                    'match = ["Friends"]\n')
    assert [r.name for r in _parsed("rules", path).rules] == ["only"]


def test_stale_dedupe_table_is_recomputed_not_reused(first_runs, tmp_path):
    """A stage table kith cannot read puts its stage back into an incremental run."""
    h, exports = first_run(first_runs)
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    for folder in (h, twin):
        table = folder / "out" / "current" / "stages" / "dedupe" / "people.parquet"
        table.unlink()
        table.write_bytes(b"PAR1 damaged")
    later = DAY + dt.timedelta(days=3)
    full = kith_run(twin, later, incremental=False)
    inc = kith_run(h, later, incremental=True)
    assert "dedupe" in inc.stages and "dedupe" in full.stages
    assert outputs(h) == outputs(twin)


def test_nightly_chain_of_as_of_dates_equals_a_full_run(first_runs, tmp_path):
    """Night after night with only the date moving: each refresh re-dates the one before it
    (lineage, linked interactions and parsed notes carried on), and the last equals a full run."""
    h, exports = first_run(first_runs)
    for n in (1, 2):
        inc = kith_run(h, DAY + dt.timedelta(days=n), incremental=True)
        assert inc.stages["tag"]["redated_from"] == (DAY + dt.timedelta(days=n - 1)).isoformat()
    last = DAY + dt.timedelta(days=3)
    twin, _, _ = full_and_incremental(tmp_path, h, last)
    assert outputs(h) == outputs(twin)


def test_redated_night_with_targets_equals_a_full_run(first_runs, tmp_path):
    """With targets to find paths into, the re-dated night reads the records for them (and
    re-ranks companies from who works where, kept by the full tag stage); it still equals a
    full run, paths included."""
    import polars as pl

    def with_targets(h: Path) -> None:
        (h / "targets.toml").write_text('[[target]]\ncompany = "Initech"\n\n'
                                        '[[target]]\ncompany = "Globex"\n')
        (h / "kith.toml").write_text((h / "kith.toml").read_text()
                                     + 'targets = "targets.toml"\n')

    h, _ = first_run(first_runs, prepare=with_targets, key="targets")
    assert pl.read_parquet(h / "out" / "targets.parquet").height > 0
    later = DAY + dt.timedelta(days=30)
    twin, _, inc = full_and_incremental(tmp_path, h, later)
    assert inc.stages["tag"]["redated_from"] == DAY.isoformat()
    assert outputs(h) == outputs(twin)
    assert (h / "out" / "companies.parquet").read_bytes() == \
        (twin / "out" / "companies.parquet").read_bytes()


def test_redated_night_keeps_unchanged_tables_as_they_are(first_runs, tmp_path):
    """What re-dating leaves as it was (networks, openings; companies and targets when the
    warmth moved no one) is the current run's file, hard-linked into the new run, not written
    again; the tables a full run writes are the same bytes."""
    h, exports = first_run(first_runs)
    before = (h / "out" / "current").resolve()
    kith_run(h, DAY + dt.timedelta(days=1), incremental=True)
    after = (h / "out" / "current").resolve()
    assert after != before
    for rel in ("stages/tag/networks.parquet", "stages/tag/openings.parquet",
                "stages/tag/linked.parquet", "stages/tag/company_members.parquet",
                "stages/tag/own_cards.parquet", "stages/outreach/introductions.parquet"):
        assert (after / rel).stat().st_ino == (before / rel).stat().st_ino, rel
    last = DAY + dt.timedelta(days=2)
    twin, _, _ = full_and_incremental(tmp_path, h, last)
    assert outputs(h) == outputs(twin)
    for name in ("networks", "openings", "companies", "introductions"):
        assert (h / "out" / f"{name}.parquet").read_bytes() == \
            (twin / "out" / f"{name}.parquet").read_bytes(), name


def test_counts_of_reused_stages_come_from_their_footers(first_runs, tmp_path):
    """A re-dated night reports the same counts as a full run without reading the reused
    stages' tables (their row counts are in the Parquet footers)."""
    h, exports = first_run(first_runs)
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    later = DAY + dt.timedelta(days=1)
    full = kith_run(twin, later, incremental=False)
    inc = kith_run(h, later, incremental=True)
    assert inc.counts == full.counts and inc.counts["pairs"] > 0


@pytest.mark.parametrize("min_messages", [1, 3])
def test_redated_activity_equals_a_full_run_whatever_the_dormant_rule(first_runs, tmp_path,
                                                                      min_messages):
    """Re-dating recomputes the activity columns of people with a linked interaction only
    (nobody else can be warm once, so turn dormant, while the rule asks for a message; the
    rules file rejects 0). With one message enough or three, a year later (ties turning
    dormant) equals a full run."""
    def rule(h: Path) -> None:
        rules = h / "networks.toml"
        rules.write_text(rules.read_text().replace("min_messages = 3",
                                                   f"min_messages = {min_messages}"))

    h, _ = first_run(first_runs, prepare=rule, key=f"min_messages{min_messages}")
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    later = DAY + dt.timedelta(days=400)
    full = kith_run(twin, later, incremental=False)
    inc = kith_run(h, later, incremental=True)
    assert "redated_from" in inc.stages["tag"]
    assert inc.stages["tag"]["dormant"] == full.stages["tag"]["dormant"]
    assert outputs(h) == outputs(twin)


def test_changed_export_reuses_unchanged_records_and_equals_a_full_run(first_runs, tmp_path):
    """An export edited in place: ingest and every later stage run again, and normalize takes
    the rows whose raw columns did not change from the current run (the edited ones and the
    rest of that file included); the tables equal a full run's, ids included. `--full`
    reuses nothing."""
    h, exports = first_run(first_runs)
    edit_connections(exports, "Initech", "Globex")
    twin, full, inc = full_and_incremental(tmp_path, h, DAY)
    assert inc.reused_stages == [] and "records_reused" not in full.stages["normalize"]
    reused = inc.stages["normalize"]["records_reused"]
    assert 0 < reused < inc.counts["records"]
    assert outputs(h) == outputs(twin)


def worksheets(h: Path) -> dict[str, bytes]:
    """Every worksheet file, with the time of the run (each run prints its own) left out."""
    import re

    folder = h / "out" / "worksheets"
    return {p.relative_to(folder).as_posix(): re.sub(rb"Data refreshed [^;]*;", b"",
                                                      p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("with_notes", [False, True])
def test_redated_nights_write_the_worksheets_a_full_run_writes(first_runs, tmp_path, with_notes):
    """Night after night with only the date moving, the worksheets take the rows' parts that
    do not move with the date from the run before (pipeline.incremental.worksheet_rows, kept
    across nights); every worksheet file equals a full run's, HTML and CSV. With notes and a
    ledger too (their texts are among those parts)."""
    from pipeline.notes import ledger

    h, exports = first_run(first_runs)
    if with_notes:
        pid = someone(h)
        set_note(h / "notes.csv", pid, "x", need="an intro,\nsay \"hi\"", next_step="call")
        ledger.append_entry(ledger.ledger_path(h / "notes.csv"), pid, "x", "gave",
                            "a referral", DAY - dt.timedelta(days=3))
        # a first note on someone re-ranks the review queue (dedupe.review.rerank), then tag
        assert kith_run(h, DAY, incremental=True).reused_stages == ["ingest", "normalize",
                                                                    "dedupe"]
    for n in (1, 2, 30):
        inc = kith_run(h, DAY + dt.timedelta(days=n), incremental=True)
        assert inc.stages["tag"]["redated_from"] and inc.stages["outreach"]["rows_from_memo"]
        assert inc.stages["outreach"]["prefetched"]  # read while the tag stage re-dated
        twin = tmp_path / f"twin{n}"
        shutil.copytree(h, twin, symlinks=True)
        full = kith_run(twin, DAY + dt.timedelta(days=n), incremental=False)
        assert not full.stages["outreach"]["rows_from_memo"]
        # the network CSVs: unchanged rows copied from the night before, the rest encoded
        spliced, encoded = (inc.stages["outreach"][k] for k in
                            ("csv_files_spliced", "csv_rows_encoded"))
        assert spliced == 4 and full.stages["outreach"]["csv_files_spliced"] == 0
        assert encoded < full.stages["outreach"]["csv_rows_encoded"]
        assert worksheets(h) == worksheets(twin)
        assert outputs(h) == outputs(twin)


def test_outreach_people_are_written_once_while_the_worksheets_are_made(exports, tmp_path,
                                                                        monkeypatch):
    """The outreach stage hands its people table to the stage writer before it renders the
    worksheets (pipeline.run's write_early); the stage's end does not write it again, and the
    published table is that frame, on a first run and on a re-dated night alike."""
    import polars as pl

    from pipeline import outputs, stage_outreach, stage_runs

    h = home(tmp_path, exports)
    writes: list[str] = []
    contexts, handed = [], []
    table, render, outreach = outputs.Staging.table, stage_outreach.render, \
        stage_runs.RUNNERS["outreach"]

    def counted(self, frame, rel, splice=None):
        writes.append(rel)
        return table(self, frame, rel, splice)

    def seen(ctx):
        contexts.append(ctx)
        return outreach(ctx)

    def rendering(*args, people, **kwargs):  # the worksheets start: people were handed over
        handed.append(contexts[-1].early.get("outreach/people") is people)
        return render(*args, people=people, **kwargs)

    monkeypatch.setattr(outputs.Staging, "table", counted)
    monkeypatch.setitem(stage_runs.RUNNERS, "outreach", seen)
    monkeypatch.setattr(stage_outreach, "render", rendering)
    for as_of in (DAY, DAY + dt.timedelta(days=1)):
        writes.clear()
        report = kith_run(h, as_of, incremental=True)
        assert writes.count("stages/outreach/people.parquet") == 1
        people = pl.read_parquet(h / "out" / "people.parquet")
        assert people.height == report.counts["people"] > 0
        # a re-dated night holds only the people's columns it reads (redate.NIGHT_PEOPLE)
        frame = contexts[-1].tables["outreach"]["people"]
        assert people.select(frame.columns).equals(frame)
    assert handed == [True, True]

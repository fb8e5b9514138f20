"""A batch group builds its owners' dedupe features as one frame (features.build_apart), and a
batch owner keeps the tables a re-dated night reads, as `kith run` does: random small mixes of
owners (both generators, an owner without a LinkedIn profile, a one-record owner, owners whose
phone numbers read differently) still give every owner exactly the tables, run tables and
worksheets of its `kith run` alone."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import re
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline import config as config_mod
from pipeline import synth, synth_spec
from pipeline.batch import TABLES, group, grouped_dedupe, layout
from pipeline.batch.driver import _absolute
from pipeline.dedupe import blocking, features, stage
from pipeline.run import run
from pipeline.stage_runs import _normalize
from pipeline.stages.ingest import ingest

AS_OF = dt.date(2025, 12, 1)
STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+00:00")
# kept for a re-dated night only (redate.kept_schemas, pipeline.incremental.worksheet_*)
NIGHT = {"stages/tag/linked.parquet", "stages/tag/company_members.parquet",
         "stages/tag/own_cards.parquet", "stages/tag/linked_summary.parquet",
         "stages/tag/company_static.parquet", "stages/tag/company_quiet.parquet",
         "stages/tag/company_touched.parquet", "stages/outreach/memo_csv.parquet",
         "stages/outreach/memo_csv_dated.parquet", "stages/outreach/memo_lists.parquet",
         "stages/outreach/memo_networks.parquet", "stages/outreach/memo_rows.parquet"}


def _csv(folder: Path, rows: list[str]) -> None:
    folder.mkdir(parents=True)
    (folder / "contacts.csv").write_text(
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name\n"
        + "\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def owners(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("mix") / "owners"
    with contextlib.redirect_stdout(io.StringIO()):
        for i, n in enumerate((40, 15, 60)):
            synth.generate(n, 500 + i, base / f"syn{i}")
        for i, n in enumerate((30, 50)):
            synth_spec.generate(n, 700 + i, base / f"spec{i}")
        # no LinkedIn archive: a Google CSV and a vCard only
        synth.generate(35, 900, base / "nolinkedin", sources=("google", "vcard"))
    _csv(base / "one", ["Ada,Lovelace,ada@example.org,(415) 555-0134,Analytical"])
    _csv(base / "uk", ["Tom,Hill,tom@hill.co.uk,07400 100000,Hill Ltd",
                       "Tom,Hill,,07400 100000,",
                       "Sue,Park,sue@park.co.uk,+44 20 7946 0958,Park plc",
                       "Ann,Lee,,07400 100097,"])
    _csv(base / "us", ["Tom,Hill,tom@hill.com,(415) 555-0199,Hill Inc",
                       "Thomas,Hill,tom@hill.com,,Hill Inc",
                       "Bo,Chen,bo@chen.io,212.555.0140,"])
    return base


def _job(owners: Path, root: Path, oid: str) -> layout.OwnerJob:
    return layout.prepare(owners / oid, root, _absolute(config_mod.Config()), AS_OF, "b1")


def solo_runs(owners: Path, ref: Path) -> Path:
    """Each owner's `kith run` alone (the library call the CLI makes), into ref/<owner>."""
    for folder in sorted(owners.iterdir()):
        job = _job(owners, ref / "_plan", folder.name)
        run(job.cfg, job.inputs, ref / folder.name, as_of=AS_OF, ingest_workers=1)
    return ref


@pytest.fixture(scope="module")
def solo(owners, tmp_path_factory) -> Path:
    return solo_runs(owners, tmp_path_factory.mktemp("solo"))


def _assert_same_as_solo(root: Path, ref: Path, oid: str) -> None:
    for table in TABLES:  # exactly, row order included
        got = pl.read_parquet(layout.partition(root, table, oid) / layout.PART)
        assert_frame_equal(got, pl.read_parquet(ref / oid / f"{table}.parquet"))
    mine, alone = layout.worksheets(root, oid), (ref / oid / "worksheets").resolve()
    names = sorted(str(p.relative_to(alone)) for p in alone.rglob("*") if p.is_file())
    assert sorted(str(p.relative_to(mine)) for p in mine.rglob("*") if p.is_file()) == names
    for rel in names:  # the HTML's refresh timestamp aside, byte for byte
        assert STAMP.sub(b"", (mine / rel).read_bytes()) == \
            STAMP.sub(b"", (alone / rel).read_bytes()), (oid, rel)
    run_a = (root / "owners" / oid / "out" / "current").resolve()
    run_b = (ref / oid / "current").resolve()
    in_a = {str(p.relative_to(run_a)) for p in run_a.rglob("*.parquet")}
    in_b = {str(p.relative_to(run_b)) for p in run_b.rglob("*.parquet")}
    assert in_a == in_b and NIGHT <= in_a  # the night-only tables too (a batch re-dates)
    for rel in in_a:  # every stage table and the id state
        assert_frame_equal(pl.read_parquet(run_a / rel), pl.read_parquet(run_b / rel))


@pytest.mark.parametrize("seed", [1, 2])
def test_random_mixes_give_each_owner_its_solo_run(owners, solo, tmp_path, monkeypatch, seed):
    built, blocked = [], []
    apart, block_apart = features.build_apart, grouped_dedupe.block_apart

    def spy(frames):
        built.append(len(frames))
        return apart(frames)

    def block_spy(feats):
        out = block_apart(feats)
        blocked.append(len(out))
        return out

    monkeypatch.setattr(features, "build_apart", spy)
    monkeypatch.setattr(grouped_dedupe, "block_apart", block_spy)
    ids = sorted(p.name for p in owners.iterdir())
    rng = random.Random(seed)
    rng.shuffle(ids)
    root = tmp_path / "batch"
    while ids:
        size = rng.randint(2, 5)
        chunk, ids = ids[:size], ids[size:]
        results = group.run_group([_job(owners, root, oid) for oid in chunk])
        assert {r["status"] for r in results.values()} == {"ok"}, results
        for oid in chunk:
            _assert_same_as_solo(root, solo, oid)
    # the features were built, and the pairs blocked, for several owners at once
    assert built and max(built) >= 2 and blocked == built


def _normalised(owners: Path, oid: str) -> pl.DataFrame:
    res = ingest([owners / oid], exclude=[], limits=config_mod.Config().limits, workers=1)
    return _normalize(config_mod.Config(), res.contacts, res.interactions, res.owner)["records"]


def test_features_and_pairs_built_apart_are_each_owners_own(owners):
    """Record ids and every key value repeat across owners (the same exports twice), an owner
    may have one record or none: each part equals features.build of that owner's records, row
    order included, and each owner's candidate pairs, codes and pairs per rule equal those of
    its records blocked alone (no pair joins two owners)."""
    recs = {oid: _normalised(owners, oid) for oid in ("syn0", "one", "nolinkedin", "spec1")}
    frames = [recs["syn0"], recs["one"], recs["syn0"], recs["nolinkedin"],
              recs["one"].clear(), recs["spec1"]]
    got = features.build_apart(frames)
    assert len(got) == len(frames)
    for frame, part in zip(frames, got, strict=True):
        assert_frame_equal(part, features.build(frame))
    assert got[1].height == 1 and got[4].height == 0
    blocked = grouped_dedupe.block_apart(got)
    for part, (codes, pairs, counts) in zip(got, blocked, strict=True):
        want_codes, want_pairs, want_counts = stage.blocked(part)
        assert_frame_equal(pairs, want_pairs)
        assert counts == want_counts
        assert_frame_equal(codes.features, want_codes.features)
    assert blocked[0][1].height > 0 and blocked[2][1].equals(blocked[0][1])


def test_loose_pairs_built_apart_are_each_owners_own(owners):
    """grouped_dedupe.loose_apart: each owner's loose pairs (blocking.LOOSE_RULES) equal
    those of its features alone, the same exports twice included (their keys equal across
    the two owners, their blocks still apart); an owner of one record or none has none."""
    recs = {oid: _normalised(owners, oid) for oid in ("syn0", "one", "spec1", "nolinkedin")}
    frames = [recs["syn0"], recs["one"], recs["syn0"], recs["one"].clear(), recs["spec1"],
              recs["nolinkedin"]]
    feats = features.build_apart(frames)
    got = grouped_dedupe.loose_apart(feats)
    assert len(got) == len(frames)
    for part, loose in zip(feats, got, strict=True):
        assert set(loose) == {r.name for r in blocking.LOOSE_RULES}
        for rule in blocking.LOOSE_RULES:
            want = blocking.loose_pairs(part, rule).sort("lr")
            assert_frame_equal(loose[rule.name].sort("lr"), want)
    assert sum(p.height for p in got[0].values()) > 0
    assert all(p.height == 0 for i in (1, 3) for p in got[i].values())


def test_a_group_hands_each_owner_its_loose_pairs(owners, tmp_path, monkeypatch):
    """The owners' dedupe takes the group's loose pairs: blocking.loose_pairs is not called
    in their runs (it is, alone)."""
    calls = []
    loose_pairs = blocking.loose_pairs

    def spy(feats, rule):
        calls.append(rule.name)
        return loose_pairs(feats, rule)

    monkeypatch.setattr(blocking, "loose_pairs", spy)
    cfg = config_mod.Config()
    jobs = [layout.prepare(owners / oid, tmp_path / "out", cfg, AS_OF, "b1")
            for oid in ("syn0", "spec0", "nolinkedin")]
    results = group.run_group(jobs)
    assert {r["status"] for r in results.values()} == {"ok"}
    assert calls == []
    group.run_group([layout.prepare(owners / "syn1", tmp_path / "alone", cfg, AS_OF, "b1")])
    assert calls


def test_a_night_after_the_batch_re_dates_what_the_batch_kept(owners, tmp_path):
    """A batch owner's run keeps the tables a re-dated night reads; an incremental `kith run`
    on that folder with only the as-of date moved then re-dates them, and equals a full run
    of that date."""
    job = _job(owners, tmp_path / "batch", "syn0")
    assert group.run_group([job, _job(owners, tmp_path / "batch", "spec0")])["syn0"][
        "status"] == "ok"
    later = AS_OF + dt.timedelta(days=3)
    night = run(job.cfg, job.inputs, job.out, as_of=later, ingest_workers=1, incremental=True)
    # dedupe and what precedes it were taken from the batch's run; tag re-dated its tables
    # and the worksheets took their undated parts from the batch's memo
    assert night.reused_stages == ["ingest", "normalize", "dedupe"], night.reused_stages
    assert night.stages["tag"]["redated_from"] == AS_OF.isoformat()
    assert night.stages["outreach"]["rows_from_memo"]
    full = run(job.cfg, job.inputs, tmp_path / "full", as_of=later, ingest_workers=1)
    for table in TABLES:
        assert_frame_equal(pl.read_parquet(job.out / f"{table}.parquet"),
                           pl.read_parquet(full.out / f"{table}.parquet"))
    # the night kept its own tables for the night after it
    assert (job.out / "current" / "stages" / "outreach" / "memo_rows.parquet").exists()

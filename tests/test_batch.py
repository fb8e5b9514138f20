"""`kith batch` on the local engine: 20 generated owners give, per owner, exactly the tables
`kith run` gives for that owner alone; failures stay per owner; re-runs skip unchanged owners;
warm paths hold opted-in owners only. (Spark: tests/test_batch_spark.py, same owner set.)"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline.batch import TABLES, scan
from pipeline.batch.warm_paths import WARM_PATHS
from pipeline.cli import main
from pipeline.synth.__main__ import main as synth_main

AS_OF = "2025-12-01"
N_OWNERS = 20
SHARE = {"o03", "o07"}  # share_warm_paths = true in their kith.toml
OPT_IN = {"o05", "o12"}  # an OPT_IN file
CONFIGURED = SHARE | {"o12", "o16"}  # own kith.toml with a targets file
BAD_CONFIG, NO_INPUT = "o19", "o20"


def kith(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@contextlib.contextmanager
def cwd(path: Path):
    before = Path.cwd()
    path.mkdir(parents=True, exist_ok=True)
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _owner(owners: Path, truth: Path, i: int) -> str:
    oid = f"o{i:02d}"
    folder = owners / oid
    people = 20 + (i * 37) % 131  # 20..150
    sources = ("linkedin,google,vcard,outlook" if i % 4 == 0 else
               "google,vcard" if i % 5 == 0 else "linkedin,google,vcard")
    with contextlib.redirect_stdout(None):
        synth_main(["--people", str(people), "--seed", str(100 + i * 7), "--out", str(folder),
                    "--sources", sources, "--truth", str(truth / f"{oid}.parquet"),
                    "--people-truth", str(truth / f"{oid}-people.parquet")])
    if i == 10:  # a broken file among good ones: rejected, the owner still completes
        (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return oid


def _targets(owners: Path) -> str:
    """targets.toml for the configured owners: one company known to all of them (its aliases
    are each owner's most frequent organisation), and each owner's second one."""
    tops = []
    for oid in sorted(CONFIGURED):
        orgs = (pl.read_csv(owners / oid / "contacts.csv", infer_schema=False)
                .select(org=pl.col("Organization Name")).drop_nulls()
                .group_by("org").len().sort(["len", "org"], descending=[True, False]))
        tops.append(orgs["org"].head(2).to_list())
    aliases = ", ".join(f'"{t[0]}"' for t in tops[1:])
    text = f'[[target]]\ncompany = "{tops[0][0]}"\naliases = [{aliases}]\n\n'
    return text + "".join(f'[[target]]\ncompany = "{t[1]}"\n\n' for t in tops)


def build_owner_set(base: Path) -> tuple[Path, Path, list[str]]:
    """OWNERS_DIR with 20 owners (truth files outside it) and REF/<id>/: `kith run` per owner.
    Built once per test session (both batch test modules use it)."""
    owners, truth, ref = base / "owners", base / "truth", base / "ref"
    ids = [f"o{i:02d}" for i in range(1, N_OWNERS + 1)]
    if (base / "done").exists():
        return owners, ref, ids
    shutil.rmtree(base, ignore_errors=True)
    truth.mkdir(parents=True)
    made = [_owner(owners, truth, i) for i in range(1, N_OWNERS - 1)]
    targets = _targets(owners)
    for oid in CONFIGURED:
        (owners / oid / "targets.toml").write_text(targets)
        (owners / oid / "kith.toml").write_text('[files]\ntargets = "targets.toml"\n')
    for oid in made:
        folder = owners / oid
        args = ["run", folder, "--out", ref / oid, "--as-of", AS_OF]
        if oid in CONFIGURED:
            args += ["--config", folder / "kith.toml"]
        with cwd(base / "cwd" / oid):
            res = kith(*args)
        assert res.exit_code == 0, res.output
        shutil.rmtree(folder / "data", ignore_errors=True)  # the notes kith run started
        # The opt-in flags come after the reference: kith run knows neither (an OPT_IN file
        # would be ingested by it as a rejected empty file, share_warm_paths is unknown to it).
        if oid in SHARE:
            (folder / "kith.toml").write_text(
                'share_warm_paths = true\n[files]\ntargets = "targets.toml"\n')
        if oid in OPT_IN:
            (folder / "OPT_IN").write_text("yes\n")
    (owners / BAD_CONFIG).mkdir()
    (owners / BAD_CONFIG / "contacts.csv").write_text("Name,E-mail\nAda Lovelace,ada@x.org\n")
    (owners / BAD_CONFIG / "kith.toml").write_text("default_region = [broken\n")
    (owners / NO_INPUT).mkdir()
    (owners / NO_INPUT / "export.csv").write_bytes(b"\x00\x01garbage\xff" * 50)
    (owners / "README.txt").write_text("not an owner")
    (base / "done").touch()
    return owners, ref, ids


def owner_set_for(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """build_owner_set in this session's temporary folder. Under pytest-xdist the set (18
    `kith run`s, about a minute of CPU) is built once for all workers, under a lock in the
    folder they share, and copied into each worker's own folder: tests change their copy."""
    base = tmp_path_factory.getbasetemp()
    mine = base / "owner-set"
    if not os.environ.get("PYTEST_XDIST_WORKER") or (mine / "done").exists():
        return build_owner_set(mine)
    import fcntl

    shared = base.parent / "owner-set-shared"  # pytest-N/, beside each worker's popen-gwK/
    with open(base.parent / "owner-set.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build_owner_set(shared)
    shutil.copytree(shared, mine, symlinks=True, dirs_exist_ok=True)
    return build_owner_set(mine)


def ordered(frame: pl.DataFrame) -> pl.DataFrame:
    keys = [c for c, t in frame.schema.items() if not isinstance(t, pl.List)]
    return frame.sort(keys, nulls_last=True)


def assert_same_as_kith_run(out: Path, ref: Path, oid: str) -> None:
    for table in TABLES:
        expected = ordered(pl.read_parquet(ref / oid / f"{table}.parquet"))
        part = pl.read_parquet(out / table / f"owner_id={oid}" / "part-0.parquet")
        via_dataset = scan(out, table).filter(pl.col("owner_id") == oid).collect()
        try:
            assert_frame_equal(ordered(part), expected, check_dtypes=True)
            assert_frame_equal(ordered(via_dataset.drop("owner_id")), expected)
        except AssertionError as exc:
            raise AssertionError(f"owner {oid}, table {table}: {exc}") from None
    sheets = sorted(p.name for p in (ref / oid / "worksheets").iterdir())
    assert sorted(p.name for p in (out / "worksheets" / oid).iterdir()) == sheets
    for name in sheets:  # the CSVs carry no timestamp: byte-identical
        if name.endswith(".csv"):
            assert (out / "worksheets" / oid / name).read_bytes() == \
                (ref / oid / "worksheets" / name).read_bytes(), (oid, name)


def expected_warm_paths(ref: Path, opted: set[str]) -> pl.DataFrame:
    frames = [pl.read_parquet(ref / o / "targets.parquet").with_columns(owner_id=pl.lit(o))
              for o in sorted(opted)]
    return pl.concat(frames).select("owner_id", "target", "person_id", "warmth", "rank")


@pytest.fixture(scope="session")
def owner_set(tmp_path_factory):
    return owner_set_for(tmp_path_factory)


@pytest.fixture(scope="session")
def local_batch(owner_set, tmp_path_factory):
    owners, _ref, _ids = owner_set
    out = tmp_path_factory.mktemp("batch-local") / "out"
    with cwd(tmp_path_factory.mktemp("cwd-local")):
        res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--workers", "2")
    return out, res


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_every_owner_gets_what_kith_run_gives_them(owner_set, local_batch):
    _owners, ref, ids = owner_set
    out, res = local_batch
    assert res.exit_code == 0, res.output
    good = [o for o in ids if o not in (BAD_CONFIG, NO_INPUT)]
    for oid in good:
        assert_same_as_kith_run(out, ref, oid)
    m = manifest(out)
    assert {o for o, e in m["owners"].items() if e["status"] == "ok"} == set(good)
    assert m["ignored"] == ["README.txt"]


def test_failed_owners_are_reported_and_do_not_stop_the_batch(local_batch):
    out, res = local_batch
    owners = manifest(out)["owners"]
    assert owners[BAD_CONFIG]["status"] == "failed"
    assert owners[BAD_CONFIG]["reason"].startswith("configuration error")
    assert owners[NO_INPUT]["status"] == "failed"
    assert owners[NO_INPUT]["reason"].startswith("no usable input")
    assert f"{NO_INPUT}: no usable input: none of the input files is a contact export" in res.output
    assert not (out / "people" / f"owner_id={NO_INPUT}").exists()
    assert owners["o10"]["status"] == "ok" and owners["o10"]["rejects"] >= 1
    files = pl.read_parquet(out / "files" / "owner_id=o10" / "part-0.parquet")
    assert files.filter(pl.col("path") == "broken.zip")["status"].to_list() == ["rejected"]


def test_own_files_and_opt_in_flag_are_never_ingested(local_batch):
    out, _ = local_batch
    paths = scan(out, "files").select("owner_id", "path").collect()
    assert paths.filter(pl.col("path").str.contains("OPT_IN|kith.toml|targets.toml|notes")
                        ).height == 0


def test_warm_paths_hold_opted_in_owners_only(owner_set, local_batch):
    _owners, ref, _ids = owner_set
    out, _ = local_batch
    warm = pl.read_parquet(out / "warm_paths.parquet")
    assert dict(warm.schema) == WARM_PATHS
    opted = SHARE | OPT_IN
    assert manifest(out)["warm_paths"]["owners_opted_in"] == sorted(opted)
    assert set(warm["owner_id"]) == SHARE | {"o12"}  # o05 opted in, but has no targets
    got = warm.select("owner_id", "target", "person_id", "warmth", "rank")
    assert_frame_equal(ordered(got), ordered(expected_warm_paths(ref, opted)))
    # owners ranked per target by their warmest path; contacts never merged across owners
    best = warm.group_by("target_key", "owner_id").agg(pl.col("warmth").max().alias("b"),
                                                       pl.col("owner_rank").first())
    assert best.group_by("target_key").len()["len"].max() == 3  # a target three owners share
    for _key, part in best.group_by("target_key"):
        part = part.sort("owner_rank")
        assert part["owner_rank"].to_list() == list(range(1, part.height + 1))
        assert part["b"].to_list() == sorted(part["b"].to_list(), reverse=True)


def test_rerun_skips_unchanged_owners_and_strict_exits_3(owner_set, local_batch):
    owners, _ref, _ids = owner_set
    out, _ = local_batch
    before = (out / "people" / "owner_id=o01" / "part-0.parquet").stat().st_ino
    res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--strict")
    assert res.exit_code == 3, res.output
    m = manifest(out)
    assert m["summary"]["unchanged"] == N_OWNERS - 2 and m["summary"]["failed"] == 2
    assert (out / "people" / "owner_id=o01" / "part-0.parquet").stat().st_ino == before


def _small_set(owner_set, tmp_path: Path, ids=("o01", "o02", "o03")) -> Path:
    owners = tmp_path / "owners"
    for oid in ids:
        shutil.copytree(owner_set[0] / oid, owners / oid)
    return owners


def test_changed_inputs_or_notes_rerun_only_that_owner(owner_set, tmp_path):
    owners = _small_set(owner_set, tmp_path)
    out = tmp_path / "out"
    assert kith("batch", owners, "--out", out, "--as-of", AS_OF).exit_code == 0
    os.utime(owners / "o01" / "contacts.csv")  # touched, same bytes: still unchanged
    with open(owners / "o02" / "contacts.csv", "a") as fh:
        fh.write("Zed,,Newcomer,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n")
    notes = out / "owners" / "o03" / "data" / "notes.csv"  # o03 has a kith.toml
    notes = notes if notes.exists() else owners / "o03" / "data" / "notes.csv"
    notes.write_text(notes.read_text() + "\n")
    assert kith("batch", owners, "--out", out, "--as-of", AS_OF).exit_code == 0
    status = {o: e["status"] for o, e in manifest(out)["owners"].items()}
    assert status == {"o01": "unchanged", "o02": "ok", "o03": "ok"}
    assert kith("batch", owners, "--out", out, "--as-of", "2025-12-02").exit_code == 0
    assert manifest(out)["summary"]["ok"] == 3  # another as-of date: everyone again


def test_removed_owner_loses_published_outputs(owner_set, tmp_path):
    owners = _small_set(owner_set, tmp_path, ("o01", "o02"))
    out = tmp_path / "out"
    assert kith("batch", owners, "--out", out, "--as-of", AS_OF).exit_code == 0
    shutil.rmtree(owners / "o02")
    assert kith("batch", owners, "--out", out, "--as-of", AS_OF).exit_code == 0
    assert manifest(out)["removed"] == ["o02"]
    assert not (out / "people" / "owner_id=o02").exists()
    assert not (out / "worksheets" / "o02").exists()
    assert scan(out, "people").select("owner_id").unique().collect()["owner_id"].to_list() == \
        ["o01"]


def test_a_dead_worker_process_fails_only_its_owner(owner_set, tmp_path, monkeypatch):
    owners = _small_set(owner_set, tmp_path)
    monkeypatch.setenv("KITH_TEST_BATCH_KILL", "o02")
    out = tmp_path / "out"
    res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--workers", "2")
    assert res.exit_code == 0, res.output
    owners_m = manifest(out)["owners"]
    assert owners_m["o02"]["status"] == "failed" and "died" in owners_m["o02"]["reason"]
    assert owners_m["o01"]["status"] == owners_m["o03"]["status"] == "ok"


def test_owner_config_cannot_reach_another_owner(owner_set, tmp_path):
    owners = _small_set(owner_set, tmp_path, ("o01", "o02"))
    (owners / "o01" / "kith.toml").write_text('inputs = [".", "../o02"]\n')
    out = tmp_path / "out"
    assert kith("batch", owners, "--out", out, "--as-of", AS_OF).exit_code == 0
    entry = manifest(out)["owners"]["o01"]
    assert entry["status"] == "failed" and "outside the owner's folder" in entry["reason"]


def test_usage_errors_and_lock(owner_set, tmp_path, monkeypatch):
    owners = _small_set(owner_set, tmp_path, ("o01",))
    assert kith("batch", owners).exit_code == 2  # --out is required
    assert kith("batch", owners, "--out", owners / "o01" / "x").exit_code == 2
    assert kith("batch", owners, "--out", tmp_path / "o", "--master", "local[2]").exit_code == 2
    (tmp_path / "empty").mkdir()
    assert kith("batch", tmp_path / "empty", "--out", tmp_path / "o").exit_code == 1
    from pipeline.batch import spark as spark_mod

    monkeypatch.setattr(spark_mod, "available", lambda: False)
    res = kith("batch", owners, "--out", tmp_path / "o", "--engine", "spark")
    assert res.exit_code == 2 and "kith[spark]" in res.output
    from pipeline.outputs import run_lock

    with run_lock(tmp_path / "locked"):
        assert kith("batch", owners, "--out", tmp_path / "locked").exit_code == 75


def test_dataset_reads_as_one_table_in_duckdb(local_batch):
    duckdb = pytest.importorskip("duckdb")
    out, _ = local_batch
    per_owner = duckdb.sql(
        f"select owner_id, count(*) from read_parquet('{out}/people/*/*.parquet', "
        "hive_partitioning = true, hive_types = {'owner_id': VARCHAR}) group by 1").fetchall()
    expected = scan(out, "people").group_by("owner_id").len().collect()
    assert dict(per_owner) == dict(expected.iter_rows())


def test_owner_ids_and_the_share_flag_are_checked(tmp_path):
    import datetime as dt

    from pipeline import config as config_mod
    from pipeline.batch import layout

    def job(name: str, toml: str | None = None):
        (tmp_path / name).mkdir()
        if toml is not None:
            (tmp_path / name / "kith.toml").write_text(toml)
        return layout.prepare(tmp_path / name, tmp_path / "out", config_mod.Config(),
                              dt.date(2025, 12, 1), "b")

    assert "owner id" in job("has space").error
    assert "share_warm_paths must be true or false" in job("a", 'share_warm_paths = "y"\n').error
    shared = job("b", "share_warm_paths = true\n")
    assert shared.error is None and shared.opted_in
    assert shared.cfg.files["opt_in"] in shared.exclude()  # the flag file is never ingested
    plain = job("c")
    assert not plain.opted_in and plain.cfg.files["notes"].parent == plain.work


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**7), max_size=60), st.integers(1, 16))
def test_owners_are_dealt_into_balanced_groups(sizes, n):
    from pipeline.batch.spark import groups

    jobs = [[i] for i in range(len(sizes))]  # distinct objects standing for owners

    def size(job):
        return sizes[job[0]]

    dealt = groups(jobs, n, size=size)
    assert sorted(j[0] for g in dealt for j in g) == list(range(len(sizes)))  # each once
    assert len(dealt) == min(n, len(sizes)) and all(dealt)
    assert dealt == groups(list(jobs), n, size=size)  # deterministic
    loads = [sum(size(j) for j in g) for g in dealt]
    if loads:  # greedy onto the lightest: no group exceeds another by more than one owner
        assert max(loads) - min(loads) <= max(sizes)
    for g in dealt:
        assert [size(j) for j in g] == sorted((size(j) for j in g), reverse=True)


def test_a_retried_spark_task_does_not_run_done_owners_again(tmp_path):
    """A Spark task that is retried runs its group again: owners whose state says they
    completed in this batch are reported from it, the others are run."""
    import datetime as dt

    from pipeline import config as config_mod
    from pipeline.batch import layout
    from pipeline.batch.spark import _run_group

    jobs = []
    for name in ("done", "todo"):
        (tmp_path / "owners" / name).mkdir(parents=True)
        jobs.append(layout.prepare(tmp_path / "owners" / name, tmp_path / "out",
                                   config_mod.Config(), dt.date(2025, 12, 1), "batch-1"))
    done, todo = jobs
    done.work.mkdir(parents=True)
    state = {"fingerprint": "f", "batch_id": "batch-1", "run_id": "r-1",
             "counts": {"records": 7}, "stages": {"ingest": 0.5}, "rejects": 0}
    (done.work / layout.STATE_FILE).write_text(json.dumps(state))
    todo.error = "configuration error: broken"  # run_owner reports it without running
    got = {r["owner_id"]: r for r in _run_group(iter([[done, todo]]))}
    assert got["done"]["status"] == "ok" and got["done"]["run_id"] == "r-1"
    assert json.loads(got["done"]["counts"]) == {"records": 7}
    assert got["todo"]["status"] == "failed" and got["todo"]["reason"] == todo.error

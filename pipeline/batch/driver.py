"""`run_batch`: find the owners, skip the unchanged ones, run the rest on an engine, remove
the outputs of owners who are gone, build the warm paths and write the manifest.

A batch holds DIR's lock (another batch on DIR: LockedError, exit 75). An owner is skipped
when their fingerprint (layout.py) equals the one recorded by their last successful run and
their partitions and worksheets are still there; `force=True` runs everyone. One owner's
failure (broken exports, a bad config, an internal error, even a dead worker process) is
recorded in the manifest and never stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
import time
from pathlib import Path

from pipeline import clock
from pipeline import config as config_mod
from pipeline.batch import layout, local, manifest, owner, warm_paths
from pipeline.batch.layout import OwnerJob
from pipeline.errors import Failed, UsageProblem
from pipeline.outputs import private_mkdir, run_lock, write_parquet
from pipeline.run import new_run_id

log = logging.getLogger("kith.batch")
ENGINES = ("local", "spark")


class BatchError(Failed):
    """Nothing to run, or the folders are unusable (exit 1)."""


class BatchUsageError(UsageProblem):
    """A usage problem: bad folders or options, the Spark engine unavailable (exit 2)."""


def _absolute(cfg: config_mod.Config) -> config_mod.Config:
    """Paths as executors in another working directory see them."""
    return dataclasses.replace(
        cfg, path=cfg.path.resolve() if cfg.path else None, out=cfg.out.resolve(),
        files={k: Path(v).resolve() for k, v in cfg.files.items()},
        inputs=[p.resolve() for p in cfg.inputs])


def _check_folders(owners_dir: Path, root: Path) -> None:
    if not owners_dir.is_dir():
        raise BatchUsageError(f"{owners_dir} is not a folder.")
    if root == owners_dir or owners_dir in root.parents or root in owners_dir.parents:
        raise BatchUsageError("OWNERS_DIR and --out must not contain one another.")
    if (root / "current").is_symlink() or (root / "runs").is_dir():
        raise BatchUsageError(f"{root} holds the output of `kith run`; give `kith batch` a "
                              "folder of its own.")


def _plan(jobs: list[OwnerJob], root: Path, force: bool) -> tuple[list, dict]:
    """(jobs to run, owner_id -> state of the unchanged ones)."""
    to_run, unchanged = [], {}
    kill = os.environ.get("KITH_TEST_BATCH_KILL")  # fault injection for the tests
    for job in jobs:
        job.test_kill = job.owner_id == kill
        job.full = force
        state = layout.load_state(job.work)
        if job.error is None and state is not None:
            job.seen = state.get("files") or {}
            if not force and owner.published(root, job.owner_id):
                files = layout.hash_inputs(job)
                if layout.fingerprint(job, files, layout.own_digest(job)) == state["fingerprint"]:
                    unchanged[job.owner_id] = state
                    continue
                job.seen = files  # hashed now: the run re-reads only what changes meanwhile
        to_run.append(job)
    return to_run, unchanged


def _published_ids(root: Path) -> set[str]:
    ids = {p.name for p in (root / "worksheets").iterdir()} if (root / "worksheets").is_dir() \
        else set()
    for table in layout.TABLES:
        if (root / table).is_dir():
            ids |= {p.name.split("=", 1)[1] for p in (root / table).iterdir()
                    if p.name.startswith("owner_id=")}
    return ids


def _spark_conf(master: str | None, conf: dict | None, env_archive: str | None) -> dict:
    conf = dict(conf or {})
    if env_archive:
        from pipeline.batch import ship

        if (master or "local[*]").startswith("local"):
            raise BatchUsageError("--env-archive is for a cluster master (spark://, yarn, "
                                  "k8s://); a local master runs this Python, kith included.")
        shipped = ship.archive_conf(env_archive)
        if conf.get("spark.archives"):
            shipped["spark.archives"] = f"{conf['spark.archives']},{shipped['spark.archives']}"
        conf.update(shipped)
    return conf


def _on_spark(spark, to_run: list[OwnerJob], owners_dir: Path, root: Path, on_result,
              phase) -> dict:
    """The executors checked (one sentence when they cannot run kith), then the owners."""
    from pipeline.batch import ship
    from pipeline.batch.spark import run_spark

    if to_run:
        ship.check_executors(spark, owners_dir, root)
        phase("executor_check")
    return run_spark(spark, to_run, on_result)


def _entries(jobs: list, unchanged: dict, results: dict, root: Path) -> dict:
    """Each owner's manifest entry, in the owners' order: its run's result, the state of a
    run it did not need, or a death when no result came back."""
    entries = {}
    for job in jobs:
        if job.owner_id in unchanged:
            res = owner.result_from_state(job, unchanged[job.owner_id], "unchanged")
        else:
            res = results.get(job.owner_id) or local.died(job, "no result")
        entries[job.owner_id] = manifest.owner_entry(
            res, previous_kept=owner.published(root, job.owner_id))
    return entries


def run_batch(owners_dir: Path, root: Path, *, engine: str = "local", master: str | None = None,
              batch_cfg: config_mod.Config | None = None, as_of: dt.date | None = None,
              workers: int | None = None, force: bool = False, debug: bool = False,
              on_result=None, spark=None, spark_conf: dict[str, str] | None = None,
              env_archive: str | None = None) -> manifest.BatchReport:
    """Run every owner under `owners_dir` into `root`; see the package docstring.
    Spark only: `spark_conf` for a new session, `env_archive` ships kith to the executors
    (pipeline/batch/ship.py)."""
    if engine not in ENGINES:
        raise BatchUsageError(f"unknown engine {engine!r} (use {' or '.join(ENGINES)}).")
    owners_dir, root = owners_dir.resolve(), root.resolve()
    _check_folders(owners_dir, root)
    as_of = as_of or clock.today()
    batch_cfg = _absolute(batch_cfg or config_mod.Config())
    owner_dirs, ignored = layout.discover(owners_dir)
    if not owner_dirs:
        raise BatchError(f"No owner folders in {owners_dir} (one folder per owner expected).")
    if engine == "spark":
        from pipeline.batch import spark as spark_mod

        if not spark_mod.available():
            raise BatchUsageError("--engine spark needs PySpark 4 and Java 17+: "
                                  "pip install 'kith[spark]'.")
        spark_conf = _spark_conf(master, spark_conf, env_archive)
    started, t0 = dt.datetime.now(dt.UTC), time.perf_counter()
    private_mkdir(root)
    with run_lock(root):
        shutil.rmtree(root / ".tmp", ignore_errors=True)
        batch_id = new_run_id()
        jobs = [layout.prepare(d, root, batch_cfg, as_of, batch_id, debug) for d in owner_dirs]
        to_run, unchanged = _plan(jobs, root, force)
        phases = {"plan": time.perf_counter() - t0}  # wall seconds of the batch's phases
        mark = time.perf_counter()

        def phase(name: str) -> None:
            nonlocal mark
            now = time.perf_counter()
            phases[name] = now - mark
            mark = now

        log.info("%d %s: %d to run, %d unchanged.", len(jobs),
                 "owner" if len(jobs) == 1 else "owners", len(to_run), len(unchanged))
        created = False
        try:
            if engine == "spark" and (to_run or spark is not None):
                if spark is None:
                    spark, created = spark_mod.session(master or "local[*]", spark_conf)
                phase("spark_session")
                results = _on_spark(spark, to_run, owners_dir, root, on_result, phase)
            elif engine == "spark":
                results = {}  # nothing changed: no Spark application is started
            else:
                results = local.run_local(to_run, workers or os.cpu_count() or 1, on_result)
            phase("owners")
            entries = _entries(jobs, unchanged, results, root)
            current = {j.owner_id for j in jobs}
            removed = sorted(i for i in _published_ids(root) - current
                             if owner.unpublish(root, i))
            opted = sorted(j.owner_id for j in jobs
                           if j.opted_in and owner.published(root, j.owner_id))
            warm = (warm_paths.build_spark(spark, root, opted) if spark is not None
                    else warm_paths.build_polars(root, opted))
            phase("warm_paths")
        finally:
            if created:
                spark.stop()
                phase("spark_stop")
        write_parquet(warm, root / "warm_paths.parquet")
        shutil.rmtree(root / ".tmp", ignore_errors=True)
        return manifest.build(
            root, batch_id=batch_id, engine=engine, master=master if engine == "spark" else None,
            owners_dir=owners_dir, as_of=as_of, started=started, owners=entries,
            wall=time.perf_counter() - t0, removed=removed, ignored=ignored,
            warm={"owners_opted_in": opted, "rows": warm.height}, phases=phases)

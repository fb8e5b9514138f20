"""The Spark engine (PySpark 4.x, imported only here and only when asked for).

    driver: the owners dealt into balanced groups (largest first, each onto the group with
            the fewest input bytes so far), a few groups per executor core
      -> parallelize(groups, one partition each).mapPartitions(_run_group): a Python worker
         runs its group's owners one after the other with `run_owner` (parse, normalise,
         dedupe, tag, worksheets, publish), as a local worker process does
      -> the driver collects one result row per owner for the manifest

Why groups and not one task per owner (or per file): an owner of a few thousand contacts
takes about a second, so what a task costs beyond the work (scheduling, a Python worker,
kith's imports, compiling the keyword rules) would dominate. Python workers are reused
(spark.python.worker.reuse, on by default), so imports and the parsed rules and targets
(cached by content in pipeline.run) are paid once per worker, not per owner. Stage-1 tables
never leave the process that parses them (no shuffle). One owner runs on one core: a batch
spreads owners, not one owner's files.

Executors need the same paths as the driver (a shared file system) for the exports, DIR and
the owners' config files, and kith installed in the Python they run (`PYSPARK_PYTHON`; for a
local master it defaults to this interpreter; on a cluster see pipeline/batch/ship.py).

A Python error is caught per owner (`run_owner` never raises). A task that dies (a Python
worker killed by the OS) fails its Spark job: the owners that completed are known from their
state files; the rest are run again in two halves, recursively, so a single owner that kills
its worker ends up alone and is reported failed while all others complete. An owner a retried
task finds already done in this batch (by its state file) is not run again.
"""

from __future__ import annotations

import logging
import os
import sys

from pipeline.batch import layout
from pipeline.batch.layout import OwnerJob
from pipeline.batch.local import died, weight
from pipeline.batch.owner import RESULT_FIELDS, result_from_state, run_owner

log = logging.getLogger("kith.batch")

GROUPS_PER_CORE = 2  # enough tasks to even out the groups' sizes, few enough to stay cheap
CONFS = {  # SQL settings, set on the session even when it already existed
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",  # owner_id stays a string
}


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyspark") is not None


def session(master: str, conf: dict[str, str] | None = None):
    """(SparkSession, created here). An active session (a test's, a notebook's) is reused.
    `conf`: Spark settings for a new session (--spark-conf, the environment archive)."""
    from pyspark.sql import SparkSession

    from pipeline.batch.ship import executor_python

    conf = dict(conf or {})
    active = SparkSession.getActiveSession()
    if master.startswith("local") and "spark.pyspark.python" not in conf:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if active is None:
        builder = (SparkSession.builder.master(master).appName("kith batch")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false"))
        for key, value in conf.items():
            builder = builder.config(key, value)
        with executor_python(conf):
            spark = builder.getOrCreate()
    else:
        spark = active
        if active.sparkContext.master != master or conf:
            log.warning("using the active Spark session (master %s) as it is, not %s with "
                        "the settings given.", active.sparkContext.master, master)
    if active is None:
        spark.sparkContext.setLogLevel("ERROR")
        logging.getLogger("py4j").setLevel(logging.WARNING)
    for key, value in CONFS.items():
        spark.conf.set(key, value)
    return spark, active is None


def groups(jobs: list, n: int, size=weight) -> list[list]:
    """`jobs` dealt into at most `n` groups of about equal `size` (input bytes): largest first,
    each onto the group with the least so far (ties: the one with fewer owners, then the
    first). Each group is largest first; none is empty; the same jobs give the same groups."""
    sizes = {id(job): size(job) for job in jobs}
    bins: list[list] = [[0, i, []] for i in range(max(1, min(n, len(jobs))))]
    for job in sorted(jobs, key=lambda j: sizes[id(j)], reverse=True):
        lightest = min(bins, key=lambda b: (b[0], len(b[2]), b[1]))
        lightest[0] += sizes[id(job)]
        lightest[2].append(job)
    return [b[2] for b in bins if b[2]]


def _run_group(dealt):
    """mapPartitions: one group's owners, one after the other, in this Python worker."""
    for job in (job for group in dealt for job in group):
        state = layout.load_state(job.work)
        if state and state.get("batch_id") == job.batch_id:  # a retried task: done already
            yield result_from_state(job, state, "ok")
        else:
            yield run_owner(job)


def _submit(spark, jobs: list[OwnerJob]) -> list[dict]:
    sc = spark.sparkContext
    dealt = groups(jobs, sc.defaultParallelism * GROUPS_PER_CORE)
    sc.setJobDescription(f"kith batch: {len(jobs)} owners in {len(dealt)} groups")
    # one group per partition: parallelize slices a list of n items into n partitions of one
    return sc.parallelize(dealt, len(dealt)).mapPartitions(_run_group).collect()


def _recover(jobs: list[OwnerJob], results: dict, on_result) -> list[OwnerJob]:
    """After a failed Spark job: owners that completed in this batch (by their state file)
    are taken as done; the others are returned."""
    rest = []
    for job in jobs:
        state = layout.load_state(job.work)
        if state and state.get("batch_id") == job.batch_id:
            results[job.owner_id] = result_from_state(job, state, "ok")
            if on_result:
                on_result(results[job.owner_id])
        else:
            rest.append(job)
    return rest


def _attempt(spark, jobs: list[OwnerJob], results: dict, on_result, retries: int = 1) -> None:
    """Run jobs; after a failure, recurse on halves. A lone owner is retried once before it
    is declared dead: the job after a killed Python worker can fail while Spark replaces it."""
    try:
        rows = _submit(spark, jobs)
    except Exception as exc:  # noqa: BLE001 - a dead task fails the job, not the batch
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        log.warning("a Spark job failed (%s); owners without a result are retried.", first)
        rest = _recover(jobs, results, on_result)
        if len(rest) == 1 and retries > 0:
            _attempt(spark, rest, results, on_result, retries - 1)
        elif len(rest) == 1:
            results[rest[0].owner_id] = died(rest[0], "the Spark task running this owner died "
                                             f"({first}); the other owners were not affected")
            if on_result:
                on_result(results[rest[0].owner_id])
        elif rest:
            half = len(rest) // 2
            _attempt(spark, rest[:half], results, on_result)
            _attempt(spark, rest[half:], results, on_result)
        return
    for row in rows:
        res = {k: row.get(k) for k in RESULT_FIELDS}
        results[res["owner_id"]] = res
        if on_result:
            on_result(res)


def run_spark(spark, jobs: list[OwnerJob], on_result=None) -> dict[str, dict]:
    """owner_id -> run_owner result, for every job."""
    results: dict[str, dict] = {}
    if jobs:
        _attempt(spark, jobs, results, on_result)
    return results

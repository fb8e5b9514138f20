"""The Spark engine (PySpark 4.x, imported only here and only when asked for).

    driver: one row per owner (the pickled OwnerJob) and one per input file (its Source)
      -> mapInArrow(_parse): `ingest_one` parses each file on an executor; its stage-1 tables
         travel as Arrow IPC in the row, with the owner id
      -> groupBy("owner_id").applyInArrow(_run_group): the owner's parsed files are put into
         the owner's stage-1 cache under the content hash `run()` keys them by, then
         `run_owner` runs `pipeline.run.run` (it finds every file parsed), publishes the
         owner's partitions and worksheets, and returns one result row
      -> the driver collects the result rows for the manifest

Executors need the same paths as the driver (a shared file system) for the exports, DIR and
the owners' config files, and kith installed in the Python they run (`PYSPARK_PYTHON`; for a
local master it defaults to this interpreter).

A task that dies (a Python worker killed by the OS, not a Python error: those are caught per
owner) fails its Spark job. The owners that completed are known from their state files; the
rest are run again in two halves, recursively, so a single owner that kills its worker ends up
alone and is reported failed while all others complete.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import sys
import time

import polars as pl

from pipeline import cache
from pipeline.batch import layout
from pipeline.batch.layout import OwnerJob
from pipeline.batch.local import died
from pipeline.batch.owner import RESULT_FIELDS, result_from_state, run_owner
from pipeline.formats.base import Parsed
from pipeline.inputs import walk

log = logging.getLogger("kith.batch")

FILE_ROWS = "owner_id string, seq int, job binary, source binary"
PAYLOADS = ("contacts", "interactions", "owner", "rejects")
ENVELOPE = ("owner_id string, seq int, job binary, cache_key string, fmt string, status string, "
            "reason string, rows_total long, encoding string, "
            + ", ".join(f"{p} binary" for p in PAYLOADS)
            + ", parse_seconds double")
RESULT = ("owner_id string, status string, reason string, run_id string, seconds double, "
          "parse_seconds double, stages string, counts string, rejects long, opted_in boolean")
CONFS = {  # SQL settings, set on the session even when it already existed
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",  # owner_id stays a string
    "spark.sql.adaptive.coalescePartitions.enabled": "false",  # keep one task per few owners
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


def _ipc(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_ipc_stream(buf)
    return buf.getvalue()


def _parse(batches):
    """mapInArrow: owner rows pass through; each file row becomes its stage-1 cache entry."""
    import pyarrow as pa

    from pipeline.stages.ingest import READER_FAILED, ingest_one

    schema = _arrow(ENVELOPE)
    for batch in batches:
        for row in batch.to_pylist():
            out = dict.fromkeys(schema.names)
            out.update(owner_id=row["owner_id"], seq=row["seq"], job=row["job"])
            if row["seq"] >= 0:
                src, limits, encoding = pickle.loads(row["source"])
                t0 = time.perf_counter()
                res = ingest_one(src, limits, encoding)
                key = res.row.get("cache_key")
                if key and res.row["format"] != READER_FAILED:
                    out.update(cache_key=key, fmt=res.row["format"], status=res.row["status"],
                               reason=res.row["reason"])
                    if res.parsed is not None:
                        out["rows_total"] = res.parsed.rows_total
                        out["encoding"] = res.parsed.encoding
                        out.update({p: _ipc(getattr(res.parsed, p)) for p in PAYLOADS})
                out["parse_seconds"] = time.perf_counter() - t0
            yield pa.RecordBatch.from_pylist([out], schema=schema)


def _entry(row: dict) -> cache.Entry:
    parsed = None
    if row["contacts"] is not None:
        frames = {p: pl.read_ipc_stream(io.BytesIO(row[p])) for p in PAYLOADS}
        parsed = Parsed(rows_total=row["rows_total"], encoding=row["encoding"], **frames)
    return cache.Entry(row["fmt"], row["status"], row["reason"], parsed)


def _run_group(table):
    """applyInArrow: all rows of one owner -> one result row."""
    import pyarrow as pa

    rows = table.to_pylist()
    job = pickle.loads(next(r["job"] for r in rows if r["seq"] < 0))
    files = [r for r in rows if r["seq"] >= 0]
    entries = [(r["cache_key"], _entry(r)) for r in files if r["cache_key"]]
    res = run_owner(job, entries, parse_seconds=sum(r["parse_seconds"] or 0.0 for r in files))
    return pa.Table.from_pylist([res], schema=_arrow(RESULT))


def _arrow(ddl: str):
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int32(), "long": pa.int64(), "binary": pa.binary(),
             "double": pa.float64(), "boolean": pa.bool_()}
    return pa.schema([(n, types[t]) for n, t in (c.strip().split(" ") for c in ddl.split(","))])


def _file_rows(jobs: list[OwnerJob]):
    import pyarrow as pa

    cols: dict[str, list] = {"owner_id": [], "seq": [], "job": [], "source": []}

    def add(owner_id, seq, job, source):
        for k, v in zip(cols, (owner_id, seq, job, source), strict=True):
            cols[k].append(v)

    for job in jobs:
        add(job.owner_id, -1, pickle.dumps(job), None)
        if job.error is None:
            found = walk(job.inputs, job.exclude(), job.cfg.limits)
            for i, src in enumerate(found.sources):
                add(job.owner_id, i, None,
                    pickle.dumps((src, job.cfg.limits, job.cfg.fallback_encoding)))
    return pa.table(cols, schema=_arrow(FILE_ROWS))


def _submit(spark, jobs: list[OwnerJob]) -> list[dict]:
    rows = _file_rows(jobs)
    spark.sparkContext.setJobDescription(f"kith batch: {len(jobs)} owners, "
                                         f"{rows.num_rows - len(jobs)} files")
    cores = spark.sparkContext.defaultParallelism
    spark.conf.set("spark.sql.shuffle.partitions", str(max(1, min(len(jobs), cores * 4))))
    files = spark.createDataFrame(rows).repartition(max(1, min(rows.num_rows, cores * 4)))
    parsed = files.mapInArrow(_parse, ENVELOPE)
    results = parsed.groupBy("owner_id").applyInArrow(_run_group, RESULT)
    return [r.asDict() for r in results.collect()]


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

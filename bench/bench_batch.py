"""`make bench-batch`: `kith batch` throughput on generated owners, local and Spark engines.

    python bench/bench_batch.py [--owners 24] [--min-people 400] [--max-people 2400]
                                [--engines local,spark] [--master local[2]] [--seed 1]
                                [--executors 50] [--executor-cores 4] [--target 100000000]
                                [--standalone [--env-archive PATH]]

Generates OWNERS owners with pipeline.synth (LinkedIn archive + Google CSV + vCard each, sizes
spread evenly between the bounds; truth files outside the owner folders), runs `kith batch`
on each engine from an empty bench/out/batch/<engine>/ (no stage-1 cache), and reports records per second
(contact records of `records.parquet`, wall clock of the whole batch), the per-stage split
(seconds of worker time summed over owners), and a projection for TARGET records on a cluster.
Results: stdout and bench/out/batch/report.json.

--standalone runs the Spark engine on a standalone cluster started here (one master, one worker
with all cores, loopback only; tests/spark_standalone.py) whose executors get kith only from
the environment archive (`kith batch-env`, built once into bench/out/batch/ unless --env-archive
is given), and reports where the wall clock goes: session start, the executor check (executor
start, archive fetch and unpack, imports), the owners' job, warm paths.

The projection assumes (each printed with the figures): the measured worker seconds per record
of the Spark run (parse on mapInArrow + the per-owner stages under applyInArrow), executor
cores as fast as one core here, owners of the benchmark's size mix (a few thousand contacts;
per-owner cost is close to linear in records at that size because dedupe blocks are capped),
a scheduling/straggler efficiency of 85 %, the measured driver-side seconds per owner (listing,
fingerprints, job rows; serial on the driver), the measured stage-1 shuffle bytes per record
over 1 Gbit/s per executor, and 60 s for application start-up and the warm-paths job.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from pipeline.batch import run_batch  # noqa: E402
from pipeline.synth import generate  # noqa: E402

OUT = HERE / "out" / "batch"
AS_OF = dt.date(2025, 12, 1)
EFFICIENCY = 0.85
STARTUP_S = 60.0
NET_BYTES_S = 125e6  # 1 Gbit/s per executor


def make_owners(n: int, lo: int, hi: int, seed: int) -> Path:
    owners, truth = OUT / "owners", OUT / "truth"
    marker = OUT / "owners.json"
    want = {"owners": n, "min": lo, "max": hi, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == want:
        return owners
    shutil.rmtree(owners, ignore_errors=True)
    shutil.rmtree(truth, ignore_errors=True)
    truth.mkdir(parents=True)
    t0 = time.perf_counter()
    for i in range(n):
        people = lo + (hi - lo) * i // max(1, n - 1)
        oid = f"owner{i:04d}"
        with contextlib.redirect_stdout(io.StringIO()):
            generate(people, seed * 1000 + i, owners / oid,
                     truth_path=truth / f"{oid}.parquet",
                     people_truth_path=truth / f"{oid}-people.parquet")
    print(f"generated {n} owners ({lo}-{hi} contacts) in {time.perf_counter() - t0:.1f} s")
    marker.write_text(json.dumps(want))
    return owners


def shuffle_bytes(out: Path) -> int:
    """Stage-1 tables as Arrow IPC (what mapInArrow hands to applyInArrow)."""
    total = 0
    for folder in (out / "owners").glob("*/out/stages/ingest"):
        for table in ("contacts", "interactions", "owner", "rejects"):
            buf = io.BytesIO()
            pl.read_parquet(folder / f"{table}.parquet").write_ipc_stream(buf)
            total += len(buf.getvalue())
    return total


def bench(engine: str, owners: Path, master: str, conf: dict | None = None) -> dict:
    out = OUT / engine
    shutil.rmtree(out, ignore_errors=True)  # a cold start: no stage-1 cache, no state
    spark, start_s = None, 0.0
    if engine == "spark":
        from pipeline.batch import spark as spark_mod

        t0 = time.perf_counter()
        spark, _ = spark_mod.session(master, conf)
        start_s = time.perf_counter() - t0
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    report = run_batch(owners, out, engine=engine, master=master if spark else None,
                       as_of=AS_OF, force=True, spark=spark)
    wall = time.perf_counter() - t0
    if spark is not None:
        spark.stop()
    s = report.manifest["summary"]
    return {"engine": engine, "master": master if spark else None,
            "workers": None if spark else os.cpu_count(), "owners_ok": s["ok"],
            "owners_failed": s["failed"], "records": s["records_processed"],
            "people": s["people_processed"], "wall_s": round(wall, 2),
            "session_start_s": round(start_s, 2),
            "records_per_s": round(s["records_processed"] / wall, 1),
            "worker_s": round(s["owner_seconds"] + s["stage_seconds"]["ingest_parse"], 2),
            "stage_seconds": s["stage_seconds"], "load_avg_before": round(load, 2),
            "load_avg_after": round(os.getloadavg()[0], 2), "out": str(out),
            "phases_s": report.manifest.get("phases", {})}


def project(run: dict, owners_n: int, driver_s_per_owner: float, shuffle_per_record: float,
            a: argparse.Namespace) -> dict:
    per_record = run["worker_s"] / max(1, run["records"])
    owners_needed = a.target / max(1, run["records"] / owners_n)
    cores = a.executors * a.executor_cores
    compute = a.target * per_record / (cores * EFFICIENCY)
    driver = owners_needed * driver_s_per_owner
    shuffle = a.target * shuffle_per_record / (a.executors * NET_BYTES_S)
    total = STARTUP_S + driver + compute + shuffle
    return {"target_records": a.target, "executors": a.executors,
            "executor_cores": a.executor_cores, "worker_s_per_record": per_record,
            "owners": round(owners_needed), "compute_s": round(compute),
            "driver_s": round(driver), "shuffle_s": round(shuffle), "startup_s": STARTUP_S,
            "efficiency": EFFICIENCY, "total_s": round(total),
            "total_min": round(total / 60, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--owners", type=int, default=24)
    ap.add_argument("--min-people", type=int, default=400)
    ap.add_argument("--max-people", type=int, default=2400)
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--executors", type=int, default=50)
    ap.add_argument("--executor-cores", type=int, default=4)
    ap.add_argument("--target", type=int, default=100_000_000)
    ap.add_argument("--standalone", action="store_true",
                    help="Spark on a loopback standalone cluster, kith shipped as an archive")
    ap.add_argument("--env-archive", type=Path, help="with --standalone: an existing archive")
    a = ap.parse_args()
    with contextlib.ExitStack() as stack:
        conf = None
        if a.standalone:
            conf = standalone(stack, a)
            a.master = conf.pop("master")
        return run_all(a, conf)


def standalone(stack: contextlib.ExitStack, a: argparse.Namespace) -> dict:
    """Start the cluster (stopped when the stack closes); Spark settings that ship kith."""
    sys.path.insert(0, str(ROOT / "tests"))
    from spark_standalone import LOOPBACK, Standalone

    from pipeline.batch import ship

    archive = a.env_archive or OUT / "kith-env.tar.gz"
    t0 = time.perf_counter()
    if not archive.exists():
        ship.build_env_archive(archive)
        print(f"built {archive} ({archive.stat().st_size / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - t0:.1f} s")
    os.environ["SPARK_LOCAL_IP"] = LOOPBACK
    t0 = time.perf_counter()
    cluster = stack.enter_context(Standalone(OUT / "cluster", cores=os.cpu_count() or 2,
                                             memory="6g"))
    print(f"standalone cluster {cluster.url} up in {time.perf_counter() - t0:.1f} s")
    return {"master": cluster.url, "spark.driver.host": LOOPBACK,
            "spark.driver.bindAddress": LOOPBACK, **ship.archive_conf(str(archive))}


def run_all(a: argparse.Namespace, conf: dict | None) -> int:
    owners = make_owners(a.owners, a.min_people, a.max_people, a.seed)
    from pipeline import config as config_mod
    from pipeline.batch import layout
    from pipeline.batch.spark import _file_rows

    def plan() -> int:  # what the driver does per owner before any work is shipped
        jobs = [layout.prepare(d, OUT / "plan", config_mod.Config(), AS_OF, "x")
                for d in layout.discover(owners)[0]]
        _file_rows(jobs)
        return len(jobs)

    plan()  # imports and caches warm
    t0 = time.perf_counter()
    n = plan()
    driver_s = (time.perf_counter() - t0) / n
    runs = []
    for engine in [e.strip() for e in a.engines.split(",") if e.strip()]:
        runs.append(bench(engine, owners, a.master, conf if engine == "spark" else None))
        r = runs[-1]
        print(f"{engine:5s}: {r['records']} records of {r['owners_ok']} owners in {r['wall_s']} s"
              f" = {r['records_per_s']} records/s (session start {r['session_start_s']} s, "
              f"load {r['load_avg_before']} -> {r['load_avg_after']})")
        print("       wall seconds by phase: "
              + ", ".join(f"{k} {v:.1f}" for k, v in r["phases_s"].items()))
        split = {k: v for k, v in r["stage_seconds"].items() if v}
        print("       worker seconds by stage: "
              + ", ".join(f"{k} {v:.1f}" for k, v in split.items()))
    report = {"generated": {"owners": a.owners, "people": [a.min_people, a.max_people]},
              "master": a.master, "standalone": a.standalone, "runs": runs, "driver_s_per_owner": round(driver_s, 4)}
    spark_run = next((r for r in runs if r["engine"] == "spark"), None)
    if spark_run:
        per_record = shuffle_bytes(Path(spark_run["out"])) / max(1, spark_run["records"])
        p = project(spark_run, a.owners, driver_s, per_record, a)
        p["shuffle_bytes_per_record"] = round(per_record)
        report["projection"] = p
        print(f"projection: {p['target_records']:.0e} records (~{p['owners']} owners) on "
              f"{p['executors']} executors x {p['executor_cores']} cores: ~{p['total_min']} min "
              f"(compute {p['compute_s']} s at {p['worker_s_per_record'] * 1e3:.2f} ms/record "
              f"and {p['efficiency']:.0%} efficiency, driver {p['driver_s']} s, shuffle "
              f"{p['shuffle_s']} s at {p['shuffle_bytes_per_record']} B/record, start-up "
              f"{p['startup_s']:.0f} s)")
    (OUT / "report.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

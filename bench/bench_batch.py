"""`make bench-batch`: `kith batch` throughput on generated owners, local and Spark engines.

    python bench/bench_batch.py [--owners 24] [--min-people 400] [--max-people 2400]
                                [--engines local,spark] [--generators synth,synth_spec]
                                [--master local[2]] [--seed 1] [--executors 50]
                                [--executor-cores 4] [--target 100000000]
                                [--standalone [--env-archive PATH]] [--out DIR]

Generates OWNERS owners with each generator (pipeline.synth: LinkedIn archive + Google CSV +
vCard; pipeline.synth_spec, written from the format specs: its default sources), sizes spread
evenly between the bounds, truth files outside the owner folders; runs `kith batch` on each
engine from an empty bench/out/batch/<generator>/<engine>/ (no stage-1 cache), and reports
records per second (contact records of `records.parquet`, wall clock of the whole batch), the
owners' CPU seconds (the records per second they allow on idle cores, and a fit of per-owner
CPU into a fixed part and a part per record: on a shared machine the wall clock moves with
the load, CPU seconds much less), the per-stage split (seconds of worker time summed over
owners), where the wall clock went, and a projection for TARGET records on a cluster. Results: stdout and bench/out/batch/report.json.

--standalone runs the Spark engine on a standalone cluster started here (one master, one worker
with all cores, loopback only; tests/spark_standalone.py) whose executors get kith only from
the environment archive (`kith batch-env`, built once into bench/out/batch/ unless --env-archive
is given; named by a digest of kith's code), and reports where the wall clock goes: session start, the executor check (executor
start, archive fetch and unpack, imports), the owners' job (the owners' own work, and what the
cores spent beyond it: scheduling, Python workers, idle cores at the end), warm paths.

The projection assumes (each printed with the figures): the measured worker seconds per record
of the Spark run (each owner's whole run in a Python worker), executor cores as fast as one
core here, owners of the benchmark's size mix (a few thousand contacts; per-owner cost is close
to linear in records at that size because dedupe blocks are capped), a scheduling/straggler
efficiency of 85 %, the measured driver-side seconds per owner (listing, fingerprints, input
sizes; serial on the driver), and 60 s for application start-up and the warm-paths job.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
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

from pipeline.batch import run_batch  # noqa: E402

OUT = HERE / "out" / "batch"
AS_OF = dt.date(2025, 12, 1)
EFFICIENCY = 0.85
STARTUP_S = 60.0
GENERATORS = ("synth", "synth_spec")


def make_owners(generator: str, n: int, lo: int, hi: int, seed: int) -> Path:
    """OUT/<generator>/owners/owner<i>/ (made once per parameter set), truth beside it."""
    base = OUT / generator
    owners, truth = base / "owners", base / "truth"
    marker = base / "owners.json"
    want = {"owners": n, "min": lo, "max": hi, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == want:
        return owners
    shutil.rmtree(owners, ignore_errors=True)
    shutil.rmtree(truth, ignore_errors=True)
    truth.mkdir(parents=True)
    generate = importlib.import_module(f"pipeline.{generator}").generate
    t0 = time.perf_counter()
    for i in range(n):
        people = lo + (hi - lo) * i // max(1, n - 1)
        oid = f"owner{i:04d}"
        with contextlib.redirect_stdout(io.StringIO()):
            generate(people, seed * 1000 + i, owners / oid,
                     truth_path=truth / f"{oid}.parquet",
                     people_truth_path=truth / f"{oid}-people.parquet")
    print(f"{generator}: generated {n} owners ({lo}-{hi} contacts) in "
          f"{time.perf_counter() - t0:.1f} s")
    marker.write_text(json.dumps(want))
    return owners


def _wall_split(phases: dict, owner_s: float, cores: int, owners_n: int) -> dict:
    """Where the owners' phase went: the owners' own work spread over the cores, and the
    core-seconds beyond it (task scheduling, Python workers, cores idle at the end)."""
    wall = phases.get("owners", 0.0)
    return {"owners_phase_s": round(wall, 2), "owner_work_per_core_s": round(owner_s / cores, 2),
            "beyond_work_core_s": round(max(0.0, wall * cores - owner_s), 2),
            "beyond_work_per_owner_s": round(max(0.0, wall * cores - owner_s) / owners_n, 3)}


def cost_fit(owners: dict) -> dict:
    """Per-owner CPU seconds ~ fixed + per_record * records (least squares over the owners that
    ran): how much of an owner's cost does not depend on its size."""
    pts = [(e["counts"].get("records", 0), e.get("cpu_seconds", 0.0)) for e in owners.values()
           if e["status"] == "ok"]
    n = len(pts)
    if n < 2:
        return {}
    mx, my = sum(x for x, _ in pts) / n, sum(y for _, y in pts) / n
    var = sum((x - mx) ** 2 for x, _ in pts)
    slope = sum((x - mx) * (y - my) for x, y in pts) / var if var else 0.0
    fixed = my - slope * mx
    return {"fixed_cpu_s_per_owner": round(fixed, 3), "cpu_ms_per_record": round(slope * 1e3, 4),
            "fixed_share": round(fixed * n / max(1e-9, sum(y for _, y in pts)), 2)}


def bench(engine: str, owners: Path, out: Path, master: str, conf: dict | None = None) -> dict:
    shutil.rmtree(out, ignore_errors=True)  # a cold start: no stage-1 cache, no state
    spark, start_s, cores = None, 0.0, os.cpu_count() or 1
    if engine == "spark":
        from pipeline.batch import spark as spark_mod

        t0 = time.perf_counter()
        spark, _ = spark_mod.session(master, conf)
        start_s = time.perf_counter() - t0
        cores = spark.sparkContext.defaultParallelism
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    report = run_batch(owners, out, engine=engine, master=master if spark else None,
                       as_of=AS_OF, force=True, spark=spark)
    wall = time.perf_counter() - t0
    if spark is not None:
        spark.stop()
    s = report.manifest["summary"]
    phases = report.manifest.get("phases", {})
    return {"engine": engine, "master": master if spark else None, "cores": cores,
            "owners_ok": s["ok"], "owners_failed": s["failed"], "records": s["records_processed"],
            "people": s["people_processed"], "wall_s": round(wall, 2),
            "session_start_s": round(start_s, 2),
            "records_per_s": round(s["records_processed"] / wall, 1),
            "worker_s": round(s["owner_seconds"], 2),
            "owner_cpu_s": round(s.get("owner_cpu_seconds", 0.0), 2),
            # the owners' work alone on `cores` idle cores (no start-up, no other load)
            "cpu_bound_records_per_s": round(
                s["records_processed"] * cores / max(1e-9, s.get("owner_cpu_seconds", 0.0)), 1),
            "cost_fit": cost_fit(report.manifest["owners"]),
            "stage_seconds": s["stage_seconds"], "load_avg_before": round(load, 2),
            "load_avg_after": round(os.getloadavg()[0], 2), "out": str(out),
            "phases_s": phases,
            "wall_split": _wall_split(phases, s["owner_seconds"], cores, s["ok"] + s["failed"])}


def project(run: dict, owners_n: int, driver_s_per_owner: float, a: argparse.Namespace) -> dict:
    per_record = run["worker_s"] / max(1, run["records"])
    owners_needed = a.target / max(1, run["records"] / owners_n)
    cores = a.executors * a.executor_cores
    compute = a.target * per_record / (cores * EFFICIENCY)
    driver = owners_needed * driver_s_per_owner
    total = STARTUP_S + driver + compute
    return {"target_records": a.target, "executors": a.executors,
            "executor_cores": a.executor_cores, "worker_s_per_record": per_record,
            "owners": round(owners_needed), "compute_s": round(compute),
            "driver_s": round(driver), "startup_s": STARTUP_S,
            "efficiency": EFFICIENCY, "total_s": round(total),
            "total_min": round(total / 60, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--owners", type=int, default=24)
    ap.add_argument("--min-people", type=int, default=400)
    ap.add_argument("--max-people", type=int, default=2400)
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--generators", default=",".join(GENERATORS),
                    help="which generators' owners (the Spark engine: each of them too)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--executors", type=int, default=50)
    ap.add_argument("--executor-cores", type=int, default=4)
    ap.add_argument("--target", type=int, default=100_000_000)
    ap.add_argument("--standalone", action="store_true",
                    help="Spark on a loopback standalone cluster, kith shipped as an archive")
    ap.add_argument("--env-archive", type=Path, help="with --standalone: an existing archive")
    ap.add_argument("--out", type=Path, default=None,
                    help="where owners, outputs and report.json go (default bench/out/batch)")
    a = ap.parse_args()
    if a.out is not None:
        global OUT
        OUT = a.out.resolve()
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

    from pipeline.batch import probe, ship

    # named by kith's code: an archive of another kith fails the executor check
    digest = probe.code_digest(str(ROOT / "pipeline"))[:12]
    archive = a.env_archive or OUT / f"kith-env-{digest}.tar.gz"
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


def driver_seconds_per_owner(owners: Path) -> float:
    """What the driver does per owner before any work is shipped (listing, config, input sizes
    for the grouping), timed on a second pass (imports and file system caches warm)."""
    from pipeline import config as config_mod
    from pipeline.batch import layout
    from pipeline.batch.local import weight

    def plan() -> int:
        jobs = [layout.prepare(d, OUT / "plan", config_mod.Config(), AS_OF, "x")
                for d in layout.discover(owners)[0]]
        for job in jobs:
            weight(job)
        return len(jobs)

    plan()  # imports and file system caches warm
    t0 = time.perf_counter()
    n = plan()
    return (time.perf_counter() - t0) / n


def show(r: dict) -> None:
    print(f"{r['generator']:10s} {r['engine']:5s}: {r['records']} records of {r['owners_ok']} "
          f"owners in {r['wall_s']} s = {r['records_per_s']} records/s (session start "
          f"{r['session_start_s']} s, load {r['load_avg_before']} -> {r['load_avg_after']})")
    print("       wall seconds by phase: "
          + ", ".join(f"{k} {v:.1f}" for k, v in r["phases_s"].items()))
    w = r["wall_split"]
    print(f"       owners phase {w['owners_phase_s']} s on {r['cores']} cores: the owners' work "
          f"{w['owner_work_per_core_s']} s per core, beyond it {w['beyond_work_core_s']} "
          f"core-s ({w['beyond_work_per_owner_s']} s per owner)")
    f = r["cost_fit"]
    print(f"       owners' CPU {r['owner_cpu_s']} s: {r['cpu_bound_records_per_s']} records/s on "
          f"{r['cores']} idle cores; per owner {f.get('fixed_cpu_s_per_owner')} s fixed + "
          f"{f.get('cpu_ms_per_record')} ms per record (fixed: {f.get('fixed_share')} of it)")
    split = {k: v for k, v in r["stage_seconds"].items() if v}
    print("       worker seconds by stage: " + ", ".join(f"{k} {v:.1f}" for k, v in split.items()))


def run_all(a: argparse.Namespace, conf: dict | None) -> int:
    generators = [g.strip() for g in a.generators.split(",") if g.strip()]
    runs, driver_s = [], {}
    for generator in generators:
        owners = make_owners(generator, a.owners, a.min_people, a.max_people, a.seed)
        driver_s[generator] = driver_seconds_per_owner(owners)
        for engine in [e.strip() for e in a.engines.split(",") if e.strip()]:
            r = bench(engine, owners, OUT / generator / engine, a.master,
                      conf if engine == "spark" else None)
            r["generator"] = generator
            runs.append(r)
            show(r)
    report = {"generated": {"owners": a.owners, "people": [a.min_people, a.max_people],
                            "generators": generators},
              "master": a.master, "standalone": a.standalone, "runs": runs,
              "driver_s_per_owner": {g: round(v, 4) for g, v in driver_s.items()}}
    spark_run = next((r for r in runs if r["engine"] == "spark"), None)
    if spark_run:
        p = project(spark_run, a.owners, driver_s[spark_run["generator"]], a)
        report["projection"] = p
        print(f"projection: {p['target_records']:.0e} records (~{p['owners']} owners) on "
              f"{p['executors']} executors x {p['executor_cores']} cores: ~{p['total_min']} min "
              f"(compute {p['compute_s']} s at {p['worker_s_per_record'] * 1e3:.2f} ms/record "
              f"and {p['efficiency']:.0%} efficiency, driver {p['driver_s']} s, start-up "
              f"{p['startup_s']:.0f} s)")
    (OUT / "report.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where a `kith batch` worker's time goes per owner: polars queries counted by stage and by
call site, with their wall milliseconds, and CPU seconds per owner.

    python bench/profile_owner.py OWNERS_DIR [--first 8] [--owners 4] [--warm 4] [--top 30]
                                  [--group]

Runs, in this one process as a batch worker does (POLARS_MAX_THREADS=1), `--warm` owners to
fill the worker's caches, then `--owners` owners from index `--first` (owners sorted by
folder name; bench/bench_batch.py makes OWNERS_DIR = bench/out/batch/<generator>/owners).
Every polars query (an eager DataFrame/Series operation or a LazyFrame collect, all of which
go through one engine call) is counted against the stage running it and against the
innermost kith function that issued it; queries issued from polars' own threads (map_batches
callbacks, the stage-table writer thread) are counted under "(other thread)". Outputs go to
a temporary folder. Per-owner cost is mostly this count times ~0.1-0.3 ms, whatever the
owner's size (see README, `kith batch` throughput).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # as local.py gives each of 2 workers
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from polars.lazyframe import engine  # noqa: E402

from pipeline import config as config_mod  # noqa: E402
from pipeline.batch import layout  # noqa: E402
from pipeline.batch.group import run_group  # noqa: E402
from pipeline.batch.owner import run_owner  # noqa: E402

STAGE_FUNCTIONS = {"_run_ingest": "ingest", "_run_normalize": "normalize",
                   "_run_dedupe": "dedupe", "_run_tag": "tag", "_run_changes": "changes",
                   "run_outreach": "outreach", "_publish": "publish", "publish": "publish",
                   # --group: the work done once for the group's owners (batch/group.py)
                   "_normalize_all": "group: normalize", "_dedupe_all": "group: dedupe",
                   "_tag_all": "group: tag"}


class QueryCounter:
    """Wraps polars' local engine: (stage, call site) -> [queries, wall ms]."""

    def __init__(self) -> None:
        self.by_stage: dict[str, list] = collections.defaultdict(lambda: [0, 0.0])
        self.by_site: dict[str, list] = collections.defaultdict(lambda: [0, 0.0])
        self.original = engine._LocalEngine.collect

    def __enter__(self) -> QueryCounter:
        original, counter = self.original, self

        def collect(eng, *args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(eng, *args, **kwargs)
            finally:
                counter.record((time.perf_counter() - t0) * 1e3)

        engine._LocalEngine.collect = collect
        return self

    def __exit__(self, *exc) -> None:
        engine._LocalEngine.collect = self.original

    def record(self, ms: float) -> None:
        frames = traceback.extract_stack(limit=40)[:-2]
        own = [f for f in frames if "/pipeline/" in f.filename]
        stage = next((STAGE_FUNCTIONS[f.name] for f in reversed(own)
                      if f.name in STAGE_FUNCTIONS), "(other thread)")
        site = (f"{Path(own[-1].filename).parent.name}/{Path(own[-1].filename).name}:"
                f"{own[-1].name}") if own else "(polars thread)"
        for table, key in ((self.by_stage, stage), (self.by_site, site)):
            table[key][0] += 1
            table[key][1] += ms


def _jobs(owners_dir: Path, root: Path) -> list[layout.OwnerJob]:
    cfg = config_mod.Config()
    cfg = dataclasses.replace(cfg, path=None, out=cfg.out.resolve(), inputs=[],
                              files={k: Path(v).resolve() for k, v in cfg.files.items()})
    dirs = layout.discover(owners_dir.resolve())[0]
    return [layout.prepare(d, root, cfg, dt.date(2025, 12, 1), "profile") for d in dirs]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("owners_dir", type=Path)
    ap.add_argument("--first", type=int, default=8)
    ap.add_argument("--owners", type=int, default=4)
    ap.add_argument("--warm", type=int, default=4)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--group", action="store_true",
                    help="run the chosen owners as one group, as the local engine does "
                         "(pipeline/batch/group.py)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kith-profile-") as tmp:
        jobs = _jobs(a.owners_dir, Path(tmp))
        for job in jobs[:a.warm]:
            run_owner(job)
        chosen = jobs[a.first:a.first + a.owners]
        with QueryCounter() as counter:
            if a.group:
                results = list(run_group(chosen).values())
            else:
                results = [run_owner(job) for job in chosen]
    n = max(1, len(results))
    records = sum(json.loads(r["counts"]).get("records", 0) for r in results)
    cpu = sum(r["cpu_seconds"] or 0.0 for r in results)
    print(f"{n} owners, {records / n:.0f} records each on average: {cpu / n:.3f} CPU-s per "
          f"owner (statuses: {sorted({r['status'] for r in results})}; load "
          f"{os.getloadavg()[0]:.1f})")
    total = sum(v[0] for v in counter.by_stage.values())
    print(f"polars queries per owner: {total / n:.0f}")
    for title, table, top in (("by stage", counter.by_stage, None),
                              ("by call site", counter.by_site, a.top)):
        print(f"  {title} (queries per owner, wall ms per owner):")
        rows = sorted(table.items(), key=lambda kv: -kv[1][1])[:top]
        for key, (count, ms) in rows:
            print(f"    {count / n:7.0f} {ms / n:8.1f}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

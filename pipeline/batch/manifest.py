"""DIR/manifest.json: what one `kith batch` did, owner by owner, and how fast.

    owners.<id>.status    ok (ran now) | unchanged (inputs and config as last time: skipped)
                          | failed (reason says why; previous_output_kept when the owner's
                          partitions from an earlier batch are still published)
    summary               owner counts, records processed, records per second, the seconds of
                          each stage summed over the owners that ran (worker time, not wall time),
                          the owners' CPU seconds (owner_cpu_seconds: independent of the load)
    removed               owners whose folder is gone: their partitions and worksheets removed
    ignored               entries of OWNERS_DIR that are not owner folders
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__, schema
from pipeline.outputs import write_json

# Stage seconds as run() reports them (write_and_publish: the rest of each owner's time).
STAGES = ("ingest", "normalize", "dedupe", "tag", "changes", "outreach")


@dataclass
class BatchReport:
    root: Path
    manifest: dict = field(default_factory=dict)

    def owners(self, status: str) -> list[str]:
        return sorted(k for k, v in self.manifest["owners"].items() if v["status"] == status)

    @property
    def failed(self) -> dict[str, str]:
        return {k: v["reason"] for k, v in self.manifest["owners"].items()
                if v["status"] == "failed"}


def owner_entry(res: dict, previous_kept: bool = False) -> dict:
    entry = {"status": res["status"], "reason": res.get("reason"), "run_id": res.get("run_id"),
             "opted_in": bool(res.get("opted_in")), "seconds": res.get("seconds") or 0.0,
             "cpu_seconds": res.get("cpu_seconds") or 0.0,
             "counts": json.loads(res.get("counts") or "{}"),
             "stages": json.loads(res.get("stages") or "{}"), "rejects": res.get("rejects") or 0}
    if res["status"] == "failed":
        entry["previous_output_kept"] = previous_kept
    return entry


def summarise(owners: dict[str, dict], wall: float) -> dict:
    ran = [e for e in owners.values() if e["status"] == "ok"]
    records = sum(e["counts"].get("records", 0) for e in ran)
    stage_seconds = {s: round(sum(e["stages"].get(s, 0.0) for e in ran), 3) for s in STAGES}
    busy = sum(e["seconds"] for e in ran)
    stage_seconds["write_and_publish"] = round(
        max(0.0, busy - sum(stage_seconds.values())), 3)
    return {
        "owners": len(owners),
        "ok": len(ran),
        "unchanged": sum(e["status"] == "unchanged" for e in owners.values()),
        "failed": sum(e["status"] == "failed" for e in owners.values()),
        "records_processed": records,
        "people_processed": sum(e["counts"].get("people", 0) for e in ran),
        "seconds": round(wall, 3),
        "records_per_second": round(records / wall, 1) if wall > 0 else None,
        "owner_seconds": round(busy, 3),
        "owner_cpu_seconds": round(sum(e.get("cpu_seconds", 0.0) for e in ran), 3),
        "stage_seconds": stage_seconds,
    }


def build(root: Path, *, batch_id: str, engine: str, master: str | None, owners_dir: Path,
          as_of: dt.date, started: dt.datetime, owners: dict[str, dict], wall: float,
          removed: list[str], ignored: list[str], warm: dict,
          phases: dict[str, float] | None = None) -> BatchReport:
    manifest = {
        "kith_version": __version__,
        "schema_version": schema.SCHEMA_VERSION,
        "batch_id": batch_id,
        "engine": engine,
        "master": master,
        "owners_dir": str(owners_dir),
        "as_of": as_of.isoformat(),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "owners": dict(sorted(owners.items())),
        "summary": summarise(owners, wall),
        "removed": removed,
        "ignored": ignored,
        "warm_paths": warm,
        "phases": {k: round(v, 3) for k, v in (phases or {}).items()},
        "layout": {"tables": "<table>/owner_id=<id>/part-0.parquet",
                   "worksheets": "worksheets/<id>/", "owner_folders": "owners/<id>/out/"},
    }
    write_json(manifest, root / "manifest.json")
    return BatchReport(root, manifest)

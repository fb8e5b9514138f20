"""The pipeline as library functions: each stage reads and writes its tables under DIR.

The CLI is a thin layer over these. Stage tables live in DIR/stages/<stage>/ so any stage can
be re-run from the previous one's output (`kith normalize` re-runs stage 2 only).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import __version__, schema
from pipeline.config import Config
from pipeline.outputs import Staging, read_table, run_lock
from pipeline.stages.ingest import IngestResult, ingest
from pipeline.stages.normalize import normalize_interactions, normalize_owner, normalize_records

log = logging.getLogger("kith")

INGEST_TABLES = {
    "contacts": schema.CONTACTS_RAW,
    "interactions": schema.INTERACTIONS_RAW,
    "owner": schema.OWNER_RAW,
    "rejects": schema.REJECTS,
    "files": schema.FILES,
}


class NoInputError(Exception):
    """Nothing usable was found in the inputs (exit code 1)."""


@dataclass
class RunReport:
    run_id: str
    out: Path
    counts: dict[str, int] = field(default_factory=dict)
    stages: dict[str, dict] = field(default_factory=dict)
    files: pl.DataFrame | None = None
    rejects: pl.DataFrame | None = None

    @property
    def n_rejects(self) -> int:
        return self.rejects.height if self.rejects is not None else 0


def new_run_id() -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{now}-{secrets.token_hex(3)}"


def _stage_ingest(cfg: Config, inputs: list[Path], out: Path, debug: bool, progress) -> IngestResult:
    res = ingest(inputs, exclude=[out, *cfg.files.values()], limits=cfg.limits,
                 fallback_encoding=cfg.fallback_encoding, debug=debug, progress=progress)
    if res.files.height == 0:
        raise NoInputError("No input files were found.")
    if res.files.filter(pl.col("status") == "ingested").height == 0:
        raise NoInputError("None of the input files is a contact export kith can read "
                           "(see the reasons above).")
    return res


def _normalize(cfg: Config, contacts, interactions, owner) -> dict[str, pl.DataFrame]:
    return {
        "records": normalize_records(contacts, default_region=cfg.default_region),
        "interactions": normalize_interactions(interactions),
        "owner": normalize_owner(owner),
    }


def _manifest(report: RunReport, started: float, as_of: dt.date, inputs: list[Path]) -> dict:
    return {
        "kith_version": __version__,
        "schema_version": schema.SCHEMA_VERSION,
        "run_id": report.run_id,
        "started_at": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "as_of": as_of.isoformat(),
        "inputs": [str(p) for p in inputs],
        "counts": report.counts,
        "stages": report.stages,
    }


def run(cfg: Config, inputs: list[Path], out: Path, *, as_of: dt.date | None = None,
        stages: tuple[str, ...] = ("ingest", "normalize"), debug: bool = False,
        progress=None) -> RunReport:
    """Run the given stages; a stage not run is read back from DIR/stages."""
    as_of = as_of or dt.date.today()
    started = time.time()
    report = RunReport(new_run_id(), out)
    with run_lock(out), Staging(out, report.run_id) as staging:
        if "ingest" in stages:
            t0 = time.perf_counter()
            res = _stage_ingest(cfg, inputs, out, debug, progress)
            tables = {"contacts": res.contacts, "interactions": res.interactions,
                      "owner": res.owner, "rejects": res.rejects, "files": res.files}
            for name, frame in tables.items():
                staging.table(frame, f"stages/ingest/{name}.parquet")
            report.stages["ingest"] = {"seconds": round(time.perf_counter() - t0, 3),
                                       "rows": {k: v.height for k, v in tables.items()}}
        else:
            tables = {name: read_table(out / "stages" / "ingest" / f"{name}.parquet", sch)
                      for name, sch in INGEST_TABLES.items()}
        if "normalize" in stages:
            t0 = time.perf_counter()
            norm = _normalize(cfg, tables["contacts"], tables["interactions"], tables["owner"])
            for name, frame in norm.items():
                staging.table(frame, f"stages/normalize/{name}.parquet")
            report.stages["normalize"] = {"seconds": round(time.perf_counter() - t0, 3),
                                          "rows": {k: v.height for k, v in norm.items()}}
            staging.table(norm["records"], "records.parquet")
            staging.table(norm["interactions"], "interactions.parquet")
            staging.table(norm["owner"], "owner.parquet")
            staging.table(tables["rejects"], "rejects.parquet")
            staging.table(tables["files"], "files.parquet")
            report.counts = {
                "records": norm["records"].height,
                "interactions": norm["interactions"].height,
                "owner": norm["owner"].height,
                "rejects": tables["rejects"].height,
                "files": tables["files"].height,
            }
        report.files = tables["files"]
        report.rejects = tables["rejects"]
        staging.json(_manifest(report, started, as_of, inputs), "manifest.json")
        staging.publish()
    return report

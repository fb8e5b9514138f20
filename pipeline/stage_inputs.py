"""The first two stages' runners: ingest (every input file read) and normalize (the
contacts and interactions normalised, rows of the current run reused on a refresh, phone
numbers read in the region the book's numbers name). stage_runs.RUNNERS calls them with the
run's Context.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipeline import refresh, schema, suppress
from pipeline.config import Config
from pipeline.errors import Failed
from pipeline.inputs import MISSING
from pipeline.normalize import phones
from pipeline.progress import Progress

if TYPE_CHECKING:  # these stages' modules are imported when they run: a nightly refresh
    # starting at the tag stage does not pay for them
    from pipeline.normalize.region import Readings
    from pipeline.stage_runs import Context
    from pipeline.stages.ingest import IngestResult

log = logging.getLogger("kith")


INGEST_TABLES = {
    "contacts": schema.CONTACTS_RAW,
    "interactions": schema.INTERACTIONS_RAW,
    "owner": schema.OWNER_RAW,
    "rejects": schema.REJECTS,
    "files": schema.FILES,
}


NORMALIZE_TABLES = {
    "records": schema.RECORDS,
    "interactions": schema.INTERACTIONS,
    "owner": schema.OWNER,
}


class NoInputError(Failed):
    """Nothing usable was found in the inputs (exit code 1)."""


def _stage_ingest(cfg: Config, inputs: list[Path], out: Path, debug: bool, progress,
                  workers: int | None = None, incremental: bool = False) -> IngestResult:
    from pipeline.stages.ingest import ingest

    res = ingest(inputs, exclude=[out, *cfg.own_files()], limits=cfg.limits, workers=workers,
                 fallback_encoding=cfg.fallback_encoding, debug=debug, progress=progress,
                 cache_dir=out / "cache" / "ingest",
                 previous=_files_before(out) if incremental else None)
    if res.files.height == 0:
        raise NoInputError("No input files were found.")
    if res.files.filter(pl.col("status") == "ingested").height == 0:
        # every INPUT mistyped: nothing was read, so no file "is not a contact export"
        none = ("None of the input paths exists." if res.files["reason"].eq(MISSING).all()
                else "None of the input files is a contact export kith can read.")
        raise NoInputError(f"{none}\n" + _file_reasons(res.files))
    return res


def _files_before(out: Path) -> dict[str, str] | None:
    """path -> sha256 of the files the current run read: a changed vCard file takes its
    unchanged cards from that version's parse (pipeline.incremental.vcards)."""
    path = out / "current" / "stages" / "ingest" / "files.parquet"
    try:
        files = pl.read_parquet(path, columns=["path", "sha256", "status"])
    except (OSError, pl.exceptions.PolarsError):
        return None
    files = files.filter(pl.col("status") == "ingested")
    return dict(zip(files["path"].to_list(), files["sha256"].to_list(), strict=True))


def _file_reasons(files: pl.DataFrame, shown: int = 10) -> str:
    """Why each file was not read, one line each: the run stops before any summary would."""
    lines = [f"  {row['path']}: {row['status']}, {row['reason'] or 'no reason recorded'}"
             for row in files.sort("path").head(shown).iter_rows(named=True)]
    if files.height > shown:
        lines.append(f"  ... and {files.height - shown} more files")
    return "\n".join(lines)


def _normalize(cfg: Config, contacts, interactions, owner, records=None,
               region: Readings | None = None, interactions_done=None
               ) -> dict[str, pl.DataFrame]:
    """`records`, `interactions_done`: the contacts and interactions normalised already (a
    refresh reusing rows), else None; `region`: the phone readings chosen for them, per file
    (pipeline.normalize.region), else the setting's."""
    from pipeline.stages.normalize import normalize_interactions, normalize_owner, normalize_records

    if records is None:
        apart = region.apart(contacts["source_file"]) if region else None
        records = normalize_records(
            contacts, default_region=region.folder.region if region else cfg.default_region,
            second_region=region.folder.second if region else None,
            rivals=region.folder.rivals if region else (),
            readings=apart[1] if apart else None, phone_scope=apart[0] if apart else None)
    return {
        "records": records,
        "interactions": (normalize_interactions(interactions) if interactions_done is None
                         else interactions_done),
        "owner": normalize_owner(owner),
    }


def _run_ingest(ctx: Context) -> dict[str, pl.DataFrame]:
    files_cb = ctx.progress.files if isinstance(ctx.progress, Progress) else ctx.progress
    res = _stage_ingest(ctx.cfg, ctx.inputs, ctx.out, ctx.debug, files_cb, ctx.ingest_workers,
                        ctx.incremental)
    ctx.stats["ingest"] = {"files_parsed": res.files.height - res.cache_hits,
                           "files_from_cache": res.cache_hits}
    ctx.cache_keys = res.cache_keys
    return {"contacts": res.contacts, "interactions": res.interactions, "owner": res.owner,
            "rejects": res.rejects, "files": res.files}


def _reused_records(ctx: Context, contacts: pl.DataFrame, region: Readings
                    ) -> pl.DataFrame | None:
    """The contacts normalised with the rows the current run normalised taken from it
    (pipeline.incremental.records); None when it cannot vouch for them (or `kith run --full`)."""
    if not ctx.incremental:
        return None
    from pipeline.incremental import records as incremental_records

    previous = incremental_records.previous_records(
        ctx.out, refresh.current_fingerprint(ctx.out), ctx.fingerprint)
    reused = 0
    records = None
    if previous is not None:
        records, reused = incremental_records.normalize_records(
            contacts, default_region=region.folder.region, second_region=region.folder.second,
            rivals=region.folder.rivals, previous=previous, readings=region)
    ctx.stats.setdefault("normalize", {})["records_reused"] = reused
    return records


def _reused_interactions(ctx: Context, interactions: pl.DataFrame) -> pl.DataFrame | None:
    """The interactions normalised with the rows the current run normalised taken from it
    (pipeline.incremental.interactions); None when it cannot vouch for them (or --full)."""
    if not ctx.incremental:
        return None
    from pipeline.incremental import interactions as incremental_interactions

    previous = incremental_interactions.previous_interactions(
        ctx.out, refresh.current_fingerprint(ctx.out), ctx.fingerprint)
    if previous is None:
        return None
    done, reused = incremental_interactions.normalize_interactions(interactions, previous)
    ctx.stats.setdefault("normalize", {})["interactions_reused"] = reused
    return done


def _phone_region(ctx: Context, contacts: pl.DataFrame) -> Readings:
    """How national phone numbers are read (kith.toml's region, or inferred for "auto": the
    folder's choice, and each file with numbers enough its own), recorded beside the stage's
    tables for the next refresh and in the run's manifest."""
    from pipeline.incremental import records as incremental_records
    from pipeline.normalize.region import choose_apart

    readings = ctx.ahead.pop("phone_region", None)  # chosen by a batch's group already
    if readings is None:
        readings = choose_apart(ctx.cfg.default_region, contacts)
    choice = readings.folder
    ctx.stats["normalize"] = {"phone_region": choice.region,
                              "phone_region_second": choice.second,
                              "phone_region_inferred": choice.inferred,
                              "phone_region_doubtful": choice.doubtful,
                              "phone_region_reason": choice.reason}
    saved = {"phone_region": choice.key}
    if readings.files:  # (a folder read one way keeps the file as it was)
        saved["files"] = ctx.stats["normalize"]["phone_region_files"] = readings.keys()
    if ctx.staging is not None:
        ctx.staging.json(saved, incremental_records.REGION_FILE)
    return readings


def _run_normalize(ctx: Context) -> dict[str, pl.DataFrame]:
    ing = ctx.tables["ingest"]
    phone_region = _phone_region(ctx, ing["contacts"])
    norm = ctx.ahead.pop("normalize", None)  # normalised with other owners (kith batch)
    if norm is None:
        records = _reused_records(ctx, ing["contacts"], phone_region)
        norm = _normalize(ctx.cfg, ing["contacts"], ing["interactions"], ing["owner"], records,
                          phone_region, _reused_interactions(ctx, ing["interactions"]))
    digests = suppress.load(ctx.cfg.files.get("suppress"))
    ing, norm, n = suppress.apply(ing, norm, digests)
    ctx.tables["ingest"] = ing
    if n:
        ctx.stats.setdefault("normalize", {})["forgotten_rows"] = n
    lost = phones.spreadsheet_numbers(norm["records"]["phones_invalid"])
    if lost:
        ctx.stats.setdefault("normalize", {})["phones_scientific"] = lost
    return norm

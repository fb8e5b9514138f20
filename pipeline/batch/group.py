"""Several owners in one worker task, with the stages that allow it run once for all of them.

An owner's run costs ~0.8 CPU-s, most of it in ~2,300 small polars queries that cost about
the same whatever their row count (README, `kith batch` throughput). `run_group` runs each
owner's own run (pipeline.batch.owner.owner_steps) up to the normalize stage, normalises the
contacts, interactions and profile rows of every owner that got there as one frame, hands
each owner its own rows and lets each run go on. Each owner gets exactly the rows its run
alone gives: normalisation is row by row (slow parts on distinct values, a pure function of
the value), and ids are counted per owner (`scope`, pipeline/stages/normalize.py). Each
owner's phone numbers are read as its run alone reads them (default_region, or what "auto"
infers from the owner's own numbers): owners whose readings differ share the frame, and
each reading's numbers are parsed as one job (phones.PhoneJobApart); each run takes the
reading chosen here instead of choosing it again (ctx.ahead["phone_region"]). An owner
whose run stopped before normalize (no usable input, a lock) is reported as it would be
alone. If the grouped normalisation fails, each owner normalises its own rows.

The runs then pause again before dedupe: the records' comparison features are built as one
frame (per record or per value; idx and file_code counted per owner) and the candidate pairs
blocked as one frame with every blocking key made its owner's own
(pipeline/batch/grouped_dedupe.py), so each owner's run scores exactly the pairs its run
alone would; if that fails, each run computes its own.

And once more before tag: the owners' own names are parsed as one frame, and each rules file
that two owners or more share is matched against all their labels, organisations, titles and
e-mail domains at once (pipeline/batch/grouped_tag.py); each run joins its own rows to those
matches. If that fails, each run matches its own.
"""

from __future__ import annotations

import json
import logging
import time

import polars as pl

from pipeline import refresh, schema
from pipeline.batch import grouped_dedupe, grouped_tag
from pipeline.batch.layout import OwnerJob
from pipeline.batch.owner import owner_steps
from pipeline.dedupe import copies, features
from pipeline.errors import is_internal
from pipeline.normalize.region import Readings, choose_apart
from pipeline.refresh import file_digest
from pipeline.stage_runs import _parsed
from pipeline.stages.normalize import normalize_interactions, normalize_owner, normalize_records

log = logging.getLogger("kith.batch")


def _together(frames: list[pl.DataFrame], spec: dict) -> tuple[pl.DataFrame, pl.Series]:
    """The frames (each conformed to `spec`) one under another, and each row's frame index."""
    parts = [schema.conform(f, spec) for f in frames]
    scope = pl.Series("scope", [i for i, f in enumerate(parts) for _ in range(f.height)],
                      dtype=pl.UInt32)
    return pl.concat(parts, how="vertical"), scope


def _split(frame: pl.DataFrame, heights: list[int]) -> list[pl.DataFrame]:
    out, start = [], 0
    for h in heights:
        out.append(frame.slice(start, h))
        start += h
    return out


def _row_readings(tables: list[dict], readings: list[Readings]
                  ) -> tuple[pl.Series, list[tuple[str, str | None, tuple[str, ...]]]]:
    """(each contact row's index into the list, the list of RegionChoice.reading): every owner's
    rows read as its run alone reads them, per file (region.Readings.apart)."""
    together: list[tuple[str, str | None, tuple[str, ...]]] = []
    scopes = []
    for table, choice in zip(tables, readings, strict=True):
        files = schema.conform(table["contacts"], schema.CONTACTS_RAW)["source_file"]
        own = choice.apart(files) or (pl.zeros(files.len(), pl.UInt32, eager=True),
                                      [choice.folder.reading])
        scopes.append(own[0] + len(together))
        together.extend(own[1])
    return pl.concat(scopes), together


def normalize_together(tables: list[dict], readings: list[Readings]
                       ) -> list[dict[str, pl.DataFrame]]:
    """Each owner's ingest tables -> that owner's normalize tables (as
    pipeline.stage_runs._normalize gives them), the work done once for all; `readings`: each
    owner's phone readings as its run alone chooses them (region.choose_apart)."""
    out: list[dict[str, pl.DataFrame]] = [{} for _ in tables]
    folders = {r.folder.reading for r in readings}
    if len(folders) == 1 and not any(r.files for r in readings):
        (region, second, rivals), apart, at = folders.pop(), None, None
    else:  # each owner's (and file's) numbers read its own way (phones.PhoneJobApart)
        (region, second, rivals), (at, apart) = ("US", None, ()), _row_readings(tables, readings)
    for name, spec, fn in (
            ("records", schema.CONTACTS_RAW,
             lambda f, s: normalize_records(f, default_region=region, second_region=second,
                                            rivals=rivals, scope=s, readings=apart,
                                            phone_scope=at)),
            ("interactions", schema.INTERACTIONS_RAW, normalize_interactions),
            ("owner", schema.OWNER_RAW, lambda f, _s: normalize_owner(f))):
        source = {"records": "contacts"}.get(name, name)
        frames = [t[source] for t in tables]
        frame, scope = _together(frames, spec)
        done = fn(frame, scope)
        for i, part in enumerate(_split(done, [f.height for f in frames])):
            out[i][name] = part
    return out


def _normalize_all(paused: list) -> float:
    """ctx.ahead["normalize"] for every paused run, each owner's phone numbers read as it
    chooses alone (pipeline.normalize.region: "auto" depends on the owner's own numbers), and
    that choice handed to its run (ctx.ahead["phone_region"]); CPU seconds spent."""
    cpu0 = time.process_time()
    ctxs, readings = [], []
    for _job, _steps, ctx in paused:
        # a run with a current run to take rows from (a night) reuses them alone
        if not ctx.incremental or refresh.current_fingerprint(ctx.out) is None:
            choice = choose_apart(ctx.cfg.default_region, ctx.tables["ingest"]["contacts"])
            ctx.ahead["phone_region"] = choice  # the run's own choice, not made twice
            ctxs.append(ctx)
            readings.append(choice)
    if len(ctxs) < 2:
        return time.process_time() - cpu0  # alone, it normalises in its own run
    try:
        results = normalize_together([c.tables["ingest"] for c in ctxs], readings)
    except BaseException as exc:  # each owner then normalises alone (fails alone); a panic too
        if not is_internal(exc):
            raise
        # the type only: a message could quote a contact's value
        log.warning("grouped normalisation failed (%s); %d owner(s) normalise one by one.",
                    type(exc).__name__, len(ctxs))
        return time.process_time() - cpu0
    for ctx, norm in zip(ctxs, results, strict=True):
        ctx.ahead["normalize"] = norm
    return time.process_time() - cpu0


def _dedupe_all(paused: list) -> float:
    """ctx.ahead["dedupe_split"], ["dedupe_features"], ["dedupe_blocked"], ["dedupe_loose"]
    and ["dedupe_pets"] for every run paused before dedupe: its records' copies found once, its features
    (pipeline.dedupe.features: per record, or per value; idx and file_code counted per owner)
    built as one frame, and its candidate and loose pairs blocked as one frame with every key
    made the owner's own, and the pet-form tests of their given names answered once
    (pipeline/batch/grouped_dedupe.py); CPU seconds spent."""
    cpu0 = time.process_time()
    ctxs = [ctx for _job, _steps, ctx in paused]
    try:
        # of each owner's records without their copies, as dedupe() builds them alone
        splits = [copies.split(c.tables["normalize"]["records"]) for c in ctxs]
        feats = features.build_apart([
            c.tables["normalize"]["records"] if keep is None
            else c.tables["normalize"]["records"].filter(keep)
            for c, (keep, _copied) in zip(ctxs, splits, strict=True)])
        for ctx, part, split in zip(ctxs, feats, splits, strict=True):
            ctx.ahead["dedupe_features"], ctx.ahead["dedupe_split"] = part, split
        blocked = grouped_dedupe.block_apart(feats)
        loose = grouped_dedupe.loose_apart(feats)
        pets = grouped_dedupe.pets_apart(feats, blocked, loose)
    except BaseException as exc:  # each owner then computes its own (fails alone); a panic too
        if not is_internal(exc):
            raise
        log.warning("grouped dedupe features or blocking failed (%s); %d owner(s) compute "
                    "them one by one.", type(exc).__name__, len(ctxs))
        return time.process_time() - cpu0
    for ctx, block, mine in zip(ctxs, blocked, loose, strict=True):
        ctx.ahead["dedupe_blocked"], ctx.ahead["dedupe_loose"] = block, mine
        ctx.ahead["dedupe_pets"] = pets  # answers for any owner: a function of the names
    return time.process_time() - cpu0


def _tag_all(paused: list) -> float:
    """ctx.ahead["tag"] for every run paused before tag: its owner's name key parsed with the
    other owners' and, for the runs sharing one rules file, the rules matched against all
    their values at once (pipeline/batch/grouped_tag.py); CPU seconds spent."""
    cpu0 = time.process_time()
    ctxs = [ctx for _job, _steps, ctx in paused if ctx.redate_from is None]  # re-dated: none
    if len(ctxs) < 2:
        return time.process_time() - cpu0
    try:
        keys = grouped_tag.name_keys([c.tables["normalize"]["owner"] for c in ctxs])
        # by content: owners' copies of one rules file match alike (a rule matches by its
        # entries alone); each run is handed the rules object it parses itself
        by_rules: dict[str, list] = {}
        for ctx in ctxs:
            path = ctx.cfg.files.get("networks")
            try:
                rules = _parsed("rules", path)
            except Exception:  # noqa: BLE001 - its own run reports the rules' error
                continue
            by_rules.setdefault(file_digest(path), []).append((ctx, rules))
        hits = {}
        for key, some in by_rules.items():
            if len(some) > 1:  # one owner's rules alone: matched in its own run
                hits[key] = grouped_tag.hits_apart(
                    [c.tables["dedupe"]["records"] for c, _r in some], some[0][1])
    except BaseException as exc:  # each owner then computes its own (fails alone); a panic too
        if not is_internal(exc):
            raise
        log.warning("grouped tag matching failed (%s); %d owner(s) match one by one.",
                    type(exc).__name__, len(ctxs))
        return time.process_time() - cpu0
    for ctx, key in zip(ctxs, keys, strict=True):
        ctx.ahead["tag"] = {"name_key": key}
    for key, some in by_rules.items():
        for ctx, rules in some if key in hits else ():
            ctx.ahead["tag"].update(rules=rules, hits=hits[key])
    return time.process_time() - cpu0


# The stages whose work is done for the group's owners at once, in ORDER's order: before each,
# every run that got there pauses, and the group computes its part for all of them.
PHASES = (("normalize", _normalize_all), ("dedupe", _dedupe_all), ("tag", _tag_all))
GROUPED = frozenset(name for name, _fn in PHASES)


def _step(steps, spent: list[float]):
    """One step of an owner's run: (stage, ctx) paused, or ("done", result)."""
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        return next(steps)
    except StopIteration as stop:
        return "done", stop.value
    finally:
        spent[0] += time.perf_counter() - t0
        spent[1] += time.process_time() - c0


def _charge(res: dict, spent: list[float], shares: dict[str, tuple[float, float]]) -> dict:
    """The owner's own seconds, plus its share of each grouped work (by contact rows):
    shares: stage -> (CPU seconds, wall seconds)."""
    res["seconds"] = round(spent[0] + sum(w for _c, w in shares.values()), 3)
    res["cpu_seconds"] = round(spent[1] + sum(c for c, _w in shares.values()), 3)
    if res.get("status") == "ok" and shares:
        stages = json.loads(res["stages"])
        for name, (_cpu, wall) in shares.items():
            stages[name] = round(stages.get(name, 0.0) + wall, 3)
        res["stages"] = json.dumps(stages)
    return res


def _grouped(name: str, fn, here: list, shares: dict) -> None:
    """`fn` run once for the runs paused before stage `name` (two or more), its seconds
    shared among them by contact rows."""
    if len(here) < 2:
        return
    t0 = time.perf_counter()
    cpu = fn(here)
    wall = time.perf_counter() - t0
    rows = {job.owner_id: ctx.tables["ingest"]["contacts"].height for job, _s, ctx in here}
    total = max(1, sum(rows.values()))
    for oid, n in rows.items():
        shares[oid][name] = (cpu * n / total, wall * n / total)


def run_group(jobs: list[OwnerJob]) -> dict[str, dict]:
    """owner_id -> run_owner's result for each job, the PHASES' work done once for the
    group."""
    results, spent, shares, paused = {}, {}, {}, []
    for job in jobs:
        spent[job.owner_id], shares[job.owner_id] = [0.0, 0.0], {}
        paused.append((job, owner_steps(job, GROUPED), None))
    stages = [None, *(name for name, _fn in PHASES)]
    for i, name in enumerate(stages):
        fn = dict(PHASES).get(name)
        if fn is not None:
            _grouped(name, fn, [(j, s, v[1]) for j, s, v in paused if v[0] == name], shares)
        later = set(stages[i + 1:])
        waiting = []
        for job, steps, at in paused:
            what, value = at if at is not None and at[0] != name else \
                _step(steps, spent[job.owner_id])
            while what != "done" and what not in later:  # a stage grouped no more
                what, value = _step(steps, spent[job.owner_id])
            if what == "done":
                results[job.owner_id] = value
            else:
                waiting.append((job, steps, (what, value)))
        paused = waiting
    for job in jobs:
        _charge(results[job.owner_id], spent[job.owner_id], shares[job.owner_id])
    return results

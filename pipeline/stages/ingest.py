"""Stage 1: every input file becomes typed rows (contacts, interactions, owner) or rejects.

Files are independent, so they are parsed in worker processes (both cores) when the input is
large enough to repay the start-up; results are combined in the walk's sorted order, which
keeps the output deterministic.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polars as pl

from pipeline import cache, schema
from pipeline.formats.base import Parsed
from pipeline.formats.csvnames import unread_note
from pipeline.incremental import vcards
from pipeline.inputs import (
    InputError,
    Limits,
    Problem,
    Source,
    close_archives,
    file_bytes,
    sha256,
    sheet_bytes,
    walk,
)
from pipeline.stages import ingest_jobs, ingest_unreachable, linkedin_older, vcard_split
from pipeline.stages.ingest_parse import READER_FAILED, parse_file
from pipeline.stages.vcard_split import SplitPlan
from pipeline.startup import (
    INGEST_PARALLEL_MIN_BYTES,
    main_module_hidden,
    pyarrow,
    spawn_pool,
    take_ingest_worker,
)

log = logging.getLogger("kith.ingest")

# Below this many input bytes, worker start-up costs more than it saves.
PARALLEL_MIN_BYTES = INGEST_PARALLEL_MIN_BYTES

@dataclass
class FileResult:
    row: dict
    parsed: Parsed | None = None


@dataclass
class IngestResult:
    contacts: pl.DataFrame
    interactions: pl.DataFrame
    owner: pl.DataFrame
    rejects: pl.DataFrame
    files: pl.DataFrame
    cache_keys: set[str] = field(default_factory=set)
    cache_hits: int = 0


def _file_row(path: str, digest: str, size: int, fmt: str, status: str, reason: str | None,
              parsed: Parsed | None = None) -> dict:
    def distinct(frame: pl.DataFrame) -> int:
        return frame.get_column("source_row").drop_nulls().n_unique() if frame.height else 0

    return {
        "path": path, "sha256": digest, "size_bytes": size, "format": fmt, "status": status,
        "reason": reason, "rows_total": parsed.rows_total if parsed else 0,
        "rows_records": distinct(parsed.contacts) if parsed else 0,
        "rows_interactions": distinct(parsed.interactions) if parsed else 0,
        "rows_owner": distinct(parsed.owner) if parsed else 0,
        "rows_rejected": distinct(parsed.rejects) if parsed else 0,
        "encoding": parsed.encoding if parsed else None,
    }


# A workbook's sheets that hold no table of people are skipped, in a sheet's terms: a sheet of
# dropdown values is no "text document", and an unused sheet no rejected file.
_SHEET_SKIPS = {"empty": "An empty sheet.",
                "document": "A sheet that is not a table of contacts (no header row kith knows)."}


def ingest_one(src: Source, limits: Limits, fallback_encoding: str, debug: bool = False,
               cache_dir: Path | None = None, previous: str | None = None) -> FileResult:
    """`previous`: the sha256 of the file's version the current run read (a refresh), whose
    cached parse a changed vCard file takes its unchanged cards from (incremental.vcards)."""
    sheet_k = None
    try:
        data = file_bytes(src, limits)
        if src.sheet is not None:
            sheet_k = cache.sheet_key(sha256(data), src.sheet)
            known = _known_sheet(src, cache_dir, sheet_k, fallback_encoding)
            if known is not None:
                return known
            data = sheet_bytes(data, src, limits)
    except InputError as exc:
        return FileResult(_file_row(src.rel_path, "", 0, "unknown", "rejected", str(exc)),
                          _whole_file_reject(src.rel_path, str(exc)))
    except OSError as exc:
        reason = f"Cannot read the file ({exc.strerror})."
        return FileResult(_file_row(src.rel_path, "", 0, "unknown", "rejected", reason),
                          _whole_file_reject(src.rel_path, reason))
    digest, size = sha256(data), len(data)
    basename = PurePosixPath(src.rel_path.split("!")[-1]).name
    k = cache.key(digest, fallback_encoding)
    entry = cache.load(cache_dir, k)
    hit = entry is not None
    if entry is None:
        entry = vcards.reparse(data, cache_dir, previous and cache.key(previous, fallback_encoding),
                               fallback_encoding) or parse_file(data, basename, fallback_encoding,
                                                                debug)
        # a reader bug is not remembered: fixed next version
        if entry.fmt != READER_FAILED and cache.worth_storing(entry.fmt, size):
            cache.store(cache_dir, k, entry)
            vcards.remember(cache_dir, k, data, entry)
    if sheet_k is not None and entry.fmt != READER_FAILED:
        cache.store_sheet(cache_dir, sheet_k, digest, size)
    return _sheet_result(src, digest, size, k, entry, hit, sheet_k)


def _known_sheet(src: Source, cache_dir: Path | None, sheet_k: str,
                 fallback_encoding: str) -> FileResult | None:
    """The result for a sheet converted and parsed by an earlier run of the same code, from
    its workbook's hash alone; None when either note is missing or damaged."""
    known = cache.load_sheet(cache_dir, sheet_k)
    if known is None:
        return None
    digest, size = known
    k = cache.key(digest, fallback_encoding)
    entry = cache.load(cache_dir, k)
    if entry is None:
        return None
    return _sheet_result(src, digest, size, k, entry, True, sheet_k)


def _sheet_result(src: Source, digest: str, size: int, k: str, entry: cache.Entry, hit: bool,
                  sheet_k: str | None) -> FileResult:
    if src.sheet is not None and entry.fmt in _SHEET_SKIPS:  # Excel's unused Sheet2, a list
        entry = cache.Entry(entry.fmt, "skipped", _SHEET_SKIPS[entry.fmt], None)
    res = _result(src, digest, size, k, entry, hit)
    res.row["sheet_cache_key"] = sheet_k
    return res


def _result(src: Source, digest: str, size: int, k: str, entry: cache.Entry,
            hit: bool) -> FileResult:
    parsed = entry.parsed
    if parsed is not None:
        path = pl.lit(src.rel_path, dtype=pl.String).alias("source_file")
        parsed.contacts = parsed.contacts.with_columns(path)
        parsed.interactions = parsed.interactions.with_columns(path)
        parsed.owner = parsed.owner.with_columns(path)
        parsed.rejects = parsed.rejects.with_columns(path)
        ingest_unreachable.reject_unreachable(parsed)  # after the path: its rejects name it
    row = _file_row(src.rel_path, digest, size, entry.fmt, entry.status, entry.reason,
                    parsed if entry.status == "ingested" else None)
    row["cache_key"] = k
    row["cache_hit"] = hit
    return FileResult(row, parsed)


def _whole_file_reject(path: str, reason: str) -> Parsed:
    return Parsed(rejects=schema.from_columns(
        {"source_file": [path], "source_row": [None], "reason": [reason], "excerpt": [""]},
        schema.REJECTS))


def _problem_row(p: Problem) -> FileResult:
    row = _file_row(p.rel_path, p.sha256, p.size, p.kind, p.status, p.reason)
    res = FileResult(row)
    if p.status == "rejected":
        res.parsed = Parsed(rejects=schema.from_columns(
            {"source_file": [p.rel_path], "source_row": [None], "reason": [p.reason],
             "excerpt": [""]}, schema.REJECTS))
    return res


def _total_bytes(sources: list[Source]) -> int:
    """Bytes on disk behind the sources (an archive counted once, whatever its members)."""
    total = 0
    for path in {s.disk_path for s in sources}:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
    return total


def ingest(inputs, exclude, limits: Limits, fallback_encoding: str = "auto",
           workers: int | None = None, debug: bool = False,
           progress: Callable[[int, int], None] | None = None,
           cache_dir: Path | None = None, previous: dict[str, str] | None = None
           ) -> IngestResult:
    """`previous`: path -> sha256 of the files the current run read (a refresh: a changed
    vCard file is then read card by card, ingest_one)."""
    found = walk(inputs, exclude, limits)
    results: list[FileResult] = [_problem_row(p) for p in found.problems]
    sources = found.sources
    workers = workers or min(2, os.cpu_count() or 1)
    before = previous or {}
    plans: dict[int, SplitPlan | None] = {}
    # a worker the command line started before the imports (pipeline.startup), else None
    pool = take_ingest_worker(workers - 1)
    try:
        if workers > 1 and _total_bytes(sources) >= PARALLEL_MIN_BYTES:
            if len(sources) > 1:  # parallel whatever the plans say: the workers start
                # (spawn, imports) while the plans read files
                pool = pool or _warm_pool(workers - 1)
            # a file read card by card is not split: its new cards are a small part
            plans = {i: None if vcards.can_reparse(cache_dir, before.get(s.rel_path),
                                                   fallback_encoding)
                     else vcard_split.split_plan(s, workers, fallback_encoding, cache_dir)
                     for i, s in enumerate(sources)}
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    # One file is worth the workers only when it can be split (a phone's whole address book)
    parallel = bool(plans) and (len(sources) > 1 or bool(plans[0]))
    if pool is not None and not parallel:  # the early worker, not needed after all
        pool.shutdown(wait=False, cancel_futures=True)
        pool = None
    done = 0
    try:
        if parallel:
            results += _ingest_parallel(sources, plans, limits, fallback_encoding, debug,
                                        cache_dir, before, workers, progress, pool)
        else:
            for s in sources:
                results.append(ingest_one(s, limits, fallback_encoding, debug, cache_dir,
                                          before.get(s.rel_path)))
                done += 1
                if progress:
                    progress(done, len(sources))
    finally:
        close_archives()  # the archives read from stay open only while ingest reads them
    _log_vcard_readers(results)
    _log_unread_columns(results)
    return combine(results)


def _log_vcard_readers(results: list[FileResult]) -> None:
    """How many vCard cards the vectorised reader read and how many it left to the Python
    reader (files parsed this run; cached files are not counted)."""
    counts = [r.parsed.vcard_cards for r in results if r.parsed is not None
              and r.parsed.vcard_cards is not None]
    if counts:
        fast, fallback = (sum(c[i] for c in counts) for i in (0, 1))
        log.debug("ingest: vCard cards: %d read vectorised, %d by the Python reader "
                  "(fallback)", fast, fallback)


# Tables kith read on their header's evidence alone, of no exporter it knows: a column left
# unread there may hold what only the user can judge (a guest list's second guest), so it is
# named on every run. A known exporter's layout leaves its own columns unread on purpose
# (Outlook's "E-mail Type" and "Priority" on every row): named with -v, or every Outlook user
# would read the same line every night.
_NAMED_ALWAYS = frozenset({"contacts_csv", "headerless_csv"})


def _log_unread_columns(results: list[FileResult]) -> None:
    """Each file's columns with values that kith reads as no field (cached files too)."""
    for r in results:
        if r.parsed is not None and r.parsed.unread and r.row["status"] == "ingested":
            level = logging.INFO if r.row["format"] in _NAMED_ALWAYS else logging.DEBUG
            log.log(level, "ingest: %s", unread_note(r.row["path"], r.parsed.unread))


def _warm() -> None:
    """A worker's first task: unpickling it imports this module (polars, the readers), and
    pyarrow, which every reader's rejects and the vCard rows are built with."""
    pyarrow()


def _warm_pool(processes: int) -> ProcessPoolExecutor:
    """A pool whose workers are already starting: one warm-up task per worker spawns each.
    `processes`: the workers besides this process, which parses its share itself."""
    pool = spawn_pool(processes)
    with main_module_hidden():
        for _ in range(processes):
            pool.submit(_warm)
    return pool


def _ingest_parallel(sources, plans, limits, fallback_encoding, debug, cache_dir,
                     before: dict[str, str], workers, progress,
                     pool: ProcessPoolExecutor | None = None):
    """Files parsed by this process and `workers` - 1 worker processes together
    (ingest_jobs.run_shared), biggest first so they finish together; a big vCard file (a
    phone's whole address book in one file) is split at card boundaries (`plans`).
    `pool`: workers already started (:func:`_warm_pool`), else a pool is started here."""
    jobs = ingest_jobs.ranked(sources, plans)
    left = {i: sum(1 for _, j, _ in jobs if j == i) for i in range(len(sources))}

    def here(job):
        _, i, chunk = job
        if chunk is None:
            return ingest_one(sources[i], limits, fallback_encoding, debug, cache_dir,
                              before.get(sources[i].rel_path))
        return vcard_split.parse_vcard_chunk(sources[i].disk_path, chunk[0], chunk[1],
                                             fallback_encoding)

    def submit(job):
        _, i, chunk = job
        with main_module_hidden():  # a worker not yet started is spawned by this submit
            if chunk is None:
                return pool.submit(ingest_one, sources[i], limits, fallback_encoding, debug,
                                   cache_dir, before.get(sources[i].rel_path))
            return pool.submit(vcard_split.parse_vcard_chunk, sources[i].disk_path, chunk[0],
                               chunk[1], fallback_encoding)

    def done(results):  # progress: the files whose every job has ended
        if progress:
            ended = {i: 0 for i in left}
            for (_, i, _), result in zip(jobs, results, strict=True):
                ended[i] += result is not None
            progress(sum(1 for i, n in left.items() if ended[i] == n), len(sources))

    pool = pool or spawn_pool(workers - 1)
    try:
        results = ingest_jobs.run_shared(jobs, here, submit, workers - 1, done)
    finally:
        # Not waiting for the workers to exit (their interpreters' teardown): the results are
        # all here, and the next stage starts while they go.
        pool.shutdown(wait=False, cancel_futures=True)
    by_index: dict[int, FileResult] = {}
    chunks: dict[int, list] = {}
    for (_, i, chunk), result in zip(jobs, results, strict=True):
        if chunk is None:
            by_index[i] = result
        else:
            chunks.setdefault(i, []).append((chunk[0], result))
    for i, parts in chunks.items():
        by_index[i] = _merge_chunks(sources[i], parts, fallback_encoding, cache_dir, plans[i])
    if progress:
        progress(len(sources), len(sources))
    return [by_index[i] for i in range(len(sources))]


def _merge_chunks(src: Source, parts: list, fallback_encoding: str,
                  cache_dir: Path | None, plan: SplitPlan) -> FileResult:
    """Chunk results in file order, card numbers continued across chunks."""
    k, entry = vcard_split.merged_entry(parts, fallback_encoding, cache_dir, plan)
    if cache_dir is not None:  # its cards' digests, for the file's next version
        with open(src.disk_path, "rb") as fh:
            vcards.remember(cache_dir, k, fh.read(), entry)
    return _result(src, plan.digest, plan.points[-1], k, entry, hit=False)


def _read_once(results: list[FileResult]) -> list[FileResult]:
    """A file whose bytes equal an earlier file's (the zip and the folder unpacked from it,
    a download saved twice) is read once: its copies would double every message and
    invitation. The copy is skipped with the first path as its reason."""
    first_path: dict[str, str] = {}
    kept = []
    for r in results:
        digest = r.row["sha256"]
        if r.row["status"] != "ingested" or not digest:
            kept.append(r)
        elif digest in first_path:
            row = _file_row(r.row["path"], digest, r.row["size_bytes"], r.row["format"],
                            "skipped", f"The same bytes as {first_path[digest]}: read once.")
            kept.append(FileResult(row, None))
        else:
            first_path[digest] = r.row["path"]
            kept.append(r)
    return kept


def _skipped(r: FileResult, reason: str) -> FileResult:
    return FileResult(_file_row(r.row["path"], r.row["sha256"], r.row["size_bytes"],
                                r.row["format"], "skipped", reason))


def combine(results: list[FileResult]) -> IngestResult:
    results = sorted(results, key=lambda r: r.row["path"])
    results = _read_once(linkedin_older.skip_older(results, _skipped))
    parsed = [r.parsed for r in results if r.parsed is not None]

    def cat(attr: str, sch: dict) -> pl.DataFrame:
        frames = [schema.conform(getattr(p, attr), sch) for p in parsed if getattr(p, attr).height]
        return pl.concat(frames) if frames else schema.empty(sch)

    files = schema.from_columns(
        {k: [r.row[k] for r in results] for k in schema.FILES}, schema.FILES
    )
    return IngestResult(
        contacts=cat("contacts", schema.CONTACTS_RAW),
        interactions=cat("interactions", schema.INTERACTIONS_RAW),
        owner=cat("owner", schema.OWNER_RAW),
        rejects=cat("rejects", schema.REJECTS),
        files=files,
        cache_keys={r.row[c] for r in results for c in ("cache_key", "sheet_cache_key")
                    if r.row.get(c)},
        cache_hits=sum(1 for r in results if r.row.get("cache_hit")),
    )

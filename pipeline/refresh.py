"""Incremental refresh: which stages of `kith run` must run again, given the current run.

Every stage's output is a function of a few inputs (see STAGE_INPUTS): the bytes of the export
files, kith's version, settings, the user's own files, the as-of date. A full run records a
digest of each of those inputs in its manifest ("fingerprint"). The next `kith run` computes the
same digests; the first stage one of whose inputs changed, and every stage after it, runs again;
the stages before it are taken from the current run unchanged. When nothing changed, nothing is
recomputed.

Taking a stage from the current run gives exactly what recomputing it would, because each stage
is a pure function of those inputs, with three exceptions, all handled in pipeline.run:
- dedupe's lineage table says how the previous run's ids map onto this run's. Recomputed against
  the current state (which the current run wrote from the same clustering), every id maps to
  itself; `identity_lineage` builds it.
- `changes` compares this run's people with the current run's, so with dedupe and tag reused it
  is empty, and it must run again when the current run's changes table is not empty.
- dedupe's review queue is ranked by what your notes and targets make important and cut at
  its limit ("review_queue"); when only that moved, the reused dedupe tables' queue is ranked
  again (review.rerank) instead of scoring every pair again.

The digests are conservative: the input folders are walked exactly as ingest walks them (same
exclusions, symlinks not followed) and every file's bytes are hashed (a renamed, added or
removed file, a zip whose members changed, a hidden file appearing: all change the digest).
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from pipeline import __version__, build, schema
from pipeline.config import Config
from pipeline.dedupe.ids import STATE_VERSION
from pipeline.incremental.digests import CACHE as DIGESTS_CACHE
from pipeline.incremental.digests import Digests
from pipeline.inputs import excluder, folder_files

# Stage -> the fingerprint parts its output depends on beyond the stages before it.
STAGE_INPUTS: dict[str, tuple[str, ...]] = {
    # suppress belongs to ingest: normalize drops forgotten rows from ingest's stored tables
    "ingest": ("kith", "files", "ingest_settings", "suppress"),
    "normalize": ("default_region",),
    # state: the previous run's id map
    "dedupe": ("decisions", "thresholds", "state"),
    # review_queue: what ranks dedupe's review queue (the people your notes say something
    # about, your target companies) and its limit, not the notes' text. A change re-ranks the
    # reused dedupe tables' queue before tag (run._stages, review.rerank): no scoring again
    "tag": ("networks", "targets", "as_of", "review_queue"),
    "changes": (),
    "outreach": ("notes", "ledger", "plan", "intro_decisions"),
}
FINGERPRINT = "fingerprint.json"  # in the run's folder, beside manifest.json
# Parts recorded when the run ends, from what the run itself wrote: the notes file (kith adds
# rows for new people) and the id state (the next run's previous state).
AT_END = ("notes", "ledger", "state")


def _digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_digest(path: Path | None) -> str:
    """sha256 of a file's bytes; 'missing' or the error for a file that cannot be read."""
    if path is None:
        return "none"
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def _entry(path: Path, known: Digests | None = None) -> str:
    """What ingest can see of one path: its type, and for a regular file its bytes' digest
    (from `known` when the file's stat vouches for it: pipeline.incremental.digests)."""
    try:  # through a link to a file, as ingest reads it (a changed target is a changed input)
        st = path.stat()
    except OSError as exc:
        return f"error:{exc.errno}"
    if not stat.S_ISREG(st.st_mode):
        return f"special:{stat.S_IFMT(st.st_mode)}"
    return known.digest(path, st, file_digest) if known is not None else file_digest(path)


def files_digest(inputs: list[Path], exclude: list[Path], known: Digests | None = None) -> str:
    """One digest over every file under the INPUTs, walked as pipeline.inputs.walk walks them.
    `known`: the digests of the last run, by the files' stat (an unchanged file is not read)."""
    is_excluded = excluder(exclude)
    h = hashlib.sha256()
    for root in inputs:
        root = Path(root)
        h.update(f"\0root\0{root}\0".encode("utf-8", "surrogateescape"))
        if not root.exists():
            h.update(b"missing")
            continue
        if root.is_file():
            h.update(_entry(root, known).encode())
            continue
        for p in folder_files(root, is_excluded):
            h.update(f"\0{p.relative_to(root).as_posix()}\0{_entry(p, known)}".encode(
            "utf-8", "surrogateescape"))  # a file name not in UTF-8 keeps its bytes
    return h.hexdigest()


def end_parts(cfg: Config, state: Path, digest=file_digest) -> dict[str, str]:
    """AT_END parts; `state`: the id state file the run wrote (or will publish)."""
    notes = cfg.files.get("notes")
    ledger = notes.with_name("ledger.csv") if notes is not None else None
    # the job changes kept beside the id state are dedupe's input as much as the ids
    # (dedupe/job_change.py); a run written before them has none
    jobs = state.with_name("job_changes.parquet")
    kept = digest(jobs)
    return {"notes": digest(notes), "ledger": digest(ledger),
            "state": digest(state) + ("" if kept == "missing" else f"+{kept}")}


def fingerprint(cfg: Config, inputs: list[Path], out: Path, as_of) -> dict[str, str]:
    """Every part of STAGE_INPUTS as digests, the AT_END parts as they are now. A file whose
    stat is the one recorded when its bytes were last hashed is not read again
    (pipeline.incremental.digests; DIR/cache/digests.json)."""
    files = cfg.files
    th = cfg.thresholds
    known = Digests(out / DIGESTS_CACHE if inputs else None)

    def digest(path: Path | None) -> str:
        return known.file(path, file_digest)

    parts = {
        "kith": f"{__version__}+{build.digest()}/{schema.SCHEMA_VERSION}/{STATE_VERSION}",
        "files": files_digest(inputs, [out, *cfg.own_files()], known),
        "ingest_settings": _digest(json.dumps([cfg.fallback_encoding, repr(cfg.limits)])),
        "default_region": cfg.default_region,
        "suppress": digest(files.get("suppress")),
        "decisions": digest(files.get("decisions")),
        "thresholds": _digest(repr((th.merge, th.review, th.overwhelming))),
        "networks": digest(files.get("networks")),
        "targets": digest(files.get("targets")),
        "as_of": as_of.isoformat(),
        "plan": _digest(json.dumps(sorted(cfg.plan.items()))),
        # introductions accepted or dismissed (kith serve): the outreach stage reads them
        "intro_decisions": digest(files["notes"].with_name(schema.INTRO_DECISIONS_FILE)
                                  if files.get("notes") else None),
        **end_parts(cfg, out / "state" / "person_ids.parquet", digest),
    }
    # the notes by the digest just taken (a notes file whose stat did not move is not read)
    notes = read_notes(cfg, out, parts["notes"])
    parts["review_queue"] = _queue_digest(review_priority(cfg, notes), th.review_limit)
    known.save()
    return parts


def read_notes(cfg: Config, out: Path, digest: str | None = None) -> pl.DataFrame | None:
    """The notes file parsed (DIR/cache/notes by its digest, `digest` when known), or None:
    no file, or one kith cannot read (the outreach stage reports that)."""
    from pipeline.notes.notes_file import NotesError, load_notes

    path = cfg.files.get("notes")
    if path is None or not Path(path).exists():
        return None
    try:
        return cached_notes(out, Path(path), load_notes, digest)
    except NotesError:
        return None


def review_priority(cfg: Config, notes: pl.DataFrame | None):
    """What ranks dedupe's review queue (pipeline.dedupe.review.Priority): `notes` and the
    target companies' names and aliases."""
    from pipeline.dedupe.review import priority_from
    from pipeline.tagging.targets import load_targets

    names = [n for t in load_targets(cfg.files.get("targets")) for n in (t.company, *t.aliases)]
    return priority_from(notes, names)


def _queue_digest(priority, limit: int) -> str:
    """A note on someone not noted before, a target company added or a new review limit
    re-ranks the queue (and settles other pairs below its limit): a refresh that kept the
    last run's queue wrote another one than a full run and `kith batch` (docs/user37.md)."""
    return _digest(json.dumps([sorted(priority.noted), sorted(priority.target_orgs), limit]))


def queue_moved(out: Path, now: dict[str, str] | None) -> bool:
    """The review queue's ranking inputs differ from those the current run recorded."""
    current = current_fingerprint(out)
    return bool(now) and bool(current) and current.get("review_queue") != now.get("review_queue")


def plan(cfg: Config, inputs: list[Path], out: Path, as_of, stages: tuple[str, ...],
         order: tuple[str, ...], incremental: bool) -> tuple[tuple[str, ...], dict | None]:
    """(the stages to run, () when nothing changed; the fingerprint to record for the next
    run, None when this run cannot vouch for one). `order`: every stage, in order."""
    if stages == order:
        fp = fingerprint(cfg, inputs, out, as_of)
        if not incremental:
            return stages, fp
        stale = first_stale(order, current_fingerprint(out), fp, changes_empty(out))
        return (order[order.index(stale):] if stale else ()), fp
    first = order.index(stages[0])
    if first > 0 and stages[-1] == order[-1]:  # kith normalize, dedupe, forget, merge, ...
        return stages, carry(current_fingerprint(out), order[:first],
                             fingerprint(cfg, [], out, as_of))
    return stages, None


def first_stale(order: tuple[str, ...], current: dict | None, now: dict[str, str],
                changes_empty: bool) -> str | None:
    """The first stage that must run again (None: nothing changed). `current`: the current
    run's recorded fingerprint (None: no usable current run, everything runs)."""
    if not current:
        return order[0]
    for stage in order:
        if stage == "changes" and not changes_empty:
            return stage
        for part in STAGE_INPUTS[stage]:
            if part not in current or current[part] != now.get(part):
                return stage
    return None


def only_as_of_moved(current: dict | None, now: dict[str, str] | None) -> bool:
    """Every input but the as-of date is as the current run recorded it."""
    if not current or not now or current.get("as_of") == now.get("as_of"):
        return False
    return all(current.get(k) == v for k, v in now.items() if k != "as_of")


def current_fingerprint(out: Path) -> dict | None:
    """The fingerprint the current run recorded once it was published and the user's files
    were written (None: no current run, or it did not get that far)."""
    try:
        fp = json.loads((out / "current" / FINGERPRINT).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return fp if isinstance(fp, dict) else None


def carry(current: dict | None, kept: tuple[str, ...], now: dict[str, str]) -> dict | None:
    """The fingerprint of a run that recomputed only the stages after `kept` (kith dedupe,
    forget, merge): the kept stages' parts are the current run's, the others are `now`'s."""
    if not current:
        return None
    parts = {p for stage in kept for p in STAGE_INPUTS[stage]}
    return {k: current[k] if k in parts else v for k, v in now.items()} | \
        {k: current[k] for k in parts if k in current}


def notes_unchanged(out: Path, now: dict[str, str] | None) -> bool:
    """notes.csv is byte for byte the file the current run left."""
    current = current_fingerprint(out)
    return bool(current and now and current.get("notes") == now.get("notes"))


def footer_rows(path: Path) -> int:
    """A Parquet file's row count, from its footer (polars reads nothing else for it; pyarrow's
    reader would cost a refresh its import)."""
    return pl.scan_parquet(path).select(pl.len()).collect().item()


def changes_empty(out: Path) -> bool:
    try:
        return footer_rows(out / "changes.parquet") == 0
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return False


class StageTables(Mapping):
    """A reused stage's tables, read from its folder when first used (a refresh that starts
    at tag never reads ingest's million raw rows). Each table's version and columns are
    checked from its footer at once, so a stale table is found before any stage runs."""

    def __init__(self, folder: Path, tables: dict[str, dict], read):
        self._paths = {t: (folder / f"{t}.parquet", sch) for t, sch in tables.items()}
        self._read_table = read
        self._read: dict[str, pl.DataFrame] = {}
        from pipeline.outputs import check_stage_table

        for path, sch in self._paths.values():
            check_stage_table(path, sch)

    def __getitem__(self, table: str) -> pl.DataFrame:
        if table not in self._read:
            self._read[table] = self._read_table(*self._paths[table])
        return self._read[table]

    def __iter__(self):
        return iter(self._paths)

    def replace(self, table: str, frame: pl.DataFrame) -> None:
        """Use `frame` for `table` from now on (the lineage a refresh rebuilds)."""
        self._read[table] = frame

    def repoint(self, table: str, path: Path) -> None:
        """Read `table` from `path` from now on (the lineage the run before kept)."""
        self._read.pop(table, None)
        self._paths[table] = (path, self._paths[table][1])

    def column(self, table: str, name: str) -> pl.DataFrame:
        """One column of a table, read alone unless the table was read already (the lineage
        a refresh rebuilds needs the million records' person ids, not their 40 columns)."""
        if table in self._read:
            return self._read[table].select(name)
        return pl.read_parquet(self._paths[table][0], columns=[name])

    def height(self, table: str) -> int:
        """The table's row count, from its footer unless it was read already."""
        if table in self._read:
            return self._read[table].height
        return footer_rows(self._paths[table][0])

    def __len__(self) -> int:
        return len(self._paths)


def lineage_is_identity(out: Path) -> bool:
    """The current run took dedupe from the run before it: its lineage (inherited by the next
    run) already maps the same state onto the same ids, as identity_lineage would again."""
    try:
        manifest = json.loads((out / "current" / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    ran = manifest.get("stages_run") if isinstance(manifest, dict) else None
    return isinstance(ran, list) and "ingest" not in ran and "dedupe" not in ran


# Beside dedupe's tables: the lineage the next run gets when it takes dedupe from this one
# (identity_lineage of this run's state and records), made by the run that computed dedupe, in
# its writer thread. Sorting ~700k person ids for it cost the first night after a full run
# ~0.7 s at a million records; that night links this file instead.
NEXT_LINEAGE = "stages/dedupe/lineage_next"


def next_lineage(state: pl.DataFrame, records: pl.DataFrame):
    """What a run that computed dedupe keeps as NEXT_LINEAGE: a callable, so that the stage
    writer computes it (pipeline.outputs.Staging.table) while the next stages run."""
    ids = records.select("person_id")
    return lambda: identity_lineage(state, ids)


def kept_lineage(run: Path) -> Path | None:
    """The current run's NEXT_LINEAGE file when it is a lineage table of this schema version
    (a run of an older kith has none: the lineage is then computed)."""
    from pipeline.outputs import OutputError, check_stage_table

    path = run / f"{NEXT_LINEAGE}.parquet"
    try:
        check_stage_table(path, schema.LINEAGE)
    except OutputError:
        return None
    return path


def identity_lineage(previous: pl.DataFrame | None, records: pl.DataFrame) -> pl.DataFrame:
    """Dedupe's lineage when dedupe is reused: the current state against the same ids.

    The state was written from the same clustering as `records` (the fingerprint's "state"
    part vouches for it), so each record maps to its own id: a previous id is "same" when a
    current record carries it, else "gone" (ids of records no longer in the exports). That is
    what dedupe.stage._lineage computes, without joining a million record ids."""
    if previous is None or previous.height == 0:
        return schema.empty(schema.LINEAGE)
    # previous ids are unique once: sorting them alone gives dedupe's (previous, current) order
    ids = previous.get_column("person_id").unique().sort(nulls_last=True)
    here = ids.is_in(records.get_column("person_id").implode())
    out = pl.DataFrame({"previous_person_id": ids}).with_columns(
        person_id=pl.when(here).then(pl.col("previous_person_id")),
        change=pl.when(here).then(pl.lit("same")).otherwise(pl.lit("gone")))
    return schema.conform(out, schema.LINEAGE)


NOTES_CACHE = Path("cache") / "notes"  # under DIR: the parsed notes file, by its digest


def cached_notes(out: Path, path: Path, load, digest: str | None = None) -> pl.DataFrame:
    """`load(path)` (notes_file.load_notes), from DIR/cache/notes when the file's bytes are
    those a run already parsed or wrote: parsing a notes file of 600,000 people costs ~8 s.
    `digest`: the file's, when the caller has it."""
    digest = digest or file_digest(path)
    cached = out / NOTES_CACHE / f"{digest}.parquet"
    try:
        return pl.read_parquet(cached)
    except (OSError, pl.exceptions.PolarsError):
        pass
    frame = load(path)
    cache_notes(out, digest, frame)
    return frame


def cache_notes(out: Path, digest: str, frame: pl.DataFrame) -> None:
    """Keep `frame` as the parsed notes file whose bytes have `digest` (only the latest)."""
    from pipeline.outputs import write_parquet

    folder = out / NOTES_CACHE
    if (folder / f"{digest}.parquet").exists():
        return
    try:
        write_parquet(frame, folder / f"{digest}.parquet")
        for old in folder.glob("*.parquet"):
            if old.stem != digest:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next run the parse

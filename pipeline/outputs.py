"""Writing the output folder: Parquet tables, stage tables, the manifest, and the run lock.

Each run is written into its own folder and becomes current with one atomic symlink switch;
a crash mid-run leaves the previous run current and intact.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import parquet_splice, schema
from pipeline.errors import Failed, Locked, is_internal
from pipeline.inputs import OUTPUT_MARK


class LockedError(Locked):
    """Another kith run holds the output folder's lock."""


class OutputError(Failed):
    """The output could not be written; the previous output is kept."""


def private_mkdir(path: Path) -> None:
    """Create PATH and every missing folder above it readable by the owner only: mkdir's
    `parents=True` gives the parents the umask's mode (0755), and DIR/cache holds parsed
    contacts as the run folders do."""
    missing = []
    while not path.is_dir():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)


def refuse_shared(out: Path) -> None:
    """Refuse an output folder another user can write in: they could plant a symlink there
    (history.jsonl, .kith.lock, cache) that kith follows, appending to or chmod-ing a file of
    yours, or a cache of made-up contacts that the next run would read. Group-writable is
    fine when the group is your own (user-private groups, umask 002)."""
    st = os.stat(out)
    shared = st.st_mode & 0o002 or (st.st_mode & 0o020 and st.st_gid != os.getegid())
    if st.st_uid != os.geteuid() or shared:
        raise OutputError(
            f"The output folder {out} can be written by other users (mode "
            f"{stat.S_IMODE(st.st_mode):o}, owner uid {st.st_uid}); kith writes your contacts "
            f"there, so it will not: `chmod go-w {out}`, or choose a folder of your own with "
            "--out.")


@contextmanager
def run_lock(out: Path, wait: float = 0.0):
    """Hold an exclusive lock on the output folder for the whole run. Without `wait`, a held
    lock fails at once; with it, kith polls for up to `wait` seconds first."""
    try:
        private_mkdir(out)
        refuse_shared(out)
        fh = open(out / OUTPUT_MARK, "a+")  # noqa: SIM115 (held for the context's life)
        os.chmod(out / OUTPUT_MARK, 0o600)
    except OSError as exc:
        raise OutputError(f"Cannot create the output folder {out} ({exc.strerror}).") from exc
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError as exc:
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            fh.close()
            raise LockedError(f"Another kith run is using {out}; try again later.") from exc
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


@dataclass(frozen=True)
class Splice:
    """A table to write with only `fresh` columns encoded, the others copied from the file
    `previous` (the caller vouches they are equal; `check`: columns compared to be sure)."""
    previous: Path
    fresh: tuple[str, ...]
    check: tuple[str, ...] = ()


class Released:
    """Stands in for a written table that no later stage reads: its row count (for the
    manifest's counts) without its rows."""

    def __init__(self, height: int) -> None:
        self.height = height


def canonical_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its list columns rebuilt where their buffers hold more than their rows. A
    list column sliced, filtered or concatenated from a larger one keeps that one's values
    buffer, and polars' writer cuts the pages of the values by it: the same rows were written
    in other bytes from run to run (a million-record run's ingest table, made from parts read
    in parallel); `list.eval` rebuilds those (~0.002 s a million rows). A list made null by
    `when/then` keeps its values under the null, and the writer writes them too: such columns
    are gathered anew (~0.1 s a million rows), only when a null row holds values."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    if not lists:
        return frame
    frame = frame.with_columns(pl.col(lists).list.eval(pl.element()))
    hidden = [name for name in lists if _values_under_nulls(frame.get_column(name))]
    return frame.with_columns(pl.col(hidden).gather(pl.int_range(pl.len()))) if hidden else frame


def _values_under_nulls(column: pl.Series) -> bool:
    """Whether a null row of a list column still spans values (its offsets move)."""
    if not column.null_count():
        return False
    # here, not at the top: importing pyarrow.compute builds ~290 function wrappers (~0.1 s),
    # which every kith command paid, while only a list column with nulls needs it
    import pyarrow.compute as pc

    arrays = column.to_arrow()
    for chunk in getattr(arrays, "chunks", [arrays]):
        offsets = chunk.offsets
        spanned = offsets[-1].as_py() - offsets[0].as_py() if len(offsets) else 0
        if spanned != (pc.sum(pc.list_value_length(chunk)).as_py() or 0):
            return True
    return False


ROW_GROUP_ROWS = 512 * 512  # polars' own default size, asked for explicitly
# Text held as codes in memory, written as the String its table's schema says (write_parquet)
CODED_TYPES = (pl.Enum, pl.Categorical)


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    private_mkdir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    # No row-group timestamps or random ids, list columns rebuilt: identical frames give
    # identical bytes. Row groups of a fixed size: left to polars, they followed the frame's
    # in-memory chunks, which a lazy query lays out differently from run to run (fast15: the
    # people table of two 1M runs, rows equal, bytes not). zstd level 1: files within 5% of the
    # default level's size for half the CPU, and a run at scale writes a dozen tables of up to
    # millions of rows while the next stage computes.
    options = {"compression": "zstd", "compression_level": 1, "statistics": True,
               "row_group_size": ROW_GROUP_ROWS,
               "metadata": {schema.VERSION_KEY: str(schema.SCHEMA_VERSION)}}
    frame = canonical_lists(frame)
    coded = [name for name, dtype in frame.schema.items() if isinstance(dtype, CODED_TYPES)]
    if coded:
        # every table's schema types its text as String: a column held as codes in memory
        # (dedupe's pairs keep their 14 levels as an Enum, 1 byte a value against 16 as
        # strings: ~1.1 GiB at a million records) becomes text a slice at a time, in the very
        # query polars' write_parquet runs (DataFrame.write_parquet is lazy().sink_parquet),
        # so the file's bytes are those of the frame cast first
        frame.lazy().with_columns(pl.col(coded).cast(pl.String)).sink_parquet(
            tmp, **options, engine="streaming")
    else:
        frame.write_parquet(tmp, **options)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def write_json(data: dict, path: Path) -> None:
    private_mkdir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", "utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _chmod_tree(path: Path) -> None:
    for root, _dirs, files in os.walk(path):
        os.chmod(root, 0o700)
        for f in files:
            fp = os.path.join(root, f)
            if not os.path.islink(fp):
                os.chmod(fp, 0o600)


class Staging:
    """A run is built in DIR/runs/.<id>.tmp, renamed to DIR/runs/<id>, and made current by
    atomically replacing the DIR/current symlink. The output contract's paths (DIR/records.parquet,
    DIR/worksheets, ...) are symlinks through `current`, so they always show one complete run.
    A crash at any moment leaves the previous run current; its leftovers are cleared next time.

    `inherit=True` starts the new run from hard links to the current run's files (stage-only
    commands recompute some tables and keep the rest); files are never modified in place, so
    the links are safe.
    """

    def __init__(self, out: Path, run_id: str, keep: int = 5, inherit: bool = False):
        self.out = out
        self.runs = out / "runs"
        self.run_id = run_id
        self.dir = self.runs / f".{run_id}.tmp"
        self.final = self.runs / run_id
        self.keep = max(1, keep)
        self.inherit = inherit
        self.files: list[Path] = []
        self.dirs: list[Path] = []
        self.published = False

    def __enter__(self) -> Staging:
        try:
            private_mkdir(self.runs)
            for stale in self.runs.glob(".*.tmp"):
                shutil.rmtree(stale, ignore_errors=True)
            for old in self.out.glob(".staging-*"):  # layout of kith 0.1 pre-release
                shutil.rmtree(old, ignore_errors=True)
            current = self.out / "current"
            if self.inherit and current.exists():
                shutil.copytree(current, self.dir, copy_function=os.link, symlinks=True)
            else:
                private_mkdir(self.dir)
        except OSError as exc:
            raise OutputError(f"Cannot write to {self.out} ({exc.strerror}).") from exc
        return self

    def path(self, rel: str) -> Path:
        return self.dir / rel

    def table(self, frame, rel: str, splice: Splice | None = None) -> None:
        """`splice`: the frame's other columns are those of an existing file (a re-dated
        night's people), whose bytes are copied (pipeline.parquet_splice); when that file
        does not fit, the frame is written in full. `frame` may be a callable that makes the
        frame (computed by whichever thread writes it: pipeline.refresh.next_lineage)."""
        if callable(frame):
            frame = frame()
        try:
            if splice is None:
                write_parquet(frame, self.dir / rel)
            elif not parquet_splice.write_spliced(
                    frame, self.dir / rel, splice.previous, splice.fresh, write_parquet,
                    check=splice.check):  # in full (a narrow frame's other columns read now)
                write_parquet(parquet_splice.completed(frame, splice.previous, splice.check),
                              self.dir / rel)
        except OSError as exc:
            raise OutputError(f"Cannot write {rel} ({exc.strerror}).") from exc
        self.files.append(Path(rel))

    def link(self, existing: str, rel: str) -> None:
        """Publish a table already written in this run under a second name (a hard link: the
        bytes are written once)."""
        target = self.dir / rel
        private_mkdir(target.parent)
        if target.exists() or target.is_symlink():
            target.unlink()
        try:
            os.link(self.dir / existing, target)
        except OSError:
            shutil.copyfile(self.dir / existing, target)
        self.files.append(Path(rel))

    def json(self, data: dict, rel: str) -> None:
        try:
            write_json(data, self.dir / rel)
        except OSError as exc:
            raise OutputError(f"Cannot write {rel} ({exc.strerror}).") from exc
        self.files.append(Path(rel))

    def directory(self, rel: str) -> Path:
        """A folder written as part of the run (worksheets); replaces an inherited one."""
        path = self.dir / rel
        shutil.rmtree(path, ignore_errors=True)
        private_mkdir(path)
        self.dirs.append(Path(rel))
        return path

    def publish(self, links: tuple[str, ...]) -> None:
        """Make this run current and point the contract's top-level names through `current`."""
        try:
            _chmod_tree(self.dir)
            os.replace(self.dir, self.final)
            tmp_link = self.out / f".current.{self.run_id}"
            if tmp_link.is_symlink() or tmp_link.exists():
                tmp_link.unlink()
            os.symlink(os.path.join("runs", self.run_id), tmp_link)
            os.replace(tmp_link, self.out / "current")
            self.published = True
            for name in links:
                self._link(name)
            self.prune()
        except OSError as exc:
            raise OutputError(f"Cannot publish the output in {self.out} ({exc.strerror}).") from exc

    def _link(self, name: str) -> None:
        target = self.out / name
        want = os.path.join("current", name)
        if target.is_symlink() and os.readlink(target) == want:
            return
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # an old layout's real folder
        tmp = self.out / f".{name}.link"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(want, tmp)
        os.replace(tmp, target)

    def prune(self) -> None:
        runs = sorted(p for p in self.runs.iterdir() if not p.name.startswith("."))
        for old in runs[: -self.keep]:
            if old.name != self.run_id:
                shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc) -> None:
        if not self.published:
            shutil.rmtree(self.dir, ignore_errors=True)


def private_file_write(path: Path, text: str) -> None:
    """Write a user-owned text file atomically, readable by the owner only."""
    private_mkdir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, "utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class StaleTable(OutputError):
    """A stage table written by another kith version (or damaged): rebuild it."""


def table_version(path: Path) -> int | None:
    """The schema version a kith Parquet file was written with (None: unknown or unreadable)."""
    try:
        return int(pl.read_parquet_metadata(path).get(schema.VERSION_KEY, ""))
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None


def check_stage_table(path: Path, sch: dict) -> None:
    """StaleTable unless `path` is a stage table of this schema version with `sch`'s columns;
    reads only the file's footer."""
    if not path.exists():
        raise OutputError(f"{path} does not exist: run the earlier stage first.")
    try:
        meta = pl.read_parquet_metadata(path)
        columns = list(pl.read_parquet_schema(path))
    except BaseException as exc:  # a truncated or foreign file
        if not is_internal(exc):  # a library's panic counts too
            raise
        raise StaleTable(f"{path} is not a readable Parquet table ({type(exc).__name__}).") \
            from exc
    version = meta.get(schema.VERSION_KEY)
    if version != str(schema.SCHEMA_VERSION):
        raise StaleTable(f"{path} was written by another kith version (schema "
                         f"{version or 'unknown'}, this kith writes {schema.SCHEMA_VERSION}).")
    if columns != list(sch):
        raise StaleTable(f"{path} does not have the columns this kith version expects.")


def read_stage_table(path: Path, sch: dict, columns: list[str] | None = None) -> pl.DataFrame:
    """Read a persisted stage table of this schema version (`columns`: only those);
    StaleTable otherwise."""
    check_stage_table(path, sch)
    try:
        return pl.read_parquet(path, columns=columns)
    except BaseException as exc:  # damaged past its footer
        if not is_internal(exc):  # a library's panic counts too
            raise
        raise StaleTable(f"{path} is not a readable Parquet table ({type(exc).__name__}).") \
            from exc

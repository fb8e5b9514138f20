"""Stage-1 results per input file, keyed by the file's sha256 (incremental refresh).

A nightly refresh re-reads every input's bytes to hash them, but parses only files whose hash,
kith version or code, schema version or decoding settings changed. Entries are written atomically and
validated on read: a damaged entry is a miss, never trusted. Tables without rows are not
written (meta.json lists them under "empty"; most files fill one table of the four, and each
Parquet file costs about a millisecond however small, which `kith batch` pays per owner).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import __version__, build, schema
from pipeline.formats.base import Parsed
from pipeline.outputs import private_mkdir

TABLES = {
    "contacts": schema.CONTACTS_RAW,
    "interactions": schema.INTERACTIONS_RAW,
    "owner": schema.OWNER_RAW,
    "rejects": schema.REJECTS,
}


@dataclass(frozen=True)
class Entry:
    fmt: str
    status: str
    reason: str | None
    parsed: Parsed | None


def key(digest: str, fallback_encoding: str) -> str:
    """The entry's name: the file's bytes, the schema, kith's version and code (a reader
    fixed in a source checkout keeps the version), the decoding setting."""
    return f"{digest[:40]}-{_code()}-{fallback_encoding}"


def _code() -> str:
    """The schema, kith's version and its code, as every cache name carries them."""
    return f"{schema.SCHEMA_VERSION}-{__version__}+{build.digest()}"


def sheet_key(workbook_digest: str, sheet: str) -> str:
    """The name of the note that says which CSV a workbook's sheet became. Converting a sheet
    costs ~0.4 ms a row (openpyxl); the note lets a refresh in which some other file changed
    find the sheet's entry from the workbook's hash, without converting it again."""
    sheet_digest = hashlib.sha256(sheet.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"sheet-{workbook_digest[:40]}-{sheet_digest}-{_code()}"


def load_sheet(root: Path | None, k: str) -> tuple[str, int] | None:
    """The sha256 and size of the CSV the sheet became, or None."""
    if root is None:
        return None
    try:
        note = json.loads((root / k).read_text("utf-8"))
        digest, size = note["sha256"], note["size"]
        if isinstance(digest, str) and len(digest) == 64 and isinstance(size, int):
            return digest, size
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def store_sheet(root: Path | None, k: str, digest: str, size: int) -> None:
    if root is None:
        return
    tmp = root / f".{k}.{os.getpid()}.tmp"
    try:
        private_mkdir(root)
        tmp.write_text(json.dumps({"sha256": digest, "size": size}), "utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, root / k)
    except OSError:  # a note that cannot be written costs a conversion next time, no more
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


# A vCard this small is read again (Python reader, formats/vcard.FAST_MIN_CHARS) in about as
# long as its entry takes to load (~2 ms), and writing the entry costs ~3 ms more: a folder of
# 10,000 one-card files (a CardDAV sync) ingested in 2.3 ms a file uncached, 5 ms cached.
# CSV readers cost ~7 ms a file however small, more than an entry: their entries are kept.
SMALL_VCARD_BYTES = 16 * 1024


def worth_storing(fmt: str, size: int) -> bool:
    """Whether a parsed file's entry saves the next run more than it costs this one."""
    return not (fmt.startswith("vcard") and size < SMALL_VCARD_BYTES)


def load(root: Path | None, k: str) -> Entry | None:
    if root is None:
        return None
    folder = root / k
    try:
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        parsed = None
        if meta["has_tables"]:
            frames = {}
            empty = set(meta.get("empty", ()))
            for name, sch in TABLES.items():
                if name in empty:
                    frames[name] = schema.empty(sch)
                    continue
                frame = pl.read_parquet(folder / f"{name}.parquet")
                if list(frame.columns) != list(sch):
                    return None
                frames[name] = frame
            parsed = Parsed(rows_total=int(meta["rows_total"]), encoding=meta.get("encoding"),
                            unread=tuple((c, int(n)) for c, n in meta.get("unread", ())),
                            **frames)
        return Entry(meta["fmt"], meta["status"], meta["reason"], parsed)
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None


def _as_empty(frame: pl.DataFrame, sch: dict) -> bool:
    """No rows, and the schema's own types: load gives back schema.empty(sch), which is what
    reading the written file would give (source_file is String there either way)."""
    if frame.height or list(frame.columns) != list(sch):
        return False
    have = frame.schema  # built anew at each call: once, not once per column
    return all(have[c] == t for c, t in sch.items() if c != "source_file")


def store(root: Path | None, k: str, entry: Entry) -> None:
    if root is None:
        return
    tmp = root / f".{k}.{os.getpid()}.tmp"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        private_mkdir(root)
        tmp.mkdir(mode=0o700)
        empty = []
        if entry.parsed is not None:
            for name, sch in TABLES.items():
                frame = getattr(entry.parsed, name)
                if _as_empty(frame, sch):
                    empty.append(name)
                    continue
                frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("source_file"))
                frame.write_parquet(tmp / f"{name}.parquet", compression="zstd",
                                   compression_level=1)
        meta = {"empty": empty, "fmt": entry.fmt, "status": entry.status, "reason": entry.reason,
                "has_tables": entry.parsed is not None,
                "rows_total": entry.parsed.rows_total if entry.parsed else 0,
                "encoding": entry.parsed.encoding if entry.parsed else None,
                "unread": entry.parsed.unread if entry.parsed else ()}
        (tmp / "meta.json").write_text(json.dumps(meta), "utf-8")
        for written in tmp.iterdir():  # parsed contacts: the owner's only, as every output
            os.chmod(written, 0o600)
        final = root / k
        if final.exists():
            shutil.rmtree(tmp, ignore_errors=True)
            return
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written is no cache


def prune(root: Path, keep: set[str]) -> None:
    """Drop entries no current input uses."""
    if not root.exists():
        return
    for entry in root.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)

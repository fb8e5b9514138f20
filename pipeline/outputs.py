"""Writing the output folder: Parquet tables, stage tables, the manifest, and the run lock.

Everything of a run is written into a staging folder beside the outputs first and moved into
place only when all of it is written, each file with an atomic rename; a crash mid-run leaves
the previous tables intact.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from pipeline import schema


class LockedError(Exception):
    """Another kith run holds the output folder's lock."""


class OutputError(Exception):
    """The output could not be written; the previous output is kept."""


def private_mkdir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


@contextmanager
def run_lock(out: Path):
    """Hold an exclusive, non-blocking lock on the output folder for the whole run."""
    try:
        private_mkdir(out)
        fh = open(out / ".kith.lock", "a+")  # noqa: SIM115 (held for the context's life)
    except OSError as exc:
        raise OutputError(f"Cannot create the output folder {out} ({exc.strerror}).") from exc
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        fh.close()
        raise LockedError(f"Another kith run is using {out}; try again later.") from exc
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    private_mkdir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    # No row-group timestamps or random ids: identical frames give identical bytes.
    frame.write_parquet(tmp, compression="zstd", statistics=True)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def write_json(data: dict, path: Path) -> None:
    private_mkdir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n", "utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class Staging:
    """Collects a run's files in DIR/.staging and publishes them together."""

    def __init__(self, out: Path, run_id: str):
        self.out = out
        self.dir = out / f".staging-{run_id}"
        self.files: list[Path] = []
        self.dirs: list[Path] = []

    def __enter__(self) -> Staging:
        try:
            if self.dir.exists():
                shutil.rmtree(self.dir)
            private_mkdir(self.dir)
        except OSError as exc:
            raise OutputError(f"Cannot write to {self.out} ({exc.strerror}).") from exc
        return self

    def table(self, frame: pl.DataFrame, rel: str) -> None:
        try:
            write_parquet(frame, self.dir / rel)
        except OSError as exc:
            raise OutputError(f"Cannot write {rel} ({exc.strerror}).") from exc
        self.files.append(Path(rel))

    def json(self, data: dict, rel: str) -> None:
        try:
            write_json(data, self.dir / rel)
        except OSError as exc:
            raise OutputError(f"Cannot write {rel} ({exc.strerror}).") from exc
        self.files.append(Path(rel))

    def directory(self, rel: str) -> Path:
        """A folder published as a whole (worksheets): the old one is swapped out at once."""
        path = self.dir / rel
        private_mkdir(path)
        self.dirs.append(Path(rel))
        return path

    def publish(self) -> None:
        # The manifest goes last: a reader that sees the new manifest sees every new table.
        ordered = sorted(self.files, key=lambda p: (p.name == "manifest.json", str(p)))
        try:
            for rel in self.dirs:
                target = self.out / rel
                private_mkdir(target.parent)
                old = target.with_name(target.name + ".old")
                shutil.rmtree(old, ignore_errors=True)
                if target.exists():
                    os.replace(target, old)
                os.replace(self.dir / rel, target)
                shutil.rmtree(old, ignore_errors=True)
            for rel in ordered:
                target = self.out / rel
                private_mkdir(target.parent)
                os.replace(self.dir / rel, target)
        except OSError as exc:
            raise OutputError(f"Cannot publish the output in {self.out} ({exc.strerror}).") from exc

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def read_table(path: Path, sch: dict) -> pl.DataFrame:
    """Read a persisted table, refusing one whose columns do not match the schema."""
    if not path.exists():
        raise OutputError(f"{path} does not exist: run the earlier stage first.")
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # a truncated or foreign file
        raise OutputError(f"{path} is not a readable Parquet table ({type(exc).__name__}).") from exc
    if list(frame.columns) != list(sch):
        raise OutputError(f"{path} has another schema (made by another kith version?); re-run "
                          "the earlier stage.")
    return schema.conform(frame, sch)

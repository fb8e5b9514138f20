"""Owners, their configs and fingerprints, and where the batch writes each owner's outputs.

An *owner* is a folder OWNERS_DIR/<owner_id>/ (hidden folders and plain files beside them are
ignored); a link there to a folder that is gone is an owner whose run fails saying so. The owner's config is their own kith.toml when the folder has one (paths relative to
it, as for `kith run --config`), else the batch config (`kith batch --config`, else ./kith.toml,
else built-in defaults) with the owner's notes, ledger, decisions and suppression list kept in
DIR/owners/<owner_id>/. kith's own files (kith.toml, the notes and rules files, the opt-in flag)
are never ingested.

Opting in to the shared warm-paths view: an `OPT_IN` file in the owner's folder (any content),
or `share_warm_paths = true` at the top of their kith.toml.

An owner's *fingerprint* hashes the contents of every input file (by path), the owner's config
and own files (rules, targets, decisions, notes, ledger, suppression list), the batch config,
kith's version and the as-of date. A file whose size, mtime, ctime and inode are unchanged since
the last hash is not read again (as git does); its recorded content hash is reused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import __version__, build, schema
from pipeline import config as config_mod
from pipeline.inputs import excluder, folder_files, text_name

# Tables published per owner (DIR/<table>/owner_id=<id>/part-0.parquet), from `kith run`'s output.
TABLES = ("people", "records", "networks", "targets", "interactions", "rejects", "files")
PART = "part-0.parquet"
OPT_IN_FILE = "OPT_IN"
SHARE_KEY = "share_warm_paths"
CONFIG_NAME = "kith.toml"
# Safe as a folder name and as a hive partition value on every reader (no escaping needed).
OWNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
STATE_FILE = "batch.json"  # DIR/owners/<id>/batch.json: the owner's last successful batch run


@dataclass
class OwnerJob:
    """Everything one owner's run needs; pickled to worker processes and Spark executors."""

    owner_id: str
    owner_dir: Path
    root: Path  # the batch output folder DIR
    as_of: dt.date
    batch_id: str
    cfg: config_mod.Config | None = None
    inputs: list[Path] = field(default_factory=list)
    opted_in: bool = False
    error: str | None = None  # a configuration problem found before the run
    config_bytes: bytes = b""  # the batch config's text (part of the fingerprint)
    seen: dict = field(default_factory=dict)  # rel path -> [size, mtime, ctime, ino, sha256]
    debug: bool = False
    test_kill: bool = False  # fault injection (KITH_TEST_BATCH_KILL): the process dies
    # --force: every stage recomputed, as `kith run --full` (otherwise the owner's run reuses
    # what its inputs leave valid, as `kith run` does: a new date only re-dates)
    full: bool = False

    @property
    def work(self) -> Path:
        return self.root / "owners" / self.owner_id

    @property
    def out(self) -> Path:
        return self.work / "out"

    def exclude(self) -> list[Path]:
        """What `run()` excludes from ingest for this owner (its out folder and own files)."""
        return [self.out, *self.cfg.own_files()] if self.cfg else [self.out]


def partition(root: Path, table: str, owner_id: str) -> Path:
    return root / table / f"owner_id={owner_id}"


def worksheets(root: Path, owner_id: str) -> Path:
    return root / "worksheets" / owner_id


def scan(root: Path, table: str) -> pl.LazyFrame:
    """One published table of every owner as one polars frame, with `owner_id` (a String even
    when ids look like numbers)."""
    return pl.scan_parquet(root / table / "*" / "*.parquet", hive_partitioning=True,
                           hive_schema={"owner_id": pl.String})


def discover(owners_dir: Path) -> tuple[list[Path], list[str]]:
    """(owner folders in name order, names of other entries that were ignored)."""
    owners, ignored = [], []
    for entry in sorted(owners_dir.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        # a link to a folder that is not there (moved, deleted, not mounted) is an owner
        # whose run fails saying so (prepare), not an entry ignored without a word
        owner = entry.is_dir() or (entry.is_symlink() and not entry.exists())
        (owners if owner else ignored).append(entry if owner else entry.name)
    return owners, ignored


def _inside(path: Path, folder: Path) -> bool:
    rp, rf = path.resolve(), folder.resolve()
    return rp == rf or rf in rp.parents


def owner_config(owner_dir: Path, work: Path,
                 batch_cfg: config_mod.Config) -> tuple[config_mod.Config, list[Path], bool]:
    """(config, inputs, shares warm paths) for one owner; ConfigError when unusable."""
    path = owner_dir / CONFIG_NAME
    if not path.is_file():
        cfg = dataclasses.replace(batch_cfg, files={
            **batch_cfg.files, "notes": work / "notes.csv", "decisions": work / "decisions.toml",
            "suppress": work / "suppressed.toml"})
        inputs, share = [owner_dir], False
    else:
        try:
            raw = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise config_mod.ConfigError(f"{path}: not valid TOML ({exc}).") from exc
        share = raw.pop(SHARE_KEY, False)
        if not isinstance(share, bool):
            raise config_mod.ConfigError(f"{path}: {SHARE_KEY} must be true or false.")
        cfg = config_mod.parse(raw, path)
        inputs = cfg.inputs if raw.get("inputs") else [owner_dir]
        # An owner's inputs and the files kith writes for them stay inside their own folder:
        # contacts are never read from, nor notes written to, another owner's folder.
        for p in [*inputs, *(cfg.files[k] for k in ("notes", "decisions", "suppress"))]:
            if not _inside(p, owner_dir):
                raise config_mod.ConfigError(f"{path}: {p} is outside the owner's folder.")
        cfg = dataclasses.replace(cfg, files=dict(cfg.files))
    cfg.files["opt_in"] = owner_dir / OPT_IN_FILE  # an own file: never ingested
    opted = share or (owner_dir / OPT_IN_FILE).is_file()
    return cfg, inputs, opted


def prepare(owner_dir: Path, root: Path, batch_cfg: config_mod.Config, as_of: dt.date,
            batch_id: str, debug: bool = False) -> OwnerJob:
    job = OwnerJob(owner_dir.name, owner_dir, root, as_of, batch_id, debug=debug)
    if batch_cfg.path is not None and batch_cfg.path.is_file():
        job.config_bytes = batch_cfg.path.read_bytes()
    if not OWNER_ID.match(job.owner_id):
        job.owner_id = text_name(job.owner_id)  # shown in the summary and the manifest
        job.error = ("The owner folder's name is not a usable owner id (letters, digits, '.', "
                     "'_' and '-', at most 128, not starting with '.', '_' or '-').")
        return job
    if not owner_dir.is_dir():
        job.error = (f"the owner's folder is a link to {text_name(str(owner_dir.readlink()))}, "
                     "which is not there (moved, deleted or not mounted?).")
        return job
    try:
        job.cfg, job.inputs, job.opted_in = owner_config(owner_dir, job.work, batch_cfg)
    except config_mod.ConfigError as exc:
        job.error = f"configuration error: {exc}"
    except OSError as exc:
        job.error = f"the owner's config cannot be read ({exc.strerror})."
    return job


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_files(job: OwnerJob) -> list[tuple[str, Path]]:
    """(label, path) of every file under the owner's inputs that `run()` may ingest, walked
    as `run()` walks them (pipeline.inputs.folder_files)."""
    is_excluded = excluder(job.exclude())
    found = []
    for n, root in enumerate(job.inputs):
        if root.is_file():
            found.append((f"{n}:{root.name}", root))
            continue
        found += [(f"{n}:{p.relative_to(root).as_posix()}", p)
                  for p in folder_files(root, is_excluded)]
    return found


def hash_inputs(job: OwnerJob) -> dict:
    """rel path -> [size, mtime_ns, ctime_ns, inode, sha256], reusing job.seen where unchanged."""
    table = {}
    for label, path in input_files(job):
        try:
            st = path.stat()
            stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            old = job.seen.get(label)
            digest = old[4] if old and old[:4] == stamp else _sha256_file(path)
        except OSError as exc:
            stamp, digest = [0, 0, 0, 0], f"unreadable:{exc.errno}"
        table[label] = [*stamp, digest]
    return table


def own_digest(job: OwnerJob) -> str:
    """The contents of the owner's config and own files (rules, targets, decisions, notes,
    ledger, suppression list), by role: where they live does not matter. The opt-in flag is
    not among them: it changes no table of the owner's."""
    h = hashlib.sha256()
    files = {k: Path(v) for k, v in (job.cfg.files.items() if job.cfg else ()) if k != "opt_in"}
    if "notes" in files:
        files["ledger"] = files["notes"].with_name("ledger.csv")
    files["config"] = job.owner_dir / CONFIG_NAME
    for role, path in sorted(files.items()):
        h.update(role.encode() + b"\0")
        try:
            h.update(_sha256_file(path).encode() if path.is_file() else b"-")
        except OSError as exc:
            h.update(f"unreadable:{exc.errno}".encode())
    return h.hexdigest()


def fingerprint(job: OwnerJob, files: dict, own: str) -> str:
    h = hashlib.sha256()
    head = {"kith": f"{__version__}+{build.digest()}", "schema": schema.SCHEMA_VERSION,
            "as_of": job.as_of.isoformat()}
    h.update(json.dumps(head, sort_keys=True).encode())
    h.update(hashlib.sha256(job.config_bytes).digest())
    for label in sorted(files):
        h.update(f"{label}\0{files[label][0]}\0{files[label][4]}\n".encode())
    h.update(own.encode())
    return h.hexdigest()


def load_state(work: Path) -> dict | None:
    try:
        state = json.loads((work / STATE_FILE).read_text("utf-8"))
        return state if isinstance(state, dict) and "fingerprint" in state else None
    except (OSError, ValueError):
        return None

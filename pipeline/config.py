"""kith.toml: where the inputs, outputs and the user's own files live, and a few settings.

Paths in the file are relative to the file itself, so a home folder can move as a whole.
Every command finds its config through --config FILE, else ./kith.toml, else built-in defaults.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pipeline import schema
from pipeline.dedupe.thresholds import Thresholds
from pipeline.errors import UsageProblem
from pipeline.inputs import Limits
from pipeline.worksheets import plan as plan_mod


class ConfigError(UsageProblem):
    """An invalid config; the message says what to fix (exit code 2)."""


TEMPLATE = """\
# kith configuration. Paths are relative to this file.

# The folders, files or zip archives kith reads (LinkedIn archive, Google CSV, vCard, Outlook).
inputs = ["exports"]

# Where `kith run` writes its tables and worksheets.
out = "out"

# Region for phone numbers written without a country code (ISO 3166 code: US, GB, DE, ...).
# "auto": US; numbers US calls invalid are read next in the region your numbers written with
# a country code name, when most of them are valid there. The run says what it chose.
default_region = "auto"

# Code page for files that are neither UTF-8 nor marked by a byte-order mark. "auto": cp1252,
# unless the bytes are clearly Shift-JIS, EUC-JP, GB18030, Big5 or EUC-KR. A named code page
# (cp1252, cp1250, shift_jis, ...) is used for every such file.
fallback_encoding = "auto"

# How many complete runs to keep under out/runs/ (the newest is `current`).
keep_runs = 5

# Your own files. kith reads them and never ingests them as exports.
[files]
networks = "networks.toml"     # rules that tag people peer / business / community
targets = "targets.toml"       # companies and roles you are pursuing
decisions = "decisions.toml"   # "same person" / "not the same person" decisions
notes = "notes.csv"            # your notes per person (needs, offers, follow-ups)
suppress = "suppressed.toml"   # people you asked kith to forget (kith forget)

# Bounds on what kith reads (protects against zip bombs and runaway files).
[limits]
max_file_mb = 1024
max_zip_total_mb = 4096
max_zip_ratio = 200

# Duplicate detection. A pair's match weight (log2 odds, see README) at or above
# merge_threshold is merged; between the two it waits for your review; below, kept apart.
# review_limit: at most this many pairs wait for you, the most valuable first; the rest are
# settled apart, each with its reason in pairs.parquet.
[dedupe]
merge_threshold = 2.5
review_threshold = -3.0
review_limit = 200

# This week's outreach plan: how many people each section shows. It rotates: next week
# shows the next people; within a week it keeps the people it showed while they are due.
[plan]
follow_ups = 10     # follow-ups due (only people you have a relationship with)
targets = 8         # warm paths into your target companies (each target's best few)
reconnects = 3      # dormant ties worth reviving
owed = 5            # people you owe a favour
"""

_TOP_KEYS = {"inputs", "out", "default_region", "fallback_encoding", "files", "limits", "dedupe",
             "keep_runs", "share_warm_paths", "plan"}
_DEDUPE_KEYS = {"merge_threshold", "review_threshold", "review_limit"}
_FILE_KEYS = {"networks", "targets", "decisions", "notes", "suppress"}
_LIMIT_KEYS = {"max_file_mb", "max_zip_total_mb", "max_zip_ratio"}
_SECTION_KEYS = {"files": _FILE_KEYS, "limits": _LIMIT_KEYS, "dedupe": _DEDUPE_KEYS,
                 "plan": set(plan_mod.SIZE_KEYS)}
_PLAIN_KEYS = _TOP_KEYS - set(_SECTION_KEYS)


# A run's manifest.json records under this key the user's own files it was made with (notes,
# decisions, ...; the ledger lives beside the notes), as absolute paths: see run_files.
RUN_FILES = "own_files"


@dataclass
class Config:
    path: Path | None = None
    inputs: list[Path] = field(default_factory=list)
    out: Path = Path("data/out")
    default_region: str = "auto"  # an ISO 3166 region, or "auto" (pipeline.normalize.region)
    fallback_encoding: str = "auto"
    files: dict[str, Path] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    thresholds: Thresholds = field(default_factory=Thresholds)
    keep_runs: int = 5
    plan: dict[str, int] = field(default_factory=lambda: dict(plan_mod.LIMITS))

    def own_files(self) -> list[Path]:
        """kith's own files: never ingested even when they sit inside an INPUT (the notes'
        ledger, lock and temporary files beside them included)."""
        notes = self.files.get("notes")
        extra = []
        if notes is not None:
            folder = notes.parent
            extra = [folder / "ledger.csv", folder / f".{notes.name}.lock",
                     folder / ".ledger.csv.lock"]
            # introductions you accepted or dismissed (pipeline.enrich.intro_decisions)
            intro = schema.INTRO_DECISIONS_FILE
            extra += [folder / intro, folder / f".{intro}.lock"]
            extra += list(folder.glob(f".{intro}.tmp-*")) if folder.exists() else []
            extra += list(folder.glob(f".{notes.name}.tmp-*")) if folder.exists() else []
        if self.path is not None:  # kith batch's opt-in marker beside an owner's config
            extra.append(self.path.parent / "OPT_IN")
        own = [self.out, *self.files.values(), *extra]
        return own + ([self.path] if self.path else [])


def with_run_files(cfg: Config, out: Path) -> Config:
    """`cfg` with the own files the run in `out` recorded (a batch owner without a kith.toml
    keeps its notes in DIR/owners/<id>/, not in the working folder's data/notes.csv). A run
    from before the record, or an unreadable manifest: `cfg` as it is."""
    try:
        recorded = json.loads((out / "manifest.json").read_text("utf-8")).get(RUN_FILES)
    except (OSError, ValueError, AttributeError):
        return cfg
    if not isinstance(recorded, dict):
        return cfg
    files = {k: Path(v) for k, v in recorded.items() if isinstance(v, str) and k in cfg.files}
    return dataclasses.replace(cfg, files={**cfg.files, **files})


def _defaults(base: Path) -> dict[str, Path]:
    return {
        "networks": base / "configs" / "networks.toml",
        "targets": base / "configs" / "targets.toml",
        "decisions": base / "configs" / "decisions.toml",
        "notes": base / "data" / "notes.csv",
        "suppress": base / "configs" / "suppressed.toml",
    }


def load(path: Path | None) -> Config:
    if path is None:
        candidate = Path("kith.toml")
        if not candidate.exists():
            return Config(files=_defaults(Path(".")))
        path = candidate
    if not path.exists():
        raise ConfigError(f"Config file {path} does not exist.")
    try:
        # utf-8-sig: Windows Notepad and many editors save UTF-8 with a byte-order mark
        text = path.read_bytes().decode("utf-8-sig")
        raw = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start + 1}); save it as UTF-8 "
                          "(TOML files are).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}).") from exc
    return parse(raw, path, key_lines(text))


def key_lines(text: str) -> dict[str, int]:
    """Where each key is set ("dedupe.review_limit" -> its line), so a message about a value
    can point at the line as the TOML parser's own messages do. A plain scan: the file
    parsed already, and the keys kith reads are simple ones."""
    lines: dict[str, int] = {}
    section = ""
    for n, line in enumerate(text.splitlines(), start=1):
        head = re.match(r"\s*\[\s*([\w.-]+)\s*\]", line)
        if head:
            section = head.group(1)
            lines.setdefault(section, n)
            continue
        key = re.match(r"\s*[\"']?([\w-]+)[\"']?\s*=", line)
        if key:
            lines.setdefault(f"{section}.{key.group(1)}" if section else key.group(1), n)
    return lines


def _number(value: object) -> bool:
    """A TOML integer or float that is a finite number (true/false, nan and inf are not)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _rel(base: Path, value: str) -> Path:
    return Path(os.path.normpath(base / value))


def _supported_regions() -> set[str]:
    """phonenumbers' regions, imported only to check a region setting (a nightly run with
    "auto" does not pay for the import)."""
    import phonenumbers

    return phonenumbers.SUPPORTED_REGIONS


def _misplaced(raw: dict) -> tuple[str, str] | None:
    """(key, what to do) for a setting written where TOML does not put it where it looks: a
    top-level setting below a [section] header (TOML reads every line after a header as part
    of that table, so `default_region` appended at the end of kith init's file is plan.
    default_region), or in a section of its own ([normalize]); a section's setting at the top."""
    for key, value in raw.items():
        if isinstance(value, dict):
            top = sorted(set(value) & _PLAIN_KEYS)
            if top:
                return key, (f"{top[0]} is a top-level setting, but it is written under the "
                             f"[{key}] header, so TOML reads it as {key}.{top[0]}: move it above "
                             "the first [section] of the file.")
        else:
            home = [name for name, keys in _SECTION_KEYS.items() if key in keys]
            if home and key not in _TOP_KEYS:
                return key, f"{key} belongs under the [{home[0]}] header."
    return None


def _unknown(raw: dict) -> tuple[str, str] | None:
    """(the first unknown key, the message naming every unknown one, the setting a typo
    meant and the settings kith.toml takes), or None."""
    unknown = sorted(set(raw) - _TOP_KEYS)
    if not unknown:
        return None
    import difflib  # only for this message

    close = difflib.get_close_matches(unknown[0], sorted(_TOP_KEYS), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return unknown[0], (f"unknown setting(s) {', '.join(unknown)}{hint}; "
                        f"kith.toml takes {', '.join(sorted(_TOP_KEYS))}.")


def parse(raw: dict, path: Path, lines: dict[str, int] | None = None) -> Config:
    base = path.parent

    def at(key: str) -> str:  # "kith.toml, line 7" when the key's line is known
        line = (lines or {}).get(key)
        return f"{path}, line {line}" if line else str(path)

    wrong = _misplaced(raw) or _unknown(raw)
    if wrong:
        raise ConfigError(f"{at(wrong[0])}: {wrong[1]}")
    cfg = Config(path=path, files=_defaults(base))
    inputs = raw.get("inputs", [])
    if isinstance(inputs, str):
        inputs = [inputs]
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise ConfigError(f"{at('inputs')}: 'inputs' must be a list of paths.")
    cfg.inputs = [_rel(base, i) for i in inputs]
    if "out" in raw:
        if not isinstance(raw["out"], str):
            raise ConfigError(f"{at('out')}: 'out' must be a path.")
        cfg.out = _rel(base, raw["out"])
    region = raw.get("default_region", "auto")
    if not isinstance(region, str) or (region.lower() != "auto"
                                       and region.upper() not in _supported_regions()):
        raise ConfigError(f"{at('default_region')}: default_region {region!r} is not a known region code "
                          "(use \"auto\" or an ISO 3166 code such as US, GB, DE).")
    cfg.default_region = "auto" if region.lower() == "auto" else region.upper()
    enc = raw.get("fallback_encoding", "auto")
    try:
        if enc != "auto":
            "".encode(enc)
    except (LookupError, TypeError) as exc:
        raise ConfigError(f"{at('fallback_encoding')}: fallback_encoding {enc!r} is not a known encoding.") from exc
    cfg.fallback_encoding = enc
    files = raw.get("files", {})
    if not isinstance(files, dict) or set(files) - _FILE_KEYS:
        raise ConfigError(f"{at('files')}: [files] takes only {', '.join(sorted(_FILE_KEYS))}.")
    for key, value in files.items():
        if not isinstance(value, str):
            raise ConfigError(f"{at('files.' + key)}: files.{key} must be a path.")
        cfg.files[key] = _rel(base, value)
    limits = raw.get("limits", {})
    if not isinstance(limits, dict) or set(limits) - _LIMIT_KEYS:
        raise ConfigError(f"{at('limits')}: [limits] takes only {', '.join(sorted(_LIMIT_KEYS))}.")
    for key, value in limits.items():
        if not _number(value) or value <= 0:
            raise ConfigError(f"{at('limits.' + key)}: limits.{key} must be a positive number.")
    cfg.limits = Limits(
        max_file_bytes=int(limits.get("max_file_mb", 1024) * (1 << 20)),
        max_zip_total_bytes=int(limits.get("max_zip_total_mb", 4096) * (1 << 20)),
        max_zip_ratio=float(limits.get("max_zip_ratio", 200)),
    )
    dd = raw.get("dedupe", {})
    if not isinstance(dd, dict) or set(dd) - _DEDUPE_KEYS:
        raise ConfigError(f"{at('dedupe')}: [dedupe] takes only {', '.join(sorted(_DEDUPE_KEYS))}.")
    for key, value in dd.items():
        if key != "review_limit" and not _number(value):
            raise ConfigError(f"{at('dedupe.' + key)}: dedupe.{key} must be a number (a "
                              "large one such as 100 merges nothing on its own).")
    limit = dd.get("review_limit", Thresholds.review_limit)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise ConfigError(f"{at('dedupe.review_limit')}: dedupe.review_limit must be a whole number, 0 or more.")
    th = Thresholds(float(dd.get("merge_threshold", Thresholds.merge)),
                    float(dd.get("review_threshold", Thresholds.review)), review_limit=limit)
    if th.review > th.merge:
        raise ConfigError(f"{at('dedupe.review_threshold')}: dedupe.review_threshold must not exceed merge_threshold.")
    cfg.thresholds = th
    keep = raw.get("keep_runs", 5)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise ConfigError(f"{at('keep_runs')}: keep_runs must be a whole number of at least 1.")
    cfg.keep_runs = keep
    try:
        cfg.plan = plan_mod.parse_sizes(raw.get("plan", {}))
    except ValueError as exc:
        raise ConfigError(f"{at('plan')}: {exc}.") from exc
    return cfg


def _private_dir(path: Path) -> None:
    """Make `path` readable by you only (0700, as the output folder is): a home's exports/
    holds your contacts. A folder already there keeps its mode: `kith init .` names a folder
    the user chose, not one kith made."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        if not path.is_dir():
            raise


def _write_private(path: Path, text: str) -> None:
    """A new file readable by you only (0600): targets.toml names the companies you pursue."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def init_home(folder: Path) -> Path:
    """Create a home folder with a commented kith.toml; never overwrites an existing one.
    A folder that cannot be made (a file in its path, no permission) is a usage error."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _private_dir(folder)
        _private_dir(folder / "exports")
    except OSError as exc:
        raise ConfigError(f"cannot create the home folder {folder}: "
                          f"{exc.strerror or exc}.") from exc
    target = folder / "kith.toml"
    if target.exists():
        raise ConfigError(f"{target} already exists; kith init never overwrites it.")
    _write_private(target, TEMPLATE)
    # the rules and the targets example, ready to edit (kept if already there)
    data = resources.files("pipeline").joinpath("data")
    for name in ("networks.toml", "targets.toml", "drafts.toml"):
        dest = folder / name
        if not dest.exists():
            _write_private(dest, data.joinpath(name).read_text("utf-8"))
    return target

"""What finding input files deals in (pipeline/inputs.py walks and reads them): the limits,
where a file's bytes live, why a file was not read, and the sentence for an unreadable file.
Kept apart so the walk and the readers stay one module each of a readable size."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 1 << 30  # one input file (or zip member), uncompressed
    max_zip_total_bytes: int = 4 << 30  # all members of one archive, uncompressed
    max_zip_ratio: float = 200.0  # uncompressed / compressed, per member
    max_zip_depth: int = 2  # a zip inside a zip is read; deeper nesting is refused


@dataclass(frozen=True)
class Source:
    """Where one input file's bytes live: a path on disk, or a member chain inside zips."""

    rel_path: str  # as written to source_file / files.path
    disk_path: str
    members: tuple[str, ...] = ()
    sheet: str | None = None  # a sheet of the Excel workbook these bytes are, read as CSV
    salvaged_at: int | None = None  # a cut zip's member: its offset in the innermost archive


@dataclass
class Problem:
    rel_path: str
    reason: str
    status: str = "rejected"  # or "skipped"
    size: int = 0
    sha256: str = ""
    kind: str = "unknown"


MISSING = "Input path does not exist."  # an INPUT mistyped (on the command line, in kith.toml)
# outputs.run_lock's file, in every folder kith writes a run or batch to: such a folder is
# kith's output wherever it is (its worksheet CSVs, read as exports, doubled every record of a
# client whose own `kith run --out` was inside the folder a `kith batch` read, docs/user37.md)
OUTPUT_MARK = ".kith.lock"
OWN_OUTPUT = ("kith's own output folder (the tables and worksheets of an earlier run): "
              "not read as exports.")


@dataclass
class Walk:
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class InputError(Exception):
    """An input file that cannot be read; the message is a sentence for the user."""

"""A digest of kith's own code and data, so that what kith computed before a change of its code
is not taken for what it computes now.

The ingest cache and the refresh fingerprint are keyed by kith's version, and a release changes
it; a checkout that was edited or pulled (`pip install -e .`, where most users of a source
checkout live) keeps the version while its readers, rules and templates change. Keyed by this
digest as well, a refresh after such a change reads and computes everything again, as a first
run would, instead of reporting "no input changed".
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SUFFIXES = (".py", ".toml", ".csv", ".html", ".json", ".txt", ".js", ".css")


@functools.cache
def digest() -> str:
    """sha256 (first 16 hex digits) over every code and data file of the package, by path."""
    h = hashlib.sha256()
    files = sorted(p for p in PACKAGE.rglob("*")
                   if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts)
    for path in files:
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]

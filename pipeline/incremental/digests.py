"""The input files' sha256 digests, kept between runs by what stat() says of each file.

A refresh fingerprints its inputs (pipeline.refresh): every export file's bytes hashed, ~180 MB
at a million records, a third of a second of a night that changes nothing; and the user's own
files (notes, ledger, the id state, settings files: ~50 MB more). As git's index
does, a file whose (size, mtime_ns, inode, ctime_ns) are those recorded when its bytes were
hashed is taken to hold the same bytes, and its recorded digest is used; any difference, and
the file is hashed again. ctime cannot be set by a program (touch, tar and rsync set mtime,
not ctime): a file rewritten in place with its old size and mtime restored still shows a
new ctime.

Racy entries, as git calls them: a file changed within the same tick of the filesystem's
clock as it was hashed could show the same stat after the change. So an entry is trusted
only when the file's mtime and ctime are both at least SLACK_NS older than the moment its
bytes began to be read; a file hashed too soon after it was written is hashed again on the
next run (and trusted from then on). The cache lives in DIR/cache/digests.json; a missing or
unreadable cache only costs the hashing. `kith run --full` still fingerprints with it: the
digests are the same ones either way.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

CACHE = Path("cache") / "digests.json"  # under DIR
VERSION = 1
# Two seconds: coarser than any filesystem's timestamps kith may meet (FAT's are 2 s).
SLACK_NS = 2_000_000_000


def _key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


class Digests:
    """Digests by path, trusted while the file's stat is the recorded one (module doc)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old = self._load(path)
        self._new: dict[str, list] = {}
        self.hashed = 0  # files whose bytes were read this time

    @staticmethod
    def _load(path: Path | None) -> dict[str, list]:
        if path is None:
            return {}
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def digest(self, path: Path, st: os.stat_result, hash_file) -> str:
        """`hash_file(path)`'s answer for the regular file `path` (whose stat is `st`), from
        the cache when it can vouch for it."""
        name = str(path.absolute())
        key = _key(st)
        entry = self._old.get(name)
        if (isinstance(entry, list) and len(entry) == 6 and entry[:4] == key
                and max(st.st_mtime_ns, st.st_ctime_ns) + SLACK_NS <= entry[4]
                and isinstance(entry[5], str)):
            self._new[name] = entry
            return entry[5]
        started = time.time_ns()
        digest = hash_file(path)
        self.hashed += 1
        if not digest.startswith(("missing", "unreadable")):
            self._new[name] = [*key, started, digest]
        return digest

    def file(self, path: Path | None, hash_file) -> str:
        """`hash_file(path)` for any path (None, missing, not a regular file: asked of
        `hash_file` itself, as are symlinks, which are followed)."""
        if path is None:
            return hash_file(path)
        try:
            st = path.stat()
        except OSError:
            return hash_file(path)
        if not stat.S_ISREG(st.st_mode):
            return hash_file(path)
        return self.digest(path, st, hash_file)

    def save(self) -> None:
        """Keep the entries this run used (files no longer walked are dropped); written only
        when they differ from what was read, atomically; a failure only costs the cache."""
        if self.path is None or self._new == self._old:
            return
        from pipeline.outputs import write_json

        try:
            from pipeline.outputs import private_mkdir

            private_mkdir(self.path.parent)
            write_json({"version": VERSION, "files": self._new}, self.path)
        except OSError:
            pass

"""A finished kith home made once per test module, handed to each test as a fresh copy.

Many tests start from the same first run (the same exports, configuration and as-of date) and
then change things: that run is made once (per key) and each test gets a copy of it. The copy
lies at the very place the run was made (one fixed folder per module, emptied and filled again
for each test), because a home records its inputs' absolute paths (the run's fingerprint: a
moved home would see its inputs as changed). Hard links and symbolic links inside the home are
kept as they were (the runs link unchanged tables between each other), so a copy is, file for
file, what the run left; its files have new inodes and change times, which the stat-keyed
caches (pipeline.incremental.digests, pipeline.inputs) read as a miss, never as a false hit.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def copy_tree(src: Path, dst: Path) -> None:
    """`src` copied to `dst`: links kept as links, files hard-linked together stay so."""
    first: dict[tuple[int, int], str] = {}

    def copy(s: str, d: str) -> None:
        st = os.stat(s)
        key = (st.st_dev, st.st_ino)
        if st.st_nlink > 1 and key in first:
            os.link(first[key], d)
            return
        shutil.copy2(s, d)
        first[key] = d

    shutil.copytree(src, dst, symlinks=True, copy_function=copy)


class FirstRuns:
    """`fresh(key, make)`: the folder WORK as `make(WORK)` left it (made once per key)."""

    def __init__(self, base: Path):
        self.base = base
        self.work = base / "work"

    def fresh(self, key: str, make: Callable[[Path], None]) -> Path:
        if self.work.exists():
            shutil.rmtree(self.work)
        pristine = self.base / f"made-{key}"
        if pristine.exists():
            copy_tree(pristine, self.work)
        else:
            self.work.mkdir()
            make(self.work)
            copy_tree(self.work, pristine)
        return self.work

    def fresh_in_cwd(self, key: str, make: Callable[[Path], None], monkeypatch) -> Path:
        """fresh(), `make` working in WORK/cwd, and the test working there too: a command run
        with no notes file named keeps its notes in the working folder (data/notes.csv), so
        each test sees the one its first run wrote, as when it made that run itself."""
        def made(work: Path) -> None:
            (work / "cwd").mkdir()
            monkeypatch.chdir(work / "cwd")
            make(work)

        work = self.fresh(key, made)
        monkeypatch.chdir(work / "cwd")
        return work

"""Progress lines on stderr for long work: one line per stage (name, rows, elapsed seconds).

On a terminal a stage's line appears when the stage starts ("kith: dedupe ...") and is completed
in place when it ends, so a minute of dedupe on a million records is not a minute of silence.
Under cron (stderr not a terminal) nothing is printed unless -v asks for it; -q silences it
everywhere. Lines carry counts and seconds only, never a name, e-mail address or phone number.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

# The table whose row count a stage's line shows, and what its rows are called.
MAIN_TABLE = {
    "ingest": ("contacts", "contact rows"),
    "normalize": ("records", "records"),
    "dedupe": ("people", "people"),
    "tag": ("networks", "network tags"),
    "changes": ("changes", "changes"),
    "outreach": ("people", "people"),
    "reuse": ("people", "people"),
}


REDRAW = 0.1  # seconds between two drawings of the files line


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal (a module function so tests can stand in a terminal)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Stage and file-read progress. `live`: lines are drawn in place (a terminal)."""

    def __init__(self, stream: TextIO | None = None, live: bool = True):
        self.stream = stream
        self.live = live
        self._open = False  # a started stage's line awaits its end
        self._t0: dict[str, float] = {}
        self._drawn = float("-inf")  # when the files line was last drawn
        self._gone = False  # the stream could not be written: no more lines

    @classmethod
    def for_cli(cls, verbose: bool = False, quiet: bool = False) -> Progress | None:
        """A terminal shows progress; cron does not unless verbose; quiet silences it."""
        if quiet:
            return None
        live = stderr_is_terminal()
        if not (live or verbose):
            return None
        return cls(live=live)

    def _write(self, text: str) -> None:
        """Progress is a courtesy: a stderr that went away (`kith run -v 2>&1 | head -3`, a
        log pipe whose reader died) must not stop the run. It did: the first line after the
        reader left raised BrokenPipeError mid-stage, and the run ended unpublished, exit 1."""
        if self._gone:
            return
        stream = self.stream or sys.stderr
        try:
            stream.write(text)
            stream.flush()
        except (OSError, ValueError):  # EPIPE, a closed stream
            self._gone = True

    def files(self, done: int, total: int) -> None:
        """Ingest's callback: files read so far. Drawn at most every REDRAW seconds, and at
        the last file (a folder of 10,000 one-card files called it 10,000 times)."""
        now = time.perf_counter()
        if self.live and (done == total or now - self._drawn >= REDRAW):
            self._drawn = now
            self._write(f"\rkith: ingest    read {done}/{total} files")
            self._open = True

    def stage_started(self, name: str) -> None:
        self._t0[name] = time.perf_counter()
        if self.live:
            self._write(f"\rkith: {name:<9} ...")
            self._open = True

    def stage_done(self, name: str, rows: dict[str, int], seconds: float | None = None) -> None:
        if seconds is None:
            seconds = time.perf_counter() - self._t0.get(name, time.perf_counter())
        table, label = MAIN_TABLE.get(name, (None, "rows"))
        n = rows.get(table) if table in rows else sum(rows.values())
        line = f"kith: {name:<9} {n:>12,} {label:<13} {seconds:8.1f} s"
        # \r and the erase-line code overwrite the stage's "..." line on a terminal
        self._write(("\r\x1b[K" if self.live and self._open else "") + line + "\n")
        self._open = False

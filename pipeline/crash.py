"""Crash reports: an internal error's traceback written to a private file, so that a nightly
run under cron, which nobody watches, leaves something to diagnose (a `--debug` rerun may not
fail again: one 1M-record refresh failed once and never again).

Reports go to $XDG_STATE_HOME/kith/crashes (~/.local/state/kith/crashes), readable by the
user only; the last KEEP are kept. Values from the user's files can appear in an exception's
message, so e-mail addresses and runs of 7+ digits (phone numbers) are masked before
anything is written, and the report is never printed.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
import traceback
from pathlib import Path

from pipeline import __version__

KEEP = 10
_EMAIL = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+")
_DIGITS = re.compile(r"\+?\d(?:[\s().\-/]*\d){6,}")


def folder() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "kith" / "crashes"


def mask(text: str) -> str:
    """`text` without e-mail addresses and phone-like digit runs."""
    return _DIGITS.sub("<digits>", _EMAIL.sub("<e-mail>", text))


def write_report(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """The report's path, or None when it could not be written (the caller says less)."""
    try:
        where = folder()
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = where / f"crash-{stamp}.txt"
        body = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        head = (f"kith {__version__}, Python {platform.python_version()}, "
                f"{platform.system()} {platform.machine()}\n"
                f"command: kith {' '.join(argv if argv is not None else sys.argv[1:])}\n\n")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # a path not in UTF-8 in the command or the message must not fail the report itself
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(mask(head + body))
        for old in sorted(where.glob("crash-*.txt"))[:-KEEP]:
            old.unlink(missing_ok=True)
        return path
    except OSError:
        return None

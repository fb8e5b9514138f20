"""The date kith takes as today: the system's, or KITH_TODAY (YYYY-MM-DD) when set.

Commands that act on "today" (`kith plan`, `kith log`, `kith note`'s decisions, `kith serve`,
a run without `--as-of`) read it here, so one variable replays a past or future day exactly
(the tests pin the day they were written for: a test of "due today" written on 2026-12-07
failed on every later day), as `--as-of` does for a run. Timestamps of when something
happened (a run's start, a crash report) stay the system clock's.
"""

from __future__ import annotations

import datetime as dt
import os

from pipeline.errors import UsageProblem

VARIABLE = "KITH_TODAY"


def today() -> dt.date:
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageProblem(f"{VARIABLE}={value!r} is not a date (YYYY-MM-DD); unset it to use "
                           "the system's date.") from exc

"""Re-running kith from the dedupe stage in the background, after a decision that changes
people (merge, keep apart, split, network tag).

One run at a time in a worker thread (polars releases the GIL, so pages stay responsive); a
decision made while a run is going starts one more run after it, so the last decision is
always applied. The run takes the output folder's lock like any `kith` command: when a
nightly run holds it, the state says so and the user can retry; the server stays up.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

from pipeline.cli_refresh import record_history
from pipeline.config import Config
from pipeline.dedupe.decisions import DecisionError
from pipeline.errors import is_internal
from pipeline.notes.ledger import LedgerError
from pipeline.notes.notes_file import NotesError
from pipeline.outputs import LockedError, OutputError
from pipeline.run import from_stage, run
from pipeline.serve.security import internal_error
from pipeline.tagging.rules import RulesError

log = logging.getLogger("kith")

IDLE, RUNNING, DONE, LOCKED, FAILED = "idle", "running", "done", "locked", "failed"
LOCKED_MESSAGE = ("Another kith run (the nightly refresh?) is using the output folder, so "
                  "the outputs were not refreshed yet. Your decision is saved; retry in a "
                  "minute.")


@dataclass(frozen=True)
class RunState:
    status: str = IDLE
    stage: str = ""
    started: str = ""
    finished: str = ""
    message: str = ""
    run_id: str = ""
    generation: int = 0  # counts finished runs: a page can tell a newer run is current


class Runner:
    def __init__(self, cfg: Config, out, run_fn=run):
        self.cfg, self.out, self.run_fn = cfg, out, run_fn
        self._lock = threading.Lock()
        self._state = RunState()
        self._again = False
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> RunState:
        return self._state

    def _set(self, **changes) -> None:
        with self._lock:
            self._state = RunState(**{**self._state.__dict__, **changes})

    def start(self) -> None:
        """Start a run, or queue one more after the run in progress."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._state = RunState(RUNNING, "starting", _now(), "", "", self._state.run_id,
                                   self._state.generation)
            self._thread = threading.Thread(target=self._work, name="kith-serve-run",
                                            daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> RunState:
        """Block until no run is going (tests, benchmarks)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            thread = self._thread
            if thread is None or not thread.is_alive():
                return self._state
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
            if deadline is not None and time.monotonic() >= deadline:
                return self._state

    def _work(self) -> None:
        while True:
            self._once()
            with self._lock:
                if not self._again:
                    return
                self._again = False
                self._state = RunState(RUNNING, "starting", _now(), "", "",
                                       self._state.run_id, self._state.generation)

    def _once(self) -> None:
        started = time.time()
        entry = {"started_at": _now(), "command": "serve", "stages": list(from_stage("dedupe"))}
        try:
            report = self.run_fn(self.cfg, [], self.out, stages=from_stage("dedupe"),
                                 on_stage=lambda name: self._set(stage=name))
        except LockedError:
            self._set(status=LOCKED, stage="", finished=_now(), message=LOCKED_MESSAGE)
            return
        except (OutputError, RulesError, DecisionError, NotesError, LedgerError) as exc:
            outcome, message = "failed", f"The outputs could not be refreshed: {exc}"
        except BaseException as exc:  # the server stays up; the page says what happened
            if not is_internal(exc):  # a library's panic counts too
                raise
            log.error("serve: %s", internal_error(exc, "in the background run"))
            outcome, message = "failed", ("The outputs could not be refreshed (an internal "
                                          "error; see the server's log). The previous "
                                          "outputs are unchanged.")
        else:
            entry.update(outcome="ok", exit_code=0, run_id=report.run_id,
                         counts=report.counts, seconds=round(time.time() - started, 2))
            record_history(self.out, entry)
            self._set(status=DONE, stage="", finished=_now(), message="",
                      run_id=report.run_id, generation=self._state.generation + 1)
            return
        entry.update(outcome=outcome, exit_code=1, seconds=round(time.time() - started, 2))
        record_history(self.out, entry)
        self._set(status=FAILED, stage="", finished=_now(), message=message)


def _now() -> str:
    return dt.datetime.now().astimezone().strftime("%H:%M:%S")

"""Process start-up costs that are not kith's work: at 100k records they were a third of the
ingest workers' time.

- A spawned worker re-imports the parent's __main__ (the `kith` script, so all of
  pipeline.cli and every command module) before it runs its first task;
  :func:`main_module_hidden` keeps it to the modules the task itself needs.
- pyarrow imports pandas (~0.5 s of CPU) the first time `pa.array` gets a Python list, only to
  ask whether the list is a pandas object; :func:`pyarrow` answers that once, without pandas.
- A first run's ingest worker used to be spawned when ingest began, after the main process
  had imported the whole pipeline: ~0.6 s of start-up on its core that ingest waited for at
  100k records. :func:`prestart_ingest_worker` spawns it before those imports, from the
  command line alone, so both start together (`kith run INPUT... --out DIR` into a folder
  without a run yet, or with --full, and `kith ingest`).
- The cyclic garbage collector walks the young objects every 700 allocations; a parser that
  builds millions of small strings, tuples and dicts (none of them in cycles) pays ~20% of its
  time for that; :func:`gc_paused` holds it off for such a loop.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

# Serialises the window below between threads that start pools at the same time.
_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def main_module_hidden() -> Iterator[None]:
    """Spawned workers normally re-import the parent's __main__ script: the whole CLI, and a
    script that calls the pipeline at top level without an `if __name__ == "__main__"` guard
    would even run again in every worker. Workers import what their task's pickled function
    names, so while they start, __main__ has no file or spec for multiprocessing to re-import.
    Restored right after. Hold it around the submits: the pool spawns its workers there."""
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        saved = {a: getattr(main, a) for a in ("__file__", "__spec__") if hasattr(main, a)}
        try:
            if "__file__" in saved:
                del main.__file__
            if "__spec__" in saved:
                main.__spec__ = None
            yield
        finally:
            for attr, value in saved.items():
                setattr(main, attr, value)


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of fresh processes: spawn, not fork, since forking a process that runs polars'
    thread pool can deadlock. Submit to it inside :func:`main_module_hidden`."""
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"))


# Ingest parses in two processes from this many bytes of input (pipeline.stages.ingest reads
# it from here: the prestart below decides on it before ingest is imported).
INGEST_PARALLEL_MIN_BYTES = 8 << 20
# Options of `kith run` / `kith ingest` that take a value: their values are no INPUT.
_VALUED = ("--out", "--config", "--as-of")
_early: ProcessPoolExecutor | None = None


def _warm_ingest() -> None:
    """The early worker's first task: ingest's own warm-up (its imports, pyarrow primed)."""
    from pipeline.stages.ingest import _warm

    _warm()


def _first_ingest(argv: list[str]) -> list[str] | None:
    """The INPUT paths of a command line that runs ingest from scratch, else None: `kith
    ingest INPUT...`, or `kith run INPUT... --out DIR` with --full or into a DIR without a
    current run. A refresh into a DIR that has one may find nothing changed (no ingest), and
    a run taking its inputs or DIR from the config is left to ingest's own pool start."""
    command, inputs, out, full, i = None, [], None, False, 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name in _VALUED and "=" not in arg:
            out = argv[i + 1] if name == "--out" and i + 1 < len(argv) else out
            i += 2
            continue
        if name == "--out":
            out = arg.split("=", 1)[1]
        full = full or arg == "--full"
        if not arg.startswith("-"):
            if command is None:
                command = arg
            else:
                inputs.append(arg)
        i += 1
    if command == "run" and out is not None and (
            full or not os.path.lexists(os.path.join(out, "current"))):
        return inputs or None
    return (inputs or None) if command == "ingest" else None


def _input_bytes(paths: list[str], enough: int) -> int:
    """The bytes of the files under `paths`, counted until `enough` is reached."""
    total = 0
    for path in paths:
        if os.path.isfile(path):
            total += os.path.getsize(path)
        for root, _dirs, files in os.walk(path):
            for f in files:
                with contextlib.suppress(OSError):
                    total += os.path.getsize(os.path.join(root, f))
                if total >= enough:
                    return total
    return total


def prestart_ingest_worker(argv: list[str]) -> None:
    """Spawn ingest's worker process now when `argv` (the command line after the program)
    asks for a first ingest of enough bytes on two or more cores, so its start-up overlaps
    this process's imports. Only a head start: ingest takes the worker
    (:func:`take_ingest_worker`) if it parses in parallel and shuts it down otherwise, and
    whatever the command line holds, the outcome is the same."""
    global _early
    inputs = _first_ingest(argv)
    if (_early is not None or not inputs or (os.cpu_count() or 1) < 2
            or _input_bytes(inputs, INGEST_PARALLEL_MIN_BYTES) < INGEST_PARALLEL_MIN_BYTES):
        return
    try:
        pool = spawn_pool(1)
        with main_module_hidden():
            pool.submit(_warm_ingest)
    except (OSError, RuntimeError):  # no processes here (a sandbox): ingest decides again
        return
    _early = pool


def take_ingest_worker(processes: int) -> ProcessPoolExecutor | None:
    """The worker :func:`prestart_ingest_worker` started, if it is the pool of `processes`
    that ingest wants (then it is the caller's to shut down), else None (and it is shut
    down)."""
    global _early
    pool, _early = _early, None
    if pool is not None and processes != 1:
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


def drop_ingest_worker() -> None:
    """Shut down an early worker no ingest took (the command failed or found nothing to do)."""
    take_ingest_worker(0)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reference counting still frees almost
    everything); collection resumes after it, as it was, and catches up then."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_pyarrow_primed = False


class _NoPandas:
    """A meta-path finder under which `import pandas` fails (used only while priming)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not looked at here")
        return None


def pyarrow():
    """The pyarrow module, told once per process that pandas is not there to check for.

    pyarrow's test "is this a pandas object?" imports pandas on first use and remembers the
    outcome; with `import pandas` failing during that first use it remembers "no pandas".
    kith never hands pyarrow pandas objects; pyarrow's own pandas conversions, and any later
    `import pandas`, still import it when asked."""
    global _pyarrow_primed
    import pyarrow as pa

    if not _pyarrow_primed:
        with _MAIN_LOCK:
            if not _pyarrow_primed and "pandas" not in sys.modules:
                sys.meta_path.insert(0, _NoPandas)
                try:
                    pa.array([None], pa.string())
                finally:
                    sys.meta_path.remove(_NoPandas)
            _pyarrow_primed = True
    return pa

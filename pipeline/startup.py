"""Process start-up costs that are not kith's work: at 100k records they were a third of the
ingest workers' time.

- A spawned worker re-imports the parent's __main__ (the `kith` script, so all of
  pipeline.cli and every command module) before it runs its first task;
  :func:`main_module_hidden` keeps it to the modules the task itself needs.
- pyarrow imports pandas (~0.5 s of CPU) the first time `pa.array` gets a Python list, only to
  ask whether the list is a pandas object; :func:`pyarrow` answers that once, without pandas.
- The cyclic garbage collector walks the young objects every 700 allocations; a parser that
  builds millions of small strings, tuples and dicts (none of them in cycles) pays ~20% of its
  time for that; :func:`gc_paused` holds it off for such a loop.
"""

from __future__ import annotations

import contextlib
import gc
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

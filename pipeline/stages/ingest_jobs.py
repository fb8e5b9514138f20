"""Ingest's jobs: ranked biggest first, shared between the main process and a pool of workers.

Ingest used to hand every file to two spawned workers while the main process waited: on two
cores that paid a second worker's start-up (spawn, imports: 1-1.4 s of CPU at 100k records)
and pickled every result back, while the main process, which has all the readers imported
already, sat idle. Here the main process is one of the parsers: it takes jobs from the same
list as the workers, so one worker fewer is started and the main process's share of the
results is never pickled. Jobs are taken in list order (the caller ranks them biggest
first), whoever is free takes the next, so both cores end within about one job of each
other. Results come back in job order whoever ran them: the outcome does not depend on the
split.
"""

from __future__ import annotations

import os
import threading
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any

from pipeline.inputs import Source
from pipeline.stages import vcard_split


class _Claims:
    """The next job to run, handed out once each, under a lock (two threads take them)."""

    def __init__(self, count: int) -> None:
        self._next, self._count = 0, count
        self._lock = threading.Lock()

    def take(self) -> int | None:
        with self._lock:
            if self._next >= self._count:
                return None
            self._next += 1
            return self._next - 1

    def stop(self) -> None:
        """No job is handed out any more (one failed, or the run is interrupted)."""
        with self._lock:
            self._next = self._count


def run_shared(jobs: Sequence[Any], here: Callable[[Any], Any],
               submit: Callable[[Any], Future], processes: int,
               done: Callable[[list[Any]], None] | None = None) -> list[Any]:
    """Every job's result, in job order: `here(job)` runs one in this process,
    `submit(job)` hands one to the pool of `processes` workers (a Future). After each job
    this thread runs, `done(results)` is told the results so far (None: not yet ended).

    A feeder thread keeps each worker one job ahead (processes + 1 in flight: the pool
    queues that one for the worker that frees first), so a worker never waits for this
    thread, which is busy running jobs itself."""
    results: list[Any] = [None] * len(jobs)
    claims = _Claims(len(jobs))
    failed: list[BaseException] = []
    depth = processes + 1 if processes > 0 else 0

    def feed() -> None:
        inflight: dict[Future, int] = {}
        try:
            while True:
                while len(inflight) < depth:
                    i = claims.take()
                    if i is None:
                        break
                    inflight[submit(jobs[i])] = i
                if not inflight:
                    return
                finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                for fut in finished:
                    results[inflight.pop(fut)] = fut.result()
        except BaseException as exc:  # the main thread raises it once its own job ends
            failed.append(exc)
            claims.stop()

    feeder = threading.Thread(target=feed, name="kith-jobs-feeder", daemon=True)
    feeder.start()
    try:
        while not failed and (i := claims.take()) is not None:
            results[i] = here(jobs[i])
            if done is not None:
                done(results)
    except BaseException:
        claims.stop()  # not waiting for the feeder: the caller cancels the pool's jobs
        raise
    feeder.join()
    if failed:
        raise failed[0]
    return results


def ranked(sources: list[Source], plans: dict) -> list[tuple[int, int, tuple[int, int] | None]]:
    """The jobs, biggest first: (size, source index, vCard part's byte range or None)."""
    jobs = []
    declared: dict[str, dict[str, int]] = {}  # zip path -> member -> size, read once per zip
    for i, s in enumerate(sources):
        if plans[i]:
            points = plans[i].points
            cost = vcard_split.VCARD_COST
            jobs += [((points[k + 1] - points[k]) * cost, i, (points[k], points[k + 1]))
                     for k in range(len(points) - 1)]
        else:
            jobs.append((size_hint(s, declared), i, None))
    jobs.sort(key=lambda j: -j[0])
    return jobs


def size_hint(s: Source, declared: dict[str, dict[str, int]]) -> int:
    """Bytes to parse: a top-level zip member's declared size (its archive's size would rank
    a LinkedIn archive's eight small files like its two big ones), else the file's size."""
    try:
        if len(s.members) == 1:
            if s.disk_path not in declared:
                with zipfile.ZipFile(s.disk_path) as zf:
                    declared[s.disk_path] = {i.filename: i.file_size for i in zf.infolist()}
            return declared[s.disk_path].get(s.members[0], 0)
        return os.path.getsize(s.disk_path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0

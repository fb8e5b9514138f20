"""The embedded engine: owners run in parallel worker processes on this machine.

Owners are dealt into groups of about equal input size (`groups`: at least two per worker,
at most GROUP_BYTES each, largest owner first into the lightest group); a worker task runs
one group (pipeline/batch/group.py: every owner's own run, with normalize computed once for
the group's owners as one frame), the heaviest groups first so the workers finish together.
At most `workers` groups are in flight, so when a worker process dies (out of memory, a crash
in native code) the owners it may have been running are known: each of them is run again
alone, and the one whose process dies again is reported failed; the batch goes on with the
others.

The pool is started once (per pass) and its processes run owner after owner, so imports and
what a worker caches by content (parsed rules and targets, folded rule entries, classified
job titles, compiled templates) are paid once per process, not per owner.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context

from pipeline.batch import layout
from pipeline.batch.group import run_group
from pipeline.batch.layout import OwnerJob
from pipeline.batch.owner import RESULT_FIELDS

# A group's input bytes at most (~20,000 contact records of the bench's exports), and at least
# this many groups per worker, so that the workers finish together.
GROUP_BYTES = 3_000_000
GROUPS_PER_WORKER = 2

log = logging.getLogger("kith.batch")

DIED = ("the worker process running this owner died (out of memory, or a crash while reading "
        "their exports); the other owners were not affected")


def weight(job: OwnerJob) -> int:
    if job.error:
        return 0
    total = 0
    for _label, path in layout.input_files(job):
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


def died(job: OwnerJob, reason: str = DIED) -> dict:
    res = dict.fromkeys(RESULT_FIELDS)
    res.update(owner_id=job.owner_id, status="failed", reason=reason, seconds=0.0, stages="{}",
               counts="{}", rejects=0, opted_in=job.opted_in)
    return res


@contextmanager
def _threads_per_worker(workers: int):
    """Spawned workers read POLARS_MAX_THREADS when they import polars: each gets its share of
    the cores. Small owners' frames gain nothing from a thread pool per process, and `workers`
    pools each as wide as the machine only contend (one 3,600-record owner: 1.0 s with one
    thread, 1.1-2.2 s with two, on a busy 2-core machine). A value the user set is kept."""
    key = "POLARS_MAX_THREADS"
    if key in os.environ:
        yield
        return
    os.environ[key] = str(max(1, (os.cpu_count() or 1) // max(1, workers)))
    try:
        yield
    finally:
        os.environ.pop(key, None)


def groups(jobs: list[OwnerJob], workers: int, group_bytes: int = GROUP_BYTES
           ) -> list[list[OwnerJob]]:
    """Owners dealt into groups (pipeline/batch/group.py), largest owner first into the
    lightest group; at least GROUPS_PER_WORKER groups per worker, none over `group_bytes`
    unless one owner is; the heaviest group first."""
    weights = {id(j): weight(j) for j in jobs}
    total = sum(weights.values())
    n = min(len(jobs), max(workers * GROUPS_PER_WORKER, -(-total // max(1, group_bytes))))
    bins: list[list] = [[0, []] for _ in range(n)]
    for job in sorted(jobs, key=lambda j: weights[id(j)], reverse=True):
        lightest = min(bins, key=lambda b: b[0])
        lightest[0] += weights[id(job)]
        lightest[1].append(job)
    return [b[1] for b in sorted(bins, key=lambda b: b[0], reverse=True) if b[1]]


def _pass(queue: deque, workers: int, results: dict, on_result) -> list[OwnerJob]:
    """Run queued groups of owners until the queue is empty ([]) or a worker dies (the owners
    then in flight, whose results are lost)."""
    with _threads_per_worker(workers), \
            ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        inflight = {}
        while queue or inflight:
            while queue and len(inflight) < workers:
                group = queue.popleft()
                inflight[pool.submit(run_group, group)] = group
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for fut in done:
                group = inflight.pop(fut)
                try:
                    got = fut.result()
                except BrokenProcessPool:
                    return [*group, *(j for g in inflight.values() for j in g)]
                for job in group:
                    results[job.owner_id] = got[job.owner_id]
                    if on_result:
                        on_result(got[job.owner_id])
    return []


def run_local(jobs: list[OwnerJob], workers: int,
              on_result: Callable[[dict], None] | None = None) -> dict[str, dict]:
    """owner_id -> run_owner result, for every job."""
    results: dict[str, dict] = {}
    queue = deque(groups(jobs, max(1, workers)))
    while queue:
        suspects = _pass(queue, max(1, workers), results, on_result)
        if suspects:
            log.warning("a worker process died; %d owner(s) are run again one by one.",
                        len(suspects))
        for job in suspects:
            if _pass(deque([[job]]), 1, results, on_result):
                results[job.owner_id] = died(job)
                if on_result:
                    on_result(results[job.owner_id])
    return results

"""One owner's run: `pipeline.run.run` into the owner's own output folder, then publication of
its tables into the batch's partitioned dataset and of its worksheets. Every engine calls
`run_owner` (a worker process locally, a Python worker under `mapPartitions` on Spark).

The dataset files are hard links to the files `kith run` wrote (a copy where links are not
possible), so a partition holds byte for byte what `kith run` produced for that owner. Each
file is replaced atomically; an owner whose run fails keeps their previous partitions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import time
import traceback
from pathlib import Path

from pipeline.batch import layout
from pipeline.batch.layout import OwnerJob
from pipeline.dedupe.decisions import DecisionError
from pipeline.errors import is_internal
from pipeline.notes.notes_file import NotesError
from pipeline.outputs import LockedError, OutputError, private_mkdir, write_json
from pipeline.run import NoInputError, drive, run_steps
from pipeline.tagging.rules import RulesError

# How long an owner's run waits for the owner's output folder (see run_owner): the batch itself
# holds a lock on the whole output, so the only other holder is an abandoned attempt.
LOCK_WAIT = 120.0
RESULT_FIELDS = ("owner_id", "status", "reason", "run_id", "seconds", "stages", "counts",
                 "rejects", "opted_in", "cpu_seconds")


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def publish(job: OwnerJob) -> None:
    """The owner's published tables -> DIR/<table>/owner_id=<id>/, worksheets -> DIR/worksheets/."""
    stage = job.root / ".tmp"
    private_mkdir(stage)
    tag = f"{job.owner_id}.{os.getpid()}"
    for table in layout.TABLES:
        dst = layout.partition(job.root, table, job.owner_id)
        private_mkdir(dst)
        tmp = stage / f"{tag}.{table}.parquet"
        tmp.unlink(missing_ok=True)
        _link_or_copy((job.out / f"{table}.parquet").resolve(), tmp)
        os.replace(tmp, dst / layout.PART)
        for other in dst.iterdir():
            if other.name != layout.PART:
                shutil.rmtree(other) if other.is_dir() else other.unlink()
    tmp, old = stage / f"{tag}.worksheets", stage / f"{tag}.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree((job.out / "worksheets").resolve(), tmp, copy_function=_link_or_copy)
    dst = layout.worksheets(job.root, job.owner_id)
    private_mkdir(dst.parent)
    if dst.exists():
        os.replace(dst, old)
    os.replace(tmp, dst)
    shutil.rmtree(old, ignore_errors=True)


def unpublish(root: Path, owner_id: str) -> bool:
    """Remove an owner's partitions and worksheets (the owner's folder is gone)."""
    found = False
    for path in [*(layout.partition(root, t, owner_id) for t in layout.TABLES),
                 layout.worksheets(root, owner_id)]:
        if path.exists():
            shutil.rmtree(path)
            found = True
    return found


def published(root: Path, owner_id: str) -> bool:
    return all((layout.partition(root, t, owner_id) / layout.PART).is_file()
               for t in layout.TABLES) and layout.worksheets(root, owner_id).is_dir()


def result_from_state(job: OwnerJob, state: dict, status: str) -> dict:
    """A result row from the owner's state file (an unchanged owner, or one whose result was
    lost with its worker after it had completed)."""
    res = dict.fromkeys(RESULT_FIELDS)
    res.update(owner_id=job.owner_id, status=status, run_id=state.get("run_id"), seconds=0.0,
               stages=json.dumps(state.get("stages", {})),
               counts=json.dumps(state.get("counts", {})), rejects=state.get("rejects", 0),
               opted_in=job.opted_in)
    return res


def _reason(exc: Exception) -> str:
    if isinstance(exc, NoInputError):
        # "No input files were found." inside a sentence; the lines saying why each file was
        # not read kept, as `kith run` prints them (a mistyped inputs path among them)
        line, newline, files = exc.message.partition("\n")
        return "no usable input: " + line[:1].lower() + line[1:] + newline + files
    if isinstance(exc, RulesError | DecisionError | NotesError):
        return f"configuration error: {exc}"
    if isinstance(exc, LockedError):
        return f"locked: {exc}"
    if isinstance(exc, OutputError):
        return f"output error: {exc}"
    return (f"internal error ({type(exc).__name__}); run `kith run` on this owner's folder "
            "with --debug for the traceback")


def run_owner(job: OwnerJob) -> dict:
    """Run one owner; never raises. Returns a RESULT_FIELDS dict (status ok or failed)."""
    return drive(owner_steps(job))


def owner_steps(job: OwnerJob, pause_before: frozenset[str] = frozenset()):
    """run_owner as a generator (pipeline.run.run_steps): it yields (stage, ctx) before each
    stage in `pause_before` and returns the result. "seconds" and "cpu_seconds" count the
    time between its start and its end, its pauses included (pipeline/batch/group.py
    corrects them)."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    res = dict.fromkeys(RESULT_FIELDS)
    res.update(owner_id=job.owner_id, status="failed", stages="{}", counts="{}", rejects=0,
               opted_in=job.opted_in)
    if job.test_kill:
        os.kill(os.getpid(), signal.SIGKILL)
    try:
        if job.error:
            res["reason"] = job.error
            return res
        files = layout.hash_inputs(job)  # before the run: a change during it is seen next time
        private_mkdir(job.work)
        # Stage 1 in this process (ingest_workers=1): a batch already runs one owner per core,
        # and a pool of spawned parsers costs about 1 s per owner. A retried owner can find
        # its earlier attempt still running (Spark cancels a failed job's tasks, but their
        # Python workers finish what they started): lock_wait.
        report = yield from run_steps(job.cfg, job.inputs, job.out, as_of=job.as_of,
                                      debug=job.debug, lock_wait=LOCK_WAIT, ingest_workers=1,
                                      pause_before=pause_before, incremental=not job.full)
        publish(job)
        stages = {k: v["seconds"] for k, v in report.stages.items()}
        state = {"fingerprint": layout.fingerprint(job, files, layout.own_digest(job)),
                 "files": files, "batch_id": job.batch_id, "run_id": report.run_id,
                 "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                 "as_of": job.as_of.isoformat(), "counts": report.counts, "stages": stages,
                 "rejects": report.n_rejects}
        write_json(state, job.work / layout.STATE_FILE)
        res.update(status="ok", run_id=report.run_id, stages=json.dumps(stages),
                   counts=json.dumps(report.counts), rejects=report.n_rejects)
    except BaseException as exc:  # one owner never stops the batch, nor does its panic
        if not is_internal(exc):
            raise
        res["reason"] = _reason(exc)
        if job.debug and res["reason"].startswith("internal error"):
            traceback.print_exc()
    finally:
        res["seconds"] = round(time.perf_counter() - t0, 3)
        # CPU seconds of this process (all its threads): what the owner cost whatever the
        # machine's load, unlike the wall seconds beside it.
        res["cpu_seconds"] = round(time.process_time() - cpu0, 3)
    return res

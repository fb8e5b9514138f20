"""Introductions in `kith serve`: the run's suggestions, and Accept / Dismiss.

The rows are the current run's introductions.parquet (one computation, shared with the
worksheets); what the user answered since that run comes from introduction_decisions.csv
(pipeline.enrich.intro_decisions) and people marked do-not-contact since then from the notes,
so the page is right before any re-run. Accept logs `gave` "introduced to <name>" in the ledger
for the person who needed help, once; Dismiss records that the suggestion is not wanted again.
Both are POSTs with the CSRF token, answered with a redirect like every form here.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import polars as pl
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from pipeline import schema
from pipeline.enrich import drafts, intro_asks
from pipeline.enrich import intro_decisions as decided
from pipeline.enrich.introductions import OPEN
from pipeline.notes.ledger import LedgerError
from pipeline.serve.actions import _back, _form, _kith
from pipeline.worksheets.rows import SAFE_EMAIL

SHOWN = 100
_cache: dict[str, tuple[str, pl.DataFrame]] = {}
_lock = threading.Lock()


def table(k) -> pl.DataFrame:
    """The current run's introductions (read once per run); none for a run made before
    kith wrote them."""
    try:
        key = os.readlink(k.out / "current")
    except OSError:
        return schema.empty(schema.INTRODUCTIONS)
    with _lock:
        hit = _cache.get(str(k.out))
        if hit is None or hit[0] != key:
            path = k.out / key / "introductions.parquet"
            frame = (pl.read_parquet(path) if path.exists()
                     else schema.empty(schema.INTRODUCTIONS))
            hit = _cache[str(k.out)] = (key, schema.conform(frame, schema.INTRODUCTIONS))
        return hit[1]


def _answers(k) -> pl.DataFrame:
    try:
        return decided.load(decided.decisions_path(k.notes_path))
    except decided.DecisionFileError as exc:
        raise HTTPException(409, str(exc)) from exc


def _dnc(k, pid: str) -> bool:
    notes = k.store.notes_of(pid)
    return bool(notes.height and notes["do_not_contact"][0])


def _with_answers(k, rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` with the answers given since the run (status)."""
    answers = _answers(k).select("introduction_id", pl.col("status").alias("_now"))
    return (rows.join(answers, on="introduction_id", how="left", maintain_order="left")
            .with_columns(pl.coalesce("_now", "status").alias("status")).drop("_now"))


def _without_dnc(k, rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` without people marked do-not-contact since the run (their notes are read one
    person at a time, so only for rows about to be shown)."""
    people = set(rows["seeker_id"].to_list()) | set(rows["helper_id"].to_list())
    hidden = [pid for pid in sorted(people) if _dnc(k, pid)]
    return rows.filter(~pl.col("seeker_id").is_in(hidden) & ~pl.col("helper_id").is_in(hidden))


def for_person(k, pid: str) -> list[dict]:
    """The open introductions `pid` is in, either side (the person page's section)."""
    mine = table(k).filter((pl.col("seeker_id") == pid) | (pl.col("helper_id") == pid))
    frame = _without_dnc(k, _with_answers(k, mine).filter(pl.col("status") == OPEN))
    return frame.sort("rank", nulls_last=True).to_dicts()


def page(request: Request):
    k = _kith(request)
    k.store.snapshot()  # no run yet: the "run kith first" page
    frame = _with_answers(k, table(k))
    open_rows = frame.filter(pl.col("status") == OPEN).sort("rank", nulls_last=True)
    head = open_rows.head(SHOWN)
    shown = _without_dnc(k, head)
    answered = _without_dnc(k, frame.filter(pl.col("status") != OPEN)
                            .sort("seeker_name", "helper_name").head(SHOWN))
    return k.render(request, "introductions.html", rows=_with_asks(k, shown.to_dicts()),
                    total=open_rows.height - (head.height - shown.height),
                    answered=answered.to_dicts(),
                    message=request.query_params.get("m", ""))


def _with_asks(k, rows: list[dict]) -> list[dict]:
    """`rows` with the mailto: links of each introduction's two asks (intro_asks: drafted
    from drafts.toml beside your targets, your notes about either withheld, your notes read
    as they are now), as introductions.html has them."""
    if not rows:
        return rows
    ids = sorted({r[side] for r in rows for side in ("seeker_id", "helper_id")})
    people = k.store.snapshot().people.filter(pl.col("person_id").is_in(ids)).with_columns(
        pl.col("emails").fill_null([]).list.eval(
            pl.element().filter(pl.element().str.contains(SAFE_EMAIL))).alias("_mail"))
    notes = [k.store.notes_of(pid) for pid in ids]
    noted = intro_asks.noted_texts(pl.concat(notes, how="diagonal_relaxed")) if notes else {}
    return intro_asks.add_links(rows, _templates(k), intro_asks.people_names(people),
                                intro_asks.first_mail(people, "_mail"), noted, _sender(k))


def _templates(k) -> dict:
    """drafts.toml beside your targets file, as `kith plan` reads it; kith's own when it
    cannot be read (the page still shows; `kith plan` names the file's problem)."""
    targets = k.cfg.files.get("targets")
    try:
        return drafts.load(Path(targets).parent / "drafts.toml" if targets else None)
    except drafts.DraftError:
        return drafts.load(None)


def _sender(k) -> str:
    path = k.out / "current" / "owner.parquet"
    return drafts.sender_name(pl.read_parquet(path)) if path.exists() else ""


def _one(k, iid: str) -> dict:
    hit = table(k).filter(pl.col("introduction_id") == iid)
    if hit.height == 0:
        raise HTTPException(404, f"No introduction {iid} in the current outputs.")
    row = hit.row(0, named=True)
    for side in ("seeker_id", "helper_id"):
        if _dnc(k, row[side]):
            raise HTTPException(409, "One of the two is marked do-not-contact now; this "
                                     "introduction is not suggested any more.")
    return row


def _write(k, action: str, row: dict) -> bool:
    try:
        do = decided.accept if action == "accept" else decided.dismiss
        return do(k.notes_path, row, k.today())
    except (decided.DecisionFileError, LedgerError) as exc:
        raise HTTPException(409, str(exc)) from exc


async def answer(request: Request):
    k, form = _kith(request), await _form(request)
    action = form.get("action", "")
    if action not in ("accept", "dismiss"):
        raise HTTPException(400, "action must be accept or dismiss.")
    row = _one(k, request.path_params["iid"])
    new = await run_in_threadpool(_write, k, action, row)
    if action == "accept":
        message = (f"Logged: you gave {row['seeker_name']} an introduction to "
                   f"{row['helper_name']}." if new else
                   "Already accepted; nothing logged again.")
    else:
        message = ("Dismissed; it will not be suggested again." if new else
                   "Already answered.")
    return _back("/introductions", message)

"""What the forms do (POST). Each checks the CSRF token, then calls the same library function
as the CLI command it stands for, in a worker thread (they take file locks), and answers with
a redirect (303), so a reload never posts twice and the forms work without JavaScript."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import polars as pl
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pipeline.dedupe import decisions as dec
from pipeline.keep_in_touch import next_follow_up
from pipeline.notes import ledger as ledger_mod
from pipeline.notes import notes_file, steps
from pipeline.notes.userfile import referral_stage
from pipeline.schema import NETWORK_NAMES
from pipeline.serve import noteform
from pipeline.serve.noteform import MAX_TEXT
from pipeline.serve.security import FORBIDDEN_CSRF

SNOOZE_DAYS = 7


def _kith(request: Request):
    return request.app.state.kith


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    values = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not _kith(request).guard.csrf_ok(values.get("csrf")):
        # a page from before a restart: what was typed into it is shown, not lost
        raise HTTPException(403, FORBIDDEN_CSRF + noteform.unsaved(values))
    return values


def _first_time(request: Request, form: dict[str, str]) -> bool:
    """Whether this form's one-time value (security.Guard.once) is sent for the first time. A
    form without one (a script, a page from before this launch's pages had them) is taken as
    it comes; a value this launch did not issue is refused."""
    value = form.get("once")
    if value is None:
        return True
    first = _kith(request).guard.claim(value, request.url.path)
    if first is None:
        raise HTTPException(400, "This form is from an earlier kith serve; reload the page "
                                 "and send it again.")
    return first


def _unclaim(request: Request, form: dict[str, str]) -> None:
    if form.get("once"):
        _kith(request).guard.unclaim(form["once"], request.url.path)


SENT_TWICE = "Already saved: the form was sent twice (a double click); nothing was added."


def _back(path: str, message: str = "") -> RedirectResponse:
    return RedirectResponse(path + (f"?m={quote(message)}" if message else ""),
                            status_code=303)


def _person(request: Request) -> dict:
    pid = request.path_params["pid"]
    person = _kith(request).store.snapshot().person(pid)
    if person is None:
        raise HTTPException(404, f"No person {pid} in the current outputs.")
    return person


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def _date(text: str) -> dt.date | str:
    """A date input's value; "" clears the typed follow-up."""
    if not text.strip():
        return ""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise _bad(f"'{text}' is not a date (YYYY-MM-DD).") from exc


async def note(request: Request):
    """Only the fields the user changed in the form are written (pipeline/serve/noteform.py)."""
    k, form = _kith(request), await _form(request)
    try:
        p = _person(request)
    except HTTPException as exc:  # gone since the page was shown: show what was typed
        raise HTTPException(exc.status_code, exc.detail + noteform.unsaved(form)) from exc
    pid = p["person_id"]
    current = k.store.notes_of(pid)
    try:
        changed = noteform.changes(form, current.row(0, named=True) if current.height else {})
    except noteform.Conflict as exc:
        raise HTTPException(409, str(exc)) from exc
    values: dict[str, object] = {key: changed[key] for key in noteform.TEXT_FIELDS
                                 if key in changed}
    if any(len(v) > MAX_TEXT for v in values.values()):  # refused, not cut: nothing lost
        raise _bad(f"A note is longer than {MAX_TEXT:,} characters, which kith serve keeps to "
                   "(a longer one can be typed into notes.csv)." + noteform.unsaved(form))
    if values.get("referral_status") and referral_stage(values["referral_status"]) is None:
        raise _bad("A referral status starts with asked, agreed, submitted or outcome "
                   "(e.g. 'outcome: offer').")
    if "follow_up" in changed:
        values["follow_up"] = _date(changed["follow_up"])
    if "do_not_contact" in changed:
        values["do_not_contact"] = changed["do_not_contact"] == "yes"
    if values:
        await run_in_threadpool(_set_note, k, pid, p["display_name"] or pid, values)
    return _back(f"/person/{pid}", "Notes saved." if values else "Nothing changed.")


def _set_note(k, pid: str, name: str, values: dict) -> None:
    before = k.store.notes_key()
    try:
        notes_file.set_note(k.notes_path, pid, name, **values)
    except notes_file.NotesError as exc:
        raise HTTPException(409, str(exc)) from exc
    k.store.note_written(pid, before)


def _log(k, pid: str, name: str, kind: str, text: str) -> None:
    try:
        ledger_mod.append_entry(ledger_mod.ledger_path(k.notes_path), pid, name, kind, text,
                                k.today())
    except ledger_mod.LedgerError as exc:
        raise HTTPException(409, str(exc)) from exc


def _log_entry(k, pid: str, name: str, kind: str, text: str) -> str:
    """The log form's entry, dated today: a talk is the noted next step done (notes.steps);
    returns that step ("" for none)."""
    before = k.store.notes_key()
    try:
        step = steps.log_talk(k.notes_path, pid, name, kind, text, k.today(), k.today(),
                              noted=_typed(k, pid)[1])  # the store's cached notes
    except (ledger_mod.LedgerError, notes_file.NotesError) as exc:
        raise HTTPException(409, str(exc)) from exc
    if step:
        k.store.note_written(pid, before)
    return step


async def log(request: Request):
    k, form = _kith(request), await _form(request)
    p = _person(request)
    kind = form.get("kind", "")
    if kind not in ledger_mod.KINDS:
        raise _bad(f"kind must be one of {', '.join(ledger_mod.KINDS)}.")
    text = form.get("text", "")
    if len(text) > MAX_TEXT:
        raise _bad(f"The text is longer than {MAX_TEXT:,} characters; nothing was logged. "
                   f"What you typed: \u201c{text}\u201d.")
    if not _first_time(request, form):
        return _back(f"/person/{p['person_id']}", SENT_TWICE)
    try:
        step = await run_in_threadpool(_log_entry, k, p["person_id"], p["display_name"] or "",
                                       kind, text)
    except BaseException:
        _unclaim(request, form)
        raise
    done = f" Next step done: {step} (cleared from your notes, kept in the entry)." if step else ""
    return _back(f"/person/{p['person_id']}", f"Logged: {kind}.{done}")


async def follow_up(request: Request):
    """Done: a talk today, and a typed date and a noted next step cleared (so the cadence
    restarts from the talk; the step is kept in the talk's ledger entry).
    Snooze: the follow-up moves a week on from its date (or from today, when overdue).
    Keep in touch: a cold tie becomes a relationship, due one cadence from today."""
    k, form = _kith(request), await _form(request)
    p = _person(request)
    pid, today = p["person_id"], k.today()
    action = form.get("action", "")
    back = form.get("back") if form.get("back") in ("/",) else f"/person/{pid}"
    if action in ("done", "snooze", "keep") and not _first_time(request, form):
        return _back(back, SENT_TWICE)
    try:
        message = await _follow_up(k, p, action, today)
    except BaseException:
        _unclaim(request, form)
        raise
    return _back(back, message)


async def _follow_up(k, p: dict, action: str, today: dt.date) -> str:
    pid, name = p["person_id"], p["display_name"] or p["person_id"]
    live = k.store.live_person(pid, today)
    if action == "done":
        typed, step = _typed(k, pid)
        # the step done is kept in the ledger's entry: a noted next step keeps them due
        # (keep_in_touch) until it is cleared here
        await run_in_threadpool(_log, k, pid, name, "talked",
                                f"follow-up done: {step}" if step else "follow-up done")
        clear = {**({"follow_up": ""} if typed is not None else {}),
                 **({"next_step": ""} if step else {})}
        if live and clear:
            try:
                await run_in_threadpool(_set_note, k, pid, name, clear)
            except (HTTPException, OSError) as exc:  # the talk is logged: a resend (the
                # one-time value released by a failure) must not log it again
                why = exc.detail if isinstance(exc, HTTPException) else str(exc)
                return f"Talk logged, but the follow-up date or next step was not cleared: {why}"
        message = "Follow-up done."
    elif action == "snooze":
        due = (live or {}).get("follow_up_due") or today
        moved = max(due, today) + dt.timedelta(days=SNOOZE_DAYS)
        await run_in_threadpool(_set_note, k, pid, name, {"follow_up": moved})
        message = f"Follow-up moved to {moved}."
    elif action == "keep":
        due = next_follow_up(today, p["cadence_days"] or 90, None)
        await run_in_threadpool(_set_note, k, pid, name, {"follow_up": due})
        message = f"Keeping in touch: follow up by {due}."
    else:
        raise _bad("action must be done, snooze or keep.")
    return message


def _typed(k, pid: str) -> tuple:
    """(the follow-up date typed, the next step noted: "" for none) in `pid`'s notes now."""
    notes = k.store.notes_of(pid)
    if not notes.height:
        return None, ""
    return notes["follow_up"][0], (notes["next_step"][0] or "").strip()


def _decide(k, kind: str, pairs: list[tuple[str, str]], note: str) -> None:
    try:
        for a, b in pairs:
            dec.add(k.decisions_path, kind, a, b, note)
    except dec.DecisionError as exc:
        raise HTTPException(409, str(exc)) from exc


async def review(request: Request):
    k, form = _kith(request), await _form(request)
    pair = (form.get("l", ""), form.get("r", ""))
    answer = form.get("answer", "")
    if answer not in ("same", "different", "skip"):
        raise _bad("answer must be same, different or skip.")
    if answer == "skip":
        k.skipped.add(pair)
        return _back("/review")
    snap = k.store.snapshot()
    by_id = {r["record_id"]: r for r in snap.records.filter(
        pl.col("record_id").is_in(list(pair))).iter_rows(named=True)}
    if set(pair) - set(by_id):
        raise HTTPException(404, "Those records are not in the current outputs.")
    shared = snap.shared_keys()
    keys = (dec.natural_key(by_id[pair[0]], shared), dec.natural_key(by_id[pair[1]], shared))
    await run_in_threadpool(_decide, k, answer, [keys], "kith serve review")
    k.decided.add(pair)
    k.runner.start()
    return _back("/review")


async def network(request: Request):
    k, form = _kith(request), await _form(request)
    p = _person(request)
    net, action = form.get("network", ""), form.get("action", "")
    if net not in NETWORK_NAMES or action not in ("add", "remove"):
        raise _bad("Choose a network and add or remove.")
    snap = k.store.snapshot()
    recs = snap.records.filter(pl.col("person_id") == p["person_id"])
    key = dec.person_key(recs, snap.shared_keys())
    kind = "in-network" if action == "add" else "not-in-network"
    await run_in_threadpool(_decide, k, kind, [(key, net)], "kith serve tag")
    k.runner.start()
    return _back(f"/person/{p['person_id']}", f"Saved; updating the outputs ({action} {net}).")


async def split(request: Request):
    k, form = _kith(request), await _form(request)
    p = _person(request)
    record = form.get("record_id", "")
    others = [r for r in p["record_ids"] or [] if r != record]
    if record not in (p["record_ids"] or []) or not others:
        raise _bad(f"{record} is not one of {p['person_id']}'s records, or is the only one.")
    snap = k.store.snapshot()
    pairs = dec.split_pairs(snap.records.filter(pl.col("person_id") == p["person_id"]), record,
                            snap.shared_keys())
    await run_in_threadpool(_decide, k, "different", pairs, "kith serve split")
    k.runner.start()
    return _back(f"/person/{p['person_id']}", "Split saved; updating the outputs.")


async def retry(request: Request):
    await _form(request)
    _kith(request).runner.start()
    return _back("/run")

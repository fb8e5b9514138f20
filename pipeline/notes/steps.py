"""A talk you log today completes the next step your notes hold: kith clears it from the
notes file and keeps it in the talk's ledger entry.

Why explicitly: the notes file has no date for when a step was noted, so the rule it replaces
("a logged talk that is the latest contact marks the step done", plan38) also swallowed a step
noted *after* the talk: `kith log Ines talked "coffee"`, then `kith note Ines --next "send
CV"`, and the plan left the step out until the cadence came round (plan38's "left"), and a
message from a later export brought a done step back. Now every step in the notes is still
to do; a talk logged by kith (`kith log NAME talked`, Talked or Done in `kith serve`) dated
today is the step done, said so at once, and the step is kept in the entry, so nothing typed
is lost. A talk dated before today leaves the step (it may have been noted since).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipeline.notes import ledger as ledger_mod
from pipeline.notes import notes_file


def noted_step(notes_path: Path, person_id: str) -> str:
    """The next step noted for `person_id` ("" for none): their own row's, as set_note writes."""
    if not notes_path.exists():
        return ""
    mine = notes_file.load_notes(notes_path).filter(pl.col("person_id") == person_id)
    if not mine.height:
        return ""
    own = mine.filter(~pl.col("kith_flag").cast(pl.String).fill_null("").str.contains(
        "merged from", literal=True))
    return ((own if own.height else mine)["next_step"][0] or "").strip()


def completes_step(kind: str, day: dt.date, today: dt.date) -> bool:
    """Whether an entry of `kind` on `day` is the noted step done: a talk, dated today."""
    return kind == "talked" and day == today


def entry_text(text: str, step: str) -> str:
    """The talk's ledger text with the step it completed ("coffee (next step done: send CV)")."""
    text = " ".join((text or "").split())
    if not step:
        return text
    return f"{text} (next step done: {step})" if text else f"next step done: {step}"


def log_talk(notes_path: Path, person_id: str, name: str, kind: str, text: str,
             day: dt.date, today: dt.date, noted: str | None = None) -> str:
    """Append the entry to the ledger beside `notes_path`; for a talk dated today, clear the
    noted step (after the entry is written: a failure leaves the step to do, never lost).
    `noted`: the step as the caller already knows it (kith serve's cached notes), else the
    notes file is read. Returns the step completed ("" for none). Raises ledger_mod.LedgerError
    and notes_file.NotesError as the two writers do."""
    step = ""
    if completes_step(kind, day, today):
        step = noted if noted is not None else noted_step(notes_path, person_id)
    ledger_mod.append_entry(ledger_mod.ledger_path(notes_path), person_id, name, kind,
                            entry_text(text, step), day)
    if step:
        notes_file.set_note(notes_path, person_id, name, next_step="")
    return step

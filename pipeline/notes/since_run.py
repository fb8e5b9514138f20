"""What you did since the last run, read into the plan that run made.

The week's plan (worksheets/plan.csv) is the run's. Notes and ledger entries written since
(Done, Snooze, Talked in kith serve, `kith log`, `kith note`) change who is still to do: a
person marked do-not-contact is never proposed (the plan promises so), and one whose
follow-up moved on or whose dormant tie woke up is done for now. kith serve's home page and
`kith plan` both read the plan through here (adversarial28), with the outreach stage's own
function (ledger.apply_to_people).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipeline.notes import ledger as ledger_mod
from pipeline.notes.notes_file import load_notes


def handled(before: dict, live: dict) -> str:
    """"" while the person is still to do; else what changed since the run, in words.
    `before`: the run's person (follow_up_due, dormant); `live`: the same with your notes
    and ledger applied today."""
    was, now = before.get("follow_up_due"), live.get("follow_up_due")
    if was is not None and now is not None and now > was:
        return f"done for now: next follow-up {now.isoformat()}"
    if before.get("dormant") and not live.get("dormant"):
        return "done for now: you talked since the run"
    return ""


def states(people: pl.DataFrame, notes: pl.DataFrame, entries: pl.DataFrame, today: dt.date,
           rule) -> dict[str, str | None]:
    """person_id -> None (marked do-not-contact) or handled()'s text, for the plan's
    `people` (rows of the run's people table)."""
    dnc = set(marked_do_not_contact(notes).to_list())
    live = ledger_mod.apply_to_people(people, notes, entries, today, rule)
    now = {}
    for r in live.iter_rows(named=True):
        now.setdefault(r["person_id"], r)
    return {r["person_id"]: None if r["person_id"] in dnc else handled(r, now.get(r["person_id"], r))
            for r in people.iter_rows(named=True)}


def still_dormant(people: pl.DataFrame, notes: pl.DataFrame, entries: pl.DataFrame,
                  today: dt.date, rule) -> pl.DataFrame:
    """The run's dormant `people` less those your ledger woke since: a `talked` entry after
    their last contact (`kith log NAME talked`, Talked or Done in kith serve). The plan said
    "done for now" of them while `kith dormant` still listed them as quiet (user36)."""
    if people.height == 0:
        return people
    live = ledger_mod.apply_to_people(people, notes, entries, today, rule)
    awake = live.filter(~pl.col("dormant").fill_null(False))["person_id"]
    return people.filter(~pl.col("person_id").is_in(awake.implode()))


def marked_do_not_contact(notes: pl.DataFrame) -> pl.Series:
    """person_id of every notes row marked do-not-contact."""
    return notes.filter(pl.col("do_not_contact").fill_null(False))["person_id"]


def do_not_contact_in(path: Path | None) -> pl.Series:
    """marked_do_not_contact of the notes file at `path` (empty without one): what the CLI's
    lists leave out, as the worksheets and kith serve do."""
    if path is None or not path.exists():
        return pl.Series("person_id", [], dtype=pl.String)
    return marked_do_not_contact(load_notes(path))



def written_since_run(path: Path | None, out: Path, part: str) -> bool:
    """Whether your file at `path` (`part` of the run's fingerprint: "notes", "targets")
    differs from the one the current run read: its introductions or target paths do not show
    it yet, and a command that reads them says `kith run` does (user34: `kith companies --add
    Deloitte`, then `kith targets` said nobody works there, of a company 19 people work at).
    By content, as the next run decides what to recompute; False without a recorded run."""
    from pipeline import refresh  # the refresh planner; not needed by the plan's readers

    recorded = (refresh.current_fingerprint(out) or {}).get(part)
    return path is not None and recorded is not None and refresh.file_digest(path) != recorded

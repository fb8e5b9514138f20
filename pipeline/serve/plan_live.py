"""This week's plan on kith serve's home page as you have worked it since the run.

The plan is the last run's (worksheets/plan.csv). Done and Snooze on it write at once, but the
page came back with the item unchanged, its buttons still there to press again (a second Done
is a second talk in the ledger); and someone ticked do-not-contact on their page was still
proposed until the next run, where the plan promises never to list them. Each item is read
with the same live view the person page uses (Store.live_person: notes and ledger applied by
the outreach stage's own function): do-not-contact people are left out, and an item whose
follow-up moved on (Done, Snooze, a Talked entry) or whose dormant tie woke up says so, with
no buttons.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline.notes.since_run import handled


def sections(k, snap) -> tuple[list[tuple[str, list[dict]]], int]:
    """[(section title, items)] of the run's plan with each item's `handled` text ("" while
    still to do), and how many items were left out as do-not-contact since the run."""
    today = k.today()
    out, hidden = [], 0
    for title in snap.plan["section"].unique(maintain_order=True).to_list():
        items = []
        for it in snap.plan.filter(pl.col("section") == title).to_dicts():
            state = _state(k, snap, it["person_id"], today)
            if state is None:
                hidden += 1
                continue
            items.append(it | {"handled": state})
        if items:
            out.append((title, items))
    return out, hidden


def _state(k, snap, pid: str, today: dt.date) -> str | None:
    """None: marked do-not-contact since the run; "": still to do; else what was done."""
    notes = k.store.notes_of(pid)
    if notes.height and bool(notes["do_not_contact"][0]):
        return None
    before, live = snap.person(pid), k.store.live_person(pid, today)
    if before is None or live is None:
        return ""
    return handled(before, live)

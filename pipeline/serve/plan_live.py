"""This week's plan on kith serve's home page as you have worked it since the run.

The plan is the last run's (worksheets/plan.csv). Done and Snooze on it write at once, but the
page came back with the item unchanged, its buttons still there to press again (a second Done
is a second talk in the ledger); and someone ticked do-not-contact on their page was still
proposed until the next run, where the plan promises never to list them. Each item is read
as the person page reads them (notes and ledger applied by the outreach stage's own function,
pipeline/notes/since_run.py): do-not-contact people are left out, and an item whose
follow-up moved on (Done, Snooze, a Talked entry) or whose dormant tie woke up says so, with
no buttons. Someone your notes made due this week since the run (a next step or a follow-up
date noted in the page's form, `kith note` or a spreadsheet) is listed first among the
follow-ups, "noted since the last run", as `kith plan` lists them (worksheets/plan_noted.py).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline.notes import since_run
from pipeline.worksheets import plan_noted


def _noted(k, snap) -> pl.DataFrame:
    """plan.csv's rows (as strings) for the follow-ups your notes made due since the run."""
    as_of = dt.date.fromisoformat(snap.as_of) if snap.as_of else k.today()
    noted = plan_noted.follow_ups(snap.people, k.store.notes_now(), k.store.ledger(), as_of,
                                  max(k.today(), as_of), k.store.rule, snap.plan)
    return noted.select(pl.col(c).cast(pl.String) if c in noted.columns
                        else pl.lit(None, pl.String).alias(c) for c in snap.plan.columns)


def sections(k, snap) -> tuple[list[tuple[str, list[dict]]], int]:
    """[(section title, items)] of the run's plan with each item's `handled` text ("" while
    still to do), and how many items were left out as do-not-contact since the run."""
    ids = snap.plan["person_id"].unique(maintain_order=True).to_list()
    noted = _noted(k, snap)
    plan = (plan_noted.first(pl.concat([noted, snap.plan.cast(pl.String)])) if noted.height
            else snap.plan)
    if not ids and not noted.height:
        return [], 0
    # the plan's people read at once (a filter of a 100,000-person table per item cost
    # ~10 ms an item); each one's notes through notes_of, which knows this server's writes
    state: dict = {}  # the items noted since the run are still to do
    if ids:
        people = snap.people.filter(pl.col("person_id").is_in(ids))
        notes = pl.concat([k.store.notes_of(pid) for pid in ids], how="diagonal_relaxed")
        entries = k.store.ledger().filter(pl.col("person_id").is_in(ids))
        state = since_run.states(people, notes, entries, k.today(), k.store.rule)
    out, hidden = [], 0
    for title in plan["section"].unique(maintain_order=True).to_list():
        items = []
        for it in plan.filter(pl.col("section") == title).to_dicts():
            done = state.get(it["person_id"], "")
            if done is None:
                hidden += 1
                continue
            items.append(it | {"handled": done})
        if items:
            out.append((title, items))
    return out, hidden

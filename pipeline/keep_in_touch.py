"""Keeping in touch: the one place that says when a follow-up is due and which ties are dormant.

Used by the tag stage (from the exports alone), by the outreach stage (with the user's notes
and ledger: a logged talk is an interaction, a typed date wins), by `kith log` (the next
follow-up it announces) and by `kith serve` (a person page after a click, before any re-run).

Relationship tiers. A cadence only means something for a tie that exists: someone you wrote to
and heard back from, keep in an address book under a label, noted or logged something about,
who is a path into a company you target, or whom you chose to keep in touch with (a follow-up
date you typed). Everyone else is a cold tie: listed on the worksheets, never "overdue".
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline import schema
from pipeline.tagging.rules import Dormant

COLD = "cold tie: no follow-up cadence (write, note or log something to start one)"


# A person on no address book of the user's (schema.ADDRESS_BOOKS), only in a generic CSV.
IN_FILE = "listed in a CSV file you gave kith"


def in_address_book(sources: pl.Expr) -> pl.Expr:
    """One of `sources` (a list column) is an address book of the user's."""
    return sources.list.set_intersection(
        pl.lit(list(schema.ADDRESS_BOOKS), dtype=pl.List(pl.String))).list.len() > 0


def _s(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).fill_null("")


def relationship(*, noted: pl.Expr, logged: pl.Expr, typed: pl.Expr) -> pl.Expr:
    """Why a person has a relationship with the user ("" for a cold tie), from the people
    columns (messages_sent/received, labels, sources, target_companies) and the user's evidence:
    `noted` (their notes row has text), `logged` (a ledger entry), `typed` (a follow-up date)."""
    two_way = (pl.col("messages_sent").fill_null(0) > 0) & (
        pl.col("messages_received").fill_null(0) > 0)
    labels = pl.col("labels").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    sources = pl.col("sources").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    in_book = sources.list.eval(pl.element() != "linkedin").list.any()
    real_book = in_address_book(sources)
    targets = pl.col("target_companies").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    parts = [
        pl.when(two_way).then(pl.lit("you wrote to each other")),
        pl.when(in_book & (labels.list.len() > 0))
        .then(pl.when(real_book).then(pl.lit("in your address book as ") + labels.list.join(", "))
              .otherwise(pl.lit("labelled ") + labels.list.join(", ") + pl.lit(" in a CSV file "
                                                                            "you gave kith"))),
        pl.when(targets.list.len() > 0).then(pl.lit("a path into ") + targets.list.join(", ")),
        pl.when(noted.fill_null(False)).then(pl.lit("your notes")),
        pl.when(logged.fill_null(False)).then(pl.lit("your ledger")),
        pl.when(typed.is_not_null()).then(pl.lit("you set a follow-up date")),
    ]
    return pl.concat_str(parts, separator="; ", ignore_nulls=True).fill_null("")


def keep_in_touch(as_of: dt.date, rule: Dormant, *, warm_once: pl.Expr,
                  related: pl.Expr, typed: pl.Expr | None = None,
                  pending: pl.Expr | None = None) -> list[pl.Expr]:
    """follow_up_due and dormant from last_interaction, first_connected and cadence_days.

    follow_up_due: the typed date when there is one; else, for a relationship, the last
    contact (or the connection date) plus the cadence; a cold tie has none. A next step you
    noted (`pending`) and no typed date: due by the as-of date at the latest, whatever the
    contacts say, until it is done: cleared (Done in kith serve, `kith note NAME --next ""`)
    or a talk you logged is the latest contact (ledger.with_evidence's `_next`).
    It made someone due only with neither date on record (round 31: "return her ladder"), so
    "send CV" noted for a recruiter you wrote to last month waited for the cadence (user38's
    proposal 1). A label alone does not make it due: a whole address book of family and club
    cards would fill the follow-ups with "Get in touch".
    dormant: warm once (`warm_once`), and silent longer than the cadence times the rule's
    multiple, and at least the rule's silent_days."""
    c = pl.col
    since = pl.coalesce("last_interaction", "first_connected")
    silent = (pl.lit(as_of) - since).dt.total_days()
    threshold = pl.max_horizontal(c("cadence_days").cast(pl.Float64) * rule.cadence_multiple,
                                  pl.lit(float(rule.silent_days)))
    computed = since + pl.duration(days=c("cadence_days"))
    if pending is not None:  # min_horizontal skips a null: the earlier of the two dates
        computed = pl.min_horizontal(computed,
                                     pl.when(pending.fill_null(False)).then(pl.lit(as_of)))
    computed = pl.when(related).then(computed)
    due = computed if typed is None else pl.coalesce(typed, computed)
    return [due.cast(pl.Date).alias("follow_up_due"),
            (warm_once & (silent > threshold)).fill_null(False).alias("dormant")]


# A due date counted from the connection date alone (never written to, no date typed) is no
# reproach: the tie never started. The plan said so since user38 (worksheets/plan.py); the
# worksheet cards and serve's person page still said "overdue since 2023-04-04" on a first
# run, two years before the user ever ran kith (user41).
NEVER_TALKED = "no contact recorded since you connected on "


def never_talked(as_of: dt.date, typed: pl.Expr) -> pl.Expr:
    """Due before `as_of` by a cadence from `first_connected` alone: no contact on record and
    no follow-up date the user typed (`typed`, a boolean)."""
    return (pl.col("last_interaction").is_null() & ~typed.fill_null(False)
            & pl.col("first_connected").is_not_null()
            & (pl.col("follow_up_due") < as_of)).fill_null(False)


def due_text(as_of: dt.date, typed: pl.Expr) -> pl.Expr:
    """The follow-up in words: "" (none), "overdue since D", "due now: no contact recorded
    since you connected on D" (never_talked), or the date."""
    due = pl.col("follow_up_due")
    return (pl.when(due.is_null()).then(pl.lit(""))
            .when(never_talked(as_of, typed))
            .then(pl.lit("due now: " + NEVER_TALKED) + pl.col("first_connected").cast(pl.String))
            .when(due < as_of).then(pl.lit("overdue since ") + due.cast(pl.String))
            .otherwise(due.cast(pl.String)))


def next_follow_up(last_contact: dt.date, cadence_days: int | None, typed: dt.date | None,
                   related: bool = True) -> dt.date | None:
    """The same rule for one person (`kith log`, `kith serve`)."""
    frame = pl.DataFrame({"last_interaction": [last_contact], "first_connected": [None],
                          "cadence_days": [cadence_days], "_typed": [typed]},
                         schema={"last_interaction": pl.Date, "first_connected": pl.Date,
                                 "cadence_days": pl.Int64, "_typed": pl.Date})
    out = frame.select(keep_in_touch(last_contact, Dormant(), warm_once=pl.lit(False),
                                     related=pl.lit(related), typed=pl.col("_typed")))
    return out["follow_up_due"][0]

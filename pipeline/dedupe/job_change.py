"""A job change is not a split: yesterday's evidence (issue 12).

A person whose job changed in one export split in two on the next night (user40's Karim
Haddad: LinkedIn says Coveo, the phone and a meetup list still Lightspeed; user39's Sabine:
Outlook says she moved, LinkedIn not yet). Compared afresh, `org=different_dated` and
`title=different` pull the pair under the merge threshold, which is right for two records
seen for the first time: two namesakes at two companies look just like that.

But the run is not seeing them for the first time. The previous published run merged the
same source record (the same record id: a LinkedIn profile is keyed by its URL; or a card of
the same file edited in place, which dedupe.ids matches across runs) with the other record,
and all that changed in that record since is its job: organisation, title, perhaps an added
work e-mail or a phone. That is a job change, not another person. Such a pair of the review
band or below is joined as a merge-level link (still refused by every conflict rule, and
never against the user's own decisions); its reason in pairs.parquet says so.

The evidence is an input of dedupe, not a memory of the process: the previous run's records
(current/records.parquet), its id state and its job-change pairs (state/job_changes.parquet,
written beside the id state and part of the fingerprint's "state"). So `kith run --full`
over the same inputs and previous run gives what the incremental night gives, and a run
over the same inputs the next day keeps the pair (a carried pair keeps its date). A first
run has no previous run: nothing here applies, its outputs do not move.

Not a job change (a real split still happens): a name, LinkedIn profile or birthday that
changed or appeared, an e-mail address or phone number that went away (replaced by
another), or an added e-mail at a personal mail provider (someone else's address typed
into the card is the commoner story).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.dedupe.ids import EDIT_KEYS, edited_versions
from pipeline.dedupe.mail_spellings import PERSONAL_DOMAINS
from pipeline.errors import is_internal
from pipeline.textfmt import fmt

log = logging.getLogger("kith")

FILE = "state/job_changes"  # beside state/person_ids, in the run's folder (+ ".parquet")
# moved: the record of the pair whose job changed (its organisation is the person's newer one)
PAIRS = {"record_id_l": pl.String, "record_id_r": pl.String, "since": pl.Date,
         "moved": pl.String}
# What must not change for a changed record to be the same card with a new job.
IDENTITY = ["name_key", "given_key", "family_key", "linkedin_slug",
            "birthday_year", "birthday_month", "birthday_day"]
JOB = ["org_key", "organization", "title"]
KEYS = ["email_keys", "phones_e164"]  # may only grow
READ = ["record_id", "source", "source_file", *IDENTITY, *JOB, *KEYS]


@dataclass
class History:
    """What the previous published run says: its records (READ columns), the job-change
    pairs it kept together (PAIRS) and its as-of date."""

    records: pl.DataFrame
    pairs: pl.DataFrame
    as_of: dt.date


def load(out: Path) -> History | None:
    """The previous published run's history, or None (no run yet, or a damaged one: then
    nothing is carried, as on a first run)."""
    current = out / "current"
    records, manifest = current / "records.parquet", current / "manifest.json"
    if not records.exists() or not manifest.exists():
        return None
    try:
        as_of = dt.date.fromisoformat(json.loads(manifest.read_text("utf-8"))["as_of"])
        recs = pl.read_parquet(records, columns=READ)
        kept = current / f"{FILE}.parquet"
        pairs = pl.read_parquet(kept) if kept.exists() else schema.empty(PAIRS)
        if dict(pairs.schema) != PAIRS:
            raise ValueError("job change pairs of another schema")
    except BaseException as exc:  # a damaged previous run only costs this evidence
        if not is_internal(exc):
            raise
        log.warning("the previous run's records are unreadable; job changes are not "
                    "carried over (%s).", type(exc).__name__)
        return None
    return History(recs, pairs, as_of)


def versions(records: pl.DataFrame, history: History) -> pl.DataFrame:
    """(record_id, record_id_old): each current record's version in the previous run: the
    same record id, or a card of the same file edited in place (dedupe.ids' rule)."""
    # by the ids' 64-bit hashes, as dedupe.ids.carried_over (the strings' is_in cost ~0.8
    # CPU-s at a million ids); a collision is dropped by the joins on the ids themselves
    now, before = records["record_id"].hash(), history.records["record_id"].hash()
    known = now.is_in(before.implode())
    same = records.filter(known).select("record_id", pl.col("record_id").alias("record_id_old"))
    where = ["record_id", "source", "source_file", *EDIT_KEYS]
    gone = history.records.filter(~before.is_in(now.implode()))
    new = records.filter(~known)
    edited = pl.DataFrame(edited_versions(new.select(where), gone.select(where)),
                          schema=list(same.columns), orient="row")
    return pl.concat([same, edited, _renamed_org(new, gone, edited)])


def _renamed_org(new: pl.DataFrame, gone: pl.DataFrame, edited: pl.DataFrame) -> pl.DataFrame:
    """(record_id, record_id_old): a card with neither e-mail nor phone is keyed by its name
    and organisation, so a new employer gives it a new id that dedupe.ids cannot match (it
    needs a shared e-mail or phone). Here it is the one new record and the one gone record
    of one file with one name, neither matched already."""
    cols = ["record_id", "source_file", "name_key"]
    a = new.select(cols).filter(~pl.col("record_id").is_in(edited["record_id"].implode()))
    b = gone.select(cols).filter(~pl.col("record_id").is_in(edited["record_id_old"].implode()))
    one = pl.len().over("source_file", "name_key") == 1
    a, b = a.filter(one & pl.col("name_key").is_not_null()), b.filter(one)
    return (a.join(b, on=["source_file", "name_key"], suffix="_old")
            .select("record_id", "record_id_old").cast(pl.String))


def _personal(keys: pl.Expr) -> pl.Expr:
    """Whether any address of a list is at a personal mail provider."""
    domains = keys.list.eval(pl.element().str.split("@").list.last())
    return domains.list.eval(pl.element().is_in(sorted(PERSONAL_DOMAINS))).list.any()


def _compared(records: pl.DataFrame, history: History, versions: pl.DataFrame,
              columns: list[str]) -> pl.DataFrame:
    """Each current record beside its previous version's `columns` (suffixed "_old")."""
    old = history.records.select(pl.col("record_id").alias("record_id_old"),
                                 *(pl.col(c).alias(f"{c}_old") for c in columns))
    return (records.select("record_id", *columns).join(versions, on="record_id")
            .join(old, on="record_id_old"))


def _moved() -> pl.Expr:
    out = pl.lit(False)
    for c in JOB:
        out = out | ~pl.col(c).eq_missing(pl.col(f"{c}_old"))
    return out


def _status(records: pl.DataFrame, history: History, versions: pl.DataFrame) -> pl.DataFrame:
    """(record_id, record_id_old, job) of the given records whose identity did not change
    since their previous version; job: whether their organisation or title did."""
    both = _compared(records, history, versions, [*IDENTITY, *JOB, *KEYS])
    same = pl.lit(True)
    for c in IDENTITY:
        same = same & pl.col(c).eq_missing(pl.col(f"{c}_old"))
    for c in KEYS:  # nothing went away
        same = same & (pl.col(f"{c}_old").fill_null([]).list.set_difference(
            pl.col(c).fill_null([])).list.len() == 0)
    added = pl.col("email_keys").fill_null([]).list.set_difference(
        pl.col("email_keys_old").fill_null([]))
    same = same & ~_personal(added).fill_null(False)
    return both.filter(same).select("record_id", "record_id_old", _moved().alias("job"))


def evidence(records: pl.DataFrame, previous: pl.DataFrame | None,
             history: History | None) -> pl.DataFrame:
    """PAIRS (record ids in order): pairs of current records that the previous run held in
    one person, neither changed but for its job, and either one's job changed since that
    run (since: its as-of date) or the pair was kept for a job change before (its date
    kept). `previous`: the previous run's id state."""
    if history is None or previous is None or previous.height == 0:
        return schema.empty(PAIRS)
    # each current record's previous version and the person that version was in
    vers = versions(records, history).join(
        previous.rename({"record_id": "record_id_old"}), on="record_id_old")
    # the persons to look at: those of a record whose job moved or of a carried pair (the
    # whole comparison over every record of a million-record book is not needed)
    moved = _compared(records, history, vers.drop("person_id"), JOB).filter(_moved())
    carried_ids = pl.concat([history.pairs["record_id_l"], history.pairs["record_id_r"]])
    touched = pl.concat([moved["record_id_old"], carried_ids])
    persons = vers.filter(pl.col("record_id_old").is_in(touched.implode()))["person_id"]
    mates = vers.filter(pl.col("person_id").is_in(persons.implode()))
    status = _status(records.filter(pl.col("record_id").is_in(mates["record_id"].implode())),
                     history, mates.drop("person_id")).join(
        mates.select("record_id", "person_id"), on="record_id")
    if status.height == 0:
        return schema.empty(PAIRS)
    carried = (history.pairs
               .join(status.select(pl.col("record_id_old").alias("record_id_l"),
                                   pl.col("record_id").alias("l"), "person_id"),
                     on="record_id_l")
               .join(status.select(pl.col("record_id_old").alias("record_id_r"),
                                   pl.col("record_id").alias("r"),
                                   pl.col("person_id").alias("p_r")), on="record_id_r")
               # still one person of the previous run (a split you made since is yours)
               .filter(pl.col("person_id") == pl.col("p_r"))
               .select(pl.min_horizontal("l", "r").alias("record_id_l"),
                       pl.max_horizontal("l", "r").alias("record_id_r"), "since",
                       pl.when(pl.col("moved") == pl.col("record_id_l")).then("l")
                       .otherwise("r").alias("moved")))
    fresh = (status.join(status, on="person_id", suffix="_r")
             .filter((pl.col("record_id") < pl.col("record_id_r"))
                     & (pl.col("job") | pl.col("job_r")))
             .select(pl.col("record_id").alias("record_id_l"), "record_id_r",
                     pl.lit(history.as_of).alias("since"),
                     pl.when("job").then("record_id").otherwise("record_id_r").alias("moved")))
    # a pair both carried and found again: its first date, and today's moved record
    out = (pl.concat([fresh, carried]).group_by("record_id_l", "record_id_r", maintain_order=True)
           .agg(pl.col("since").min(), pl.col("moved").first())
           .sort("record_id_l", "record_id_r"))
    return schema.conform(out, PAIRS)


def reason(since: pl.Expr) -> pl.Expr:
    """The pairs table's reason for a pair joined as a job change."""
    return fmt("job change: was merged on {}, only organisation/title changed",
               since.cast(pl.String))

"""The review queue: pairs of people kept apart that a person may want to join, ranked by
value, the hopeless ones settled automatically with their reason.

Value = how likely the two are one person x how much the answer matters: a person you wrote
notes about or who works at one of your target companies counts more. A queue is only useful
if someone finishes it, so it holds at most `limit` pairs of people; every other candidate pair
is settled apart with the reason written into pairs.parquet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipeline import schema
from pipeline.dedupe import households
from pipeline.dedupe.decisions import natural_keys, shared_keys
from pipeline.textfmt import fmt

# Refusals no answer is likely to reverse: two profiles are two people. (Two birthdays years
# and digits apart stay in the queue: in census-style data one record is often badly wrong.)
HOPELESS_REFUSALS = ("two different LinkedIn profiles", households.REASON,
                     households.GENERATION_REASON, households.GENERATION_IN_FILE_REASON)
GIVEN_NAMES = "clearly different given names"
# A person you took notes on, and one at a target company, are worth more of your time.
NOTED_IMPORTANCE = 2.0
TARGET_IMPORTANCE = 1.0
# Levels that count as agreement and as conflict when the review shows a pair.
AGREE = ("exact", "nickname", "jw_high", "local", "typo", "month_day", "near", "swapped",
         "initial", "spells_name", "matches", "lone", "jan_first", "part", "clipped", "pet")
# "different_dated": two employers across a LinkedIn row and an older card (model.M["org"])
CONFLICT = ("different", "different_dated")


@dataclass(frozen=True)
class Priority:
    """What makes a review answer matter: person ids with notes (or a follow-up planned),
    and the organisation keys of target companies."""
    noted: frozenset[str] = field(default_factory=frozenset)
    target_orgs: frozenset[str] = field(default_factory=frozenset)


def _settlement(pairs_columns: list[str]) -> pl.Expr:
    """Why a candidate pair is settled apart without asking, or null: a strong link the
    conflict rule refused, or a pair of the review band it would refuse (band_conflict), for
    a reason no answer is likely to reverse."""
    strong = pl.col("reason").str.starts_with("strong match refused: ")
    refusal = pl.when(strong).then(pl.col("reason").str.strip_prefix("strong match refused: "))
    if "band_conflict" in pairs_columns:
        refusal = refusal.otherwise(pl.col("band_conflict").cast(pl.String))
    # a refused link with no personal identifier at all (conflicts.link_overrides: a full
    # birthday, an e-mail that names the person, a mobile, a profile) joins a household
    personal = pl.col("personal_ids").fill_null(0) > 0
    return (
        pl.when(refusal.is_in(HOPELESS_REFUSALS))
        .then(fmt("settled apart: {}", refusal))
        .when((refusal == GIVEN_NAMES) & ~personal)
        .then(pl.lit("settled apart: different given names sharing only what a household "
                     "or colleagues share (a home, a phone, a mailbox, a surname, an "
                     "employer)"))
    )


def in_queue_order(frame: pl.DataFrame) -> pl.DataFrame:
    """The review queue in its one order, for every place that lists it (`kith review`,
    review.html and review.csv, serve's Review page): the rank `build` gave (likelihood x
    importance), then the heavier pair, then the record ids (user34: the page sorted by
    weight while the CLI asked the most valuable pair first)."""
    return frame.sort(["rank", "weight", "record_id_l", "record_id_r"],
                      descending=[False, True, False, False], nulls_last=True)


def _labels(levels: list[str], pick) -> pl.Expr:
    parts = [pl.when(pick(pl.col(f"{f}_level"))).then(pl.lit(f)) for f in levels]
    return pl.concat_str(parts, separator=", ", ignore_nulls=True)


def candidates(pairs: pl.DataFrame) -> pl.Expr:
    return ((pl.col("clustered") == "apart") & pl.col("outcome").is_in(["review", "merge"])
            & pl.col("decision").is_null())


def build(pairs: pl.DataFrame, recs: pl.DataFrame, assigned: pl.DataFrame, limit: int,
          priority: Priority | None = None) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(pairs with settled ones marked, the review table, the queue's candidates: QUEUE).
    `pairs` has record_id_l/_r, levels, weight, outcome, clustered, decision and reason."""
    # row positions carried along: the settled reasons are scattered back into place, where a
    # join of millions of pairs on two record ids copied all their columns
    pairs = pairs.with_row_index("_pos")
    cand = pairs.filter(candidates(pairs)).with_columns(_settlement(pairs.columns).alias("settled"))
    ruled = cand.filter(pl.col("settled").is_not_null()).select("_pos", "settled")
    rows = cand.filter(pl.col("settled").is_null())
    return _ranked(pairs, rows, ruled, recs, assigned, limit, priority or Priority())


def rerank(pairs: pl.DataFrame, queue: pl.DataFrame, recs: pl.DataFrame, limit: int,
           priority: Priority) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """`build`'s answer for a new priority or limit, from a run's own tables (its pairs as
    written, its QUEUE and its records) instead of from scoring again: only the ranking of
    the queue's candidates depends on them (a first note on someone, a target company, the
    review limit). The candidates the last ranking settled get back the outcome and reason
    they had before it, and are ranked again."""
    pairs = pairs.with_row_index("_pos")
    rows = pairs.drop("outcome", "reason").join(queue, on=["record_id_l", "record_id_r"],
                                                how="inner")
    pos = rows["_pos"]
    pairs = pairs.with_columns(pairs["outcome"].clone().scatter(pos, rows["outcome"]),
                               pairs["reason"].clone().scatter(pos, rows["reason"]))
    ruled = pl.DataFrame(schema={"_pos": pairs.schema["_pos"], "settled": pl.String})
    assigned = recs.select("record_id", "person_id")
    return _ranked(pairs, rows, ruled, recs, assigned, limit, priority)


def _ranked(pairs: pl.DataFrame, rows: pl.DataFrame, ruled: pl.DataFrame, recs: pl.DataFrame,
            assigned: pl.DataFrame, limit: int, priority: Priority
            ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The queue's candidates `rows` ranked by value, the first `limit` pairs of people kept
    and the rest settled apart; `ruled`: (_pos, settled) of pairs a rule settled already."""
    fields = list(schema.COMPARISON_FIELDS)
    queue = schema.conform(rows.select(list(schema.QUEUE)), schema.QUEUE).sort(
        "record_id_l", "record_id_r")
    for side in ("l", "r"):
        rows = rows.join(assigned.rename({"record_id": f"record_id_{side}",
                                          "person_id": f"person_id_{side}"}),
                         on=f"record_id_{side}", how="left")
    orgs = recs.select("person_id", "org_key").filter(pl.col("org_key").is_not_null())
    at_target = orgs.filter(pl.col("org_key").is_in(sorted(priority.target_orgs)))["person_id"]
    importance = pl.lit(1.0)
    for side in ("l", "r"):
        pid = pl.col(f"person_id_{side}")
        importance = importance + pl.when(pid.is_in(sorted(priority.noted))).then(
            NOTED_IMPORTANCE).otherwise(0.0) + pl.when(pid.is_in(at_target.implode())).then(
            TARGET_IMPORTANCE).otherwise(0.0)
    rows = rows.with_columns(
        (1.0 / (1.0 + pl.lit(2.0).pow(-pl.col("weight")))).alias("likelihood"),
        pl.min_horizontal("person_id_l", "person_id_r").alias("_a"),
        pl.max_horizontal("person_id_l", "person_id_r").alias("_b"),
        _labels(fields, lambda c: c.is_in(AGREE)).alias("agreed"),
        _labels(fields, lambda c: c.is_in(CONFLICT)).alias("conflicted"),
    ).with_columns((pl.col("likelihood") * importance).alias("value"))
    rows = rows.sort(["value", "weight", "record_id_l", "record_id_r"],
                     descending=[True, True, False, False])
    people = rows.unique(["_a", "_b"], keep="first", maintain_order=True).with_row_index(
        "rank", offset=1)
    kept = people.head(limit)
    cut = people.slice(limit).select("_a", "_b", pl.col("rank").alias("_cut"))
    rows = rows.join(cut, on=["_a", "_b"], how="left")
    settled = pl.concat([
        ruled,
        rows.filter(pl.col("_cut").is_not_null()).select(
            "_pos",
            fmt("settled apart: ranked below the review queue's first {} pairs "
                      "(likelihood x importance)", pl.lit(limit)).alias("settled")),
    ])
    # Only the settled pairs' outcome and reason change: scattered into copies of the two
    # columns (a when/coalesce over every pair rebuilt millions of strings, ~1-3 s at 1M).
    pairs = pairs.drop("_pos")
    if settled.height:
        pos = settled["_pos"]
        pairs = pairs.with_columns(
            pairs["outcome"].clone().scatter(pos, "distinct"),
            pairs["reason"].clone().scatter(pos, settled["settled"]))
    return pairs, _review_table(kept.drop("_a", "_b", "_pos"), recs), queue


def _review_table(rows: pl.DataFrame, recs: pl.DataFrame) -> pl.DataFrame:
    if rows.height == 0:
        return schema.empty(schema.REVIEW)
    wanted = pl.concat([rows["record_id_l"], rows["record_id_r"]]).unique()
    names = recs.filter(pl.col("record_id").is_in(wanted.implode())).select(
        "record_id", "display_name", "linkedin_slug", "email_keys", "phones_e164")
    keyed = natural_keys(names, shared_keys(recs, among=names)).join(
        names.select("record_id", "display_name"), on="record_id")
    for side in ("l", "r"):
        rows = rows.join(keyed.rename({"record_id": f"record_id_{side}", "key": f"_k{side}",
                                       "display_name": f"name_{side}"}),
                         on=f"record_id_{side}", how="left")
    rows = rows.with_columns(
        fmt("kith merge {} {}", "person_id_l", "person_id_r").alias("merge_command"),
        fmt("kith keep-apart {} {}", "_kl", "_kr").alias("keep_apart_command"),
    )
    return in_queue_order(schema.conform(rows.select(list(schema.REVIEW)), schema.REVIEW))


def priority_from(notes: pl.DataFrame | None, target_names: list[str]) -> Priority:
    """Priority from the notes frame (notes_frame.NOTES: a person with a need, offer, next step
    or follow-up typed) and the target companies' names and aliases."""
    from pipeline.normalize.orgs import org_key

    noted: frozenset[str] = frozenset()
    if notes is not None and notes.height:
        typed = pl.any_horizontal(
            *[pl.col(c).str.strip_chars().fill_null("") != "" for c in
              ("need", "offer", "next_step")], pl.col("follow_up").is_not_null())
        noted = frozenset(notes.filter(typed)["person_id"].to_list())
    keys = pl.DataFrame({"n": target_names}, schema={"n": pl.String}).select(
        org_key(pl.col("n")))["n"].drop_nulls()
    return Priority(noted=noted, target_orgs=frozenset(keys.to_list()))

"""Stage 3 (dedupe): blocking -> pairwise comparisons -> clustering -> stable ids -> people.

`dedupe` is a pure function of its inputs: records, the user's decisions, the previous run's
id state and the thresholds. Nothing global, no Python objects in columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipeline import schema
from pipeline.dedupe import (
    blocking,
    chains,
    cluster,
    coded,
    compare,
    conflicts,
    copies,
    features,
    ids,
    job_change,
    nameless,
    people,
    prior,
)
from pipeline.dedupe import review as review_mod
from pipeline.dedupe.blocking import pair_code
from pipeline.dedupe.decisions import Decision, constraints
from pipeline.dedupe.thresholds import Thresholds
from pipeline.textfmt import fmt


@dataclass
class DedupeResult:
    records: pl.DataFrame
    people: pl.DataFrame
    held_pairs: pl.DataFrame  # the pairs table, its levels held as codes (HELD_PAIRS)
    review: pl.DataFrame
    state: pl.DataFrame  # record_id -> person_id, every record ever seen
    lineage: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.LINEAGE))
    queue: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.QUEUE))
    stats: dict = field(default_factory=dict)
    # pairs joined as a job change (dedupe/job_change.py), kept for the next run
    job_changes: pl.DataFrame = field(default_factory=lambda: schema.empty(job_change.PAIRS))

    @property
    def pairs(self) -> pl.DataFrame:
        """The pairs table in schema.PAIRS' types (its levels as text)."""
        return schema.conform(self.held_pairs, schema.PAIRS)


# The pairs table as the run holds it until written: schema.PAIRS with the 14 levels kept as
# their Enum codes (1 byte a value, where text is 16: ~1.1 GiB of a million-record book's
# ~5.8 million pairs, and the run's peak). outputs.write_parquet writes them as the text
# schema.PAIRS says, a slice at a time: the file is the same.
HELD_PAIRS = {**schema.PAIRS, **{f"{f}_level": compare.LEVEL for f in schema.COMPARISON_FIELDS}}




# What the stage keeps of every scored pair (the pairs table's columns); merge-level links get
# their records' feature columns back for clustering (compare.with_sides).
SCORED_COLUMNS = ["l", "r", "rule", *[f"{f}_level" for f in schema.COMPARISON_FIELDS], "weight"]
LINK_INPUTS = [*compare.SCORE_INPUTS,
               *(c for c in conflicts.VERDICT_INPUTS if c not in compare.SCORE_INPUTS)]


# What blocking and scoring read of every record, coded once as integers (coded.py).
CODED_COLUMNS = list(dict.fromkeys(["idx", *blocking.KEY_COLUMNS, *compare.SCORE_INPUTS]))


def blocked(feats: pl.DataFrame) -> tuple[coded.Coded, pl.DataFrame, dict[str, int]]:
    """The coded features, the candidate pairs and the pairs per rule."""
    codes = coded.encode(feats, CODED_COLUMNS)
    return codes, *blocking.candidate_pairs(codes.features)


def score_pairs(feats: pl.DataFrame, block: tuple | None = None,
                loose: dict[str, pl.DataFrame] | None = None
                ) -> tuple[pl.DataFrame, dict[str, int]]:
    """`block`: blocked(feats), and `loose`: rule name -> blocking.loose_pairs(feats, rule),
    when computed already (pipeline/batch/grouped_dedupe.py)."""
    scored, counts, _copies = _score_pairs(feats, block, loose)
    return scored, counts


def _score_pairs(feats: pl.DataFrame, block: tuple | None,
                 loose: dict[str, pl.DataFrame] | None
                 ) -> tuple[pl.DataFrame, dict[str, int], bool]:
    """score_pairs, and whether the book is one of many copies (the prior its pairs imply is
    prior.COPIES_BITS or more above the assumed one)."""
    codes, first, first_counts = block or blocked(feats)
    # a small book affords looser keys (blocking.LOOSE_RULES, within PAIR_BUDGET)
    pairs, counts = blocking.with_loose(feats, first, first_counts, loose)
    # the tables of all records, built once for both passes (gathered by position)
    tables = compare.RunTables(feats, codes) if compare._idx_is_position(feats) else None
    scored = compare.score(pairs, feats, columns=[*SCORED_COLUMNS, "given_via"], codes=codes,
                           tables=tables)
    # a book with several records of each person earns a higher prior (dedupe/prior.py);
    # weighed again, since the namesake caps depend on the prior too
    assumed = compare.prior_weight(feats.height)
    estimated = prior.estimate(scored["weight"], feats.height, assumed)
    if estimated > assumed + prior.RESCORE_BITS:
        # several records of each person: the name, place and date rules keep their blocks
        # of copies too (blocking.Rule.copies; the widest only in a book of many copies);
        # the pairs compared already keep their levels, and only their levels are kept (the
        # first pass's rule names and weights freed first: a million-record book of copies
        # peaks in this second pass)
        wide = prior.holds_copies(estimated, assumed)
        compared = scored.select("l", "r", *compare.LEVEL_COLUMNS)
        del scored
        pairs, counts = blocking.with_loose(
            feats, *blocking.with_copies(codes.features, first, first_counts, wide), loose)
        return compare.score(pairs, feats, columns=SCORED_COLUMNS, codes=codes,
                             prior=estimated, compared=compared, tables=tables), counts, wide
    return scored.drop("given_via"), counts, False


def _pairs_table(scored: pl.DataFrame, labels: list[int], refused: dict, th: Thresholds,
                 decided: dict[tuple[int, int], str],
                 attached: dict[tuple[int, int], str] | None = None,
                 jobs: pl.DataFrame | None = None) -> pl.DataFrame:
    """`jobs`: (l, r, since) of the pairs joined as a job change (job_change.py)."""
    lab = pl.Series("label", labels, dtype=pl.UInt32)
    ref = pl.DataFrame(
        {"l": [k[0] for k in refused], "r": [k[1] for k in refused],
         "refusal": list(refused.values())},
        schema={"l": pl.UInt32, "r": pl.UInt32, "refusal": pl.String},
    )
    dec = pl.DataFrame(
        {"l": [k[0] for k in decided], "r": [k[1] for k in decided],
         "decision": list(decided.values())},
        schema={"l": pl.UInt32, "r": pl.UInt32, "decision": pl.String},
    )
    # the few refused or decided pairs found by pair code and scattered into place: a join
    # of millions of pairs on (l, r) copied every column of them twice
    att = pl.DataFrame({"l": [k[0] for k in attached or {}], "r": [k[1] for k in attached or {}],
                        "attached": list((attached or {}).values())},
                       schema={"l": pl.UInt32, "r": pl.UInt32, "attached": pl.String})
    p = scored.with_columns(_by_pair(scored, ref, "refusal"), _by_pair(scored, dec, "decision"))
    # the reason of the few attached pairs only: a column of millions of nulls costs ~70 MB
    attached_reason = (_by_pair(scored, att, "attached") if att.height
                       else pl.lit(None, dtype=pl.String))
    together = lab.gather(p["l"]) == lab.gather(p["r"])
    p = p.with_columns(together.alias("_together"))
    job = (_by_pair(scored, jobs, "since") if jobs is not None and jobs.height
           else pl.lit(None, dtype=pl.Date))
    outcome = (
        pl.when(pl.col("decision") == "same").then(pl.lit("merge"))
        .when(pl.col("decision") == "different").then(pl.lit("distinct"))
        .when((pl.col("weight") >= th.merge) | job.is_not_null()).then(pl.lit("merge"))
        .when(pl.col("weight") >= th.review).then(pl.lit("review"))
        .otherwise(pl.lit("distinct"))
    )
    reason = (
        pl.when(pl.col("decision").is_not_null())
        .then(fmt("your decision: {}", pl.col("decision")))
        .when(pl.col("refusal").is_not_null())
        .then(fmt("strong match refused: {}", pl.col("refusal")))
        .when(attached_reason.is_not_null()).then(attached_reason)
        .when(job.is_not_null()).then(job_change.reason(job))
        .when(outcome == "merge").then(pl.lit("weight above the merge threshold"))
        .when(outcome == "review").then(pl.lit("weight in the review band"))
        .otherwise(pl.lit("weight below the review threshold"))
    )
    p = p.with_columns(outcome.alias("outcome"), reason.alias("reason"),
                       pl.when(pl.col("_together")).then(pl.lit("together"))
                       .otherwise(pl.lit("apart")).alias("clustered"))
    return p


def _with_link_verdicts(scored: pl.DataFrame, edges: pl.DataFrame, feats: pl.DataFrame,
                        th: Thresholds, jobs: pl.DataFrame | None = None) -> pl.DataFrame:
    """`scored` with personal_ids (how many personal identifiers a link carries) and
    band_conflict (why a pair of the review band could not be joined were it strong, or
    null). The review queue settles without asking a refused link with no personal
    identifier (a household), and so a review-band pair the same rule would refuse: spouses
    at one company (a surname and an employer, different given names) are no question for
    the user. Found by pair code and scattered in: a join on (l, r) copied every column."""
    band = scored.filter((pl.col("weight") >= th.review) & (pl.col("weight") < th.merge)
                         & _may_settle(feats))
    if jobs is not None and jobs.height:  # a job change's pairs are links already
        band = band.join(jobs.select("l", "r"), on=["l", "r"], how="anti")
    weak = cluster.links(compare.with_sides(band, feats, LINK_INPUTS), th.overwhelming)
    links = pl.concat([edges.select("l", "r", "personal_ids"),
                       weak.select("l", "r", "personal_ids")])
    # an Enum of the conflict reasons: a String column of millions of nulls cost ~70 MB
    reasons = pl.Enum([c.reason for c in conflicts.CONFLICTS])
    return scored.with_columns(
        _by_pair(scored, links, "personal_ids"),
        _by_pair(scored, weak.select("l", "r", pl.col("conflict").cast(reasons)
                                     .alias("band_conflict")), "band_conflict"))


# Given-name levels under which the two names can be clearly different (conflicts.
# _given_conflict excuses equal, swapped and nickname-sharing names and cannot compare a
# missing or initials-only one).
GIVEN_MAY_CONFLICT = ("different", "jw_mid", "jw_high", "clipped", "pet")


def _may_settle(feats: pl.DataFrame) -> pl.Expr:
    """Pairs whose link could be refused for a reason review._settlement settles: given names
    that may differ, two profiles, or a record that is a household's card or names a
    generation. The rest (most of the review band: equal or nickname given names) are not
    sent through the verdicts (~0.7 CPU-s at a million records)."""
    flagged = feats.select(pl.col("household").fill_null(False)
                           | pl.col("generation").is_not_null()).to_series()
    marked = flagged.arg_true().cast(pl.UInt32)
    return (pl.col("given_level").cast(pl.String).is_in(GIVEN_MAY_CONFLICT)
            | (pl.col("linkedin_level") == "different")
            | pl.col("l").is_in(marked.implode()) | pl.col("r").is_in(marked.implode()))


def _by_pair(pairs: pl.DataFrame, table: pl.DataFrame, col: str) -> pl.Series:
    """`col` of `table` (l, r, col; unique pairs) for each row of `pairs`, null elsewhere."""
    out = pl.repeat(None, pairs.height, dtype=table.schema[col], eager=True).alias(col)
    if table.height == 0:
        return out
    code = pair_code(pl.col("l"), pl.col("r"))
    hits = pairs.select(code).with_row_index("_pos").join(
        table.select(code, col), on="lr", how="inner")
    return out.scatter(hits["_pos"], hits[col])


def dedupe(records: pl.DataFrame, decisions: list[Decision] | None = None,
           previous: pl.DataFrame | None = None, th: Thresholds | None = None,
           priority: review_mod.Priority | None = None,
           feats: pl.DataFrame | None = None, block: tuple | None = None,
           split: tuple | None = None, loose: dict[str, pl.DataFrame] | None = None,
           history: job_change.History | None = None) -> DedupeResult:
    """`feats`: features.build(records), `block`: blocked(feats), `split`:
    copies.split(records), and `loose`: see score_pairs, when computed already (with other
    owners' records: pipeline/batch/grouped_dedupe.py). `history`: the previous published
    run's records and job changes (job_change.load), read with `previous`."""
    th = th or Thresholds()
    # copies of a record in one file join its person without being compared (copies.py);
    # a batch's group built `feats` from the same representatives
    compared, copied = copies.split(records) if split is None else split
    feats = features.build(records, keep=compared) if feats is None else feats
    scored, counts, copies_book = _score_pairs(feats, block, loose)
    if copies_book or prior.twins_outnumber_households(scored, feats):
        # a name on one or two of a book of copies' records is a spelling, and a clearly
        # different birthday is weighed, not a veto (conflicts.py); so in a book whose
        # "twins" outnumber its households (prior.py, docs/fake38.md)
        feats = feats.with_columns(conflicts.name_variants(feats), pl.lit(True).alias("copies_book"))
    must, cannot = constraints(feats, decisions or [])
    jobs = _job_pairs(job_change.evidence(records, previous, history), feats, scored, th)
    linked = _as_links(scored, jobs)
    strong = compare.with_sides(linked.filter(pl.col("weight") >= th.merge), feats, LINK_INPUTS)
    edges = cluster.links(strong, th.overwhelming)
    del strong
    scored = _with_link_verdicts(scored, edges, feats, th, jobs)
    cannot_set = {(min(a, b), max(a, b)) for a, b in cannot}
    if cannot_set:
        blocked = pl.DataFrame(sorted(cannot_set), schema={"l": pl.UInt32, "r": pl.UInt32},
                               orient="row")
        edges = edges.join(blocked, on=["l", "r"], how="anti")
    result = cluster.cluster(feats, edges, must, cannot, linked.select("l", "r", "weight"))
    del linked
    result.labels, attached = nameless.attach(feats, result.labels, cannot, result.refused)
    decided = {(min(a, b), max(a, b)): "same" for a, b in must}
    decided.update({k: "different" for k in cannot_set})
    pairs = _pairs_table(scored, result.labels, result.refused, th, decided, attached, jobs)
    clusters = copies.extend(feats.select("record_id").with_columns(
        pl.Series("cluster", result.labels, dtype=pl.UInt32)
    ), copied)
    rid = feats["record_id"]
    kept_jobs = _kept_jobs(jobs, pairs, rid)
    n_scored = scored.height
    del feats, scored  # a million records' features and every scored pair: no longer read
    assigned = ids.assign(clusters, previous)
    # person_id replaced in place: the other columns stay shared with `records`, where a join
    # copied all of them
    person_id = records.select("record_id").join(
        assigned, on="record_id", how="left", maintain_order="left")["person_id"]
    recs = schema.conform(records.with_columns(person_id), schema.RECORDS)
    # a job change's moved record holds the person's newer organisation and title
    ppl = people.build(recs, newer=kept_jobs["moved"] if kept_jobs.height else None)
    merge_pairs = int((pairs["outcome"] == "merge").sum())
    pairs_out = pairs.with_columns(
        rid.gather(pairs["l"]).alias("record_id_l"), rid.gather(pairs["r"]).alias("record_id_r")
    )
    del pairs  # its outcome and reason columns, which review.build makes anew (~0.4 GiB at 1M)
    pairs_out, review, queue = review_mod.build(pairs_out, recs, assigned, th.review_limit, priority)
    state = assigned
    if previous is not None and previous.height:
        state = pl.concat([assigned, previous.join(assigned, on="record_id", how="anti")])
    lineage = _lineage(previous, assigned)
    stats = {
        "candidate_pairs": n_scored,
        "pairs_by_rule": counts,
        "merge_pairs": merge_pairs,
        "settled_pairs": int(pairs_out["reason"].str.starts_with("settled").sum()),
        "review_pairs": review.height,
        "refused_links": len(result.refused),
        "people": ppl.height,
        "copies": copied.height,
    }
    return DedupeResult(
        records=recs,
        people=ppl,
        held_pairs=_with_copies(schema.conform(
            _in_pair_order(pairs_out).select(list(HELD_PAIRS)), HELD_PAIRS), copied),
        review=review,
        state=state.sort("record_id"),
        lineage=lineage,
        queue=queue,
        stats=stats,
        job_changes=kept_jobs,
    )


JOB_LINKS = {"l": pl.UInt32, "r": pl.UInt32, "since": pl.Date, "moved": pl.String}


def _job_pairs(found: pl.DataFrame, feats: pl.DataFrame, scored: pl.DataFrame,
               th: Thresholds) -> pl.DataFrame:
    """(l, r, since): the scored pairs under the merge threshold that job_change found
    (by record ids). A pair no blocking rule proposed is not added: only candidates link."""
    if found.height == 0:
        return pl.DataFrame(schema=JOB_LINKS)
    idx = feats.select("record_id", "idx")
    p = (found.join(idx.rename({"record_id": "record_id_l", "idx": "l"}), on="record_id_l")
         .join(idx.rename({"record_id": "record_id_r", "idx": "r"}), on="record_id_r"))
    # idx follows record_id order (features.build), and found's ids are in order: l < r
    under = scored.filter(pl.col("weight") < th.merge).select("l", "r")
    return p.select(list(JOB_LINKS)).join(under, on=["l", "r"], how="semi").cast(JOB_LINKS)


def _as_links(scored: pl.DataFrame, jobs: pl.DataFrame) -> pl.DataFrame:
    """`scored` as clustering weighs it: a job change's pair as a link of the mean weight
    chain-breaking asks of a join (chains.MIN_MEAN), under the overwhelming one, so every
    conflict rule still refuses it. The pairs table keeps the pair's own weight."""
    if jobs.height == 0:
        return scored
    hit = _by_pair(scored, jobs, "since").is_not_null()
    return scored.with_columns(pl.when(hit).then(pl.max_horizontal(
        "weight", pl.lit(chains.MIN_MEAN))).otherwise(pl.col("weight")).alias("weight"))


def _kept_jobs(jobs: pl.DataFrame, pairs: pl.DataFrame, rid: pl.Series) -> pl.DataFrame:
    """job_change.PAIRS of the job changes the pairs table gives as the reason (not your
    decision, not refused): the next run's evidence."""
    if jobs.height == 0:
        return schema.empty(job_change.PAIRS)
    said = pairs.filter(pl.col("reason").str.starts_with("job change:")).select("l", "r")
    kept = jobs.join(said, on=["l", "r"], how="semi")
    return schema.conform(kept.select(rid.gather(kept["l"]).alias("record_id_l"),
                                      rid.gather(kept["r"]).alias("record_id_r"), "since",
                                      "moved"), job_change.PAIRS)


def _in_pair_order(pairs: pl.DataFrame) -> pl.DataFrame:
    """Pairs by (record_id_l, record_id_r): idx follows record_id order (features.build), so
    that is (l, r) order, in which blocking already returns them; sort only if a join moved it."""
    code = pairs.select(blocking.pair_code(pl.col("l"), pl.col("r"))).to_series()
    return pairs if code.is_sorted() else pairs.sort(["l", "r"])


def _with_copies(pairs: pl.DataFrame, copied: pl.DataFrame) -> pl.DataFrame:
    """The pairs table, then a row per copy (in record-id order). Appended, not sorted in:
    sorting a million-record book's scored pairs by two string columns cost ~10 s and ~3 GiB."""
    if copied.height == 0:
        return pairs
    return pl.concat([pairs, copies.pair_rows(copied).cast(dict(pairs.schema))])


def _lineage(previous: pl.DataFrame | None, assigned: pl.DataFrame) -> pl.DataFrame:
    """How each previous person id maps onto this run's ids: same, merged, split or gone."""
    if previous is None or previous.height == 0:
        return schema.empty(schema.LINEAGE)
    prev = previous.rename({"person_id": "previous_person_id"})
    links = prev.join(assigned, on="record_id", how="inner").select(
        "previous_person_id", "person_id").unique()
    fan_out = links.group_by("previous_person_id").agg(pl.len().alias("n"))
    links = links.join(fan_out, on="previous_person_id").with_columns(
        pl.when(pl.col("n") > 1).then(pl.lit("split"))
        .when(pl.col("previous_person_id") == pl.col("person_id")).then(pl.lit("same"))
        .otherwise(pl.lit("merged")).alias("change")
    ).drop("n")
    gone = (prev.select("previous_person_id").unique()
            .join(links.select("previous_person_id"), on="previous_person_id", how="anti")
            .with_columns(pl.lit(None, dtype=pl.String).alias("person_id"),
                          pl.lit("gone").alias("change")))
    out = pl.concat([links.select(list(schema.LINEAGE)), gone.select(list(schema.LINEAGE))])
    return schema.conform(out, schema.LINEAGE).sort(["previous_person_id", "person_id"],
                                                    nulls_last=True)

"""What changed since the previous run: new people, people gone, merges and splits, job and
title changes, new interactions. A job change is an outreach opportunity ("congratulate Dana").
"""

from __future__ import annotations

import polars as pl

from pipeline import schema

CHANGES = schema.CHANGES
ORDER = ["job", "title", "new", "interactions", "merged", "split", "gone"]


def _rows(frame: pl.DataFrame, change: str, detail: pl.Expr) -> pl.DataFrame:
    return frame.select(pl.lit(change).alias("change"), "person_id", "display_name",
                        detail.alias("detail"))


def compute(previous_people: pl.DataFrame | None, people: pl.DataFrame, lineage: pl.DataFrame,
            previous_interactions: pl.DataFrame | None, interactions: pl.DataFrame
            ) -> pl.DataFrame:
    """All inputs are this run's and the previous run's tables; no previous run -> empty."""
    if previous_people is None:
        return schema.empty(CHANGES)
    prev = previous_people.select("person_id", "display_name", "organization", "org_key",
                                  "title")
    cur = people.select("person_id", "display_name", "organization", "org_key", "title",
                        "linkedin_slug")
    out = []
    moved = {r["previous_person_id"] for r in lineage.filter(
        pl.col("change").is_in(["merged", "split"])).iter_rows(named=True)}
    new = cur.join(prev, on="person_id", how="anti").filter(
        ~pl.col("person_id").is_in(list(moved)))
    out.append(_rows(new, "new", pl.lit("new in your exports")))
    both = cur.join(prev, on="person_id", suffix="_prev")
    job = both.filter(pl.col("org_key").is_not_null() & pl.col("org_key_prev").is_not_null()
                      & (pl.col("org_key") != pl.col("org_key_prev")))
    out.append(_rows(job, "job", pl.format("moved from {} to {}", "organization_prev",
                                           "organization")))
    title = both.filter(pl.col("title").is_not_null() & pl.col("title_prev").is_not_null()
                        & (pl.col("title") != pl.col("title_prev"))
                        & (pl.col("org_key") == pl.col("org_key_prev")))
    out.append(_rows(title, "title", pl.format("now {} (was {})", "title", "title_prev")))
    names_prev = dict(zip(prev["person_id"].to_list(), prev["display_name"].to_list(),
                          strict=True))
    names_cur = dict(zip(cur["person_id"].to_list(), cur["display_name"].to_list(), strict=True))
    for r in lineage.iter_rows(named=True):
        if r["change"] == "gone" and r["previous_person_id"] in names_prev:
            out.append(pl.DataFrame({"change": ["gone"], "person_id": [r["previous_person_id"]],
                                     "display_name": [names_prev[r["previous_person_id"]]],
                                     "detail": ["no longer in your exports"]}))
        elif r["change"] in ("merged", "split") and r["previous_person_id"] in names_prev:
            verb = "merged into" if r["change"] == "merged" else "split; part is now"
            out.append(pl.DataFrame({
                "change": [r["change"]], "person_id": [r["person_id"]],
                "display_name": [names_cur.get(r["person_id"])],
                "detail": [f"{names_prev[r['previous_person_id']]} ({r['previous_person_id']}) "
                           f"{verb} {r['person_id']}"]}))
    if previous_interactions is not None and interactions.height:
        fresh = interactions.join(previous_interactions.select("interaction_id"),
                                  on="interaction_id", how="anti")
        per = (fresh.filter(pl.col("counterpart_slug").is_not_null())
               .group_by("counterpart_slug").agg(pl.len().alias("n"),
                                                 pl.col("kind").unique().sort().alias("kinds"))
               .join(cur, left_on="counterpart_slug", right_on="linkedin_slug"))
        out.append(_rows(per, "interactions",
                         pl.format("{} new ({})", "n", pl.col("kinds").list.join(", "))))
    frame = pl.concat([schema.conform(f, CHANGES) for f in out if f.height]) if any(
        f.height for f in out) else schema.empty(CHANGES)
    rank = pl.col("change").replace_strict(ORDER, list(range(len(ORDER))), return_dtype=pl.Int32)
    return frame.sort([rank, "display_name", "person_id"], nulls_last=True)

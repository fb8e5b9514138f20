"""What changed since the previous run: new people, people back, people gone, merges and
splits, job and title changes, new interactions. A job change is an outreach opportunity
("congratulate Dana"). A person "back" was gone from the exports with notes of yours kept
(notes.csv marks them gone) and returns with their id: not someone new to you.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.normalize.unnamed import shown_name
from pipeline.textfmt import fmt

CHANGES = schema.CHANGES
ORDER = ["job", "title", "back", "new", "interactions", "merged", "split", "gone"]
# What compute reads of the previous run's people table.
PEOPLE_READ = ["person_id", "display_name", "organization", "org_key", "title"]


def _rows(frame: pl.DataFrame, change: str, detail: pl.Expr) -> pl.DataFrame:
    return frame.select(pl.lit(change).alias("change"), "person_id", "display_name",
                        detail.alias("detail"))


def _lineage_rows(lineage: pl.DataFrame, prev: pl.DataFrame, cur: pl.DataFrame
                  ) -> list[pl.DataFrame]:
    """gone, merged and split rows, for previous people of the previous run's table. Only those
    lineage rows are looked at (a nightly refresh has hundreds of thousands of 'same')."""
    lin = lineage.filter(pl.col("change").is_in(["gone", "merged", "split"])).join(
        prev.select(pl.col("person_id").alias("previous_person_id"),
                    pl.col("display_name").alias("_was")), on="previous_person_id",
        maintain_order="left")
    gone = lin.filter(pl.col("change") == "gone").select(
        "change", pl.col("previous_person_id").alias("person_id"),
        pl.col("_was").alias("display_name"), pl.lit("no longer in your exports").alias("detail"))
    moved = lin.filter(pl.col("change") != "gone").join(
        cur.select("person_id", "display_name", "organization"), on="person_id", how="left",
        maintain_order="left")
    return [gone, moved.select("change", "person_id", "display_name", _moved_detail())]


def _moved_detail() -> pl.Expr:
    """A merge's or a split's line. A split names each part by its organisation and says
    which part keeps the id and how to undo it: "split; part is now p_x" twice, once with
    the person's own id, did not say which Karim Haddad was which (user40: a job change only
    LinkedIn knew split a person of three sources)."""
    was = fmt("{} ({})", pl.col("_was"), "previous_person_id")
    part = pl.when(pl.col("organization").is_not_null()).then(
        fmt("the part at {}", "organization")).otherwise(pl.lit("a part"))
    kept = pl.col("person_id") == pl.col("previous_person_id")
    return (pl.when(pl.col("change") == "merged").then(fmt("{} merged into {}", was, "person_id"))
            .when(kept).then(fmt("{} split; {} keeps the id", was, part))
            .otherwise(fmt("{} split; {} is now {} (one person? kith merge {} {})", was, part,
                           "person_id", "previous_person_id", "person_id"))
            .alias("detail"))


def compute(previous_people: pl.DataFrame | None, people: pl.DataFrame, lineage: pl.DataFrame,
            previous_interactions: pl.DataFrame | None, interactions: pl.DataFrame,
            noted_gone: pl.Series | None = None) -> pl.DataFrame:
    """All inputs are this run's and the previous run's tables; no previous run -> empty.
    `noted_gone`: ids the notes file marks gone (your notes kept on them), read before this
    run's sync: a new id among them is a person back, not a new one."""
    if previous_people is None:
        return schema.empty(CHANGES)
    # a table written before unnamed.shown_name has a number as a name: not printed either
    prev = previous_people.select(PEOPLE_READ).with_columns(shown_name(pl.col("display_name")))
    cur = people.select("person_id", "display_name", "organization", "org_key", "title",
                        "linkedin_slug")
    out = []
    moved = lineage.filter(pl.col("change").is_in(["merged", "split"]))
    # a part split off a person of the last run is listed under "split", not as someone "new
    # in your exports": its records were there (user39: a LinkedIn record no longer matched
    # its Outlook card after a job change and showed as a new person)
    new = cur.join(prev, on="person_id", how="anti").filter(
        ~pl.col("person_id").is_in(moved["previous_person_id"].implode())
        & ~pl.col("person_id").is_in(moved.filter(pl.col("change") == "split")["person_id"]
                                     .implode()))
    back = new["person_id"].is_in(
        (noted_gone if noted_gone is not None else pl.Series([], dtype=pl.String)).implode())
    out.append(_rows(new.filter(back), "back",
                     pl.lit("back in your exports; your notes on them are kept")))
    out.append(_rows(new.filter(~back), "new", pl.lit("new in your exports")))
    both = cur.join(prev, on="person_id", suffix="_prev")
    job = both.filter(pl.col("org_key").is_not_null() & pl.col("org_key_prev").is_not_null()
                      & (pl.col("org_key") != pl.col("org_key_prev")))
    out.append(_rows(job, "job", fmt("moved from {} to {}", "organization_prev",
                                           "organization")))
    title = both.filter(pl.col("title").is_not_null() & pl.col("title_prev").is_not_null()
                        & (pl.col("title") != pl.col("title_prev"))
                        & (pl.col("org_key") == pl.col("org_key_prev")))
    out.append(_rows(title, "title", fmt("now {} (was {})", "title", "title_prev")))
    out += _lineage_rows(lineage, prev, cur)
    if previous_interactions is not None and interactions.height:
        fresh = interactions.join(previous_interactions.select("interaction_id"),
                                  on="interaction_id", how="anti")
        per = (fresh.filter(pl.col("counterpart_slug").is_not_null())
               .group_by("counterpart_slug").agg(pl.len().alias("n"),
                                                 pl.col("kind").unique().sort().alias("kinds"))
               .join(cur, left_on="counterpart_slug", right_on="linkedin_slug"))
        out.append(_rows(per, "interactions",
                         fmt("{} new ({})", "n", pl.col("kinds").list.join(", "))))
    frame = pl.concat([schema.conform(f, CHANGES) for f in out if f.height]) if any(
        f.height for f in out) else schema.empty(CHANGES)
    rank = pl.col("change").replace_strict(ORDER, list(range(len(ORDER))), return_dtype=pl.Int32)
    return frame.sort([rank, "display_name", "person_id", "detail"], nulls_last=True)

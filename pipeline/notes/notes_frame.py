"""The notes as kith reads them: notes.csv's rows combined into one row per person (NOTES).

Apart from pipeline.notes.notes_file, which keeps the file in step with the people (the sync,
`kith note`'s edits): this is the read side only, a pure function of the rows the file holds,
shared by the sync, load_notes and `kith serve`'s patched rows (pipeline.serve.store). It is
column-wise throughout, because a notes file can have 500,000 rows.
"""

from __future__ import annotations

import polars as pl

from pipeline.notes.cells import typed_id_expr
from pipeline.notes.userfile import NO_WORDS, REFERRAL_STAGES, Table, parse_cell_date, slash_order
from pipeline.schema import NOTES_HEADER as HEADER

# The frame notes_file.sync_notes and load_notes return (combine): one row per person_id.
NOTES: dict[str, pl.DataType] = {
    "person_id": pl.String,
    "name": pl.String,
    "need": pl.String,
    "offer": pl.String,
    "next_step": pl.String,
    "follow_up": pl.Date,  # the typed follow-up date (null when empty or unreadable)
    "follow_up_text": pl.String,  # as typed
    "referral_status": pl.String,
    "referral_stage": pl.String,  # asked | agreed | submitted | outcome | null
    "referred_by": pl.String,
    "do_not_contact": pl.Boolean,
    "kith_status": pl.String,
    "kith_flag": pl.String,
    "note_rows": pl.Int64,
}
STAGE_ORDER = {s: i for i, s in enumerate(REFERRAL_STAGES)}


_TEXT = ("need", "offer", "next_step", "referred_by", "kith_status", "kith_flag")


def _clean(col: str) -> pl.Expr:
    """from_cell() as an expression: trimmed, without the formula-guard apostrophe."""
    s = pl.col(col).str.strip_chars()
    return pl.when(s.str.contains(r"^'[=+\-@\t\r]")).then(s.str.slice(1)).otherwise(s).alias(col)


def _rows_frame(table: Table) -> pl.DataFrame:
    """The notes columns of every row with a person_id, cleaned, in file order (`_i`). Rows
    longer than the header keep their extra cells in the file; only these columns are read."""
    n = len(table.rows) + (table.tail.height if table.tail is not None else 0)
    frame = pl.DataFrame({c: table.column(c) if c in table.index
                          else pl.Series(c, [""] * n, dtype=pl.String) for c in HEADER})
    return (frame.select([typed_id_expr(c) if c == "person_id" else _clean(c) for c in HEADER])
            .with_row_index("_i")
            .filter(pl.col("person_id") != ""))


def combine(table: Table) -> pl.DataFrame:
    """One row per person_id. A merge leaves two rows: their texts are shown together, the
    earliest follow-up date and the furthest referral stage count, and do-not-contact on
    either row holds for the person. Column-wise: a notes file can have 500,000 rows."""
    f = _rows_frame(table)
    typed = [v for v in f["follow_up"].unique().to_list() if v]
    order = slash_order(typed)
    dates = {v: parse_cell_date(v, order) for v in typed}
    first_word = (pl.col("referral_status").str.to_lowercase()
                  .str.replace(r"(?s)[\s:;,.\-].*$", ""))
    f = f.with_columns(
        _date=pl.col("follow_up").replace_strict(dates, default=None, return_dtype=pl.Date),
        _stage=first_word.replace_strict(STAGE_ORDER, default=None, return_dtype=pl.Int64),
        _dnc=~pl.col("do_not_contact").str.to_lowercase().is_in(sorted(NO_WORDS)),
        _n=pl.len().over("person_id"),
    )
    # Nearly every person has one row: those need no aggregation at all.
    single = f.filter(pl.col("_n") == 1).select(
        "_i", "person_id", "name", *_TEXT, follow_up="_date", follow_up_text="follow_up",
        referral_status="referral_status", _stage="_stage", do_not_contact="_dnc",
        note_rows=pl.lit(1, pl.Int64))

    def distinct(col: str) -> pl.Expr:
        return (pl.col(col).filter(pl.col(col) != "").unique(maintain_order=True)
                .str.join(" / ").alias(col))

    multi = f.filter(pl.col("_n") > 1).group_by("person_id", maintain_order=True).agg(
        pl.col("_i").min(), pl.col("name").first(), *[distinct(c) for c in _TEXT],
        pl.col("_date").min().alias("follow_up"), distinct("follow_up").alias("follow_up_text"),
        distinct("referral_status"), pl.col("_stage").max(),
        pl.col("_dnc").any().alias("do_not_contact"), pl.len().cast(pl.Int64).alias("note_rows"))
    out = pl.concat([single, multi.select(single.columns)]).sort("_i")
    return out.with_columns(referral_stage=pl.col("_stage").replace_strict(
        dict(enumerate(REFERRAL_STAGES)), default=None, return_dtype=pl.String),
    ).select(list(NOTES)).cast(NOTES)

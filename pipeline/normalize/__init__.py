"""Stage-2 column normalisers: small functions that take and return polars expressions.

One module per kind of value (names, emails, phones, orgs, urls, dates); the stage in
:mod:`pipeline.stages.normalize` wires them to the schema's columns.

This package module holds what every normaliser shares:

* :func:`on_unique` runs a Series function only on a column's *distinct* values and maps the
  result back. Contact columns repeat a lot (a million records hold maybe 30k distinct given
  names, a few thousand distinct dates), so even vectorised regex work is cheaper on the
  distinct values, and slow Python libraries (anyascii, phonenumbers) are only affordable so.
* :func:`explode_rows` / :func:`implode_rows` take a List column apart into (row, value) and put
  it back together with Arrow offsets. Measured on 1M rows here, `list.eval` with non-trivial
  string expressions costs ~1 us per row and `group_by(...).agg` ~0.2 s; the offset rebuild
  costs ~20 ms.
* :func:`fold_key` is the one ASCII folding used for every match key, so that a name key from a
  Connections row and one from a vCard compare equal.

The Series functions build their intermediate results as frame columns (`with_columns` step by
step) instead of nesting one expression inside the next: a nested expression that uses its
input several times is copied into the plan that many times, and at 1M rows that was the
difference between 0.5 s and 2 s for the name logic.

Nothing here imports the submodules, so they can import these helpers without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from anyascii import anyascii

from pipeline import schema

# Emoji and pictographs, with the pieces that glue them together (skin-tone modifiers,
# variation selectors, keycap, regional-indicator flags, tag sequences). Extended_Pictographic
# rather than Emoji: the Emoji property also covers the digits 0-9, '#' and '*'.
EMOJI = (
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\x{FE0E}\x{FE0F}\x{20E3}"
    r"\x{1F1E6}-\x{1F1FF}\x{E0020}-\x{E007F}]"
)
# Control and format characters (zero-width space and joiner, bidi marks, soft hyphen, BOM).
# ZWNJ (U+200C) is kept: Persian and several Indic scripts need it inside names.
INVISIBLE = r"[\p{Cc}\p{Cf}&&[^\x{200C}]]"
# Explicit bidi formatting: the embeddings (LRE, RLE) and overrides (LRO, RLO) with their end
# (PDF), the isolates (LRI, RLI, FSI) with theirs (PDI). Names drop them with every invisible
# character; every other text field drops these (without_bidi_controls). An unclosed one
# reorders what follows it wherever the text is shown inline: an organisation ending in RLO
# reversed the rest of its worksheet line (adversarial24 d2). Marks (LRM, RLM, ALM) stay: they
# open nothing, so they cannot reach past their field.
BIDI_CONTROLS = r"[\x{202A}-\x{202E}\x{2066}-\x{2069}]"
_BIDI_CHARS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


# The columns that say where a row came from are kept as read: a path is a key.
_WHERE = ("source", "source_format", "source_file")


def raw_table(frame: pl.DataFrame, columns: dict[str, pl.DataType]) -> pl.DataFrame:
    """`frame` as `columns` (schema.conform), every text field but _WHERE without bidi
    controls: the raw columns the normalize stage's tables carry, fresh or reused
    (pipeline.incremental calls it through stages.normalize)."""
    return without_formula_guard(without_bidi_controls(schema.conform(frame, columns), _WHERE))


# The apostrophe a spreadsheet, or an exporter guarding against CSV injection (kith's own CSV
# export among them), puts before a value starting with = + - @ to keep it text: not part of
# the organisation or the title ("'+Plus Corp", "'=Head of Sales"). notes/cells.from_cell is
# the same rule for the user's own cells. Names and numbers need none: a name never starts
# so, and the phone and e-mail parsers skip punctuation.
FORMULA_GUARD = r"^'([=+\-@])"
GUARDED = ("organization", "title")


def without_formula_guard(frame: pl.DataFrame) -> pl.DataFrame:
    cols = [c for c in GUARDED if frame.schema.get(c) == pl.String]
    return frame.with_columns(pl.col(c).str.replace(FORMULA_GUARD, "$1") for c in cols)


def without_bidi_controls(frame: pl.DataFrame, keep: tuple[str, ...] = ()) -> pl.DataFrame:
    """Every String and List[String] column of `frame` but `keep` without BIDI_CONTROLS; a
    value left blank by them is null. Why dropped and not closed where shown: one rule for
    every text field, as for names (round 23), and every place that shows a field is covered
    at once (worksheet pages, cards built in polars, CSV worksheets opened in a spreadsheet,
    the terminal); a paired override still reverses its own field ("<RLO>gpj.exe<PDF>" shows
    as "exe.jpg"), and a contact field is one short run that the page lays out by its own
    letters. The ingest stage's table keeps the value as read. Most books hold none: one
    scan per column, and only a column that holds one is rewritten."""
    text = [c for c, t in frame.schema.items()
            if c not in keep and t in (pl.String, pl.List(pl.String))]
    if not text:
        return frame
    def values(c: str) -> pl.Expr:
        return pl.col(c).explode() if frame.schema[c] != pl.String else pl.col(c)
    # the scan is the cost (~0.4 CPU-s at 1M records); Aho-Corasick beat the regex by a third
    hit = frame.select(values(c).str.contains_any(_BIDI_CHARS).any().alias(c) for c in text)
    touched = [c for c in text if hit[c].item()]
    if not touched:
        return frame

    def cleaned(e: pl.Expr) -> pl.Expr:
        out = e.str.replace_all(BIDI_CONTROLS, "")
        return pl.when(e.str.contains(BIDI_CONTROLS) & (out.str.strip_chars() == "")).then(
            None).otherwise(out)
    return frame.with_columns(
        (cleaned(pl.col(c)) if frame.schema[c] == pl.String
         else pl.col(c).list.eval(cleaned(pl.element()).drop_nulls())).alias(c)
        for c in touched)


def distinct_apply(
    s: pl.Series, fn: Callable[[pl.Series], pl.Series | pl.DataFrame]
) -> pl.Series | pl.DataFrame:
    """`fn` on the distinct non-null values of `s`, joined back to every row of `s`.

    `fn` returns a Series or a frame with one row per distinct value, in the order given.
    Null inputs give null outputs without reaching `fn`.
    """
    distinct = s.drop_nulls().unique()
    out = fn(distinct)
    table = out.to_frame("\0out") if isinstance(out, pl.Series) else out
    table = table.with_columns(distinct.alias("\0key"))
    # A left join measured faster than replace_strict(distinct, range) + gather here.
    joined = s.to_frame("\0key").join(table, on="\0key", how="left", maintain_order="left")
    joined = joined.drop("\0key")
    return joined.to_series().alias(s.name) if isinstance(out, pl.Series) else joined


def on_unique(
    expr: pl.Expr, fn: Callable[[pl.Series], pl.Series], dtype: pl.DataType
) -> pl.Expr:
    """Expression form of :func:`distinct_apply` for a Series -> Series function."""

    def run(s: pl.Series) -> pl.Series:
        if s.null_count() == s.len():
            return pl.Series(s.name, [None] * s.len(), dtype=dtype)
        return distinct_apply(s, lambda d: fn(d).cast(dtype))

    return expr.map_batches(run, return_dtype=dtype)


def explode_rows(lists: pl.Series) -> tuple[pl.Series, pl.Series]:
    """List column -> (row index of each element, elements). Null lists give no elements."""
    ends = lists.list.len().fill_null(0).cast(pl.Int64).cum_sum()
    total = int(ends[-1]) if ends.len() else 0
    # Element j belongs to the first row whose end offset is past j.
    rows = ends.search_sorted(pl.int_range(total, dtype=pl.Int64, eager=True), side="right")
    return rows.cast(pl.Int64), lists.explode(empty_as_null=False, keep_nulls=False)


def implode_rows(
    rows: pl.Series, values: pl.Series, n_rows: int, *, dedupe: bool = True,
    keep: pl.Series | None = None,
) -> pl.Series:
    """(ascending row index, value) pairs -> a List column of `n_rows` rows, order preserved.

    Null values and rows with `keep` false are dropped; with `dedupe` a value repeated within a
    row is kept once. Rows without values get an empty list, never null.
    """
    mask = values.is_not_null()
    if keep is not None:
        mask &= keep.fill_null(False)
    kept_rows, kept = rows.filter(mask), values.filter(mask)
    if dedupe:
        # Only rows with several values can repeat one; hashing (row, value) pairs is the
        # costly part, so it runs on those rows alone.
        several = kept_rows.is_duplicated()
        if several.any():
            pairs = pl.DataFrame({"r": kept_rows.filter(several), "v": kept.filter(several)})
            first = pairs.select(pl.struct("r", "v").is_first_distinct()).to_series()
            drop = several.clone().scatter(several.arg_true(), ~first)  # scatter: in place
            kept_rows, kept = kept_rows.filter(~drop), kept.filter(~drop)
    # offsets[i] = number of kept values in rows before i (rows are sorted).
    offsets = kept_rows.search_sorted(pl.int_range(n_rows + 1, dtype=pl.Int64, eager=True),
                                      side="left")
    # Imported here: the phone workers import this package and never need pyarrow (0.1 s).
    import pyarrow as pa

    arr = pa.LargeListArray.from_arrays(offsets.cast(pl.Int64).to_arrow(), kept.to_arrow())
    return pl.Series(values.name, arr).cast(pl.List(values.dtype))


def concat_rows(rows: pl.Series, per_element: pl.Series, n_rows: int) -> pl.Series:
    """Per-element lists (aligned with `rows`) -> per-row concatenation, de-duplicated."""
    inner_rows, values = explode_rows(per_element)
    return implode_rows(rows.gather(inner_rows), values, n_rows)


def fold_series(values: pl.Series) -> pl.Series:
    """ASCII match keys for a String Series (see :func:`fold_key`).

    Folded once per distinct value when a long column repeats (a title or a city column: ~2 us
    a value for the regular expressions, 30x less on the distinct ones at 100k people); a
    short one (a small owner's) is folded as is, without the extra query."""
    if values.len() < 1000:
        return _fold(values)
    distinct = values.drop_nulls().unique()
    if 2 * distinct.len() > values.len():
        return _fold(values)
    return distinct_apply(values, _fold)


def _fold(values: pl.Series) -> pl.Series:
    """Three polars queries, not one per step: this runs for every name, organisation and label
    column of every owner, and on a small owner's columns each query costs more than its work."""
    v = pl.col("v")
    # Emoji go first: anyascii would spell some of them out as words in the key.
    text = values.to_frame("v").select(
        v.str.normalize("NFC").str.replace_all(EMOJI, " ").str.replace_all(INVISIBLE, ""))
    # anyascii is pure Python (~1 us a call); ASCII text is its own folding, so only the
    # non-ASCII distinct values pay for it.
    non_ascii = text.lazy().filter(v.str.contains(r"[^\x00-\x7F]")).unique().collect(
        engine="in-memory").to_series()
    if non_ascii.len():
        folded = pl.Series([anyascii(t) for t in non_ascii.to_list()], dtype=pl.String)
        v = v.replace(non_ascii, folded)
    return text.select(
        v.str.to_lowercase()
        # Apostrophes join (O'Brien ~ OBrien); every other non-alphanumeric separates words
        # (Jean-Luc ~ Jean Luc).
        .str.replace_all(r"['`\u2018\u2019\u02bc]", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars(" ")
        .replace("", None)
        .alias(values.name)
    ).to_series()


def fold_key(expr: pl.Expr) -> pl.Expr:
    """ASCII-folded, lower-case key: letters, digits and single spaces only; null when empty.

    `Łukasz` -> `lukasz`, `Straße` -> `strasse`, `Ørsted` -> `orsted`, CJK -> pinyin-like ASCII.
    For keys only: folded text is never shown to anyone.
    """
    return on_unique(expr, fold_series, pl.String)

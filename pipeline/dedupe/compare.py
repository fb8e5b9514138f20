"""Pairwise comparisons with levels, turned into a Fellegi–Sunter match weight.

Each field's level contributes log2(m/u): m = P(level | same person), u = P(level | different
people). The m values are calibrated constants (kith's model, documented in the README and
stored in `M` below, so results do not drift between runs); u for exact name, organisation and
city matches is the value's frequency in the data (term-frequency adjustment: sharing a rare
surname says more than sharing "Smith"); other u values are fixed. The prior is the chance that
two random records are the same person, about 1/N, so namesakes in a million-record batch need
more evidence than in a 2,000-person address book; a book with several records per person
earns a higher one, estimated from its own pairs (dedupe/prior.py). Null levels are neutral.
The levels that read across fields (an address spelling the other's name, a domain naming the
other's organisation) are in dedupe/cross.py, each field's own level rule in
dedupe/field_levels.py.
"""

from __future__ import annotations

import math

import polars as pl

from pipeline.dedupe import blocking, coded, one_home, swap_weight, third_name
from pipeline.dedupe.cross import cross_levels
from pipeline.dedupe.field_levels import levels
from pipeline.dedupe.model import (  # noqa: F401  (re-exported: callers read them here)
    LEVEL,
    MAX_FIELD_WEIGHT,
    MIN_TF_U,
    TITLE_M_EXACT,
    M,
    field_bounds,
)
from pipeline.dedupe.tables import (  # noqa: F401  (re-exported: callers read them here)
    SPELLED_CAP,
    _given_name_cap,
    _idx_is_position,
    _namesake_cap,
    _spelled_pairs,
    listed_once_counts,
    name_record_counts,
    namesake_counts,
    namesakes,
    per_record,
    prior_weight,
    term_frequencies,
    with_sides,
)
from pipeline.schema import COMPARISON_FIELDS


def _bf(m: float, u: float, most: float = MAX_FIELD_WEIGHT) -> float:
    return max(-MAX_FIELD_WEIGHT, min(most, math.log2(m / u)))


def field_weight(field: str, tf_col: str | None, n_records: int = 0) -> pl.Expr:
    """A field's weight by its level. `n_records`: the book's size, which bounds the weight
    and the least frequency (model.field_bounds; 0: the constants of a small book)."""
    most, least = field_bounds(n_records)
    level = pl.col(f"{field}_level")
    expr = pl.when(level == "null").then(pl.lit(0.0))
    for name, (m, u) in M[field].items():
        if u is None:
            tf = pl.col(tf_col).fill_null(least).clip(lower_bound=least)
            # agreeing on a value is never evidence against, however common the value (a
            # title half a small book shares)
            w = (pl.lit(m) / tf).log(2).clip(0.0, most)
            expr = expr.when(level == name).then(w)
        else:
            expr = expr.when(level == name).then(pl.lit(_bf(m, u, most)))
    return expr.otherwise(pl.lit(0.0)).alias(f"{field}_weight")


# Candidate pairs scored at a time when only some output columns are wanted: every feature
# column is copied once per pair (both records'), which at a million records and four million
# pairs was gigabytes at once.
SCORE_CHUNK = 1_000_000
SCORE_INPUTS = ["idx", "given_key", "family_key", "given_groups", "given_known", "email_keys",
                "role_emails", "email_locals", "phones_e164", "linkedin_slug", "org_key",
                "birthday_year", "birthday_month", "birthday_day", "city_key", "street_key",
                "postcode_key", "middle_key", "title_key", "file_code", "given_initial",
                "given_single", "middle_initial", "one_per_person"]
PAIR_INPUTS = [*SCORE_INPUTS, "phones_personal"]
# A number the book shows beside this many family names or more is a company's switchboard or
# an office's main line (Outlook's "Business Phone", a card typed from a signature): sharing it
# says "same place", hardly "same person". One person's own number carries his family name, a
# misspelling of it, a maiden name or the compound form of a Spanish name: at most three in
# every labelled set (gen3 20k: 0 of the 126 numbers beside four or more is one person's; 9 of
# the 221 beside three are); a household's landline carries one or two.
SHARED_FAMILIES = 4


def with_personal_phones(features: pl.DataFrame) -> pl.DataFrame:
    """features with `phones_personal`: phones_e164 without the numbers the book shows beside
    SHARED_FAMILIES family names or more (records with no family name do not count)."""
    phones = pl.col("phones_e164")
    numbers = features.select(phones.alias("n"), "family_key").with_row_index("pos") \
        .explode("n").drop_nulls("n")
    named = numbers.drop_nulls("family_key")
    # only a number on that many named records can be beside that many family names: the
    # distinct names are counted for those (a few hundred numbers at a million records)
    often = named.group_by("n").len().filter(pl.col("len") >= SHARED_FAMILIES)
    held = named.join(often, on="n", how="semi")
    shared = held.group_by("n").agg(pl.col("family_key").n_unique().alias("k")) \
        .filter(pl.col("k") >= SHARED_FAMILIES)["n"]
    personal = features.select(phones.alias("phones_personal"))
    if shared.len() == 0:
        return features.with_columns(personal)
    hit = numbers.filter(pl.col("n").is_in(shared.implode()))["pos"].unique()
    fixed = features[hit].select(phones.list.eval(
        pl.element().filter(~pl.element().is_in(shared.implode()))))["phones_e164"]
    out = personal.with_row_index("pos").update(
        pl.DataFrame({"pos": hit, "phones_personal": fixed}), on="pos")
    return features.with_columns(out["phones_personal"])


TF_SPECS = {"given": "given_key", "family": "family_key", "org": "org_key", "city": "city_key",
            "street": "street_key", "postcode": "postcode_key", "title": "title_key"}


def score(pairs: pl.DataFrame, features: pl.DataFrame,
          columns: list[str] | None = None, codes: coded.Coded | None = None,
          prior: float | None = None, compared: pl.DataFrame | None = None,
          tables: RunTables | None = None) -> pl.DataFrame:
    """pairs (l, r, rule) -> with levels, per-field weights and total `weight`.
    `columns`: keep only these (then pairs are scored a chunk at a time); every row's scores
    depend only on its two records and on tables of all records, computed once here.
    `codes`: coded.encode of `features` with at least SCORE_INPUTS, when the caller has it.
    `prior`: the prior weight (default prior_weight of the record count; see dedupe.prior).
    `compared`: an earlier call's output on the same features (l, r, LEVEL_COLUMNS; ask for
    "given_via" in its `columns`): the pairs it holds keep their levels and are only weighed
    again, with this `prior`. Levels do not depend on the prior, and comparing is most of the
    cost (dedupe.stage.score_pairs rescores a book whose estimated prior is higher).
    `tables`: RunTables(features, codes) of an earlier call on the same features."""
    if not _idx_is_position(features):
        features = features.sort("idx")  # a per-record table is gathered by position
        if not _idx_is_position(features):  # such as no record at all (an owner file alone)
            via = "given_via" in (columns or ())
            out = _score_chunk(pairs, features, None, prior, keep_via=via)
            return out if columns is None else out.select(columns)
    run = tables or RunTables(features, codes)
    if compared is not None and (columns is None or _side_columns(columns)):
        compared = None  # the side columns come with comparing: compare every pair
    # each pair's row in `compared` (null: compare it), found once for all chunks
    rows = None if compared is None else _rows_in(pairs, compared)

    def chunk(part: pl.DataFrame, at: int = 0) -> pl.DataFrame:
        if compared is None:
            out = _score_chunk(part, features, run, prior, keep_via="given_via" in (columns or ()))
        else:
            out = _rescore_chunk(part, features, run, prior, compared,
                                 rows.slice(at, part.height))
        if columns is None or any(c in run.coded.values for c in _side_columns(columns)):
            out = coded.decoded(out, run.coded, features)  # the strings, as the plain path
        return out if columns is None else out.select(columns)

    if columns is None or pairs.height <= SCORE_CHUNK:
        return chunk(pairs)
    return pl.concat([chunk(pairs.slice(at, SCORE_CHUNK), at)
                      for at in range(0, pairs.height, SCORE_CHUNK)])


def _side_columns(columns: list[str]) -> set[str]:
    return {c[:-2] for c in columns if c.endswith(("_l", "_r"))}


class RunTables:
    """What scoring reads from all records at once: term frequencies and namesake counts per
    record (gathered per pair by idx), and the pairs whose addresses spell each other's name."""

    def __init__(self, features: pl.DataFrame, codes: coded.Coded | None = None) -> None:
        # what each pair copies and compares, as integer codes (coded.py); a value's frequency
        # is its code's, counted on integers
        self.coded = codes or coded.encode(features, SCORE_INPUTS)
        c = self.coded.features
        self.tf = {col: per_record(c, term_frequencies(c, col).rename({"value": col}), [col],
                                   f"{col}_tf")
                   for col in TF_SPECS.values()}
        self.namesakes = namesake_counts(features)
        self.name_records = name_record_counts(features)
        self.listed_once = listed_once_counts(features)
        self.inputs = with_personal_phones(c)
        spellings = {"idx", "email_letters", "name_spellings"}
        self.spelled = _spelled_pairs(self.coded.features if spellings <= set(
            self.coded.features.columns) else features)


# What weighing reads of a compared pair besides l and r (score's `compared`)
LEVEL_COLUMNS = [*(f"{f}_level" for f in COMPARISON_FIELDS), "given_via"]


def _score_chunk(pairs: pl.DataFrame, features: pl.DataFrame, run: RunTables | None,
                 prior: float | None = None, keep_via: bool = False) -> pl.DataFrame:
    return _weigh(_compared(pairs, features, run), features, run, prior, keep_via)


def _rows_in(pairs: pl.DataFrame, compared: pl.DataFrame) -> pl.Series:
    """For each pair (l, r) its row in `compared`, or null where `compared` does not hold it.
    Both hold each pair once, in (l, r) order as blocking gives them: a binary search of
    pair codes. A join of each chunk with all of `compared`, then an anti-join, cost ~6.6
    CPU-s at gen5's million records (4.3 million pairs compared, 5.3 million to weigh)."""
    code = blocking.pair_code(pl.col("l"), pl.col("r"))
    known = compared.select(code).to_series()
    order = None
    if not known.is_sorted():
        order = known.arg_sort()
        known = known.gather(order)
    if known.len() == 0:
        return pl.repeat(None, pairs.height, dtype=pl.UInt32, eager=True)
    wanted = pairs.select(code).to_series()
    inside = known.search_sorted(wanted, side="left").clip(0, known.len() - 1)
    found = pl.select(pl.when(known.gather(inside) == wanted).then(inside)).to_series()
    found = found if order is None else order.gather(found)
    return found.cast(pl.UInt32)


def _rescore_chunk(pairs: pl.DataFrame, features: pl.DataFrame, run: RunTables,
                   prior: float | None, compared: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """_score_chunk, with the levels of the pairs `compared` holds taken from it. `rows`: each
    pair's row in `compared` (_rows_in), null for a pair to compare."""
    keyed = pairs.with_row_index("_pos")
    held = rows.is_not_null()
    at = rows.filter(held)
    known = pl.concat([keyed.filter(held),
                       compared.select(pl.col(LEVEL_COLUMNS).gather(at))], how="horizontal")
    fresh = _compared(keyed.filter(~held), features, run).select(known.columns)
    both = pl.concat([known, fresh]).sort("_pos").drop("_pos")
    return _weigh(both, features, run, prior)


# A full name on more records than this has a third bearer besides the pair (_dated_cap).
DATED_BEARERS = 2


def _dated_cap(p: pl.DataFrame, features: pl.DataFrame,
               counts: pl.Series | None = None) -> pl.DataFrame:
    """A different organisation across a LinkedIn row and a card ("different_dated") weighs
    as a job change only where both records carry a full name that no third record carries;
    otherwise as plain "different". A third card of the name at the LinkedIn row's employer
    is that person's up-to-date card, and the card at another employer as likely a
    namesake's: without this, gen5 20k gained 42 wrongly joined pairs for 308 right ones, and
    precision fell 0.0013 on synth_spec 2k; with it 10 for 175 (docs/recall35.md). `counts`: tables.name_record_counts of `features`, by position."""
    if counts is None:  # features not in idx order: joined on idx
        table = pl.DataFrame({"_i": features["idx"], "_n": name_record_counts(features)})
        for s in "lr":
            p = p.join(table.rename({"_i": s, "_n": f"_n_{s}"}), on=s, how="left",
                       maintain_order="left")
    else:
        p = p.with_columns(pl.lit(counts).gather(pl.col(s)).alias(f"_n_{s}") for s in "lr")
    n_l, n_r = pl.col("_n_l"), pl.col("_n_r")
    third = (n_l.is_null() | n_r.is_null() | (n_l > DATED_BEARERS) | (n_r > DATED_BEARERS))
    plain = _bf(*M["org"]["different"])
    return p.with_columns(
        pl.when((pl.col("org_level") == "different_dated") & third).then(pl.lit(plain))
        .otherwise(pl.col("org_weight")).alias("org_weight")).drop("_n_l", "_n_r")


# A family name on this many records or more is a name people carry, not a slip of the hand.
NEAR_SPELLING_CARRIERS = 3


def _near_spelling_cap(p: pl.DataFrame, n: int) -> pl.DataFrame:
    """Two family names a letter or two apart that several people in the book carry each are
    two names, not a typo of one ("Schmidt" / "Schmitt", "Hoffmann" / "Hofmann", "Meyer" /
    "Meier"): the "jw_high" level's u is at least the rarer name's frequency. A typo's
    misspelt side is on a record or two, so a typo keeps its weight, in a small book too
    (where one record is a large frequency; docs/qual13.md)."""
    m = M["family"]["jw_high"][0]
    most, least = field_bounds(n)
    rarer = pl.col("_family_tf_rarer").fill_null(least).clip(lower_bound=least)
    capped = (pl.lit(m) / rarer).log(2).clip(0.0, most)
    carried = rarer * n >= NEAR_SPELLING_CARRIERS - 0.5
    return p.with_columns(
        pl.when((pl.col("family_level") == "jw_high") & carried)
        .then(pl.min_horizontal("family_weight", capped))
        .otherwise(pl.col("family_weight")).alias("family_weight")).drop("_family_tf_rarer")


def _compared(pairs: pl.DataFrame, features: pl.DataFrame,
              run: RunTables | None) -> pl.DataFrame:
    """pairs with both records' inputs and every field's level (and given_via)."""
    # only what the comparisons read: every column is copied once per pair, as integer codes
    # when the run's tables are there
    if run is None:
        p = levels(with_sides(pairs, with_personal_phones(features), PAIR_INPUTS))
    else:
        p = levels(with_sides(pairs, run.inputs, PAIR_INPUTS), run.coded.values)
    p = p.drop("phones_personal_l", "phones_personal_r")  # read by phone_level only
    return cross_levels(p, features, run.spelled if run else None)


def _weigh(p: pl.DataFrame, features: pl.DataFrame, run: RunTables | None,
           prior: float | None, keep_via: bool = False) -> pl.DataFrame:
    """Compared pairs -> per-field weights and the total `weight`, with this prior.
    keep_via: given_via kept (score's `compared` of a later call reads it)."""
    via = p["given_via"] if keep_via else None
    swaps_as_names = swap_weight.applies(prior, features.height)
    if run is None:
        for col in TF_SPECS.values():
            tf = term_frequencies(features, col).rename({"value": f"{col}_l"})
            p = p.join(tf, on=f"{col}_l", how="left")
        tf = term_frequencies(features, "given_key").rename(
            {"value": "given_key_r", "given_key_tf": "_given_tf_r"})
        p = p.join(tf, on="given_key_r", how="left")
        tf = term_frequencies(features, "city_key").rename(
            {"value": "city_key_r", "city_key_tf": "_city_tf_r"})
        p = p.join(tf, on="city_key_r", how="left")
        tf = term_frequencies(features, "family_key").rename(
            {"value": "family_key_r", "family_key_tf": "_family_tf_r"})
        p = p.join(tf, on="family_key_r", how="left")
    else:
        # expressions, not Series.gather one after another: polars gathers them on all cores
        def tf(col: str, side: str) -> pl.Expr:
            return pl.lit(run.tf[col]).gather(pl.col(side))

        p = p.with_columns(*(tf(col, "l").alias(f"{col}_tf") for col in TF_SPECS.values()),
                           tf("given_key", "r").alias("_given_tf_r"),
                           tf("city_key", "r").alias("_city_tf_r"),
                           tf("family_key", "r").alias("_family_tf_r"))
    # A swapped pair's "exact" given name is two different names (given_l = family_r): the
    # weight must not depend on which record is left (swap_weight.py: the commoner reading)
    p = p.with_columns(swap_weight.given_frequency("given_key_tf", "_given_tf_r",
                                                   swaps_as_names)
                       .alias("given_key_tf")).drop("_given_tf_r")
    # a one-name record's family name is the other's ("lone"): that one's frequency; of a
    # compound name and its part ("part"), the commoner of the two (the part's, mostly)
    p = p.with_columns(
        pl.when(pl.col("family_level") == "part")
        .then(pl.max_horizontal("family_key_tf", "_family_tf_r"))
        .otherwise(pl.coalesce("family_key_tf", "_family_tf_r")).alias("family_key_tf"),
        pl.min_horizontal("family_key_tf", "_family_tf_r").alias("_family_tf_rarer"),
        pl.max_horizontal("family_key_tf", "_family_tf_r").alias("_family_tf_commoner"),
    ).drop("_family_tf_r")
    # the commoner of the two cities' frequencies (equal for "exact"; see M["city"])
    p = p.with_columns(
        pl.max_horizontal("city_key_tf", "_city_tf_r").alias("city_key_tf")).drop("_city_tf_r")
    weights = [field_weight(f, f"{TF_SPECS[f]}_tf" if f in TF_SPECS else None, features.height)
               for f in COMPARISON_FIELDS]
    # the frequencies' denominator: records with a family name (tables.term_frequencies)
    p = p.with_columns(weights)
    p = p.with_columns(swap_weight.family_weight(
        "_family_tf_commoner", *field_bounds(features.height), swaps_as_names)
    ).drop("_family_tf_commoner")
    p = _near_spelling_cap(p, features["family_key"].count())
    p = third_name.cap(p)  # Ian / Jonny, and nothing else in common
    p = _dated_cap(p, features, run.name_records if run else None)
    if prior is None:
        prior = prior_weight(features.height)
    p = (_namesake_cap(p, features, prior, run.namesakes, run.listed_once) if run else
         _namesake_cap(p, features, prior))
    p = _given_name_cap(p, prior)
    p = one_home.cap_nameless_address(p)  # no name to compare: the address is a household's
    # added one field at a time in a fixed order: sum_horizontal's order depends on the thread
    # count, and the last bits of a weight must not differ between `kith run` and `kith batch`
    total = pl.lit(prior)
    for f in COMPARISON_FIELDS:
        total = total + pl.col(f"{f}_weight")
    p = p.with_columns(total.alias("weight"))
    return p if via is None else p.with_columns(via)

"""A bound for every pairwise rule over kith's own comparison levels (docs/bound37.md).

kith decides a pair from its comparison levels (compare.py: given, family, middle, e-mail,
phone, LinkedIn, organisation, birthday, city, street, postcode, e-mail name, domain and
organisation, title; each `exact`, `nickname`, `jw_high`, `different`, `null` ...) weighed by
m/u figures and term frequencies. Here every pair is grouped by its level vector, whether its
two records came from one file, and how many records of the book carry its given and its family
name (buckets, standing in for the term frequencies); optionally also whether kith's
blocking proposes it. Any rule that decides a pair from those alone (any weights, any
thresholds, any non-linear rule) decides a group whole, so the best prefix by precision
(oracle_bound.best_prefix) bounds its F1.

Which pairs are counted: every true pair; as false pairs, those kith's blocking proposes and
every pair of two records with the same name key. A false pair left out can only make a group
look purer, so leaving pairs out keeps this an upper bound for the class. It is not a bound on
kith's clustering, which also reads the export formats, chains links and refuses some: it says
what re-weighting kith's present levels can reach, and so whether new evidence is needed.
"""

from __future__ import annotations

import polars as pl

# records carrying a name in the book: 1, 2, 3, 4-5, 6-10, 11-30, 31-100, more
COUNT_EDGES = ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (10, "6-10"), (30, "11-30"),
               (100, "31-100"))


def _bucket(n: pl.Expr) -> pl.Expr:
    out = pl.lit("101+")
    for top, label in reversed(COUNT_EDGES):
        out = pl.when(n <= top).then(pl.lit(label)).otherwise(out)
    return out


def _candidates(feats: pl.DataFrame, truth_idx: pl.DataFrame) -> pl.DataFrame:
    """(l, r, true, blocked): kith's blocked pairs, same-name pairs and true pairs, l < r,
    once each; `blocked`: kith's blocking proposes it (part of the signature, so the bound
    covers a rule over blocking and levels as well as one over levels alone)."""
    from pipeline.dedupe.stage import blocked

    _codes, first, _counts = blocked(feats)
    t = truth_idx.select("idx", "c")
    true = (t.join(t, on="c", suffix="_r").filter(pl.col("idx") < pl.col("idx_r"))
            .select(pl.col("idx").alias("l"), pl.col("idx_r").alias("r")))
    named = feats.select("idx", "given_key", "family_key").drop_nulls()
    same = (named.join(named, on=["given_key", "family_key"], suffix="_r")
            .filter(pl.col("idx") < pl.col("idx_r"))
            .select(pl.col("idx").alias("l"), pl.col("idx_r").alias("r")))
    proposed = first.select(pl.min_horizontal("l", "r").alias("l"),
                            pl.max_horizontal("l", "r").alias("r")).unique()
    both = pl.concat([proposed, true, same], how="vertical_relaxed").unique().join(
        proposed.with_columns(pl.lit(True).alias("blocked")), on=["l", "r"], how="left")
    side = t.rename({"idx": "l", "c": "c_l"})
    return (both.join(side, on="l").join(t.rename({"idx": "r", "c": "c_r"}), on="r")
            .select("l", "r", (pl.col("c_l") == pl.col("c_r")).alias("true"),
                    pl.col("blocked").fill_null(False)))


def truth_of(records: pl.DataFrame, truth: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(features, (idx, c)): kith's features of the records and each one's true cluster."""
    from pipeline.dedupe import features

    feats = features.build(records)
    key = pl.concat_str("source_file", pl.lit("#"), pl.col("source_row").cast(pl.String))
    return feats, (feats.select("idx", key.alias("key")).join(truth, on="key")
                   .select("idx", pl.col("true_cluster").alias("c")))


def level_pairs(feats: pl.DataFrame, truth_idx: pl.DataFrame) -> pl.DataFrame:
    """Every counted pair (records with truth only): l, r, its level signature and whether
    it is true."""
    from pipeline.dedupe import compare

    pairs = _candidates(feats, truth_idx)
    levels = compare.score(pairs.with_columns(pl.lit("oracle").alias("rule")), feats,
                           columns=["l", "r", *compare.LEVEL_COLUMNS])
    counts = feats.select(
        "idx", "file_code",
        _bucket(pl.len().over("given_key")).alias("given_count"),
        _bucket(pl.len().over("family_key")).alias("family_count"))
    return (pairs.join(levels, on=["l", "r"])
            .join(counts, left_on="l", right_on="idx")
            .join(counts.select("idx", pl.col("file_code").alias("file_r")),
                  left_on="r", right_on="idx")
            .with_columns((pl.col("file_code") == pl.col("file_r")).alias("same_file"))
            .drop("file_code", "file_r"))


def _signature(pairs: pl.DataFrame, with_blocking: bool = False) -> list[str]:
    skip = ("l", "r", "true") + (() if with_blocking else ("blocked",))
    return [c for c in pairs.columns if c not in skip]


def groups(pairs: pl.DataFrame, with_blocking: bool = False) -> pl.DataFrame:
    """(t, f) per signature that holds a true pair. `with_blocking`: whether kith's blocking
    proposes the pair is part of the signature (a rule over blocking and levels; the
    unblocked signatures then look purer than they are, since of the unblocked false pairs
    only the same-name ones are counted)."""
    return (pairs.group_by(_signature(pairs, with_blocking))
            .agg(pl.col("true").sum().cast(pl.Int64).alias("t"),
                 (~pl.col("true")).sum().cast(pl.Int64).alias("f"))
            .filter(pl.col("t") > 0).select("t", "f"))


def closure_curve(pairs: pl.DataFrame, truth_idx: pl.DataFrame, total_true: int) -> dict:
    """NOT a bound: the signatures taken in order of precision (pure ones first), each
    group's pairs linked and the book clustered by the links' transitive closure, as kith's
    clustering chains them; the best F1 along the way. A chain can find a true pair whose own
    signature was left, so this can pass the per-pair bound; it counts only the counted false
    pairs, so it is optimistic too."""
    sig = _signature(pairs)
    ranked = (pairs.with_columns(pl.struct(sig).rank("dense").alias("g"))
              .with_columns(pl.col("true").mean().over("g").alias("p"),
                            pl.col("true").any().over("g").alias("any"))
              .filter(pl.col("any")).sort(["p", "g"], descending=[True, False]))
    cluster = dict(truth_idx.select("idx", "c").iter_rows())
    parent: dict[int, int] = {}
    members: dict[int, dict] = {}  # root -> {true cluster: records}
    size: dict[int, int] = {}
    tp = pp = 0
    best = (0.0, 0, 0)

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    last = None
    for g, left, right in ranked.select("g", "l", "r").iter_rows():
        if g != last and last is not None:
            best = max(best, (_f1(tp, pp, total_true), tp, pp))
        last = g
        a, b = root(left), root(right)
        if a == b:
            continue
        ma = members.setdefault(a, {cluster[a]: 1}) if a not in members else members[a]
        mb = members.pop(b, None) or {cluster[b]: 1}
        if len(ma) < len(mb):
            a, b, ma, mb = b, a, mb, ma
            members[a] = ma
            members.pop(b, None)
        pp += size.get(a, 1) * size.get(b, 1)
        tp += sum(n * ma.get(c, 0) for c, n in mb.items())
        for c, n in mb.items():
            ma[c] = ma.get(c, 0) + n
        parent[b] = a
        size[a] = size.get(a, 1) + size.pop(b, 1)
    best = max(best, (_f1(tp, pp, total_true), tp, pp))
    f1, tp, pp = best
    return {"precision": tp / pp if pp else 1.0, "recall": tp / total_true if total_true else 1.0,
            "f1": f1}


def _f1(tp: int, pp: int, total_true: int) -> float:
    return 2 * tp / (pp + total_true) if total_true else 1.0

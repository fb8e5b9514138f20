"""A batch group's dedupe inputs, computed for its owners at once: each owner's record
features (features.build_apart), candidate pairs (`block_apart`) and loose pairs
(`loose_apart`), and the pet-form answers their runs will ask for (`pets_apart`).

Blocking (pipeline/dedupe/blocking.py) proposes a pair when two records' keys are equal, and
caps each block of equal keys. Here every owner's key values are made its own before the
group's records are blocked as one frame: codes and numbers moved into a range of their own
(the owner's number in the high bits), strings prefixed with the owner's number. Two values
of one owner stay equal exactly when they were, two owners' values never are, so every block
is one owner's block as its run alone forms it, cap included, and no pair joins two owners.
That holds for any rule that compares key columns for equality (the rules' keys are read
from blocking.KEY_COLUMNS, so a changed RULES tuple needs nothing here); a key column of
another type fails the grouped blocking and each owner blocks its own records.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipeline.dedupe import blocking, coded, pets
from pipeline.dedupe.stage import CODED_COLUMNS

OWNER_BITS = 40  # owner number << OWNER_BITS + a code (< 2**32) or a number (|n| < 2**31)


def _own(col: pl.Expr, dtype: pl.DataType, owner: int) -> pl.Expr:
    """`col`'s values made owner `owner`'s own (see the module docstring)."""
    if isinstance(dtype, pl.List):
        return col.list.eval(_own(pl.element(), dtype.inner, owner))
    if dtype.is_integer():
        return col.cast(pl.Int64) + (owner << OWNER_BITS)
    if dtype == pl.String:
        return pl.concat_str([pl.lit(f"{owner}\x1f"), col])
    raise TypeError(f"blocking key of type {dtype}")


def _keys(codes: coded.Coded, owner: int, offset: int) -> pl.DataFrame:
    f = codes.features
    cols = list(dict.fromkeys(blocking.KEY_COLUMNS))
    return f.select((pl.col("idx").cast(pl.Int64) + offset).alias("idx"),
                    *(_own(pl.col(c), f.schema[c], owner).alias(c) for c in cols))


def block_apart(feats: list[pl.DataFrame]) -> list[tuple]:
    """dedupe.stage.blocked(f) for each owner's features `f` (codes, candidate pairs, pairs
    per rule), the blocking done once for all of them."""
    codes = [coded.encode(f, CODED_COLUMNS) for f in feats]
    offsets = np.cumsum([0, *(f.height for f in feats)])
    if offsets[-1] >= 2 ** 32:
        raise ValueError("too many records for one group's record indexes")
    group = pl.concat([_keys(c, i, int(offsets[i])) for i, c in enumerate(codes)]
                      ).with_columns(pl.col("idx").cast(pl.UInt32))
    frames = blocking.rule_frames(group)
    counts = [{} for _ in feats]
    for rule, p in zip(blocking.RULES, frames, strict=True):
        left = (p["lr"] // blocking.PAIR_SHIFT).to_numpy()
        per = np.bincount(np.searchsorted(offsets, left, side="right") - 1,
                          minlength=len(feats))
        for i, n in enumerate(per.tolist()):
            counts[i][rule.name] = n
    pairs = blocking.first_rules(frames)
    bounds = np.searchsorted(pairs["l"].to_numpy(), offsets).tolist()  # pairs in (l, r) order
    out = []
    for i, c in enumerate(codes):
        part = pairs.slice(bounds[i], bounds[i + 1] - bounds[i])
        off = int(offsets[i])
        part = part.with_columns((pl.col("l") - off).cast(pl.UInt32),
                                 (pl.col("r") - off).cast(pl.UInt32))
        if part.height and part["r"].max() >= feats[i].height:  # never: keys are the owner's
            raise AssertionError("a candidate pair across two owners")
        out.append((c, part, counts[i]))
    return out



def loose_apart(feats: list[pl.DataFrame]) -> list[dict[str, pl.DataFrame]]:
    """{rule name: blocking.loose_pairs(f, rule)} for each owner's features `f` and each of
    blocking.LOOSE_RULES, the keys formed once for all of them: each key is the owner's own
    with the owner's number as one more key column, so every block is one owner's block
    as its run alone forms it, cap included."""
    heights = [f.height for f in feats]
    offsets = np.cumsum([0, *heights])
    if offsets[-1] >= 2 ** 32:
        raise ValueError("too many records for one group's record indexes")
    owner_of = pl.Series(np.repeat(np.arange(len(feats), dtype=np.uint32), heights))
    group = pl.concat([f.with_columns((pl.col("idx") + int(offsets[i])).cast(pl.UInt32))
                       for i, f in enumerate(feats)])
    out: list[dict[str, pl.DataFrame]] = [{} for _ in feats]
    empty = pl.DataFrame(schema={"lr": pl.UInt64})
    for rule in blocking.LOOSE_RULES:
        keyed = blocking._loose_keyed(group, rule).lazy().with_columns(
            pl.lit(owner_of).gather(pl.col("idx")).alias("_owner"))
        pairs = blocking.keyed_pairs(keyed, rule.cap)
        pairs = pairs.with_columns(
            owner_of.gather(pairs["lr"] // blocking.PAIR_SHIFT).alias("_owner"))
        parts = pairs.partition_by("_owner", as_dict=True, include_key=False)
        for i in range(len(feats)):
            shift = int(offsets[i]) * (blocking.PAIR_SHIFT + 1)  # both sides' offset
            part = parts.get((i,), empty).select(pl.col("lr") - pl.lit(shift, pl.UInt64))
            if part.height and (part["lr"] % blocking.PAIR_SHIFT).max() >= heights[i]:
                raise AssertionError("a loose pair across two owners")  # never: keys
            out[i][rule.name] = part
    return out


def pets_apart(feats: list[pl.DataFrame], blocked: list[tuple],
               loose: list[dict[str, pl.DataFrame]]) -> pl.DataFrame:
    """pets.pet_table of the given-name rows (a, b, ka, kb) of every owner's candidate
    and loose pairs where an unknown name is pet-shaped: the rows its run's scoring and
    given-name conflicts test (pairs the rescoring pass adds are tested in the run), tested
    once for the group (pets.pets_ahead)."""
    parts = []
    for f, (_codes, pairs, _counts), mine in zip(feats, blocked, loose, strict=True):
        codes = [p["lr"] for p in mine.values()]
        left = pl.concat([pairs["l"], *((c // blocking.PAIR_SHIFT).cast(pl.UInt32)
                                        for c in codes)])
        right = pl.concat([pairs["r"], *((c % blocking.PAIR_SHIFT).cast(pl.UInt32)
                                         for c in codes)])
        names, known = f["given_key"], f["given_known"]
        parts.append(pl.DataFrame([names.gather(left).alias("a"), names.gather(right).alias("b"),
                                   known.gather(left).alias("ka"),
                                   known.gather(right).alias("kb")]))
    rows = pl.concat(parts).drop_nulls(["a", "b"]).filter(pl.col("a") != pl.col("b")).unique()
    names = pl.concat([rows["a"], rows["b"]]).unique()
    shaped = names.filter(names.to_frame("n").select(pets.pet_shaped(pl.col("n")))
                          .to_series()).implode()
    rows = rows.filter((pl.col("a").is_in(shaped) & ~pl.col("ka"))
                       | (pl.col("b").is_in(shaped) & ~pl.col("kb")))
    return pets.pet_table(rows)

"""Blocking: which record pairs are worth comparing at all.

A union of rules, each an equality on a key. Each block is capped: one common surname or a
company switchboard number must not explode into millions of pairs. In a book with several
records of each person (a census extract; ten records per person in Splink's historical_50k;
stage.score_pairs tells by the prior its pairs imply, dedupe/prior.py), a block of a name,
place or date rule may hold up to COPIES_FACTOR times its cap where it holds no more distinct
full names than the cap: copies of a few people. An address book's large blocks are many
namesakes, and keep the caps. A pair keeps the name of the first rule (in RULES order) that
proposed it.

A small book can afford more pairs than a large one: LOOSE_RULES (keys far too loose for a
large book) add their pairs only where the book's candidate pairs, with them, stay within
PAIR_BUDGET (with_loose).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Rule:
    name: str
    keys: tuple[str, ...]  # feature columns; list columns are exploded
    cap: int  # blocks larger than this are skipped by this rule
    # a name, place or date key: a block of copies (at most `cap` distinct full names) may
    # hold up to COPIES_FACTOR * cap records
    copies: bool = False


RULES: tuple[Rule, ...] = (
    Rule("linkedin_slug", ("linkedin_slug",), 20),
    Rule("email", ("email_keys",), 30),
    Rule("phone", ("phones_e164",), 30),
    Rule("name", ("given_groups", "family_key"), 15, copies=True),
    Rule("email_local", ("email_locals",), 20),
    Rule("name_org", ("given_groups", "family_key", "org_key"), 20),
    Rule("name_city", ("given_groups", "family_key", "city_key"), 20, copies=True),
    Rule("sound_initial", ("family_code", "given_initial"), 15, copies=True),
    Rule("sound_initial_org", ("family_code", "given_initial", "org_key"), 15),
    Rule("sound_initial_birthday", ("family_code", "birthday_month", "birthday_day"), 20, copies=True),
    Rule("birthday", ("birthday_year", "birthday_month", "birthday_day"), 15, copies=True),
    Rule("given_birthday", ("given_groups", "birthday_month", "birthday_day"), 15, copies=True),
    Rule("family_city", ("family_key", "city_key"), 15, copies=True),
    Rule("given_org", ("given_groups", "org_key"), 10),
    Rule("given_work_domain", ("given_groups", "work_domains"), 10),
    Rule("swapped_names", ("given_key", "family_key"), 20),
    Rule("street", ("street_key",), 10),
    Rule("sound_year", ("family_code", "birthday_year"), 15, copies=True),
    Rule("initial_city_year", ("given_initial", "city_key", "birthday_year"), 15, copies=True),
    Rule("postcode_sound", ("postcode_key", "family_code"), 15, copies=True),
    Rule("postcode_initial", ("postcode_key", "given_initial", "birthday_year"), 15, copies=True),
    Rule("email_spells_name", ("email_letters", "name_spellings"), 10),
    # A record whose family name is missing or misspelt still shares its given name with the
    # person's other records at one address or town, or a postcode alone (a household, capped
    # small): found in labelled sets with no e-mail or phone (FEBRL 2-4 +0.4-0.6 points of
    # F1, Splink's historical_50k +4), no generator's precision moving by more than 0.0013.
    Rule("postcode_given", ("postcode_key", "given_groups"), 15, copies=True),
    Rule("city_given", ("city_key", "given_groups"), 15, copies=True),
    Rule("postcode", ("postcode_key",), 10, copies=True),
    # A record saved under one name ("Bryant", no family name) beside the family name of a
    # two-name record in the same town (compare.M["family"]["lone"]).
    Rule("lone_name_city", ("given_key", "city_key"), 15),
    # A compound family name and one of its parts, with the given name: "Inés Hidalgo Galván"
    # and "Inés Hidalgo" (Spanish and Portuguese two surnames, one dropped in casual use),
    # "Mary Hammond Stewart" and "Mary Stewart" (a double-barrelled married name), "María de
    # la Cruz" and "María Cruz". Only records with a compound name offer their parts.
    Rule("family_part", ("given_groups", "family_words"), 15),
)


# A block of copies (see Rule.copies) may hold this many times its rule's cap, in a book of
# copies only. Measured on historical_50k (docs/dedupe-quality.md, seventh pass): factor 2 on
# the name, place, date and sound-alike name rules gave its recall back with precision kept.
# In every address book it would have cost 20-34% more candidate pairs at a million records
# (and the stage's peak memory above 4 GiB) for nothing, hence only where the prior rose.
COPIES_FACTOR = 2
# A sound-alike family name and an initial: its blocks of copies are kept only in a book whose
# prior rose by dedupe.prior.COPIES_BITS (a census extract, Splink's sets), not in an address
# book of ~2 records a person whose prior rose less (gen3 and gen4: +0.4-0.6 bits). There they
# were 254k of the 273k pairs copies blocks added at gen3's 100,000 people (35 of them merged)
# and ~1.3 CPU-s of dedupe's ~10.7; F1 kept (docs/fast11.md).
WIDE_COPIES = frozenset({"sound_initial"})

# Loose keys, for a book whose candidate pairs stay within PAIR_BUDGET with them (with_loose):
# any of a record's names as its letters in any order, given and family names crossed ("caleb
# rowe" / "rwoe caleb", "taylor" / "tyalor": a swap and a transposition, where no other key
# agrees), and a birth year with its month (a misspelt name and a day typo). Measured on
# Splink's fake_1000 (docs/dedupe-quality.md, eighth pass): every pair of its 993 records
# scored gives F1 0.961, these two 0.961, main's rules 0.946.
LOOSE_RULES: tuple[Rule, ...] = (
    Rule("name_letters", ("name_letters",), 15),
    Rule("birth_month", ("birthday_year", "birthday_month"), 15),
)
# Candidate pairs a book may reach with the loose rules: ~0.5 s of scoring. A rule whose
# pairs would pass it is left out; a book already past it (about 100,000 records or more)
# does not compute them at all, so its blocking, time and memory are as without them.
PAIR_BUDGET = 250_000

# Every feature column a rule reads (as keys, or in the three rules written out below).
KEY_COLUMNS = tuple(dict.fromkeys(
    [k for rule in RULES for k in rule.keys]
    + ["given_key", "family_key", "city_key", "email_letters", "name_spellings"]))


def _keyed(features: pl.DataFrame, rule: Rule, copies: bool = False) -> pl.LazyFrame:
    cols = [pl.col(k).alias(f"k{i + 1}") for i, k in enumerate(rule.keys)]
    if copies:  # the record's full name, to count a block's distinct names
        cols.append(pl.struct("given_key", "family_key").alias("name"))
    frame = features.lazy().select("idx", *cols)
    for i, k in enumerate(rule.keys):
        if isinstance(features.schema[k], pl.List):
            frame = frame.explode(f"k{i + 1}")
    return frame.drop_nulls([f"k{i + 1}" for i in range(len(rule.keys))])


def _blocks(features: pl.DataFrame, rule: Rule, copies: bool = False) -> pl.LazyFrame:
    """The blocks a rule keeps, numbered: (block, idx), one row per record of each block.
    One group_by on the (string or code) keys; the self-join is then on the block number,
    several times cheaper than joining on the keys. copies: a book of copies (Rule.copies)."""
    keys = [f"k{i + 1}" for i in range(len(rule.keys))]
    copies = copies and rule.copies
    keyed = _keyed(features, rule, copies)
    size = pl.col("idx").list.len()
    if copies:
        blocks = keyed.group_by(keys).agg(pl.col("idx").unique(),
                                          pl.col("name").n_unique().alias("names"))
        keep = size.is_between(2, rule.cap) | (
            size.is_between(2, COPIES_FACTOR * rule.cap) & (pl.col("names") <= rule.cap))
    else:
        blocks = keyed.group_by(keys).agg(pl.col("idx").unique())
        keep = size.is_between(2, rule.cap)
    return blocks.filter(keep).select("idx").with_row_index("block").explode("idx")


PAIR_SHIFT = 1 << 32  # pair_code = l * PAIR_SHIFT + r


def pair_code(low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """A pair of record indexes (l < r) as one UInt64: unique and group_by on one integer
    column instead of two, and sorting it sorts by (l, r)."""
    return (low.cast(pl.UInt64) * PAIR_SHIFT + high.cast(pl.UInt64)).alias("lr")


def distinct_pairs(pairs: pl.DataFrame) -> pl.DataFrame:
    """The distinct pairs (`lr`, pair_code) of a frame of record pairs (idx, idx_r) in either
    order, in no particular order. An expression's unique: an eager DataFrame.unique of the one
    column costs 3-5 times as much (6 million codes: 1.0 against 0.18 CPU-s, polars 2.1)."""
    return pairs.select(pair_code(pl.min_horizontal("idx", "idx_r"),
                                  pl.max_horizontal("idx", "idx_r")).unique())


def lookup_across(codes: np.ndarray, a: list[int], b: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """For every pair of a record in `a` and one in `b` (pair_code's order): whether its code
    is in the sorted `codes`, and where (valid where found)."""
    x, y = np.array(a, dtype=np.uint64)[:, None], np.array(b, dtype=np.uint64)[None, :]
    code = (np.minimum(x, y) * PAIR_SHIFT + np.maximum(x, y)).ravel()
    if not len(codes):
        return np.zeros(len(code), dtype=bool), np.zeros(len(code), dtype=np.int64)
    at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
    return codes[at] == code, at


def _swapped_pairs(features: pl.DataFrame, cap: int) -> pl.DataFrame:
    """"Wei Zhang" vs "Zhang Wei": one record's given name is the other's family name. Only
    cross pairs: same-order pairs are the name rule's."""
    a = features.select("idx", pl.col("given_key").alias("k1"),
                        pl.col("family_key").alias("k2")).drop_nulls()
    a = a.filter(pl.col("k1") != pl.col("k2"))
    sizes = a.group_by(["k1", "k2"]).agg(pl.len().alias("n")).filter(pl.col("n") <= cap)
    a = a.join(sizes.select("k1", "k2"), on=["k1", "k2"], how="semi")
    b = a.rename({"k1": "k2", "k2": "k1", "idx": "idx_r"})
    pairs = a.join(b, on=["k1", "k2"]).filter(pl.col("idx") != pl.col("idx_r"))
    return distinct_pairs(pairs)


def _spelling_pairs(features: pl.DataFrame, cap: int) -> pl.DataFrame:
    """One record's e-mail local part spells the other's name ("kkabelham" / Korfaard
    Kabelham): a join of one key column against another, each key capped like a block. Only
    records that lack a given or family name offer their local parts: that is where the
    comparison counts (cross._cross_levels), and records with both names are found by name."""
    partial = pl.col("given_key").is_null() | pl.col("family_key").is_null()
    # columns first: an eager filter gathers every column of the features (~30, lists too)
    mail = features.select("idx", pl.col("email_letters").alias("k"), partial.alias("_p")
                           ).filter("_p").drop("_p").explode("k").drop_nulls()
    name = features.select(pl.col("idx").alias("idx_r"), pl.col("name_spellings").alias("k")
                           ).explode("k").join(mail.select("k").unique(), on="k", how="semi")
    sizes = name.group_by("k").agg(pl.len().alias("n")).filter(pl.col("n") <= cap)
    pairs = mail.join(name.join(sizes.select("k"), on="k", how="semi"), on="k")
    pairs = pairs.filter(pl.col("idx") != pl.col("idx_r"))
    return distinct_pairs(pairs)


def _lone_pairs(features: pl.DataFrame, cap: int) -> pl.DataFrame:
    """A one-name record (given name only) and a record whose family name is that name, in one
    city; each (name, city) block capped like a rule's."""
    lone = features.select("idx", pl.col("given_key").alias("k1"), pl.col("city_key").alias("k2"),
                           pl.col("family_key").is_null().alias("_lone")
                           ).filter("_lone").drop("_lone").drop_nulls()
    full = features.select(pl.col("idx").alias("idx_r"), pl.col("family_key").alias("k1"),
                           pl.col("city_key").alias("k2")).drop_nulls()
    full = full.join(lone.select("k1", "k2").unique(), on=["k1", "k2"], how="semi")
    sizes = pl.concat([lone.select("k1", "k2"), full.select("k1", "k2")]).group_by(
        ["k1", "k2"]).agg(pl.len().alias("n")).filter(pl.col("n") <= cap)
    pairs = lone.join(sizes.select("k1", "k2"), on=["k1", "k2"], how="semi").join(
        full, on=["k1", "k2"])
    return distinct_pairs(pairs)


def _part_pairs(features: pl.DataFrame, cap: int) -> pl.DataFrame:
    """A record with a compound family name and a record whose family name is one of its
    parts (features.family_words), sharing a given-name group; each (group, name) block of
    the one-part records capped like a rule's."""
    parts = features.select("idx", pl.col("given_groups").alias("k1"),
                            pl.col("family_words").alias("k2")
                            ).filter(pl.col("k2").list.len() > 0).explode("k1").explode("k2")
    parts = parts.drop_nulls()
    whole = features.select(pl.col("idx").alias("idx_r"), pl.col("given_groups").alias("k1"),
                            pl.col("family_key").alias("k2")).drop_nulls("k2")
    whole = whole.join(parts.select("k2").unique(), on="k2", how="semi").explode("k1")
    whole = whole.drop_nulls().join(parts.select("k1", "k2").unique(), on=["k1", "k2"],
                                    how="semi")
    sizes = whole.group_by(["k1", "k2"]).agg(pl.len().alias("n")).filter(pl.col("n") <= cap)
    pairs = parts.join(whole.join(sizes.select("k1", "k2"), on=["k1", "k2"], how="semi"),
                       on=["k1", "k2"]).filter(pl.col("idx") != pl.col("idx_r"))
    return distinct_pairs(pairs)


def rule_pairs(features: pl.DataFrame, rule: Rule, copies: bool = False) -> pl.DataFrame:
    """The pairs one rule proposes, as a single `lr` column (see pair_code). copies: the
    book holds several records of each person (Rule.copies)."""
    return rule_plan(features, rule, copies).collect()


def rule_plan(features: pl.DataFrame, rule: Rule, copies: bool = False) -> pl.LazyFrame:
    """rule_pairs as a lazy plan (the three rules written out below are computed now)."""
    if rule.name == "lone_name_city":
        return _lone_pairs(features, rule.cap).lazy()
    if rule.name == "swapped_names":
        return _swapped_pairs(features, rule.cap).lazy()
    if rule.name == "email_spells_name":
        return _spelling_pairs(features, rule.cap).lazy()
    if rule.name == "family_part":
        return _part_pairs(features, rule.cap).lazy()
    # one lazy plan per rule, collected once: a small book's blocking was ~12 collects a rule,
    # each with its fixed cost (polars' per-call overhead), for a handful of rows
    blocks = _blocks(features, rule, copies)
    pairs = blocks.join(blocks, on="block", suffix="_r").filter(pl.col("idx") < pl.col("idx_r"))
    return pairs.select(pair_code(pl.col("idx"), pl.col("idx_r"))).unique()


def rule_frames(features: pl.DataFrame, copies: bool = False) -> list[pl.DataFrame]:
    """Each rule's pairs (rule_pairs), in RULES order. copies: the book holds several
    records of each person (Rule.copies)."""
    plans = [rule_plan(features, rule, copies) for rule in RULES]
    if features.height <= ALL_AT_ONCE:
        return pl.collect_all(plans)
    return [plan.collect() for plan in plans]


# A book up to this size collects every rule's plan in one call (polars' fixed cost per call
# dominated small books' blocking); a larger one rule by rule, one rule's blocks in memory
# at a time.
ALL_AT_ONCE = 50_000


def first_rules(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The pairs of rule_frames (l < r, in (l, r) order) with the first rule that proposed
    each."""
    if not frames:
        return pl.DataFrame(schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    # a stable sort of the frames in rule order puts each pair's first rule first among its
    # rows: the pair's first row is kept (a group_by taking each pair's least rule, then a
    # sort, cost ~1.6 CPU-s for spec1m's 6.1 million rule pairs; this ~0.6)
    lr = pl.col("lr")
    first = pl.concat([p.with_columns(pl.lit(order, dtype=pl.UInt8).alias("rule_order"))
                       for order, p in enumerate(frames)]
                      ).sort("lr", maintain_order=True).filter((lr != lr.shift()).fill_null(True))
    return first.select(
        (pl.col("lr") // PAIR_SHIFT).cast(pl.UInt32).alias("l"),
        (pl.col("lr") % PAIR_SHIFT).cast(pl.UInt32).alias("r"),
        pl.col("rule_order")
        .replace_strict(list(range(len(RULES))), [r.name for r in RULES], return_dtype=pl.String)
        .alias("rule"),
    )


def _loose_keyed(features: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    """(idx, k1[, k2]) of a loose rule. A name's letters are sorted once per distinct name."""
    if rule.name != "name_letters":
        return _keyed(features, rule)
    names = features.select("idx", pl.concat_list("given_key", "family_key").alias("k1")
                            ).explode("k1").drop_nulls()
    letters = names.select(pl.col("k1").unique()).with_columns(
        pl.col("k1").str.split("").list.sort().list.join("").alias("letters"))
    return names.join(letters, on="k1").select("idx", pl.col("letters").alias("k1")).unique()


def loose_pairs(features: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    """The pairs one of LOOSE_RULES proposes (`lr`), each block capped like a rule's.
    `features`: the feature columns as text (features.build), not coded."""
    return keyed_pairs(_loose_keyed(features, rule), rule.cap)


def keyed_pairs(keyed: pl.DataFrame | pl.LazyFrame, cap: int) -> pl.DataFrame:
    """The pairs (`lr`) of records (`idx`) that agree on every other column of `keyed`,
    blocks of more than `cap` records left out."""
    keyed = keyed.lazy()
    keys = [c for c in keyed.collect_schema().names() if c != "idx"]
    blocks = keyed.group_by(keys).agg(pl.col("idx").unique()).filter(
        pl.col("idx").list.len().is_between(2, cap))
    blocks = blocks.select("idx").with_row_index("block").explode("idx")
    pairs = blocks.join(blocks, on="block", suffix="_r").filter(pl.col("idx") < pl.col("idx_r"))
    return pairs.select(pair_code(pl.col("idx"), pl.col("idx_r"))).unique().collect()


def with_loose(features: pl.DataFrame, pairs: pl.DataFrame, counts: dict[str, int],
               loose: dict[str, pl.DataFrame] | None = None
               ) -> tuple[pl.DataFrame, dict[str, int]]:
    """candidate_pairs' (pairs, counts) with the pairs of each of LOOSE_RULES that keeps the
    book's candidate pairs within PAIR_BUDGET (a rule past it is left out); nothing is
    computed for a book already past it. `features` as text (features.build). `loose`: rule
    name -> loose_pairs(features, rule), when computed already (a batch's group)."""
    if pairs.height >= PAIR_BUDGET:
        return pairs, counts
    seen = pairs.select(pair_code(pl.col("l"), pl.col("r")))
    added, counts = [], dict(counts)
    for rule in LOOSE_RULES:
        mine = loose_pairs(features, rule) if loose is None else loose[rule.name]
        new = mine.join(seen, on="lr", how="anti")
        if seen.height + new.height > PAIR_BUDGET:
            continue
        seen = pl.concat([seen, new])
        counts[rule.name] = new.height
        added.append(new.select(
            (pl.col("lr") // PAIR_SHIFT).cast(pl.UInt32).alias("l"),
            (pl.col("lr") % PAIR_SHIFT).cast(pl.UInt32).alias("r"),
            pl.lit(rule.name, dtype=pl.String).alias("rule")))
    if not added:
        return pairs, counts
    return pl.concat([pairs, *added]).sort("l", "r"), counts


def with_copies(features: pl.DataFrame, pairs: pl.DataFrame, counts: dict[str, int],
                wide: bool = True) -> tuple[pl.DataFrame, dict[str, int]]:
    """candidate_pairs(features, copies=True), given candidate_pairs(features)'s (pairs,
    counts): only the Rule.copies rules are blocked again. A copies rule's pairs only grow
    with copies=True and the other rules' stay, so a pair's first rule is then the first of
    its first rule before and the copies rules that propose it now: the frames of the
    first-rule pass are each other rule's pairs it was first for, and each copies rule's
    pairs anew (blocking every rule again cost ~0.7 CPU-s at gen3's 100,000 people).
    wide off: the WIDE_COPIES rules keep their caps (their pairs are the first pass's)."""
    again = [rule for rule in RULES if rule.copies and (wide or rule.name not in WIDE_COPIES)]
    plans = [rule_plan(features, rule, copies=True) for rule in again]
    fresh = dict(zip((r.name for r in again),
                     pl.collect_all(plans) if features.height <= ALL_AT_ONCE
                     else [plan.collect() for plan in plans], strict=True))
    old = pairs.select(pair_code(pl.col("l"), pl.col("r")), "rule").partition_by(
        "rule", as_dict=True, include_key=False)
    empty = pl.DataFrame(schema={"lr": pl.UInt64})
    frames = [fresh[rule.name] if rule.name in fresh else old.get((rule.name,), empty)
              for rule in RULES]
    counts = {**counts, **{name: p.height for name, p in fresh.items()}}
    return first_rules(frames), counts


def candidate_pairs(features: pl.DataFrame, copies: bool = False
                    ) -> tuple[pl.DataFrame, dict[str, int]]:
    """All candidate pairs (l < r) with the first rule that proposed each, and per-rule counts.
    `features` may hold its string columns as codes (coded.py; blocks on integers are
    several times cheaper to form): a block is the same set of records either way.
    copies: the book holds several records of each person (Rule.copies)."""
    frames = rule_frames(features, copies)
    counts = {rule.name: p.height for rule, p in zip(RULES, frames, strict=True)}
    return first_rules(frames), counts

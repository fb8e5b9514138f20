"""String and date similarity for pair comparison: Jaro-Winkler and edit distances computed
once per distinct pair of values, birthdays' differing digits, e-mail typos and swapped,
misspelt names. compare.py turns these into levels; conflicts.py reads some of them too."""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from pipeline.dedupe.blocking import PAIR_SHIFT, pair_code

# Jaro-Winkler bands: at or above JW_HIGH a typo of the same value, at or above JW_MID a
# possible one; below, different values.
JW_HIGH = 0.92
JW_MID = 0.85


# Below this many pairs one thread beats a thread per core (0.3-0.6 ms to start them, against
# 0.02 ms for 100 pairs on one); a small owner's run calls the scorer a few dozen times.
CPDIST_PARALLEL_MIN = 5000


def _all_false(name: str, n: int) -> pl.Series:
    """n False values, made by polars: a Python list of the ~4.6M pairs of a million records
    cost ~0.1 CPU-s a column."""
    return pl.repeat(False, n, dtype=pl.Boolean, eager=True).alias(name)


def score_unique_pairs(p: pl.DataFrame, left: str, right: str,
                       scorer=JaroWinkler.normalized_similarity,
                       same_start: bool = False, equal: float = 1.0,
                       values: pl.Series | None = None, same_digits: bool = False,
                       spelled_out: bool = False) -> pl.Series:
    """`scorer` of two string columns, computed once per distinct unequal pair (name blocks
    repeat the same pairs of names many times); equal values score `equal`, nulls 0.
    same_start: only pairs whose first two characters agree are scored (the others score 0),
    which is all the organisation bands need and skips most pairs of different companies.
    values: the columns hold codes into these strings (coded.py), one dictionary for both.
    same_digits: two values whose digits differ score 0 (see jw_on_unique).
    spelled_out: a name with its umlaut spelled out scores JW_HIGH (_spelled_out)."""
    a, b = pl.col(left), pl.col(right)
    need = a.is_not_null() & b.is_not_null() & (a != b)
    if same_start and values is None:
        need = need & (a.str.slice(0, 2) == b.str.slice(0, 2))
    # Few queries, not one per step: this runs ~35 times a run (each name, e-mail, address and
    # organisation comparison), and on a small owner's pairs each query costs more than its work
    # (~0.25 ms). The rows to score, filtered within the one select:
    row = pl.int_range(pl.len(), dtype=pl.UInt32).filter(need).alias("row")
    if values is None:
        rows = p.select(row, a.filter(need).alias("a"), b.filter(need).alias("b"))
        todo = rows.select("a", "b").unique()
        todo = pl.DataFrame([todo["a"], todo["b"], todo["a"].alias("sa"), todo["b"].alias("sb")])
    else:
        # a distinct pair of codes as one integer; its two strings looked up in one gather
        rows = p.select(row, pair_code(a, b).filter(need).alias("ab"))
        codes = rows["ab"].unique()  # not DataFrame.unique: 3-5x the CPU
        halves = codes.to_numpy()
        both = values.gather(np.concatenate([halves // PAIR_SHIFT, halves % PAIR_SHIFT]))
        todo = pl.DataFrame([codes, both.slice(0, codes.len()).alias("sa"),
                             both.slice(codes.len()).alias("sb")])
        if same_start:
            todo = todo.filter(pl.col("sa").str.slice(0, 2) == pl.col("sb").str.slice(0, 2))
    sims = cpdist(todo["sa"].to_list(), todo["sb"].to_list(), scorer=scorer,
                  workers=-1 if todo.height >= CPDIST_PARALLEL_MIN else 1) if todo.height else []
    todo = todo.hstack([pl.Series("s", np.asarray(sims, dtype=np.float32))])
    if same_digits:
        todo = _numbers_apart(todo, values)
    if spelled_out:
        todo = _spelled_out(todo)
    # only the rows that were scored are joined back, then scattered into place
    key = ["a", "b"] if values is None else ["ab"]
    scored = rows.join(pl.DataFrame([todo[c] for c in (*key, "s")]), on=key, how="inner")
    base = p.select(pl.when(a == b).then(pl.lit(equal, dtype=pl.Float32))
                    .otherwise(pl.lit(0.0, dtype=pl.Float32)))
    return base.to_series().scatter(scored["row"], scored["s"])


def _without_spelled_umlauts(name: pl.Expr) -> pl.Expr:
    return name.str.replace_all(r"([aou])e", "$1").str.replace_all("aa", "a", literal=True)


def _spelled_out(todo: pl.DataFrame) -> pl.DataFrame:
    """`todo` with s = JW_HIGH where the two names differ only by umlauts written out: ü as
    ue, ö and ø as oe, ä as ae, å as aa (Müller / Mueller, Jørgensen / Joergensen, Jürgen /
    Juergen), as systems without those letters write them. fold_key writes ü as u, so such
    keys are a letter apart and score just under JW_HIGH (muller / mueller 0.917): a spelling
    of one name, not a typo. Only pairs in the JW_MID band are looked at: any other pair is
    already JW_HIGH or too far apart for a spelled-out letter to explain."""
    band = todo.select((pl.col("s") >= JW_MID) & (pl.col("s") < JW_HIGH)).to_series()
    if not band.any():
        return todo
    rows = band.arg_true()
    alike = todo[rows].select(_without_spelled_umlauts(pl.col("sa"))
                              == _without_spelled_umlauts(pl.col("sb"))).to_series()
    if not alike.any():
        return todo
    return todo.with_columns(todo["s"].scatter(rows.filter(alike), JW_HIGH))


def _number(name: pl.Expr) -> pl.Expr:
    """The digits of a name that are a number: at its start or end or beside a non-letter
    ("FirstName1", "Guest 3"); a digit between letters is a typing or OCR slip ("ma4garet")."""
    return name.str.replace_all(r"(\p{L})\d+(\p{L})", "$1$2").str.replace_all(r"\D", "")


def _numbers_apart(todo: pl.DataFrame, values: pl.Series | None) -> pl.DataFrame:
    """`todo` with s = 0 where both names carry a number and not the same one. Names with a
    digit are rare: the pairs of two such names are found first (from the distinct values'
    flags when the columns are coded; a regex over millions of pairs cost seconds at 1M)."""
    if values is not None:
        # the flags looked up by the pair code's halves in numpy: one query, not seven
        has = values.to_frame("v").select(
            pl.col("v").str.contains(r"[0-9]").fill_null(False)).to_series().to_numpy()
        halves = todo["ab"].to_numpy()
        both = has[halves // PAIR_SHIFT] & has[halves % PAIR_SHIFT]
    else:
        both = todo.select((pl.col("sa").str.contains(r"[0-9]")
                            & pl.col("sb").str.contains(r"[0-9]")).fill_null(False)
                           ).to_series().to_numpy()
    if not both.any():
        return todo
    rows = pl.Series(np.flatnonzero(both), dtype=pl.UInt32)
    sub = todo[rows]
    number_a, number_b = _number(pl.col("sa")), _number(pl.col("sb"))
    apart = sub.select((number_a != "") & (number_b != "") & (number_a != number_b)).to_series()
    s = todo["s"].scatter(rows.filter(apart), 0.0)
    return todo.with_columns(s)


def jw_on_unique(p: pl.DataFrame, left: str, right: str, same_start: bool = False,
                 values: pl.Series | None = None, same_digits: bool = False,
                 spelled_out: bool = False) -> pl.Series:
    """Jaro-Winkler similarity of two string columns (see score_unique_pairs). same_digits:
    for names: two names that both carry a number (_number) and not the same one score 0, a
    number being no typo: "FirstName1" and "FirstName2", "Guest 3" and "Guest 4" are
    placeholders of different people (a mailing tool's test list of five became one person,
    docs/realworld-xlsx.md). One name with a number and one without ("rober5" / "robert", as
    OCR and census transcriptions corrupt) are compared as before."""
    return score_unique_pairs(p, left, right, same_start=same_start, values=values,
                              same_digits=same_digits, spelled_out=spelled_out)


def date_hamming(side_a: str = "_l", side_b: str = "_r") -> pl.Expr:
    """Digits that differ between two YYYYMMDD birthdays (null when either is incomplete),
    in integer arithmetic: string slicing was the slowest comparison at a million rows."""
    def number(side: str) -> pl.Expr:
        return (pl.col(f"birthday_year{side}").cast(pl.Int64) * 10_000
                + pl.col(f"birthday_month{side}").cast(pl.Int64) * 100
                + pl.col(f"birthday_day{side}").cast(pl.Int64))

    a, b = number(side_a), number(side_b)
    return pl.sum_horizontal([
        (((a // 10 ** k) % 10) != ((b // 10 ** k) % 10)).cast(pl.Int8) for k in range(8)
    ])


# An address this long or longer, at most this many edits from the other, is a typo of it.
EMAIL_TYPO_MIN_LEN = 10
EMAIL_TYPO_EDITS = 2


def email_typo(p: pl.DataFrame, values: pl.Series | None = None) -> pl.Series:
    """Whether the two records' first addresses are a typo of each other (see M["email"]).
    values: the address columns hold codes into these strings (coded.py)."""
    from rapidfuzz.distance import OSA

    partial = pl.any_horizontal([pl.col(f"{c}_{s}").is_null() for c in ("given_key", "family_key")
                                 for s in "lr"])
    both = (pl.col("email_keys_l").list.len() > 0) & (pl.col("email_keys_r").list.len() > 0)
    # two given names that differ: a near address repeats them (a guest list's
    # marie.pending@ / maria.pending@ for Marie and Maria, docs/realworld17.md), no typo
    named_apart = pl.col("given_key_l") != pl.col("given_key_r")
    mask = p.select((partial & both & ~named_apart.fill_null(False)).fill_null(False)
                    ).to_series()
    out = _all_false("email_typo", p.height)
    if not mask.any():
        return out
    # only the few pairs where a record lacks a name: strings for every pair cost memory
    first = p.filter(mask).select(pl.col(f"email_keys_{s}").list.first().alias(s) for s in "lr")
    if values is not None:
        first = first.with_columns(values.gather(first[s]).alias(s) for s in "lr")
    first = first.select(pl.col(s).str.replace_all(r"[._-]", "").alias(ab)
                         for s, ab in (("l", "a"), ("r", "b")))
    edits = score_unique_pairs(first, "a", "b", OSA.distance, equal=0.0)
    digits = [pl.col(c).str.replace_all(r"\D", "") for c in ("a", "b")]
    ok = first.select((digits[0] == digits[1])
                      & (pl.min_horizontal(pl.col("a").str.len_chars(), pl.col("b").str.len_chars())
                         >= EMAIL_TYPO_MIN_LEN) & (pl.col("a") != pl.col("b"))).to_series()
    return out.scatter(mask.arg_true(), ok.fill_null(False) & (edits <= EMAIL_TYPO_EDITS))


def near_swap(p: pl.DataFrame, values: pl.Series | None = None) -> pl.Series:
    """Given and family names swapped in one record and misspelt ("Graice Morrison" /
    "Morriwon Grace"): each name within JW_HIGH of the other record's other name. Scored only
    where both names are otherwise far apart, which is few pairs. values: the name columns
    hold codes into these strings (coded.py)."""
    far = (pl.col("given_jw") < JW_MID) & (pl.col("family_jw") < JW_MID)
    # a null name scores 0 against anything: such rows cannot be swapped
    named = pl.all_horizontal(pl.col(f"{c}_{s}").is_not_null()
                              for c in ("given_key", "family_key") for s in "lr")
    mask = p.select((far & named).fill_null(False)).to_series()
    out = _all_false("near_swap", p.height)
    if not mask.any():
        return out
    # the second cross is scored only where the first is close (a few in a hundred rows):
    # far pairs were two in five of a million candidate pairs
    names = [f"{c}_{s}" for c in ("given_key", "family_key") for s in "lr"]
    rows = p.select(names).filter(mask).with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_at"))
    first = jw_on_unique(rows, "given_key_l", "family_key_r", values=values) >= JW_HIGH
    rows = rows.filter(first)
    second = jw_on_unique(rows, "family_key_l", "given_key_r", values=values) >= JW_HIGH
    hit = _all_false("near_swap", mask.sum()).scatter(
        rows["_at"], second)
    return out.scatter(mask.arg_true(), hit)


def family_part(p: pl.DataFrame, values: pl.Series | None = None) -> pl.Series:
    """Whether one record's family name is a part of the other's compound one
    (features.family_part: "hidalgo" / "hidalgo galvan"). Only pairs of two different names
    with a space in one can be; those are few, and each distinct pair is checked once.
    values: the name columns hold codes into these strings (coded.py)."""
    from pipeline.dedupe.features import family_part as part

    a, b = pl.col("family_key_l"), pl.col("family_key_r")
    if values is None:
        spaced = a.str.contains(" ") | b.str.contains(" ")
    else:
        has = pl.lit(values.str.contains(" ").fill_null(False))
        spaced = has.gather(a) | has.gather(b)
    mask = p.select((a.is_not_null() & b.is_not_null() & (a != b) & spaced).fill_null(False)
                    ).to_series()
    out = _all_false("family_part", p.height)
    if not mask.any():
        return out
    # the two columns, then the rows: filtering first copied every column of the pairs
    rows = p.select(a.alias("a"), b.alias("b")).filter(mask)
    if values is not None:
        rows = rows.with_columns(values.gather(rows[c]).alias(c) for c in ("a", "b"))
    todo = rows.unique()
    todo = todo.with_columns(pl.Series("hit", [part(x, y) for x, y in todo.iter_rows()],
                                       dtype=pl.Boolean))
    hit = rows.join(todo, on=["a", "b"], how="left", maintain_order="left")["hit"]
    return out.scatter(mask.arg_true(), hit)


# A clipped given name has at least this many letters ("Gab", "Soph", "Theo"); two letters
# begin too many names.
CLIPPED_MIN = 3
# Jaro-Winkler of a name and its start of CLIPPED_MIN letters or more is at least this (three
# letters of fifteen: 0.81), so only pairs in [CLIPPED_JW, JW_HIGH) are looked at; above
# JW_HIGH the spelling band already credits them.
CLIPPED_JW = 0.8


def unknown_band(p: pl.DataFrame, low: float) -> pl.Series:
    """Pairs whose given names are apart in spelling (given_jw in [low, JW_HIGH): above, the
    spelling band credits them) and not both known to the nickname table: where the clipped
    and pet-form rules look."""
    jw, ka, kb = pl.col("given_jw"), pl.col("given_known_l"), pl.col("given_known_r")
    return p.select(((jw >= low) & (jw < JW_HIGH) & ~(ka & kb)).fill_null(False)).to_series()


def _names_where(p: pl.DataFrame, mask: pl.Series, values: pl.Series | None) -> pl.DataFrame:
    """The pairs `mask` picks as (a, b: their given names; ka, kb: known to the nickname
    table): the four columns first, then the rows (filtering first copied every column of the
    pairs); names looked up in `values` when the name columns hold codes."""
    rows = p.select(pl.col("given_key_l").alias("a"), pl.col("given_key_r").alias("b"),
                    pl.col("given_known_l").alias("ka"), pl.col("given_known_r").alias("kb")
                    ).filter(mask)
    if values is not None:
        rows = rows.with_columns(values.gather(rows[c]).alias(c) for c in ("a", "b"))
    return rows


def clipped(p: pl.DataFrame, values: pl.Series | None = None) -> pl.Series:
    """Whether one given name is the other clipped ("gab" / "gabriella", "soph" / "sophia",
    "theoph" / "theophile"), the short one unknown to the nickname table: a table that knows
    "dan" stands for Daniel has said Dan is not Daniela, and a household's Daniel and Daniela
    must stay apart. Reads given_jw (levels). values: the name columns hold codes."""
    # two names the table knows are no clip of each other (the short one would be known)
    mask = unknown_band(p, CLIPPED_JW)
    out = _all_false("clipped", p.height)
    if not mask.any():
        return out
    rows = _names_where(p, mask, values)
    la, lb = pl.col("a").str.len_chars(), pl.col("b").str.len_chars()
    a_clips_b = (la >= CLIPPED_MIN) & (la < lb) & pl.col("b").str.starts_with(pl.col("a")) \
        & ~pl.col("ka")
    b_clips_a = (lb >= CLIPPED_MIN) & (lb < la) & pl.col("a").str.starts_with(pl.col("b")) \
        & ~pl.col("kb")
    hit = rows.select((a_clips_b | b_clips_a).fill_null(False)).to_series()
    return out.scatter(mask.arg_true(), hit)

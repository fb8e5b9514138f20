"""Per-record comparison features, computed once before blocking and scoring.

Slow Python helpers (nickname table, metaphone) run on unique values only and are joined back.
"""

from __future__ import annotations

import jellyfish
import polars as pl

from pipeline.dedupe.arabic_names import with_latin_spellings
from pipeline.dedupe.households import generations, household_cards
from pipeline.dedupe.mail_spellings import mail_lists, spellings
from pipeline.dedupe.nicknames import groups_of, nickname_groups
from pipeline.dedupe.unread_phones import with_unread
from pipeline.normalize import fold_key

# Words of a compound family name that are no family name alone: particles ("de la Cruz",
# "van der Berg", "bin Hassan", "Al Sayed", "Hidalgo y Galván").
FAMILY_PARTICLES = frozenset(
    "van von de da del della delle dei der den des di du dos das do la le lo ten ter te bin "
    "binti bint ibn ben al el af zu st saint y e i".split())
# A generational suffix tells a father from his son: "Koch II" is not a part of "Koch".
GENERATIONAL = frozenset("jr sr jnr snr ii iii iv".split())


def family_words(key: str | None) -> list[str]:
    """The family names a compound family name is made of, each of which its bearer may be
    filed under alone: Spanish and Portuguese two surnames ("hidalgo galvan": Inés Hidalgo
    in a casual card), a double-barrelled married name ("hammond stewart"), a particle
    dropped ("de la cruz" / "cruz"). [] for a one-word name or one with a generational
    suffix."""
    if not key or " " not in key:
        return []
    words = key.split(" ")
    if GENERATIONAL.intersection(words):
        return []
    return sorted({w for w in words if len(w) >= 2 and w not in FAMILY_PARTICLES})


def family_part(a: str, b: str) -> bool:
    """One family name is a part of the other (family_words): the words of one, or the
    one-word name itself, all among the other's. Not two equal names."""
    if a == b:
        return False
    wa = set(family_words(a)) if " " in a else {a}
    wb = set(family_words(b)) if " " in b else {b}
    return bool(wa and wb) and (wa <= wb or wb <= wa)


# A full date written YYYY-MM-DD or YYYYMMDD (Google, vCard), year 1800 or later.
_DIGIT_DATE = r"^\s*((?:1[89]|2\d)\d\d)-?(\d\d)-?(\d\d)\s*$"


def _birthday_parts(records: pl.DataFrame) -> list[pl.Expr]:
    """birthday_year, _month, _day as compared: the normalised date, or where normalize found
    no calendar date in a full digit date, its digits ("1994-11-71": a typo of the 21st
    made an impossible day). The typo is one digit from the other record's date, which is
    evidence; dropped, the pair had no birthday to compare (RLdata10000: 44 of 10,000
    records, docs/qual13.md). For comparison only: the records keep no date."""
    cols = ("birthday_year", "birthday_month", "birthday_day")
    if "birthday" not in records.columns:
        return [pl.col(c) for c in cols]
    raw = pl.col("birthday").str.extract_groups(_DIGIT_DATE)
    digits = [raw.struct.field(str(k + 1)).cast(pl.Int32, strict=False) for k in range(3)]
    # a zero month or day is a placeholder ("1900-00-00"), no typo: two would be "exact"
    typo = pl.all_horizontal(pl.col(c).is_null() for c in cols) \
        & (digits[1] > 0) & (digits[2] > 0)
    return [pl.when(typo).then(d).otherwise(pl.col(c)).alias(c)
            for d, c in zip(digits, cols, strict=True)]


def _groups_of(key: str | None) -> list[str]:
    if not key:
        return []
    first = key.split(" ")[0]
    # another spelling of a pet form the table holds counts as that form (nicknames.groups_of)
    return sorted(set(groups_of(first)))  # as _with_profile_name keeps them


def _phonetic(key: str | None) -> str | None:
    if not key:
        return None
    word = key.replace(" ", "")
    if not word.isascii():
        return word  # metaphone is defined for Latin script only
    return jellyfish.metaphone(word) or None


def _map_unique(col: str | pl.Expr, fn, dtype) -> pl.Expr:
    """Apply a Python function to the unique values of `col` (a name or an expression) only."""
    return (pl.col(col) if isinstance(col, str) else col).map_batches(
        lambda s: _apply_unique(s, fn, dtype), return_dtype=dtype
    )


def _apply_unique(s: pl.Series, fn, dtype) -> pl.Series:
    uniq = s.unique().drop_nulls()
    mapping = pl.DataFrame(
        {"k": uniq, "v": pl.Series([fn(v) for v in uniq.to_list()], dtype=dtype)}
    )
    return (
        pl.DataFrame({"k": s}).join(mapping, on="k", how="left", maintain_order="left")["v"]
    )


def initials_only(key: pl.Expr) -> pl.Expr:
    """A folded given name of initials only: "j", "j r" (from "J. R."), "j p" ("J.-P.")."""
    return key.str.contains(r"^\S(?: \S)*$")


def _name_keys() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """given_key and family_key as compared. A whole name typed into the given-name field with
    no family name ("Jackson, Dan", "Liu Meiyan": a directory's sort name pasted in, an East
    Asian name written family first) is read as two names: before a comma the family name and
    after it the given name; without a comma the first word and the rest, in the order
    _orient picks (`_order_open`). A one-word name, or a record with a family name, is as
    normalize left it."""
    given = pl.col("given_key").replace("", None)
    family = pl.col("family_key").replace("", None)
    raw = pl.col("given_name").fill_null("")
    lone_full = family.is_null() & given.str.contains(" ")
    has_comma = lone_full & raw.str.contains(",")
    # folded only where read (fold_key skips nulls: no work at all in a book without such names)
    before, after = (fold_key(pl.when(has_comma).then(
        raw.str.split(",").list.get(i, null_on_oob=True))) for i in (0, 1))
    comma = has_comma & before.is_not_null() & after.is_not_null()
    words = given.str.split(" ")
    split_given = pl.when(comma).then(after).when(lone_full).then(words.list.first()) \
        .otherwise(given)
    split_family = pl.when(comma).then(before).when(lone_full) \
        .then(words.list.slice(1).list.join(" ")).otherwise(family)
    return (split_given.alias("given_key"), split_family.alias("family_key"),
            (lone_full & ~comma).alias("_order_open"))


def _orient(f: pl.DataFrame, per: list) -> pl.DataFrame:
    """Which word of a name written in one field without a comma is the family name: the
    book's own two-field records say. "Hou Gang" is family first where "hou" is a family name
    (and "gang" a given name) more often than the other way round; a tie keeps the written
    order. Counted per scope (build_apart), so each scope is built as if alone."""
    if not f["_order_open"].any():
        return f.drop("_order_open")
    keys = ["_scope"] if per else []
    f, wide = f.select(*keys, "given_key", "family_key", "_order_open"), f
    # the votes and joins on these columns only: joining the features' ~30 copied them all
    full = f.filter(pl.col("given_key").is_not_null() & pl.col("family_key").is_not_null()
                    & ~pl.col("_order_open"))
    as_given = full.group_by(*keys, pl.col("given_key").str.split(" ").list.first()
                             .alias("_w")).agg(pl.len().alias("_g"))
    as_family = full.group_by(*keys, pl.col("family_key").alias("_w")).agg(
        pl.len().alias("_f"))
    votes = as_given.join(as_family, on=[*keys, "_w"], how="full", coalesce=True).fill_null(0)
    first = votes.rename({"_w": "given_key", "_g": "_g1", "_f": "_f1"})
    rest = votes.rename({"_w": "family_key", "_g": "_g2", "_f": "_f2"})
    g = f.join(first, on=[*keys, "given_key"], how="left", maintain_order="left") \
        .join(rest, on=[*keys, "family_key"], how="left", maintain_order="left")
    flip = g.select(pl.col("_order_open") & (
        (pl.col("_f1").fill_null(0) + pl.col("_g2").fill_null(0))
        > (pl.col("_g1").fill_null(0) + pl.col("_f2").fill_null(0)))).to_series()
    return wide.with_columns(
        pl.when(flip).then(g["family_key"]).otherwise(g["given_key"]).alias("given_key"),
        pl.when(flip).then(g["given_key"]).otherwise(g["family_key"]).alias("family_key"),
    ).drop("_order_open")


def build(records: pl.DataFrame, scope: pl.Series | None = None,
          keep: pl.Series | None = None) -> pl.DataFrame:
    """records.parquet -> one feature row per record, `idx` = row position in record_id order.

    Record id order, not file order: then l < r means record_id_l < record_id_r (the pairs
    table needs no string sort) and ties in clustering break on content, not on file order.
    `scope` (one value per record: several owners' records at once, `build_apart`): a
    `_scope` column, rows by scope then record id, idx and file_code counted per scope; every
    other feature is the record's own (or its value's), so each scope's rows are those of
    its records built alone. `keep`: which records to build (a mask; the others are copies,
    copies.py)."""
    per = [scope.alias("_scope")] if scope is not None else []
    f = records.select(*per,
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("idx"),
        "record_id",
        "source",
        "source_file",
        "source_row",
        *_name_keys(),
        "email_keys",
        with_unread(records),  # numbers left as written count by their digits
        pl.col("linkedin_slug").replace("", None),
        pl.col("org_key").replace("", None),
        *_birthday_parts(records),
        pl.col("city").str.to_lowercase().str.strip_chars().replace("", None).alias("city_key"),
        "street_key",
        "postcode_key",
        fold_key(pl.col("middle_name")).alias("middle_key"),
        # a job title as words ("Sr. Engineer, Platform" -> "sr engineer platform")
        fold_key(pl.col("title")).alias("title_key"),
        pl.col("display_name"),
        household_cards(records),
        generations(records),
        # an export that lists each person once (conflicts._source_conflict)
        (pl.col("source_format") == "linkedin_connections").fill_null(False)
        .alias("one_per_person") if "source_format" in records.columns
        else pl.lit(False).alias("one_per_person"),
        # set by the dedupe stage in a book of copies only (conflicts.name_variants)
        pl.lit(False).alias("name_variant"),
        pl.lit(False).alias("copies_book"),  # likewise (conflicts._birthday_conflict)
    )
    f = (f if keep is None else f.filter(keep)).sort(
        ["_scope", "record_id"] if per else "record_id").with_columns(
        _per(pl.int_range(pl.len(), dtype=pl.UInt32), per).alias("idx"))
    f = with_latin_spellings(_orient(f, per), ["_scope"] if per else [])
    mail = mail_lists(f)
    f = f.with_columns(
        _map_unique("given_key", _groups_of, pl.List(pl.String)).alias("given_groups"),
        _map_unique("family_key", _phonetic, pl.String).alias("family_code"),
        # only a name of several words has any (family_words): the Python call and the list
        # Series made from its answers were ~0.2 s at 100k records for ~40k one-word names
        _map_unique(pl.when(pl.col("family_key").str.contains(" ", literal=True))
                    .then(pl.col("family_key")), family_words, pl.List(pl.String))
        .fill_null([]).alias("family_words"),
        pl.col("given_key").str.slice(0, 1).alias("given_initial"),
        # per record, what the given and middle name levels read of the text (compare.levels
        # then compares these, strings or codes, coded.py)
        # initials only: compared by their first letter
        initials_only(pl.col("given_key")).fill_null(False).alias("given_single"),
        pl.col("middle_key").str.slice(0, 1).alias("middle_initial"),
        pl.col("given_key").str.split(" ").list.first()
        .is_in(list(nickname_groups())).fill_null(False).alias("given_known"),
        # one pass over the addresses (mail_spellings.mail_lists) instead of a list.eval per column
        *mail[:3],
    )
    f = f.with_columns(_with_profile_name(f).alias("given_groups"),
                       # the export file as a number: the clustering compares it per pair
                       _per(pl.col("source_file").rank("dense"), per).cast(pl.UInt32)
                       .alias("file_code"))
    return f.with_columns(pl.col("given_groups").fill_null([]), *spellings(f, mail[3]))


def _per(expr: pl.Expr, per: list) -> pl.Expr:
    return expr.over("_scope") if per else expr


def build_apart(frames: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """build(frame) for each of `frames` (records of one schema), computed as one frame."""
    scope = pl.Series("_scope", [i for i, f in enumerate(frames) for _ in range(f.height)],
                      dtype=pl.UInt32)
    f = build(pl.concat(frames, how="vertical"), scope)
    parts = f.partition_by("_scope", as_dict=True, include_key=False, maintain_order=True)
    empty = f.drop("_scope").clear()
    return [parts.get((i,), empty) for i in range(len(frames))]


def _with_profile_name(f: pl.DataFrame) -> pl.Series:
    """given_groups plus the groups of the given name a LinkedIn profile's address spells
    ("daniel-gruton-4ac30f" on a card that reads "Danile Gruton"; "becca-morgan" for Rebecca
    Morgan): the address is made from the name the person signed up with, so it is that
    person's name too. Taken only when the address's second word is the record's own family
    name, so "jsmith" or "the-real-dan" say nothing."""
    words = pl.col("linkedin_slug").str.replace_all("-", " ").str.split(" ")
    fam = pl.col("family_key").str.split(" ").list.first()
    groups = f["given_groups"]
    # only records with a profile address and a given name can change: the text work on
    # those alone (at a million records, a third of them), scattered back by row
    mask = f["linkedin_slug"].is_not_null() & groups.is_not_null()
    sub = f.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("i"), "given_key",
                   "linkedin_slug", "family_key").filter(mask)
    # the words and family name selected first, then read by name: inline, each use split
    # the address again
    w = pl.col("words")
    raw = sub.select(words.alias("words"), fam.alias("fam")).select(
        pl.when((w.list.len() >= 2) & (fold_key(w.list.get(1, null_on_oob=True)) == pl.col("fam")))
        .then(w.list.first()).alias("w"))
    first = raw.select(fold_key(pl.col("w")).alias("w")).with_columns(
        pl.when(pl.col("w").str.contains(r"^[a-z]{2,}$")).then(pl.col("w")).alias("w"))
    extra = first.select(_map_unique("w", _groups_of, pl.List(pl.String))).to_series()
    # Only rows with a profile name change; list.unique/sort over every row took ~16 s at 1M,
    # and over those rows still ~6 s: the merged groups depend only on the given name (its
    # groups) and the profile name (extra), so they are computed once per distinct pair.
    rows = (extra.is_not_null() & (extra.list.len() > 0)).arg_true()
    if rows.len() == 0:
        return groups
    wanted = pl.DataFrame({"i": sub["i"].gather(rows), "g": sub["given_key"].gather(rows),
                           "w": first["w"].gather(rows), "x": extra.gather(rows)})
    firsts = wanted.unique(["g", "w"], keep="first", maintain_order=True)
    merged = firsts.select("g", "w", groups.gather(firsts["i"]).list.concat(firsts["x"])
                           .list.unique().list.sort().alias("j"))
    joined = wanted.join(merged, on=["g", "w"], how="left", maintain_order="left")
    # each row's list gathered from the groups or, for the rows that changed, the merged
    # lists after them (polars cannot scatter lists; a join over every row cost ~0.3 s)
    n = groups.len()
    at = pl.int_range(n, dtype=pl.UInt32, eager=True).scatter(
        joined["i"], pl.int_range(n, n + joined.height, dtype=pl.UInt32, eager=True))
    return pl.concat([groups, joined["j"].alias(groups.name)]).gather(at)

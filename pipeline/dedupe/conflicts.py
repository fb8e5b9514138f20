"""The clustering conflict rule, defined once.

Two records conflict on an attribute when both carry it and the values cannot belong to one
person: two LinkedIn profiles, clearly different birthdays, clearly different given names.
:func:`pair_verdicts` decides that per pair of records, vectorised; it is the only place the
attribute rules live. Two clusters conflict on an attribute when at least one cross pair of
their records can be compared on it and every such pair conflicts (noisy sources put several
spellings of one name in a cluster; one close pair shows they can match). :data:`CONFLICTS`
then says, in order, which conflict refuses a link and what on the link itself overrides it;
:func:`refusal` (one link, in Python) and :func:`refusal_expr` (many links, in polars) are both
built from that table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA, Indel, JaroWinkler

from pipeline.dedupe import households, swaps
from pipeline.dedupe.pets import pet_hits
from pipeline.dedupe.similarity import JW_MID, date_hamming, score_unique_pairs

# Given names. Typos, not another person: two edits in a name of six letters or more
# ("Olivia" / "Ilivoa"), one in four or five ("Harry" / "Hrarry"), none in three (Tom / Tim).
TYPO_EDITS = ((6, 2), (4, 1))
# Nearly the same letters in any order ("Hugo" / "Hogu"): Indel similarity of the sorted
# letters, lengths at most one apart (else a short name inside a long one passes: Carol's
# letters are all in Marcelo). John / Joan score 0.75, Tom / Tim 0.67; two-letter names are
# too short to tell.
SAME_LETTERS = 0.8
SAME_LETTERS_MIN_LEN = 3
SAME_LETTERS_LEN_GAP = 1
# A typo of a nickname group's formal name ("Curistopher" / Chris -> christopher).
FORMAL_TYPO_JW = 0.9
# A given name this close to the other record's family name is that family name, swapped into the
# given-name field and misspelt ("Joshuaa" / Joshua). Same letters in another order are not
# enough here: Erika and Baker are two names.
SWAP_TYPO_JW = 0.9
# Below this Jaro-Winkler similarity (the comparison's "different" band) two unknown names with
# no other excuse are two names.
DIFFERENT_NAME_JW = JW_MID
# Birthdays: a typo changes at most two digits; a gap of two years or less may be a wrong year.
BIRTHDAY_TYPO_DIGITS = 2
BIRTHDAY_GAP_MONTHS = 24
# Independent personal identifiers on a link (a shared LinkedIn profile, full birthday,
# personal e-mail, mobile number) that outweigh a given name the nickname table does not know.
# A household shares a landline and a family mailbox, which are not personal: never enough.
PERSONAL_IDS_OVERRIDE = 2
# In a book of copies (several records of each person: dedupe.stage, prior.COPIES_BITS), a full
# name that at most this many records of the book carry is one record's spelling (an
# alternative name, "gwilym" / "william"), not a person of her own: a second person there, a
# twin too, carries her name on copies of her own. With one full birthday in common such a
# record is excused from the given-name guard (docs/hist37.md).
VARIANT_NAME_RECORDS = 3

VERDICTS = ("profile_conflict", "household_conflict", "generation_conflict",
            "generation_in_file_conflict", "birthday_conflict", "given_conflict", "source_conflict")


@dataclass(frozen=True)
class Conflict:
    verdict: str  # the pair_verdicts column
    reason: str  # what the pairs table and the review queue say
    overridden_by: str | None  # a boolean link column that lifts the refusal, if any


CONFLICTS: tuple[Conflict, ...] = (
    Conflict("profile_conflict", "two different LinkedIn profiles", None),
    # "John & Jane Smith" is the couple's card, not one of them (households.py): no weight
    # lifts it, however much the card shares with one member's own
    Conflict("household_conflict", households.REASON, None),
    # a father and his son (households.generations): no weight lifts it, as they share a name,
    # a home and its landline
    Conflict("generation_conflict", households.GENERATION_REASON, None),
    # one file writing a suffix on one of two records of a name and not on the other tells two
    # generations apart; a second card of one person would repeat an address or a number
    # (_generation_in_file), and across files a suffix is often left out: no conflict there
    Conflict("generation_in_file_conflict", households.GENERATION_IN_FILE_REASON, None),
    # a link this strong (see Thresholds.overwhelming), or one personal e-mail address (unique
    # to its owner: role and family mailboxes are not personal), outweighs a birthday typo we
    # cannot see
    Conflict("birthday_conflict", "clearly different birthdays", "overwhelming"),
    # the household trap: only a shared profile or enough personal identifiers lift it
    Conflict("given_conflict", "clearly different given names", "personal"),
    # one export file lists them as two contacts with nothing in common to reach them by: an
    # address book keeps one card per person, and a second card of one person repeats an
    # address or a number (in both generators' truth at 20,000 people: 0 of ~1,060 same-file
    # pairs of one person differ in both, 14,000 pairs of namesakes do; a real phone book of
    # 2,279 entries held classmates and help lines under one name and two numbers, with no
    # e-mail at all, docs/realworld5.md); a name, an employer and a title are what namesakes
    # at one company share, so no weight lifts it
    Conflict("source_conflict", "one file lists them as two people", None),
)
LINK_COLUMNS = ("overwhelming", "personal")


def refusal(verdicts: dict[str, bool], link: dict[str, bool]) -> str | None:
    """Why a link must not join two clusters (or None), from their aggregated verdicts."""
    for c in CONFLICTS:
        if verdicts.get(c.verdict) and not (c.overridden_by and link.get(c.overridden_by)):
            return c.reason
    return None


def refusal_expr() -> pl.Expr:
    """:func:`refusal` over a frame with the VERDICTS and LINK_COLUMNS columns."""
    expr = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for c in CONFLICTS:
        hit = pl.col(c.verdict).fill_null(False)
        if c.overridden_by:
            hit = hit & ~pl.col(c.overridden_by).fill_null(False)
        expr = expr.when(hit).then(pl.lit(c.reason))
    return expr.otherwise(pl.lit(None, dtype=pl.String)).alias("conflict")


def link_overrides(p: pl.DataFrame, verdicts: pl.DataFrame, overwhelming: float) -> pl.DataFrame:
    """The LINK_COLUMNS of scored pairs (levels, weight, e-mails, phones and names of both
    records). Personal identifiers are counted only where a given-name conflict needs them."""
    need = verdicts["given_conflict"].fill_null(False) & (p["linkedin_level"] != "exact")
    rows = p.filter(need)
    count = pl.repeat(0, p.height, dtype=pl.Int8, eager=True).alias("n")
    if rows.height:
        ids = (rows.select((pl.col("birthday_level") == "exact").cast(pl.Int8)).to_series()
               + personal_emails(rows) + shared_mobiles(rows)).cast(pl.Int8)
        count = count.scatter(need.arg_true(), ids)
    return pl.DataFrame({
        "overwhelming": (p["weight"] >= overwhelming) | (p["email_level"] == "exact"),
        "personal": (p["linkedin_level"] == "exact") | (count >= PERSONAL_IDS_OVERRIDE),
        "personal_ids": count,  # counted where a given-name conflict needs them, else 0
    })


def _names_person(local: str, given: str | None, family: str | None) -> bool:
    """Whether an e-mail local part names this person rather than a household: it holds the
    given name ("jacqueline.gomes", "jackie85") or is an initial or two beside the family name
    ("jgomes", "gomesjr"). "gomesfamily", "thegomes" and "home" name nobody in particular."""
    letters = "".join(ch for ch in local if ch.isalpha())
    first = (given or "").split(" ")[0]
    if len(first) >= 3 and first in letters:
        return True
    fam = (family or "").replace(" ", "")
    if len(fam) >= 3 and fam in letters:
        rest = letters.replace(fam, "", 1)
        return 1 <= len(rest) <= 2 and rest[0] == (first or rest)[0]
    return False


def personal_emails(rows: pl.DataFrame) -> pl.Series:
    """1 where the two records share an e-mail address that names one of them."""
    out = []
    for el, er, gl, fl, gr, fr in rows.select(
            "email_keys_l", "email_keys_r", "given_key_l", "family_key_l", "given_key_r",
            "family_key_r").iter_rows():
        shared = set(el or ()) & set(er or ())
        out.append(int(any(_names_person(e.split("@")[0], g, f) for e in shared
                           for g, f in ((gl, fl), (gr, fr)))))
    return pl.Series(out, dtype=pl.Int8)


@functools.lru_cache(maxsize=200_000)
def _is_mobile(number: str) -> bool:
    import phonenumbers
    from phonenumbers import PhoneNumberType

    try:
        kind = phonenumbers.number_type(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return False
    return kind == PhoneNumberType.MOBILE


def shared_mobiles(rows: pl.DataFrame) -> pl.Series:
    """1 where the two records share a number that phonenumbers calls a mobile. Where the
    numbering plan cannot tell mobiles from landlines (North America), a number is not one.
    The shared numbers are intersected in polars and each distinct one typed once (a loop over
    the pairs in Python, parsing per pair, cost ~1-3 CPU-s at a million records)."""
    out = pl.repeat(0, rows.height, dtype=pl.Int8, eager=True)
    shared = rows.select(pl.col("phones_e164_l").list.set_intersection(
        pl.col("phones_e164_r")).alias("n")).with_row_index("row").explode("n").drop_nulls("n")
    if shared.height == 0:
        return out
    numbers = shared["n"].unique()
    kinds = pl.DataFrame({"n": numbers, "mobile": [_is_mobile(n) for n in numbers]},
                         schema={"n": pl.String, "mobile": pl.Boolean})
    rows_with = shared.join(kinds, on="n").filter(pl.col("mobile"))["row"].unique()
    return out.scatter(rows_with, 1)


def _scores(p: pl.DataFrame, a: str, b: str, scorer) -> pl.Series:
    return score_unique_pairs(p, a, b, scorer, equal=0.0 if scorer is OSA.distance else 1.0)


def _sorted_letters(col: str) -> pl.Expr:
    return pl.col(col).str.split("").list.sort().list.join("")


def _nearly_same_letters(p: pl.DataFrame, a: str, b: str) -> pl.Expr:
    letters = p.select(_sorted_letters(a).alias("x"), _sorted_letters(b).alias("y"))
    sim = _scores(letters, "x", "y", Indel.normalized_similarity)
    short = pl.min_horizontal(pl.col(a).str.len_chars(), pl.col(b).str.len_chars())
    gap = (pl.col(a).str.len_chars().cast(pl.Int32) - pl.col(b).str.len_chars().cast(pl.Int32)).abs()
    return (pl.lit(sim) >= SAME_LETTERS) & (short >= SAME_LETTERS_MIN_LEN) \
        & (gap <= SAME_LETTERS_LEN_GAP)


def _formal_typo(p: pl.DataFrame, name: str, groups: str) -> pl.Series:
    """Whether `name` is within FORMAL_TYPO_JW of a formal name of the other side's groups."""
    e = p.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), pl.col(name).alias("a"),
                 pl.col(groups).alias("g")).explode("g")
    e = e.with_columns(_scores(e, "a", "g", JaroWinkler.normalized_similarity).alias("s"))
    best = e.group_by("row").agg(pl.col("s").max())
    out = pl.DataFrame({"row": pl.int_range(p.height, dtype=pl.UInt32, eager=True)}).join(
        best, on="row", how="left", maintain_order="left")["s"].fill_null(0.0)
    return out >= FORMAL_TYPO_JW


def _swap(p: pl.DataFrame, same) -> pl.Expr:
    """First and last names swapped in one record: its given name is (`same`) the other's
    family name ("Lowe Harley" / Harley Lowe; census data also swaps and then replaces one
    name), and read swapped, its family field agrees with the other's given name
    (swaps.other_half_agrees: "Shaw, Megan" is not Dean Shaw). Not where the given name is
    also like the record's own family name: "Tranng Tran" is not Raul Tran (the family name
    they share once chained a family of Trans into one)."""
    def one_way(a: str, b: str) -> pl.Expr:
        half = (same(f"given_key_{a}", f"family_key_{b}")
                & ~same(f"given_key_{a}", f"family_key_{a}").fill_null(False)).fill_null(False)
        rows = p.select(half).to_series()
        return half & (pl.lit(swaps.other_half_agrees(p, a, b, rows)) | swaps.same_birthday())
    return one_way("l", "r") | one_way("r", "l")


def _given_conflict(p: pl.DataFrame) -> pl.Series:
    """Clearly different given names: not equal, not a prefix ("Chris" / "Christopher"), not a
    pet form the nickname table lacks ("Eddy" / "Edward": pets.pet_pair), no
    shared nickname group, not a first and last name swapped in one source, not a typo of
    each other or of the other's formal name, not a word of the other; and either both known
    to the nickname table (Nicole is not Nicholas) or far apart in spelling. Null when either
    is missing or initials only ("J", "J. R."). The string distances are computed only for the
    pairs the cheap tests leave."""
    a, b = pl.col("given_key_l"), pl.col("given_key_r")
    comparable = ~pl.col("given_single_l") & ~pl.col("given_single_r") & a.is_not_null() \
        & b.is_not_null()
    shares = pl.col("given_groups_l").list.set_intersection(pl.col("given_groups_r")).list.len() > 0
    exact_swap = _swap(p, lambda x, y: pl.col(x) == pl.col(y))
    open_ = comparable & (a != b) & ~shares & ~a.str.starts_with(b) & ~b.str.starts_with(a) \
        & ~exact_swap & ~_variant_excused(p)
    mask = p.select(open_.fill_null(False)).to_series()
    out = p.select(pl.when(comparable).then(pl.lit(False)).alias("given_conflict")).to_series()
    if not mask.any():
        return out
    return out.scatter(mask.arg_true(), _far_apart(p.filter(mask)))


def _far_apart(p: pl.DataFrame) -> pl.Series:
    """For pairs of different given names with no cheap excuse: no near-swap, no typo, no pet
    form, and both known or far apart in spelling."""
    a, b = pl.col("given_key_l"), pl.col("given_key_r")
    swapped = _swap(p, lambda x, y: pl.lit(_scores(p, x, y, JaroWinkler.normalized_similarity))
                    >= SWAP_TYPO_JW)
    osa = pl.lit(_scores(p, "given_key_l", "given_key_r", OSA.distance))
    shortest = pl.min_horizontal(a.str.len_chars(), b.str.len_chars())
    budget = pl.lit(0)
    for length, edits in reversed(TYPO_EDITS):
        budget = pl.when(shortest >= length).then(edits).otherwise(budget)
    # a three-letter name one letter from another, beside one full birthday, where the table
    # knows one of the two and not the other ("amy" / "any", "roy" / "rxy"): a slip on a
    # name. Tom / Tim are two names, and without the birthday so are Ava / Eva at one address
    # (the table lacks Ava): siblings, whom nothing else here keeps apart
    same_birthday = pl.all_horizontal(pl.col(f"birthday_{x}_l") == pl.col(f"birthday_{x}_r")
                                      for x in ("year", "month", "day"))
    short_slip = (shortest == 3) & (a.str.len_chars() == b.str.len_chars()) & (osa <= 1) \
        & (pl.col("given_known_l") != pl.col("given_known_r")) & same_birthday
    typo = (osa <= budget) | short_slip | _nearly_same_letters(p, "given_key_l", "given_key_r") \
        | pl.lit(_formal_typo(p, "given_key_l", "given_groups_r")) \
        | pl.lit(_formal_typo(p, "given_key_r", "given_groups_l"))
    jw = pl.lit(_scores(p, "given_key_l", "given_key_r", JaroWinkler.normalized_similarity))
    both_known = pl.col("given_known_l") & pl.col("given_known_r")
    pet = pl.lit(pet_hits(p.select(a.alias("a"), b.alias("b"), pl.col("given_known_l").alias("ka"),
                                   pl.col("given_known_r").alias("kb"))))
    far = ~swapped & ~typo & ~pet & ~_word_of(a, b) & ~_word_of(b, a) \
        & (both_known | (jw < DIFFERENT_NAME_JW))
    return p.select(far.fill_null(False)).to_series()


def _word_of(name: pl.Expr, other: pl.Expr) -> pl.Expr:
    """`name` is a whole word of `other`: a middle name written into the given-name field
    before the name the person goes by ("Van An" / "An": the Vietnamese middle name Văn or
    Thị; "John Paul" / "Paul"). Kept apart, a shared mobile could not join them."""
    return pl.concat_str(pl.lit(" "), other, pl.lit(" ")).str.contains(
        pl.concat_str(pl.lit(" "), name, pl.lit(" ")), literal=True)


def _birthday_conflict(p: pl.DataFrame) -> pl.Expr:
    """Clearly different full birthdays: not a typo, not day and month swapped, and more than
    BIRTHDAY_GAP_MONTHS apart. Null when either is incomplete. Never in a book of copies
    (`copies_book`, set by the stage): there a copy's birthday is as often shifted as its
    name replaced (a month, a year, ten years: fake_1000, FEBRL), and the birthday's own
    "different" weight already counts against the link (docs/fake38.md)."""
    y_l, m_l, d_l = (pl.col(f"birthday_{k}_l") for k in ("year", "month", "day"))
    y_r, m_r, d_r = (pl.col(f"birthday_{k}_r") for k in ("year", "month", "day"))
    months = ((y_l * 12 + m_l) - (y_r * 12 + m_r)).abs()
    swap = (m_l == d_r) & (d_l == m_r)
    copies = pl.col("copies_book_l") if "copies_book_l" in p.columns else pl.lit(False)
    return (date_hamming() > BIRTHDAY_TYPO_DIGITS) & ~swap & (months > BIRTHDAY_GAP_MONTHS) \
        & ~copies


VERDICT_INPUTS = ["idx", "given_key", "family_key", "given_groups", "given_known", "given_single",
                  "household", "generation", "one_per_person", "linkedin_slug", "birthday_year",
                  "birthday_month", "birthday_day", "file_code", "email_keys", "phones_e164",
                  "name_variant", "copies_book"]


def name_variants(feats: pl.DataFrame) -> pl.Series:
    """`name_variant` for a book of copies: the record's full name (given and family key) is
    carried by at most VARIANT_NAME_RECORDS records of the book. Records without both names
    are never variants (the guard cannot compare them anyway)."""
    both = pl.col("given_key").is_not_null() & pl.col("family_key").is_not_null()
    return feats.select((both & (pl.len().over("given_key", "family_key")
                                 <= VARIANT_NAME_RECORDS)).fill_null(False)
                        .alias("name_variant")).to_series()


def _variant_excused(p: pl.DataFrame) -> pl.Expr:
    """A pair whose given names differ is one person's where one of the two full names is a
    variant of a book of copies (name_variants) and both records carry the same full
    birthday, not the 1 January where year-only records put the date. (A frame scored
    without the stage's features carries no variant: never excused.)"""
    if "name_variant_l" not in p.columns:
        return pl.lit(False)
    parts = [(pl.col(f"birthday_{k}_l") == pl.col(f"birthday_{k}_r"))
             for k in ("year", "month", "day")]
    placeholder = (pl.col("birthday_month_l") == 1) & (pl.col("birthday_day_l") == 1)
    return ((pl.col("name_variant_l") | pl.col("name_variant_r"))
            & parts[0] & parts[1] & parts[2] & ~placeholder).fill_null(False)


def pair_verdicts(p: pl.DataFrame) -> pl.DataFrame:
    """Per pair of records (the VERDICT_INPUTS columns of both, suffixed _l and _r): each
    conflict as true, false, or null where the pair cannot be compared on it."""
    profile = pl.col("linkedin_slug_l") != pl.col("linkedin_slug_r")
    # (features built without the raw name columns carry no household flag: not comparable)
    household = (pl.col("household_l") != pl.col("household_r") if "household_l" in p.columns
                 else pl.lit(None, pl.Boolean))
    generation = (pl.col("generation_l") != pl.col("generation_r")
                  if "generation_l" in p.columns else pl.lit(None, pl.Boolean))
    return p.select(profile.alias("profile_conflict"), household.alias("household_conflict"),
                    generation.alias("generation_conflict"),
                    _generation_in_file(p).alias("generation_in_file_conflict"),
                    _birthday_conflict(p).alias("birthday_conflict"),
                    _given_conflict(p).alias("given_conflict"),
                    _source_conflict(p).alias("source_conflict"))


def _shares(col: str) -> pl.Expr:
    return pl.col(f"{col}_l").list.set_intersection(pl.col(f"{col}_r")).list.len() > 0


def _generation_in_file(p: pl.DataFrame) -> pl.Expr:
    """Two records of one file, one naming a generation (Jr., Sr., III) and the other none,
    sharing no e-mail address and no number. Null for records of two files."""
    if "generation_l" not in p.columns:
        return pl.lit(None, pl.Boolean)
    one_sided = pl.col("generation_l").is_null() != pl.col("generation_r").is_null()
    return (pl.when(pl.col("file_code_l") == pl.col("file_code_r"))
            .then(one_sided & ~_shares("email_keys") & ~_shares("phones_e164")))


def _source_conflict(p: pl.DataFrame) -> pl.Expr:
    """Two records of one file that both carry a phone number and share no number and no
    e-mail address; or of one file that lists each person once (LinkedIn's Connections.csv:
    one row a connection, and rows of one Spanish export with no profile address joined as
    one person on name and employer, docs/realworld16.md). Null for records of two files or
    where either has no phone."""
    same_file = pl.col("file_code_l") == pl.col("file_code_r")
    carry = pl.all_horizontal([pl.col(f"phones_e164_{s}").list.len() > 0 for s in "lr"])
    listed_once = (same_file & pl.col("one_per_person_l") if "one_per_person_l" in p.columns
                   else pl.lit(False))
    return (pl.when(listed_once).then(pl.lit(True))
            .when(same_file & carry).then(~_shares("email_keys") & ~_shares("phones_e164")))


def aggregate(verdicts: np.ndarray) -> dict[str, bool]:
    """Cluster-level verdicts from the cross pairs' verdicts (rows: pairs, columns: VERDICTS,
    values 1 conflict, 0 compatible, -1 not comparable): every comparable pair conflicts."""
    # all columns at once (a few numpy calls, not four each per column): clustering asks this
    # once per join of two grown clusters, tens of thousands of times at a million records
    comparable = verdicts >= 0
    every = (comparable.any(axis=0) & ((verdicts == 1) | ~comparable).all(axis=0)).tolist()
    return dict(zip(VERDICTS, every, strict=True))

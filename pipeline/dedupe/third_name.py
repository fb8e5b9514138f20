"""Two given names linked only through a third name, with nothing but names to go on.

The nickname table says "Ian" and "Jonny" can both stand for John, so the two share a group
and the given-name level is "nickname", weighed like "Bill" / "William". But neither name is a
form of the other: two brothers, Ian and Jonny Sugden, carry exactly those names (a real
family list, docs/realworld22.md W4), and a single person is rarely written under two
different short forms of one name. Where a pair has nothing else in common (no e-mail
address, number, profile, employer, birthday or postal address agrees), such a given name
says nothing for the match: its weight is capped at 0, so the family name and the prior
alone decide, which puts the pair in review rather than joins it. Anything else that agrees
lifts the cap, and so does a name that is a form of the other ("Bill" / "William", "Jonny" /
"John", "Ian" / "John") or of a close spelling of it ("Johnny" / "Ian": Johnny is John's).
"""

from __future__ import annotations

import polars as pl
from rapidfuzz.distance import OSA, JaroWinkler

from pipeline.dedupe.conflicts import FORMAL_TYPO_JW, TYPO_EDITS
from pipeline.dedupe.similarity import JW_MID

# Levels that count as something else in common. A role or family mailbox, a switchboard, a
# town, a job title or a middle initial are what relatives and colleagues share too.
CORROBORATING = {
    "email": ("exact", "local", "typo"),
    "phone": ("exact",),
    "linkedin": ("exact",),
    "org": ("exact", "jw_high"),
    "birthday": ("exact", "jan_first", "month_day", "near", "two_parts"),
    "street": ("exact", "jw_high"),
    "postcode": ("exact",),
    "email_name": ("spells_name",),
    "domain_org": ("matches",),
}


def _first(name: str | None) -> str:
    return (name or "").split(" ")[0]


def _via_only(a: str, b: str, groups_a: list[str], groups_b: list[str]) -> bool:
    """a and b (first words of two given names; their records' nickname groups) share a group
    only through a third name: neither is a formal name the other stands for, or a spelling
    of one (within FORMAL_TYPO_JW, as the given-name guard reads a typo of a formal name:
    "Johnny" / John), neither is the start of the other ("Chris" / "Christine"), and the two
    are no spellings of one name (as many edits apart as the guard calls a typo: "Carl" /
    "Karl")."""
    if not a or not b or a.startswith(b) or b.startswith(a):
        return False
    budget = next((edits for length, edits in TYPO_EDITS if min(len(a), len(b)) >= length), 0)
    if OSA.distance(a, b) <= budget:
        return False
    if a in groups_b or b in groups_a:
        return False
    return not any(JaroWinkler.normalized_similarity(x, g) >= FORMAL_TYPO_JW
                   for x, groups in ((a, groups_b), (b, groups_a)) for g in groups)


def via_third(p: pl.DataFrame, values: dict[str, pl.Series]) -> pl.Series:
    """Per pair (given_level, given_jw, and given_key and given_groups of both records):
    whether the two given names share a nickname group only through a third name and are far
    apart in spelling.
    values: the columns hold codes into these strings (coded.py). Tested once per distinct
    pair of names, on the pairs that share a group and are spelled apart."""
    # "nickname" is a shared group between two names that are not equal (field_levels)
    mask = p.select(((pl.col("given_level") == "nickname") & (pl.col("given_jw") < JW_MID))
                    .fill_null(False)).to_series()
    out = pl.repeat(False, p.height, dtype=pl.Boolean, eager=True).alias("given_via")
    if not mask.any():
        return out
    cols = ["given_key_l", "given_key_r", "given_groups_l", "given_groups_r"]
    # one test per distinct row (a hash of the four columns): most pairs repeat a few names
    rows = p.select(cols).filter(mask).select(pl.struct(cols).hash().alias("h"), *cols)
    uniq = rows.unique("h", maintain_order=True)
    text = {c: _texts(uniq[c], values.get(c[:-2])) for c in cols}  # dictionaries by field
    hits = [_via_only(_first(text["given_key_l"][kl]), _first(text["given_key_r"][kr]),
                      [text["given_groups_l"][g] for g in gl or ()],
                      [text["given_groups_r"][g] for g in gr or ()])
            for kl, kr, gl, gr in uniq.select(cols).iter_rows()]
    table = pl.DataFrame({"h": uniq["h"], "hit": pl.Series(hits, dtype=pl.Boolean)})
    found = rows.select("h").join(table, on="h", how="left", maintain_order="left")["hit"]
    return out.scatter(mask.arg_true(), found)


def _texts(column: pl.Series, dictionary: pl.Series | None) -> dict:
    """code -> string for the codes in `column` (a list column's elements too); the identity
    where the column holds strings already (no dictionary)."""
    codes = (column.explode() if isinstance(column.dtype, pl.List) else column).drop_nulls()
    codes = codes.unique()
    if dictionary is None:
        return {c: c for c in codes.to_list()}
    return dict(zip(codes.to_list(), dictionary.gather(codes).to_list(), strict=True))


def cap(p: pl.DataFrame) -> pl.DataFrame:
    """given_weight capped at 0 where the names are linked only through a third name
    (given_via) and no CORROBORATING level agrees; given_via dropped. The levels are read on
    the given_via rows only (a few in a thousand pairs)."""
    via = p["given_via"]
    p = p.drop("given_via")
    if not via.any():
        return p
    rows = p.filter(via)
    agree = rows.select(pl.any_horizontal(
        pl.col(f"{field}_level").cast(pl.String).is_in(levels)
        for field, levels in CORROBORATING.items()).fill_null(False)).to_series()
    capped = rows["given_weight"].clip(upper_bound=0.0).zip_with(~agree, rows["given_weight"])
    return p.with_columns(p["given_weight"].scatter(via.arg_true(), capped))

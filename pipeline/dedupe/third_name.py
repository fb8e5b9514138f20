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
from rapidfuzz.distance import JaroWinkler

from pipeline.dedupe.conflicts import FORMAL_TYPO_JW
from pipeline.dedupe.similarity import JW_MID

# Levels that count as something else in common. A role or family mailbox, a switchboard, a
# town, a job title or a middle initial are what relatives and colleagues share too.
CORROBORATING = {
    "email": ("exact", "local", "typo"),
    "phone": ("exact",),
    "linkedin": ("exact",),
    "org": ("exact", "jw_high"),
    "birthday": ("exact", "jan_first", "month_day", "near"),
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
    "Johnny" / John), and neither is the start of the other ("Chris" / "Christine")."""
    if not a or not b or a.startswith(b) or b.startswith(a):
        return False
    if a in groups_b or b in groups_a:
        return False
    return not any(JaroWinkler.normalized_similarity(x, g) >= FORMAL_TYPO_JW
                   for x, groups in ((a, groups_b), (b, groups_a)) for g in groups)


def via_third(p: pl.DataFrame, values: dict[str, pl.Series]) -> pl.Series:
    """Per pair (given_key, given_groups and given_jw of both records): whether the two given
    names share a nickname group only through a third name and are far apart in spelling.
    values: the columns hold codes into these strings (coded.py). Tested once per distinct
    pair of names, on the pairs that share a group and are spelled apart."""
    shared = pl.col("given_groups_l").list.set_intersection(pl.col("given_groups_r")) \
        .list.len() > 0
    mask = p.select((shared & (pl.col("given_key_l") != pl.col("given_key_r"))
                     & (pl.col("given_jw") < JW_MID)).fill_null(False)).to_series()
    out = pl.repeat(False, p.height, dtype=pl.Boolean, eager=True).alias("given_via")
    if not mask.any():
        return out
    rows = p.select("given_key_l", "given_key_r", "given_groups_l", "given_groups_r"
                    ).filter(mask)
    names, groups = values.get("given_key"), values.get("given_groups")

    def text(code, series):
        return code if series is None else series[code]

    seen: dict[tuple, bool] = {}
    hits = []
    for kl, kr, gl, gr in rows.iter_rows():
        key = (kl, kr, tuple(gl or ()), tuple(gr or ()))
        if key not in seen:
            seen[key] = _via_only(_first(text(kl, names)), _first(text(kr, names)),
                                  [text(g, groups) for g in key[2]],
                                  [text(g, groups) for g in key[3]])
        hits.append(seen[key])
    found = pl.Series(hits, dtype=pl.Boolean)
    return out.scatter(mask.arg_true(), found)


def cap(p: pl.DataFrame) -> pl.DataFrame:
    """given_weight capped at 0 where the names are linked only through a third name
    (given_via) and no CORROBORATING level agrees; given_via dropped."""
    agree = pl.any_horizontal(pl.col(f"{field}_level").cast(pl.String).is_in(levels)
                              for field, levels in CORROBORATING.items())
    capped = pl.col("given_via") & (pl.col("given_level") == "nickname") & ~agree.fill_null(False)
    return p.with_columns(
        pl.when(capped).then(pl.min_horizontal("given_weight", pl.lit(0.0)))
        .otherwise(pl.col("given_weight")).alias("given_weight")).drop("given_via")

"""Which people each export holds, and how that export shows them.

Each person is in 1 to 4 of the chosen sources. A source shows a person the way its owner typed
or synced them: a nickname in the phone, the maiden name in an old entry, the previous employer
in a stale address book, a typo, a middle name spelled out or as an initial or left out, a
birthday mistyped. A few people are in the same address book twice.
"""

from __future__ import annotations

import numpy as np
import polars as pl

SOURCES = ("linkedin", "google", "vcard", "outlook", "crm")
DEFAULT_SOURCES = ("linkedin", "google", "vcard")

# source -> chance a person is in it (before the at-least-one / at-most-four rule)
MEMBERSHIP = {"linkedin": 0.55, "google": 0.5, "vcard": 0.45, "outlook": 0.25, "crm": 0.25}
DUPLICATES = {"linkedin": 0.0, "google": 0.03, "vcard": 0.03, "outlook": 0.01, "crm": 0.02}

# per source: nickname if the person goes by one, maiden name, previous employer, middle shown
# in full, middle as initial, address, birthday
SHOWS = {
    "linkedin": dict(nick=0.25, maiden=0.1, prev=0.0, mid=0.05, init=0.05, addr=0.0, bday=0.0),
    "google": dict(nick=0.6, maiden=0.35, prev=0.4, mid=0.3, init=0.15, addr=0.4, bday=0.6),
    "vcard": dict(nick=0.8, maiden=0.45, prev=0.45, mid=0.1, init=0.1, addr=0.3, bday=0.55),
    "outlook": dict(nick=0.2, maiden=0.3, prev=0.5, mid=0.4, init=0.3, addr=0.35, bday=0.3),
    "crm": dict(nick=0.3, maiden=0.2, prev=0.3, mid=0.0, init=0.1, addr=0.3, bday=0.0),
}
TYPO = 0.025


def memberships(n: int, sources: tuple[str, ...], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """source -> indices of the people in it (index 0, the owner, is in none)."""
    p = np.asarray([MEMBERSHIP[s] for s in sources])
    m = rng.random((n, len(sources))) < p
    none = ~m.any(axis=1)
    m[np.flatnonzero(none), rng.choice(len(sources), int(none.sum()), p=p / p.sum())] = True
    while (extra := m.sum(axis=1) > 4).any():
        rows = np.flatnonzero(extra)
        m[rows, rng.integers(0, len(sources), rows.size)] = False
    m[0] = False
    out = {}
    for j, s in enumerate(sources):
        idx = np.flatnonzero(m[:, j])
        dup = idx[rng.random(idx.size) < DUPLICATES[s]]
        both = np.concatenate([idx, dup])
        out[s] = both[rng.permutation(both.size)]
    return out


def expected_rows_per_person(sources: tuple[str, ...], seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    got = memberships(20_001, sources, rng)
    return sum(v.size for v in got.values()) / 20_000


def _typo(s: str, r: int) -> str:
    if len(s) < 4:
        return s
    i = 1 + r % (len(s) - 2)
    kind = (r // 7) % 3
    if kind == 0:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind == 1:
        return s[:i] + s[i + 1:]
    return s[:i] + s[i] + s[i:]


def _typos(col: pl.Series, hit: np.ndarray, rng: np.random.Generator) -> pl.Series:
    vals = col.to_list()
    rs = rng.integers(0, 1 << 30, len(vals))
    for i in np.flatnonzero(hit):
        if vals[i]:
            vals[i] = _typo(vals[i], int(rs[i]))
    return pl.Series(col.name, vals, dtype=pl.String)


def _org_variant(name: pl.Expr, pick: pl.Expr) -> pl.Expr:
    """'Cyberdyne Systems Inc.' as people type it: without the legal form, or upper case."""
    bare = name.str.replace(
        r"\s+(Inc\.|Corp\.|LLC|GmbH|AG|KG|S\.A\.|S\.L\.|Ltda\.|SAS|SA|SARL|S\.p\.A\.|S\.r\.l\."
        r"|Sp\. z o\.o\.|JSC|Co\., Ltd\.?|Pvt Ltd|Ltd|FZE)$", "")
    return pl.when(pick < 0.4).then(bare).when(pick < 0.45).then(name.str.to_uppercase()).otherwise(name)


def view(people: pl.DataFrame, src: str, idx: np.ndarray, rng: np.random.Generator) -> pl.DataFrame:
    """One row per record of `src`: the person's index and what the export shows of them."""
    k = idx.size
    s = SHOWS[src]
    u = {name: pl.Series(rng.random(k)) for name in
         ("nick", "maiden", "prev", "mid", "org", "addr", "bday", "bday_typo", "fam_typo")}
    base = people[idx]
    v = base.with_row_index("row").with_columns(
        pl.when(pl.col("nick").is_not_null()
                & (u["nick"] < pl.when(pl.col("goes_by_nick")).then(s["nick"]).otherwise(0.04)))
        .then(pl.col("nick")).otherwise(pl.col("given")).alias("given_shown"),
        pl.when(u["mid"] < s["mid"]).then(pl.col("middle"))
        .when(u["mid"] < s["mid"] + s["init"]).then(pl.col("middle").str.slice(0, 1) + ".")
        .alias("middle_shown"),
        pl.when(pl.col("maiden").is_not_null() & (u["maiden"] < s["maiden"]))
        .then(pl.col("maiden")).otherwise(pl.col("family")).alias("family_shown"),
        (pl.col("prev_org").ge(0) & (u["prev"] < s["prev"])).alias("stale_job"),
        pl.when(u["addr"] < s["addr"]).then(pl.lit(True)).otherwise(pl.lit(False)).alias("show_addr"),
        pl.when(pl.col("birthday").is_not_null() & (u["bday"] < s["bday"]))
        .then(pl.when(u["bday_typo"] < 0.05).then(pl.col("birthday") + pl.duration(days=1))
              .otherwise(pl.col("birthday"))).alias("birthday_shown"),
        u["org"].alias("org_pick"),
    ).with_columns(
        pl.when(pl.col("stale_job")).then(pl.col("prev_org_name")).otherwise(pl.col("org_name"))
        .alias("org_shown_full"),
        pl.when(pl.col("stale_job")).then(pl.col("prev_work_email")).otherwise(pl.col("work_email"))
        .alias("work_email_shown"),
    ).with_columns(
        (pl.col("org_shown_full") if src == "linkedin"
         else _org_variant(pl.col("org_shown_full"), pl.col("org_pick"))).alias("org_shown"),
    )
    hit_g = rng.random(k) < TYPO
    hit_f = rng.random(k) < TYPO
    return v.with_columns(_typos(v["given_shown"], hit_g, rng), _typos(v["family_shown"], hit_f, rng))


def pick_list(*items: tuple[pl.Expr, float], rnd: list[pl.Series]) -> pl.Expr:
    """A list column of the values each present with its own chance (nulls dropped)."""
    parts = [pl.when(r < p).then(e) for (e, p), r in zip(items, rnd, strict=True)]
    return pl.concat_list(parts).list.drop_nulls()

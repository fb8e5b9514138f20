"""Organisations and the addresses people get from them and from mail providers.

E-mail addresses are unique per person, as a mail system enforces: a clash gets a number, as a
sign-up form would suggest. Unique across all of a person's addresses (one person's former work
address is not another's current one) and as the provider counts them (Gmail ignores dots in
the local part: linh.nguyen@ and linhnguyen@ are one mailbox). The only shared addresses are a
household's family mailbox and an organisation's role addresses (info@, office@, sales@).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipeline.synth_spec import names as N
from pipeline.synth_spec.population import slugs

_ROLE = ("info", "office", "sales", "contact", "admin", "hello")


def organisations(rng: np.random.Generator, n_people: int) -> pl.DataFrame:
    """About one organisation per 12 people, with a name, a domain and an address convention."""
    k = max(30, n_people // 12)
    countries = list(N.PHONES)
    country = np.asarray(countries, dtype=object)[
        rng.choice(len(countries), k, p=np.r_[0.5, np.full(len(countries) - 1, 0.5 / (len(countries) - 1))])]
    words = np.asarray(N.ORG_WORDS, dtype=object)
    w1 = words[rng.integers(0, words.size, k)]
    w2 = words[rng.integers(0, words.size, k)]
    two = rng.random(k) < 0.4
    names, domains, seen = [], [], set()
    for i in range(k):
        suffixes = N.ORG_SUFFIX[country[i]]
        base = f"{w1[i]} {w2[i]}" if two[i] and w1[i] != w2[i] else w1[i]
        names.append(f"{base} {suffixes[rng.integers(0, len(suffixes))]}")
        stem = N.ascii_fold(base).lower().replace(" ", "").replace("'", "")
        tlds = N.TLD[country[i]]
        dom = stem + tlds[rng.integers(0, len(tlds))]
        j = 2
        while dom in seen:
            dom = f"{stem}{j}{tlds[0]}"
            j += 1
        seen.add(dom)
        domains.append(dom)
    return pl.DataFrame({"org": np.arange(k), "org_name": names, "org_domain": domains,
                         "org_convention": rng.integers(0, 5, k)})


def _local(given: pl.Expr, family: pl.Expr, pattern: pl.Expr, digits: pl.Expr) -> pl.Expr:
    g, f = given, family
    return (pl.when(pattern == 0).then(pl.concat_str(g, pl.lit("."), f))
            .when(pattern == 1).then(pl.concat_str(g, f))
            .when(pattern == 2).then(pl.concat_str(g.str.slice(0, 1), f))
            .when(pattern == 3).then(pl.concat_str(g, pl.lit("_"), f))
            .when(pattern == 4).then(pl.concat_str(g, pl.lit("."), f, digits))
            .when(pattern == 5).then(pl.concat_str(f, pl.lit("."), g))
            .otherwise(pl.concat_str(g, digits)))


DOTLESS_DOMAINS = ("gmail.com", "googlemail.com")


def mailbox(addr: pl.Expr) -> pl.Expr:
    """The mailbox an address reaches: lower case, and without the dots of the local part at
    providers that ignore them."""
    a = addr.str.to_lowercase()
    local, domain = a.str.extract(r"^([^@]*)@", 1), a.str.extract(r"@(.*)$", 1)
    return pl.when(domain.is_in(DOTLESS_DOMAINS)).then(pl.concat_str(
        local.str.replace_all(".", "", literal=True), pl.lit("@"), domain)).otherwise(a)


def _unique(addr: pl.Series, rng: np.random.Generator) -> pl.Series:
    """Give each clashing address a number before the @, until no two share one mailbox."""
    for round_ in range(30):
        df = addr.to_frame("a").with_columns(
            pl.col("a").cum_count().over(mailbox(pl.col("a"))).alias("n"))
        clash = (df["n"] > 1) & df["a"].is_not_null()
        if not clash.any():
            return addr
        bump = pl.Series(rng.integers(2, 99 + 10 * round_, addr.len()))
        fixed = df.select(pl.when(clash).then(pl.concat_str(
            pl.col("a").str.extract(r"^([^@]*)@", 1), pl.lit(bump), pl.lit("@"),
            pl.col("a").str.extract(r"@(.*)$", 1))).otherwise(pl.col("a")))
        addr = fixed.to_series()
    raise RuntimeError("could not make e-mail addresses unique")


# A person's own addresses; no two people share one, whichever column holds it.
PERSONAL_COLUMNS = ("email", "email2", "work_email", "prev_work_email")


def _unique_across(p: pl.DataFrame, cols: tuple[str, ...],
                   rng: np.random.Generator) -> list[pl.Series]:
    """`cols` made unique together: stacked into one column, numbered apart, split back."""
    stacked = _unique(pl.concat([p[c] for c in cols]), rng)
    return [stacked.slice(i * p.height, p.height).alias(c) for i, c in enumerate(cols)]


def _token(col: str) -> pl.Expr:
    return pl.col(col).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")


def assign(people: pl.DataFrame, orgs: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Add employer, previous employer, title, personal / work / family e-mail, LinkedIn slug."""
    n = people.height
    k = orgs.height
    w = N.zipf_weights(k, 1.05)
    org = np.where(rng.random(n) < 0.85, rng.choice(k, n, p=w), -1)
    prev = np.where(rng.random(n) < 0.18, rng.choice(k, n, p=w), -1)
    prev = np.where(prev == org, -1, prev)
    titles = np.asarray(N.TITLES, dtype=object)
    fold = {v: N.ascii_fold(v) for c in ("given", "family", "nick")
            for v in people[c].drop_nulls().unique().to_list()}
    p = people.with_columns(
        pl.Series("org", org), pl.Series("prev_org", prev),
        pl.Series("title", titles[rng.choice(titles.size, n, p=N.zipf_weights(titles.size, 0.7))]),
        pl.Series("mail_pattern", rng.integers(0, 7, n)),
        pl.Series("mail_digits", rng.integers(1, 99, n)).cast(pl.String).str.zfill(2),
        pl.Series("provider_pick", rng.random(n)),
        pl.Series("has_personal", rng.random(n) < 0.9),
        pl.Series("has_second", rng.random(n) < 0.12),
        pl.Series("has_work", rng.random(n) < 0.65),
        pl.Series("has_family_mail", rng.random(n) < 0.3),
        pl.Series("slug_salt", rng.integers(0x10000, 0xFFFFFF, n)),
        pl.col("given").replace_strict(fold, return_dtype=pl.String).alias("given_ascii"),
        pl.col("family").replace_strict(fold, return_dtype=pl.String).alias("family_ascii"),
        pl.col("nick").replace_strict(fold, default=None, return_dtype=pl.String).alias("nick_ascii"),
    ).join(orgs, on="org", how="left", maintain_order="left").join(
        orgs.select(pl.col("org").alias("prev_org"), pl.col("org_name").alias("prev_org_name"),
                    pl.col("org_domain").alias("prev_org_domain")), on="prev_org", how="left",
        maintain_order="left")
    providers = {c: list(v) for c, v in N.MAIL_DOMAINS.items()}
    prov = np.asarray([providers[c][int(x * len(providers[c]))]
                       for c, x in zip(p["country"].to_list(), p["provider_pick"].to_list(), strict=True)])
    use_nick = pl.col("goes_by_nick") & pl.col("nick_ascii").is_not_null()
    g = pl.when(use_nick).then(_token("nick_ascii")).otherwise(_token("given_ascii"))
    p = p.with_columns(
        pl.when(pl.col("has_personal")).then(pl.concat_str(
            _local(g, _token("family_ascii"), pl.col("mail_pattern"), pl.col("mail_digits")),
            pl.lit("@"), pl.Series(prov))).alias("email"),
        pl.when(pl.col("has_second")).then(pl.concat_str(
            _token("given_ascii"), pl.col("mail_digits"), _token("family_ascii").str.slice(0, 1),
            pl.lit("@gmail.com"))).alias("email2"),
        pl.when(pl.col("has_work") & pl.col("org_domain").is_not_null()).then(pl.concat_str(
            _local(_token("given_ascii"), _token("family_ascii"),
                   pl.col("org_convention").replace_strict({0: 0, 1: 2, 2: 6, 3: 1, 4: 3}),
                   pl.lit("")),
            pl.lit("@"), pl.col("org_domain"))).alias("work_email"),
        pl.when(pl.col("prev_org_domain").is_not_null()).then(pl.concat_str(
            _token("given_ascii"), pl.lit("."), _token("family_ascii"), pl.lit("@"),
            pl.col("prev_org_domain"))).alias("prev_work_email"),
    )
    p = p.with_columns(_unique_across(p, PERSONAL_COLUMNS, rng))
    return p.with_columns(
        _family_mailbox(p, rng),
        slugs(p["given"], p["family"], p["slug_salt"].to_numpy()),
        pl.when(pl.col("org_domain").is_not_null()).then(pl.concat_str(
            pl.Series(np.asarray(_ROLE, dtype=object)[rng.integers(0, len(_ROLE), n)], dtype=pl.String),
            pl.lit("@"), pl.col("org_domain"))).alias("role_email"),
    ).drop("mail_pattern", "mail_digits", "provider_pick", "has_personal", "has_second",
           "has_work", "slug_salt")


def _family_mailbox(p: pl.DataFrame, rng: np.random.Generator) -> pl.Series:
    """One address per household that has one ('the.kowalskis@wp.pl'), shared by its members."""
    hh = p.filter(pl.col("household") >= 0).group_by("household", maintain_order=True).agg(
        pl.col("family_ascii").first(), pl.col("has_family_mail").first(), pl.col("country").first())
    doms = {c: v[0] for c, v in N.MAIL_DOMAINS.items()}
    box = hh.select("household", pl.when(pl.col("has_family_mail")).then(pl.concat_str(
        pl.lit("the."), _token("family_ascii"), pl.lit("s@"),
        pl.col("country").replace_strict(doms, return_dtype=pl.String))).alias("family_email"))
    box = box.with_columns(_unique(box["family_email"], rng).alias("family_email"))
    return p.select("household").join(box, on="household", how="left", maintain_order="left")[
        "family_email"]

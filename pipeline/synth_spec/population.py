"""The true people behind the exports, drawn column-wise with numpy.

One row per person: culture and country, names (Zipf-weighted given and family names, middle
names, a nickname some people go by, a maiden name for married people), a household (shared
family name, postal address, landline and sometimes a family mailbox), an employer (shared
work domain) and a previous one, a personal mobile and e-mail addresses that are unique per
person, as mail systems and phone networks enforce, a birthday, a LinkedIn slug.
"""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import polars as pl

from pipeline.synth_spec import names as N

# Zipf exponents (weight of the k-th commonest name ~ k ** -s) and the share of people whose
# family name comes from the long tail of rare names instead of the curated head. Calibrated so
# that the commonest family name covers ~1.5% of people and ~3% of a 2,000-person book shares a
# full name with someone else (Vietnamese and Chinese surnames are far more concentrated).
GIVEN_S = 0.6
FAMILY_S = {"vi": 1.1, "zh": 0.8}
RARE_FAMILY_SHARE = {"zh": 0.0, "vi": 0.0, "in": 0.3, "ar": 0.3}


def _dedup(words: str) -> list[str]:
    return list(dict.fromkeys(words.split()))


def _family_vocab(text: str) -> list[str]:
    """Split the vocabulary string, keeping 'de la Fuente', 'von Bülow', 'Le Gall' whole."""
    out, parts = [], text.split()
    i = 0
    while i < len(parts):
        w = parts[i]
        if w in ("de", "del", "von", "Le", "De", "Da", "D'") and i + 1 < len(parts):
            j = i + 1
            while parts[j] in ("la", "los"):
                j += 1
            w = " ".join(parts[i:j + 1])
            i = j
        out.append(w)
        i += 1
    return list(dict.fromkeys(out))


def _pick(rng: np.random.Generator, vocab: list[str], k: int, s: float) -> np.ndarray:
    return np.asarray(vocab, dtype=object)[rng.choice(len(vocab), k, p=N.zipf_weights(len(vocab), s))]


def _names(rng: np.random.Generator, culture: np.ndarray, female: np.ndarray,
           rare: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = culture.size
    given = np.empty(n, dtype=object)
    middle = np.full(n, None, dtype=object)
    family = np.empty(n, dtype=object)
    rare_arr = np.asarray(rare, dtype=object)
    for c, (_, _, male_v, female_v, fam_v) in N.CULTURES.items():
        m = culture == c
        k = int(m.sum())
        if not k:
            continue
        fem = female[m]
        g = np.where(fem, _pick(rng, _dedup(female_v), k, GIVEN_S), _pick(rng, _dedup(male_v), k, GIVEN_S))
        given[m] = g
        has_mid = rng.random(k) < (0.35 if c in ("en", "de", "pt", "es", "fr") else 0.1)
        mid = np.where(fem, _pick(rng, _dedup(female_v), k, 0.6), _pick(rng, _dedup(male_v), k, 0.6))
        middle[np.flatnonzero(m)[has_mid]] = mid[has_mid]
        fam = _pick(rng, _family_vocab(fam_v), k, FAMILY_S.get(c, 0.7))
        tail_share = RARE_FAMILY_SHARE.get(c, 0.7)
        tail = rng.random(k) < tail_share
        fam[tail] = rare_arr[rng.integers(0, rare_arr.size, int(tail.sum()))]
        family[m] = fam
    return given, middle, family


def _nicknames(rng: np.random.Generator, given: np.ndarray) -> np.ndarray:
    nick = np.full(given.size, None, dtype=object)
    for formal, options in N.NICKNAMES.items():
        idx = np.flatnonzero(given == formal)
        if idx.size:
            w = N.zipf_weights(len(options), 1.2)
            nick[idx] = np.asarray(options, dtype=object)[rng.choice(len(options), idx.size, p=w)]
    return nick


def _strs(e: pl.Expr, **cols) -> np.ndarray:
    """Evaluate a string expression over the given columns; an object array back."""
    return pl.DataFrame(cols).select(e).to_series().to_numpy()


def _phone(rng: np.random.Generator, country: np.ndarray, mobile: bool) -> np.ndarray:
    out = np.empty(country.size, dtype=object)
    for cc, (code, mob, mob_len, land, land_len) in N.PHONES.items():
        idx = np.flatnonzero(country == cc)
        if not idx.size:
            continue
        spec, total = (mob, mob_len) if mobile else (land, land_len)
        pres = N.prefixes(spec)
        pre = np.asarray(pres)[rng.integers(0, len(pres), idx.size)]
        rest = rng.integers(0, 10 ** 9, idx.size)
        out[idx] = _strs(pl.concat_str(pl.lit(f"+{code}"), "p", pl.col("r").cast(pl.String).str.zfill(9))
                         .str.slice(0, len(code) + 1 + total), p=pre, r=rest)
    return out


def _unique_phones(rng: np.random.Generator, country: np.ndarray, mobile: bool) -> np.ndarray:
    nums = _phone(rng, country, mobile)
    for _ in range(20):
        dup = pl.Series(nums, dtype=pl.String).is_first_distinct().not_().to_numpy()
        if not dup.any():
            break
        nums[dup] = _phone(rng, country[dup], mobile)
    return nums


def _postcode(rng: np.random.Generator, shape: str, k: int) -> np.ndarray:
    """Postcodes of a country's shape: '99999', '99-999', '99999-999' (9 = a digit)."""
    if not shape:
        return np.full(k, "", dtype=object)
    digits = shape.replace("-", "")
    code = pl.col("d").cast(pl.String).str.zfill(len(digits))
    if "-" in shape:
        cut = shape.index("-")
        code = pl.concat_str(code.str.slice(0, cut), pl.lit("-"), code.str.slice(cut))
    return _strs(code, d=rng.integers(0, 10 ** len(digits), k))


def _street(fmt: str) -> pl.Expr:
    """'{n} {s} {w}' -> an expression over columns n (number), s (name), w (street word)."""
    parts = []
    for i, piece in enumerate(fmt.replace("}", "{").split("{")):
        parts.append(pl.col(piece).cast(pl.String) if i % 2 else pl.lit(piece))
    return pl.concat_str(parts)


def _addresses(rng: np.random.Generator, country: np.ndarray) -> tuple[np.ndarray, ...]:
    n = country.size
    street, city, postcode = (np.empty(n, dtype=object) for _ in range(3))
    for cc, (cities, streets, pattern, shape) in N.PLACES.items():
        idx = np.flatnonzero(country == cc)
        if not idx.size:
            continue
        fmt, *words = pattern.split("|")
        names = streets.split("|")
        street[idx] = _strs(_street(fmt), n=rng.integers(1, 400, idx.size),
                            s=np.asarray(names)[rng.integers(0, len(names), idx.size)],
                            w=np.asarray(words)[rng.integers(0, len(words), idx.size)])
        city[idx] = _pick(rng, cities.split("|"), idx.size, 0.8)
        postcode[idx] = _postcode(rng, shape, idx.size)
    return street, city, postcode


def _households(rng: np.random.Generator, n: int) -> np.ndarray:
    """household id per person (-1: lives alone as far as the book knows); members adjacent."""
    hh = np.full(n, -1, dtype=np.int64)
    i, h = 0, 0
    starts = rng.random(n) < 0.07
    sizes = rng.choice([2, 2, 2, 3, 3, 4], n)
    while i < n:
        if starts[i] and i + 1 < n:
            k = min(int(sizes[i]), n - i)
            hh[i:i + k] = h
            h += 1
            i += k
        else:
            i += 1
    return hh


def build(n: int, rng: np.random.Generator) -> pl.DataFrame:
    """`n` people (index 0 is the owner of the exports)."""
    cultures = list(N.CULTURES)
    share = np.asarray([N.CULTURES[c][0] for c in cultures])
    culture = np.asarray(cultures, dtype=object)[rng.choice(len(cultures), n, p=share / share.sum())]
    female = rng.random(n) < 0.5
    home = np.asarray([N.CULTURES[c][1] for c in culture], dtype=object)
    country = np.where(rng.random(n) < 0.65, home, "US")
    given, middle, family = _names(rng, culture, female, N.rare_surnames(rng, max(5000, n // 2)))
    maiden = np.full(n, None, dtype=object)
    hh = _households(rng, n)
    in_hh = hh >= 0
    head = np.zeros(n, dtype=np.int64)
    if in_hh.any():
        first_of = pl.Series(hh).to_frame("h").with_row_index("i").group_by("h").agg(pl.col("i").min())
        head_of = dict(zip(first_of["h"].to_list(), first_of["i"].to_list(), strict=True))
        head = np.asarray([head_of.get(h, i) if h >= 0 else i for i, h in enumerate(hh)])
        # members share culture, country and (mostly) the family name; married women keep a maiden name
        culture, country = culture[head], country[head]
        takes_name = in_hh & (head != np.arange(n)) & (rng.random(n) < 0.75)
        maiden[takes_name & female] = family[takes_name & female]
        family[takes_name] = family[head[takes_name]]
    married_out = ~in_hh & female & (rng.random(n) < 0.06)
    maiden[married_out] = family[married_out]
    family[married_out] = family[rng.integers(0, n, int(married_out.sum()))]
    namesake = rng.random(n) < 0.005  # explicit namesakes on top of the Zipf head
    src = rng.integers(0, n, int(namesake.sum()))
    given[namesake], family[namesake] = given[src], family[src]
    street, city, postcode = _addresses(rng, country)
    street, city, postcode = street[head], city[head], postcode[head]
    landline = _unique_phones(rng, country, mobile=False)[head]
    has_land = np.where(in_hh, rng.random(n) < 0.7, rng.random(n) < 0.15)[head]
    has_land = has_land & (rng.random(n) < 0.95)
    bday = np.where(rng.random(n) < 0.4, rng.integers(-7300, 12000, n), np.iinfo(np.int64).min)
    cols = {
        "idx": np.arange(n), "culture": culture, "country": country, "female": female,
        "given": given, "middle": middle, "family": family, "maiden": maiden,
        "nick": _nicknames(rng, given), "goes_by_nick": rng.random(n) < 0.35,
        "household": hh, "street": street, "city": city, "postcode": postcode,
        "landline": np.where(has_land, landline, None),
        "mobile": np.where(rng.random(n) < 0.88, _unique_phones(rng, country, mobile=True), None),
        "bday_days": bday,
    }
    return pl.DataFrame({
        k: pl.Series(k, a.tolist(), dtype=pl.String) if a.dtype == object else a
        for k, a in cols.items()
    }).with_columns(
        pl.when(pl.col("bday_days") > -10**8)
        .then(pl.date(1970, 1, 1) + pl.duration(days=pl.col("bday_days"))).alias("birthday"),
    ).drop("bday_days")


def slugs(given: pl.Series, family: pl.Series, salt: np.ndarray) -> pl.Series:
    """LinkedIn's public profile slugs: 'jose-garcia-3b1a2c', accented letters percent-encoded."""
    base = pl.select(pl.concat_str([given, family], separator="-").str.to_lowercase()
                     .str.replace_all(" ", "-", literal=True).str.replace_all("'", "", literal=True)
                     ).to_series()
    encoded = {b: quote(b, safe="-") for b in base.unique().to_list() if not b.isascii()}
    hexed = pl.Series([f"{x:x}" for x in salt.tolist()], dtype=pl.String)
    return pl.select(pl.concat_str([base.replace(encoded), hexed], separator="-").alias("slug")
                     ).to_series()

"""Time stage 2 (normalize) on a synthetic CONTACTS_RAW frame (default 1,000,000 rows).

    .venv/bin/python bench/bench_normalize.py [--rows N] [--seed S] [--region US]

The frame mimics a merged export: ~50 % LinkedIn connections (names, URL, company, date; no
e-mail or phone), ~10 % other name-only rows, ~40 % Google/Outlook/vCard rows with 1-3 e-mails
and 1-3 phones drawn from shared pools (the same people appear in several sources), names
drawn from skewed pools (many duplicates) with the decorations real exports carry (", MBA",
emoji, pronouns, non-ASCII letters), and phones written in several formats so that the
vectorised pre-key has formatting variants to collapse.

Prints the time of each normaliser on its own, then of the whole normalize_records call.
No top-level work beyond main(): spawned phone workers must not re-run the benchmark.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import polars as pl

from pipeline import schema

SYL = ["an", "bel", "cor", "da", "el", "fi", "gor", "ha", "is", "jo", "ka", "li", "mar", "ne",
       "o", "pe", "qui", "ra", "sa", "ti", "u", "ve", "wil", "xa", "yo", "ze", "ber", "son"]
GIVEN_EXTRA = ["Łukasz", "José", "Zoë", "Søren", "Ngozi", "Ana María", "王", "Jürgen", "Dr. Jane"]
FAMILY_EXTRA = ["Żółć", "Müller", "Straße", "Ørsted", "van der Berg", "O'Neil", "García López"]
DECOR = ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ", MBA",
         ", PhD", " 🚀", " (she/her)", ", CPA, PMP"]
AREA = [201, 202, 206, 212, 213, 214, 215, 303, 305, 310, 312, 313, 404, 408, 412, 415, 503,
        510, 512, 602, 617, 646, 650, 702, 703, 713, 718, 720, 773, 801, 808, 813, 818, 917]
ORG_SUFFIX = ["", " Inc.", ", Inc.", " LLC", " GmbH", " Ltd", " S.A.", " AB", " Corp"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _words(rng: np.random.Generator, n: int, parts: int) -> list[str]:
    idx = rng.integers(0, len(SYL), size=(n, parts))
    return ["".join(SYL[i] for i in row).capitalize() for row in idx]


def _zipf_pick(rng: np.random.Generator, pool: list[str], n: int) -> np.ndarray:
    # Skewed choice: a few values are very common, as with real first names.
    ranks = np.minimum(rng.zipf(1.3, size=n), len(pool)) - 1
    return np.asarray(pool, dtype=object)[ranks]


def _phone_pool(rng: np.random.Generator, n: int) -> list[str]:
    area = np.asarray(AREA)[rng.integers(0, len(AREA), n)]
    exch = rng.integers(200, 1000, n)
    line = rng.integers(0, 10000, n)
    us = [f"{a}{e:03d}{s:04d}" for a, e, s in zip(area, exch, line, strict=True)]
    # ~8 % foreign (+44 London, +49 Berlin), ~2 % junk or UK numbers written nationally.
    kind = rng.random(n)
    out = []
    for k, num in zip(kind, us, strict=True):
        if k < 0.04:
            out.append("+44 20 " + num[3:7] + " " + num[6:])
        elif k < 0.08:
            out.append("+49 30 " + num[2:])
        elif k < 0.10:
            out.append("020 " + num[3:7] + " " + num[6:])
        else:
            out.append(num)
    return out


def _format_phone(num: str, style: int) -> str:
    if not num[0].isdigit() or num.startswith("020"):
        return num
    a, e, s = num[:3], num[3:6], num[6:]
    return [f"({a}) {e}-{s}", f"{a}.{e}.{s}", f"+1 {a} {e} {s}", f"{a}-{e}-{s}", num][style]


def make_contacts(rows: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    given_pool = GIVEN_EXTRA + _words(rng, 6000, 2)
    family_pool = FAMILY_EXTRA + _words(rng, 60000, 3)
    org_pool = [w + suf for w, suf in zip(_words(rng, 40000, 2),
                                          rng.choice(ORG_SUFFIX, 40000), strict=True)]
    phone_pool = _phone_pool(rng, 600_000)
    u = rng.random(rows)
    source = np.where(u < 0.5, "linkedin", np.where(u < 0.75, "google",
                      np.where(u < 0.9, "outlook", "vcard")))
    rich = u >= 0.6  # Google/Outlook/vCard minus a name-only tenth: 40 % with e-mails/phones
    given = _zipf_pick(rng, given_pool, rows)
    family = _zipf_pick(rng, family_pool, rows).astype(object) + np.asarray(DECOR, dtype=object)[
        rng.integers(0, len(DECOR), rows)]
    org = np.asarray(org_pool, dtype=object)[rng.integers(0, len(org_pool), rows)]
    vcard = source == "vcard"
    full = np.where(vcard, given + " " + family, None)
    n_mail = np.where(rich, rng.integers(1, 4, rows), 0)
    n_tel = np.where(rich, rng.integers(1, 4, rows), 0)
    phone_idx = rng.integers(0, len(phone_pool), rows * 3)
    styles = rng.integers(0, 5, rows * 3)
    emails, phones, urls = [], [], []
    for i in range(rows):
        base = f"{given[i]}.{family[i].split(',')[0]}".lower().replace(" ", "")
        emails.append([f"{base}{j}@example{j}.com" if j else f"{base}@gmail.com"
                       for j in range(n_mail[i])])
        phones.append([_format_phone(phone_pool[phone_idx[3 * i + j]], styles[3 * i + j])
                       for j in range(n_tel[i])])
        urls.append([])
    is_li = source == "linkedin"
    slug_num = rng.integers(0, 10**6, rows)
    linkedin_url = [f"https://www.linkedin.com/in/{g.lower()}-{n}" if li else None
                    for g, n, li in zip(given, slug_num, is_li, strict=True)]
    day, month, year = rng.integers(1, 29, rows), rng.integers(0, 12, rows), \
        rng.integers(2008, 2026, rows)
    connected = [f"{d:02d} {MONTHS[m]} {y}" if li else None
                 for d, m, y, li in zip(day, month, year, is_li, strict=True)]
    bday = [None if s == "linkedin" else f"--{m + 1:02d}{d:02d}" if s == "vcard"
            else f"{m + 1}/{d}/19{y % 100:02d}" if s == "outlook" else f"19{y % 100:02d}-{m + 1:02d}-{d:02d}"
            for s, d, m, y in zip(source, day, month, year - 2000 + 60, strict=True)]
    labels = [["* myContacts", "Friends"] if s == "google" else [] for s in source]
    frame = pl.DataFrame({
        "source": source,
        "source_file": np.where(is_li, "Basic_LinkedInDataExport_12-05-2022.zip!Connections.csv",
                                source + ".export"),
        "source_row": np.arange(rows),
        "full_name": full.tolist(),
        "given_name": np.where(vcard, None, given).tolist(),
        "family_name": np.where(vcard, None, family).tolist(),
        "organization": org.tolist(),
        "emails": pl.Series(emails, dtype=schema.LS),
        "phones": pl.Series(phones, dtype=schema.LS),
        "urls": pl.Series(urls, dtype=schema.LS),
        "linkedin_url": linkedin_url,
        "labels": pl.Series(labels, dtype=schema.LS),
        "birthday": bday,
        "connected_on": connected,
    }, strict=False)
    return schema.conform(frame, schema.CONTACTS_RAW)


def _cpu() -> tuple[float, float]:
    # (this process, finished children = the phone workers): CPU seconds are a fairer figure
    # than wall time when other jobs share the machine.
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _timed(label: str, fn):
    t, (m0, k0) = time.perf_counter(), _cpu()
    out = fn()
    wall, (m1, k1) = time.perf_counter() - t, _cpu()
    print(f"{label:<34} {wall:7.2f} s wall {m1 - m0 + k1 - k0:7.2f} s cpu "
          f"(main {m1 - m0:.2f}, workers {k1 - k0:.2f})", flush=True)
    return out


def main() -> None:
    from pipeline.normalize import emails, orgs, phones, urls
    from pipeline.normalize.dates import birthday, parse_date
    from pipeline.stages.normalize import _names, labels_clean, normalize_records

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--region", default="US")
    ap.add_argument("--only-total", action="store_true")
    ap.add_argument("--cache", help="parquet file to reuse the generated frame from")
    args = ap.parse_args()
    if args.cache and os.path.exists(args.cache):
        raw = pl.read_parquet(args.cache)
    else:
        raw = _timed(f"generate {args.rows:,} rows", lambda: make_contacts(args.rows, args.seed))
        if args.cache:
            raw.write_parquet(args.cache)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    values = raw["phones"].explode(empty_as_null=False, keep_nulls=False)
    n_keys = phones.prekeys(values.unique())["key"].n_unique()
    print(f"phone values {values.len():,} ({values.n_unique():,} distinct), distinct pre-keys "
          f"{n_keys:,}; distinct family names {raw['family_name'].n_unique():,}", flush=True)
    if not args.only_total:
        c = pl.col
        steps = {
            "names (clean, parse, fold)": lambda: _names(raw),
            "emails (keys + invalid)": lambda: emails.normalize_emails(raw["emails"]),
            "phones (pre-key, parse, join)": lambda: phones.normalize_phones(
                raw["phones"], args.region),
            "org_key": lambda: raw.select(orgs.org_key(c("organization"))),
            "linkedin_slug": lambda: raw.select(
                urls.first_linkedin_slug(c("linkedin_url"), c("urls"))),
            "birthday": lambda: raw.select(birthday(c("birthday"))),
            "connected_on_date": lambda: raw.select(parse_date(c("connected_on"))),
            "labels_clean": lambda: labels_clean(raw["labels"]),
        }
        for label, fn in steps.items():
            _timed(label, fn)
    out = _timed("normalize_records (total)",
                 lambda: normalize_records(raw, default_region=args.region))
    print(f"rows out {out.height:,}, distinct record_id {out['record_id'].n_unique():,}, "
          f"with E.164 {out.filter(c_len(out)).height:,}")


def c_len(frame: pl.DataFrame) -> pl.Series:
    return frame["phones_e164"].list.len() > 0


if __name__ == "__main__":
    main()

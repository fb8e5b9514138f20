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
import random
import resource
import time
from urllib.parse import quote

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


def _words(rng: random.Random, n: int, parts: int) -> list[str]:
    return ["".join(rng.choice(SYL) for _ in range(parts)).capitalize() for _ in range(n)]


def _skewed(rng: random.Random, pool: list[str], n: int) -> list[str]:
    # Zipf-like choice: a few values are very common, as with real first names.
    return [pool[min(int(rng.paretovariate(0.3)) - 1, len(pool) - 1)] for _ in range(n)]


def _phone_pool(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        num = f"{rng.choice(AREA)}{rng.randrange(200, 1000):03d}{rng.randrange(10000):04d}"
        # ~8 % foreign (+44 London, +49 Berlin), ~2 % UK numbers written nationally (invalid
        # with region US).
        k = rng.random()
        if k < 0.04:
            num = "+44 20 " + num[3:7] + " " + num[6:]
        elif k < 0.08:
            num = "+49 30 " + num[2:]
        elif k < 0.10:
            num = "020 " + num[3:7] + " " + num[6:]
        out.append(num)
    return out


def _format_phone(num: str, style: int) -> str:
    if not num[0].isdigit() or num.startswith("020"):
        return num
    a, e, s = num[:3], num[3:6], num[6:]
    return [f"({a}) {e}-{s}", f"{a}.{e}.{s}", f"+1 {a} {e} {s}", f"{a}-{e}-{s}", num][style]


def make_contacts(rows: int, seed: int = 7) -> pl.DataFrame:
    rng = random.Random(seed)
    # The non-ASCII and decorated extras sit among the common names, not at the very top.
    given_pool, family_pool = _words(rng, 6000, 2), _words(rng, 60000, 3)
    given_pool[20:20] = GIVEN_EXTRA
    family_pool[20:20] = FAMILY_EXTRA
    org_pool = [w + rng.choice(ORG_SUFFIX) for w in _words(rng, 40000, 2)]
    phone_pool = _phone_pool(rng, 600_000)
    givens, families = _skewed(rng, given_pool, rows), _skewed(rng, family_pool, rows)
    cols: dict[str, list] = {k: [] for k in (
        "source", "source_file", "source_row", "full_name", "given_name", "family_name",
        "organization", "emails", "phones", "urls", "linkedin_url", "labels", "birthday",
        "connected_on")}
    for i in range(rows):
        u = rng.random()
        source = ("linkedin" if u < 0.5 else "google" if u < 0.75 else "outlook" if u < 0.9
                  else "vcard")
        rich = u >= 0.6  # Google/Outlook/vCard minus a name-only tenth: 40 % with e-mails/phones
        given, family = givens[i], families[i] + rng.choice(DECOR)
        day, month, year = rng.randrange(1, 29), rng.randrange(12), rng.randrange(2008, 2026)
        base = f"{given}.{family.split(',')[0]}".lower().replace(" ", "")
        cols["source"].append(source)
        cols["source_file"].append(
            "Basic_LinkedInDataExport_12-05-2022.zip!Connections.csv" if source == "linkedin"
            else source + ".export")
        cols["source_row"].append(i)
        cols["full_name"].append(f"{given} {family}" if source == "vcard" else None)
        cols["given_name"].append(None if source == "vcard" else given)
        cols["family_name"].append(None if source == "vcard" else family)
        cols["organization"].append(rng.choice(org_pool))
        cols["emails"].append([f"{base}{j}@example{j}.com" if j else f"{base}@gmail.com"
                               for j in range(rng.randrange(1, 4) if rich else 0)])
        cols["phones"].append([_format_phone(rng.choice(phone_pool), rng.randrange(5))
                               for _ in range(rng.randrange(1, 4) if rich else 0)])
        cols["urls"].append([])
        # Real slugs: lower case, hyphens, non-ASCII letters percent-encoded (`%C5%82ukasz`).
        slug = quote(given.lower().replace(" ", "-").replace(".", ""))
        cols["linkedin_url"].append(
            f"https://www.linkedin.com/in/{slug}-{rng.randrange(10**6)}"
            if source == "linkedin" else None)
        cols["labels"].append(["* myContacts", "Friends"] if source == "google" else [])
        cols["birthday"].append(
            None if source == "linkedin" else f"--{month + 1:02d}{day:02d}" if source == "vcard"
            else f"{month + 1}/{day}/19{year % 100:02d}" if source == "outlook"
            else f"19{year % 100:02d}-{month + 1:02d}-{day:02d}")
        cols["connected_on"].append(
            f"{day:02d} {MONTHS[month]} {year}" if source == "linkedin" else None)
    frame = pl.DataFrame(cols, schema_overrides={
        "emails": schema.LS, "phones": schema.LS, "urls": schema.LS, "labels": schema.LS})
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
    from pipeline.normalize.record_names import name_columns
    from pipeline.normalize.typed_names import numbers_typed
    from pipeline.stages.normalize import labels_clean, normalize_records

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
            "names (clean, parse, fold)": lambda: name_columns(raw, numbers_typed(raw)),
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

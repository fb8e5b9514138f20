"""gen6: a sixth, independently written contact-export generator (written blind, see docs/gen6.md).

One owner's export folder: LinkedIn Connections.csv, a Google CSV, an iPhone vCard 3.0,
an old Android phone's vCard 2.1, an Outlook desktop CSV and a CRM export, plus a truth
file (record -> person) and a people-truth file (traits per person).

    python -m bench.gen6 --people 2000 --seed 1 --out DIR --truth truth.csv \\
        [--people-truth people.jsonl] [--records N]
"""

from __future__ import annotations

import random
from pathlib import Path

try:  # run as `python -m bench.gen6` or imported from bench/ on sys.path (tests)
    from bench import gen6_write as W
    from bench.gen6_cast import make_people
    from bench.gen6_people import Person
    from bench.gen6_render import choose_emails, choose_phones, render_name
except ImportError:
    import gen6_write as W
    from gen6_cast import make_people
    from gen6_people import Person
    from gen6_render import choose_emails, choose_phones, render_name

RECORDS_PER_PERSON = 2.03  # measured at seed 1: 4,008 rows of 2,000 people, 40,592 of 20,000
USER_LABELS = ["Family", "Work", "Book club", "Soccer parents", "Old job", "College"]
NOTES = ["", "", "", "", "met at conference", "Sam's soccer team",
         "call before 6pm\nprefers text", "referral from Jo"]
SOURCES = ("linkedin", "apple", "android", "google", "outlook", "crm")


def sources_for(p: Person, rng: random.Random) -> list[tuple[str, bool]]:
    """Which exports hold this person, and whether that copy is old (maiden name, old job)."""
    worker = bool(p.jobs)
    rates = {"linkedin": 0.55 if worker else 0.2, "apple": 0.5, "android": 0.2,
             "google": 0.42, "outlook": 0.2 if worker else 0.03, "crm": 0.1}
    if "household" in p.traits:
        rates["apple"], rates["linkedin"] = 0.7, rates["linkedin"] * 0.6
    out = [(s, s == "android" or (s == "outlook" and rng.random() < 0.4) or rng.random() < 0.08)
           for s in SOURCES if rng.random() < rates[s]]
    if not out:
        out = [(rng.choice(["apple", "linkedin", "google"]), False)]
    for s in ("apple", "google"):  # the same person entered twice in one book
        if any(x == s for x, _ in out) and rng.random() < 0.04:
            out.append((s, True))
    return out


def build_record(p: Person, src: str, old: bool, rng: random.Random) -> dict:
    name = render_name(p, src, rng, old)
    emails, etags = choose_emails(p, src, rng, old)
    phones, ptags = choose_phones(p, src, rng)
    job = None
    if p.jobs:
        job = p.jobs[-2] if old and len(p.jobs) > 1 else p.jobs[-1]
    org = title = ""
    if job and (src in ("linkedin", "outlook") or rng.random() < 0.6):
        org = rng.choice(job[0].names)
        title = job[1] if src in ("linkedin", "outlook") or rng.random() < 0.5 else ""
    if org and rng.random() < 0.02:
        org = org.upper()
    b = p.bday if p.bday and src in ("apple", "google", "outlook", "android") and rng.random() < 0.6 else None
    web = bool(p.slug) and src in ("apple", "google") and rng.random() < 0.08
    labels = [rng.choice(USER_LABELS)] if src in ("google", "outlook") and rng.random() < 0.25 else []
    return {"pid": p.pid, "name": name, "emails": emails, "phones": phones, "org": org,
            "title": title, "bday": b, "slug": p.slug if src == "linkedin" or web else "",
            "web": web, "labels": labels, "note": rng.choice(NOTES) if src != "crm" else "",
            "address": p.address if src in ("apple", "google", "outlook") and rng.random() < 0.5 else None,
            "nick_android": p.nick if src == "android" and p.nick and rng.random() < 0.3 else "",
            "connected": (rng.randint(2012, 2026), rng.randint(1, 12), rng.randint(1, 28)),
            "tags": name["tags"] + etags + ptags, "src": src}


def generate(n: int, seed: int, out, truth_path, people_truth=None):
    """Writes the exports into `out` (only what kith should read), the truth (one row per
    written record: source_file, source_row from 0, person_key, kind, source, quirks) to
    `truth_path`, and one row per person with the traits that explain errors to `people_truth`."""
    import polars as pl

    rng = random.Random(seed)
    people = make_people(n, rng)
    per_src: dict[str, list[dict]] = {s: [] for s in SOURCES}
    for p in people:
        for src, old in sources_for(p, rng):
            per_src[src].append(build_record(p, src, old, rng))
    li = per_src["linkedin"]
    for k in range(max(1, len(li) // 60)):  # deleted members: a date and nothing else
        li.append({"pid": f"ghost{k:05d}", "ghost": True, "tags": ["linkedin_ghost"],
                   "src": "linkedin",
                   "connected": (rng.randint(2012, 2026), rng.randint(1, 12), rng.randint(1, 28))})
    for recs in per_src.values():
        rng.shuffle(recs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [(W.write_linkedin(li, out, rng), li),
               (W.write_google(per_src["google"], out, rng), per_src["google"]),
               (W.write_apple(per_src["apple"], out, rng, "iCloud vCards.vcf"), per_src["apple"]),
               (W.write_android(per_src["android"], out, rng), per_src["android"]),
               (W.write_outlook(per_src["outlook"], out, rng), per_src["outlook"]),
               (W.write_crm(per_src["crm"], out, rng), per_src["crm"])]
    rows = [(f, i, pid, "contact", rec["src"], ",".join(rec["tags"]))
            for truth, recs in written for (f, i, pid), rec in zip(truth, recs, strict=True)]
    frame = pl.DataFrame(rows, schema=["source_file", "source_row", "person_key", "kind",
                                       "source", "quirks"], orient="row")
    Path(truth_path).parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(truth_path)
    if people_truth is not None:
        counts = frame.group_by("person_key").len()
        n_of = dict(zip(counts["person_key"], counts["len"], strict=True))
        pl.DataFrame([person_row(p, n_of.get(p.pid, 0)) for p in people]).write_parquet(people_truth)
    return frame


TRAITS = ("household", "shared_landline", "family_mailbox", "married_name", "goes_by_nickname",
          "adopted_english_name", "role_email", "changed_employer", "junior_namesake")


def person_row(p: Person, n_records: int) -> dict:
    row = {"person_key": p.pid, "culture": p.culture, "sex": p.sex, "decade": p.decade,
           "region": p.region, "household_id": p.household, "n_records": n_records}
    row.update({t: t in p.traits for t in TRAITS})
    return row


def main(argv: list[str] | None = None) -> None:
    from bench.generator_cli import main as cli  # run as `python -m bench.gen6`

    cli(generate, "python -m bench.gen6", __doc__, argv, records_per_person=RECORDS_PER_PERSON)


if __name__ == "__main__":
    main()

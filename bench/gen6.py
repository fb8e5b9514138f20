"""gen6: a sixth, independently written contact-export generator (written blind, see docs/gen6.md).

One owner's export folder: LinkedIn Connections.csv, a Google CSV, an iPhone vCard 3.0,
an old Android phone's vCard 2.1, an Outlook desktop CSV and a CRM export, plus a truth
file (record -> person) and a people-truth file (traits per person).

    python -m bench.gen6 --people 2000 --seed 1 --out DIR --truth truth.csv \\
        [--people-truth people.jsonl] [--records N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from bench import gen6_write as W
from bench.gen6_cast import make_people
from bench.gen6_people import Person
from bench.gen6_render import choose_emails, choose_phones, render_name

RECORDS_PER_PERSON = 1.85  # measured on this generator (seed 1, 2,000 people)
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


def generate(n_people: int, seed: int, out: Path) -> tuple[list[tuple], list[dict]]:
    rng = random.Random(seed)
    people = make_people(n_people, rng)
    per_src: dict[str, list[dict]] = {s: [] for s in SOURCES}
    tags: dict[str, list[str]] = {p.pid: [] for p in people}
    for p in people:
        for src, old in sources_for(p, rng):
            rec = build_record(p, src, old, rng)
            per_src[src].append(rec)
            tags[p.pid] += [f"{src}:{t}" for t in rec["tags"]]
    li = per_src["linkedin"]
    for k in range(max(1, len(li) // 60)):  # deleted members: a date and nothing else
        li.append({"pid": f"ghost{k:05d}", "ghost": True,
                   "connected": (rng.randint(2012, 2026), rng.randint(1, 12), rng.randint(1, 28))})
    for recs in per_src.values():
        rng.shuffle(recs)
    out.mkdir(parents=True, exist_ok=True)
    truth = W.write_linkedin(li, out, rng) + W.write_google(per_src["google"], out, rng)
    truth += W.write_apple(per_src["apple"], out, rng, "iCloud vCards.vcf")
    truth += W.write_android(per_src["android"], out, rng)
    truth += W.write_outlook(per_src["outlook"], out, rng)
    truth += W.write_crm(per_src["crm"], out, rng)
    ptruth = []
    counts: dict[str, int] = {}
    for _, _, pid in truth:
        counts[pid] = counts.get(pid, 0) + 1
    for p in people:
        ptruth.append({"person": p.pid, "culture": p.culture, "sex": p.sex, "decade": p.decade,
                       "region": p.region, "household": p.household, "traits": p.traits,
                       "n_records": counts.get(p.pid, 0), "record_quirks": sorted(set(tags[p.pid]))})
    for rec in li:
        if rec.get("ghost"):
            ptruth.append({"person": rec["pid"], "traits": ["linkedin_ghost"], "n_records": 1})
    return truth, ptruth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.gen6", description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int)
    ap.add_argument("--records", type=int, help="aim at about this many records instead")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--people-truth", type=Path)
    a = ap.parse_args(argv)
    if not a.people and not a.records:
        ap.error("give --people or --records")
    n = a.people or max(1, round(a.records / RECORDS_PER_PERSON))
    truth, ptruth = generate(n, a.seed, a.out)
    a.truth.parent.mkdir(parents=True, exist_ok=True)
    with a.truth.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["source_file", "source_row", "person"])
        w.writerows(truth)
    if a.people_truth:
        with a.people_truth.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in ptruth)
    print(f"gen6: {n} people, {len(truth)} records in {a.out}")


if __name__ == "__main__":
    main()

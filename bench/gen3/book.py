"""One address book: who appears in which export, how often, in what order, and the truth.

A person appears in 1-4 of the four sources (most in one or two); a phone sometimes holds two
cards for one person; LinkedIn has ghost rows (only a date) and some cards and rows carry no
name at all. Rows are shuffled inside each file so file order says nothing about identity.
"""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl

from . import writers
from .names import NamePools
from .people import Person, build
from .render import GOOGLE, LINKEDIN, OUTLOOK, VCARD, Record, render, strip_name

_SOURCES = (LINKEDIN, GOOGLE, VCARD, OUTLOOK)
_SOURCE_WEIGHT = (0.55, 0.6, 0.5, 0.35)
_FILES = {LINKEDIN: writers.LINKEDIN_FILE, GOOGLE: writers.GOOGLE_FILE,
          VCARD: writers.VCARD_FILE, OUTLOOK: writers.OUTLOOK_FILE}


def _sources(rng: random.Random) -> list[str]:
    k = rng.choices((1, 2, 3, 4), (45, 30, 17, 8))[0]
    chosen: list[str] = []
    while len(chosen) < k:  # weighted draw without replacement
        s = rng.choices(_SOURCES, _SOURCE_WEIGHT)[0]
        if s not in chosen:
            chosen.append(s)
    return chosen


def _records(rng: random.Random, people: list[Person]) -> dict[str, list[Record]]:
    by_src: dict[str, list[Record]] = {s: [] for s in _SOURCES}
    for p in people:
        for src in _sources(rng):
            r = render(rng, p, src)
            if src in (VCARD, GOOGLE) and (r.emails or r.phones) and rng.random() < 0.02:
                strip_name(r)
            by_src[src].append(r)
            if src == VCARD and rng.random() < 0.05:  # a second card for the same person
                extra = render(rng, p, src)
                extra.quirks.append("second_card")
                by_src[src].append(extra)
            elif src == GOOGLE and rng.random() < 0.02:
                extra = render(rng, p, src)
                extra.quirks.append("second_card")
                by_src[src].append(extra)
    n_ghost = round(len(by_src[LINKEDIN]) * 0.02)
    for i in range(n_ghost):  # deleted or hidden members: only the date survives
        ghost = Record(f"ghost{i:05d}", LINKEDIN, quirks=["ghost"])
        ghost.connected = rng.choice(by_src[LINKEDIN]).connected if by_src[LINKEDIN] else ""
        by_src[LINKEDIN].append(ghost)
    for recs in by_src.values():
        rng.shuffle(recs)
    return by_src


def generate(people: int, seed: int, out: Path, truth: Path,
             people_truth: Path | None = None) -> pl.DataFrame:
    """Writes the four exports into `out` and the truth (one row per written record) to
    `truth`; returns the truth."""
    rng = random.Random(seed * 31 + 7)
    persons, _ = build(people, seed, NamePools(seed))
    by_src = _records(rng, persons)
    out.mkdir(parents=True, exist_ok=True)
    writers.linkedin(out / writers.LINKEDIN_FILE, by_src[LINKEDIN])
    writers.google(out / writers.GOOGLE_FILE, by_src[GOOGLE], rng)
    writers.vcard(out / writers.VCARD_FILE, by_src[VCARD])
    writers.outlook(out / writers.OUTLOOK_FILE, by_src[OUTLOOK])
    rows = [{"source_file": _FILES[src], "source_row": k, "person_key": r.pid,
             "kind": "contact", "source": src, "quirks": ",".join(r.quirks)}
            for src in _SOURCES for k, r in enumerate(by_src[src])]
    t = pl.DataFrame(rows, schema={"source_file": pl.String, "source_row": pl.Int64,
                                   "person_key": pl.String, "kind": pl.String,
                                   "source": pl.String, "quirks": pl.String})
    truth.parent.mkdir(parents=True, exist_ok=True)
    t.write_parquet(truth)
    if people_truth is not None:
        _people_frame(persons).write_parquet(people_truth)
    return t


def _people_frame(persons: list[Person]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"person_key": p.pid, "locale": p.loc, "household": p.household,
          "namesake_of": p.namesake_of, "has_maiden": bool(p.maiden), "has_pref": bool(p.pref),
          "adopted": bool(p.adopted), "job_change": p.old_company is not None}
         for p in persons])

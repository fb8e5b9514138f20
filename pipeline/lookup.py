"""Finding a person from what the user types: a person id, a record id, or a name.

Names are matched fuzzily; when several people fit about equally well the lookup refuses to
guess and lists them (the CLI exits 2).
"""

from __future__ import annotations

import polars as pl
from anyascii import anyascii
from rapidfuzz import fuzz, process


class LookupError_(Exception):
    """No person matches (message says so)."""


class AmbiguousError(Exception):
    def __init__(self, query: str, candidates: list[tuple[str, str]]):
        self.query = query
        self.candidates = candidates
        listed = "; ".join(f"{name} ({pid})" for pid, name in candidates)
        super().__init__(f"'{query}' matches several people: {listed}. Use a person id.")


def _fold(s: str) -> str:
    return " ".join(anyascii(s).lower().split())


def find_person(people: pl.DataFrame, query: str) -> dict:
    """The people row (as a dict) the query names."""
    q = query.strip()
    if q.startswith("p_"):
        hit = people.filter(pl.col("person_id") == q)
        if hit.height:
            return hit.row(0, named=True)
    if q.startswith("r_"):
        hit = people.filter(pl.col("record_ids").list.contains(q))
        if hit.height:
            return hit.row(0, named=True)
    if q.startswith(("p_", "r_")):
        raise LookupError_(f"No person with id {q}.")
    names = people["display_name"].fill_null("").to_list()
    folded = [_fold(n) for n in names]
    target = _fold(q)
    exact = [i for i, n in enumerate(folded) if n == target]
    if len(exact) == 1:
        return people.row(exact[0], named=True)
    if len(exact) > 1:
        raise AmbiguousError(q, [(people["person_id"][i], names[i]) for i in exact[:10]])
    scored = process.extract(target, folded, scorer=fuzz.WRatio, limit=10, score_cutoff=80)
    if not scored:
        raise LookupError_(f"No person matches '{q}'.")
    best = scored[0][1]
    close = [s for s in scored if s[1] >= best - 3]
    if len(close) > 1:
        raise AmbiguousError(q, [(people["person_id"][i], names[i]) for _, _, i in close])
    return people.row(scored[0][2], named=True)

"""Finding a person from what the user types: a person id, a record id, or a name.

Names are matched fuzzily; when several people fit about equally well the lookup refuses to
guess and lists them (the CLI exits 2).
"""

from __future__ import annotations

import polars as pl
from anyascii import anyascii
from rapidfuzz import fuzz, process

from pipeline.errors import UsageProblem


class LookupError_(UsageProblem):
    """No person matches (message says so)."""


class AmbiguousError(UsageProblem):
    def __init__(self, query: str, candidates: list[tuple[str, str]]):
        self.query = query
        self.candidates = candidates
        listed = "; ".join(f"{name} ({pid})" for pid, name in candidates)
        super().__init__(f"'{query}' matches several people: {listed}. Use a person id.")

    def __reduce__(self):
        return (type(self), (self.query, self.candidates))


def _fold(s: str) -> str:
    return " ".join(anyascii(s).lower().split())


def find_person(people: pl.DataFrame, query: str, records: pl.DataFrame | None = None) -> dict:
    """The people row (as a dict) the query names: a person id, a record id, or a name as any
    of the person's records spells it ("Bill O'Brien" finds the person shown as William)."""
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
    names = people.select("person_id", pl.col("display_name").fill_null(""))
    if records is not None and "display_name" in records.columns:
        names = pl.concat([names, records.select("person_id", pl.col("display_name").fill_null(""))])
    names = names.unique(maintain_order=True)
    pids = names["person_id"].to_list()
    folded = [_fold(n) for n in names["display_name"].to_list()]
    shown = dict(zip(people["person_id"].to_list(), people["display_name"].to_list(), strict=True))
    target = _fold(q)

    def pick(ids: list[str]) -> dict:
        unique = list(dict.fromkeys(ids))
        if len(unique) > 1:
            raise AmbiguousError(q, [(pid, shown.get(pid) or "") for pid in unique[:10]])
        return people.filter(pl.col("person_id") == unique[0]).row(0, named=True)

    exact = [pids[i] for i, n in enumerate(folded) if n == target]
    if exact:
        return pick(exact)
    scored = process.extract(target, folded, scorer=fuzz.WRatio, limit=20, score_cutoff=80)
    if not scored:
        raise LookupError_(f"No person matches '{q}'.")
    best = scored[0][1]
    return pick([pids[i] for _, sc, i in scored if sc >= best - 3])

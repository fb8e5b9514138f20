"""Finding a person from what the user types: a person id, a record id, or a name.

Names are matched fuzzily; when several people fit about equally well the lookup refuses to
guess and lists them (the CLI exits 2).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from anyascii import anyascii
from rapidfuzz import fuzz, process

from pipeline.errors import UsageProblem
from pipeline.normalize.unnamed import typed_contact
from pipeline.notes.cells import typed_id
from pipeline.textio import one_line


class LookupError_(UsageProblem):
    """No person matches (message says so); `pid` is the id asked for, when it was one."""

    def __init__(self, message: str, pid: str | None = None):
        super().__init__(message)
        self.pid = pid

    def __reduce__(self):
        return (type(self), (str(self), self.pid))


class AmbiguousError(UsageProblem):
    """`candidates`: (person id, shown name, what tells them apart: organisation, city,
    sources; never an address or a number, which this message may put in a log)."""

    def __init__(self, query: str, candidates: list[tuple[str, str, str]]):
        self.query = query
        self.candidates = candidates
        listed = "; ".join(f"{name} ({pid}{', ' + about if about else ''})"
                           for pid, name, about in candidates)
        super().__init__(f"'{query}' matches several people: {listed}. Use a person id.")

    def __reduce__(self):
        return (type(self), (self.query, self.candidates))


def fold(s: str) -> str:
    """A name as compared: ASCII, lower case, single spaces."""
    return " ".join(anyascii(s).lower().split())


def find_person(people: pl.DataFrame, query: str, records: pl.DataFrame | None = None,
                fuzzy: bool = True) -> dict:
    """The people row (as a dict) the query names: a person id, a record id, or a name as any
    of the person's records spells it ("Bill O'Brien" finds the person shown as William).
    `fuzzy=False`: a name only as written (case, accents and spacing aside)."""
    q = typed_id(query)  # P_7130ADCA9D1AFC44 too; a name is only trimmed
    if q.startswith("p_"):
        hit = people.filter(pl.col("person_id") == q)
        if hit.height:
            return hit.row(0, named=True)
    if q.startswith("r_"):
        hit = people.filter(pl.col("record_ids").list.contains(q))
        if hit.height:
            return hit.row(0, named=True)
    if q.startswith(("p_", "r_")):
        raise LookupError_(f"No person with id {q}.", q)
    names = people.select("person_id", pl.col("display_name").fill_null(""))
    if records is not None and "display_name" in records.columns:
        names = pl.concat([names, records.select("person_id", pl.col("display_name").fill_null(""))])
    names = names.unique(maintain_order=True)
    pids = names["person_id"].to_list()
    folded = [fold(n) for n in names["display_name"].to_list()]
    target = fold(q)

    def pick(ids: list[str]) -> dict:
        unique = list(dict.fromkeys(ids))
        if len(unique) > 1:
            raise AmbiguousError(q, _told_apart(people, unique[:10]))
        return people.filter(pl.col("person_id") == unique[0]).row(0, named=True)

    exact = [pids[i] for i, n in enumerate(folded) if n == target]
    if exact:
        return pick(exact)
    owners = _owners_of(people, q)
    if owners:
        return pick(owners)
    if not fuzzy:
        raise LookupError_(f"No person is named '{q}'.")
    scored = process.extract(target, folded, scorer=fuzz.WRatio, limit=20, score_cutoff=80)
    if not scored:
        raise LookupError_(f"No person matches '{q}'.")
    best = scored[0][1]
    return pick([pids[i] for _, sc, i in scored if sc >= best - 3])


def _owners_of(people: pl.DataFrame, query: str) -> list[str]:
    """The people whose own phone or e-mail the query is (unnamed.typed_contact): a card named
    by its number is shown as "(no name; phone ending 96)", and the number still finds it. A
    national form matches the E.164 one it ends ("06 12 .." is +33 6 12 ..)."""
    typed = typed_contact(query)
    if typed is None:
        return []
    kind, value = typed
    if kind == "email":
        found = people.filter(pl.col("emails").list.eval(pl.element().str.to_lowercase())
                              .list.contains(value))
    else:
        national = value.lstrip("0")
        if len(national) < 7:
            return []
        found = people.filter(pl.col("phones").list.eval(
            pl.element().str.replace_all(r"\D", "").str.ends_with(national)).list.any())
    return found["person_id"].to_list()


def _told_apart(people: pl.DataFrame, pids: list[str]) -> list[tuple[str, str, str]]:
    """(id, shown name, "organisation, city, sources") of each person, in `pids` order:
    two Ann Lees are told apart by where they work and live and where kith found them."""
    rows = {r["person_id"]: r for r in people.filter(pl.col("person_id").is_in(pids))
            .iter_rows(named=True)}
    out = []
    for pid in pids:
        row = rows.get(pid, {})
        about = [one_line(row.get(c)) for c in ("organization", "city")]
        sources = row.get("sources")
        if sources:
            about.append("from " + " and ".join(sources))
        out.append((pid, one_line(row.get("display_name")),
                    ", ".join(a for a in about if a)))
    return out


def lineages(out: Path) -> list[Path]:
    """The lineage files of the output folder's kept runs (`keep_runs`), the current run's
    first, then the older ones newest first: a merge of four nights ago is in one of them."""
    current = (out / "current").resolve()
    runs = sorted((p for p in (out / "runs").iterdir() if p.is_dir()), reverse=True) \
        if (out / "runs").is_dir() else []
    ordered = [current, *(r for r in runs if r.resolve() != current)]
    return [r / "stages" / "dedupe" / "lineage.parquet" for r in ordered]


def merged_into(pid: str, lineage: Path | list[Path], notes: pl.DataFrame | None,
                ledger: pl.DataFrame | None) -> str | None:
    """The id a merge took `pid` into, when something names one: a kept run's lineage
    (stages/dedupe/lineage.parquet; `lineages`), a notes row flagged "merged from <pid>:
    review", or a ledger entry re-keyed from it (kith_from). One hop; the caller follows
    later merges."""
    for path in [lineage] if isinstance(lineage, Path) else lineage:
        if not path.exists():
            continue
        hit = pl.scan_parquet(path).filter(
            (pl.col("previous_person_id") == pid) & (pl.col("person_id") != pid)
            & pl.col("change").is_in(["merged", "same"])).select("person_id").collect()
        if hit.height:
            return hit["person_id"][0]
    if notes is not None and notes.height:
        flagged = notes.filter(pl.col("kith_flag").fill_null("").str.contains(
            f"merged from {pid}: review", literal=True))
        if flagged.height:
            return flagged["person_id"][0]
    if ledger is not None and "kith_from" in ledger.columns and ledger.height:
        moved = ledger.filter(pl.col("kith_from").fill_null("").str.split("; ")
                              .list.contains(pid))
        if moved.height:
            return moved["person_id"][0]
    return None


def successor(pid: str, alive, step) -> str | None:
    """Follow `step` (merged_into with its sources) from `pid` to an id `alive` holds, through
    later merges (a few hops); None when the chain ends with nobody alive."""
    seen = {pid}
    for _ in range(8):
        nxt = step(pid)
        if nxt is None or nxt in seen:
            return None
        if alive(nxt):
            return nxt
        seen.add(nxt)
        pid = nxt
    return None


def gone_id_message(out: Path, pid: str, people: pl.DataFrame,
                    notes_path: Path | None = None) -> str:
    """"No person with id X." and, when a merge took X into someone, who: a command given an
    outdated id names the survivor instead of acting on them unasked."""
    from pipeline.notes import ledger as ledger_mod
    from pipeline.notes import notes_file

    notes = ledger = None
    if notes_path is not None and notes_path.exists():
        notes = notes_file.load_notes(notes_path)
        path = ledger_mod.ledger_path(notes_path)
        ledger = ledger_mod.load_ledger(path) if path.exists() else None
    kept = lineages(out)
    ids = set(people["person_id"].to_list())
    found = successor(pid, ids.__contains__, lambda p: merged_into(p, kept, notes, ledger))
    if found is None:
        return f"No person with id {pid}."
    name = people.filter(pl.col("person_id") == found)["display_name"][0] or found
    return f"No person with id {pid}: it was merged into {name} ({found}); use that id."

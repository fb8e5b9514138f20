"""people.build's chosen values, person by person, against the rules written out in plain
Python: organisation, title and LinkedIn URL from the best-ranked record that has one (ties on
the smaller record id), the record each came from, the sorted distinct sources, the record ids
in order, the first birthday with a year else the first without, the record count.

Session 24 (fast8) builds these without per-group gets, sorts or unique-sorts (the best row's
columns gathered from the flat frame, sources as a bit mask over the few source names there
are: ~2 CPU-s of a million-record run); the properties hold the branch to main's rules. The
test of the mask's fallback (more than eight source names) fails on main, which has no
people._source_names."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.dedupe import people

SOURCES = (*schema.SOURCES, "x1", "x2", "x3", "x4")  # up to ten names: both ways of _sources
VALUES = st.sampled_from([None, "", "Acme", "Bolt Co", "Ann Lee"])
RECORD = st.fixed_dictionaries({
    "person": st.integers(0, 4), "source": st.sampled_from(SOURCES),
    "organization": VALUES, "org_key": st.sampled_from([None, "acme", "bolt"]),
    "title": VALUES, "linkedin_slug": st.sampled_from([None, "ann-lee", "bo"]),
    "year": st.sampled_from([None, 1980, 1999]), "month": st.sampled_from([None, 2, 11]),
    "day": st.sampled_from([None, 7]),
})


def _records(rows: list[dict], ids: list[int]) -> pl.DataFrame:
    frame = pl.DataFrame({
        "record_id": [f"r_{i:03d}" for i in ids],
        "person_id": [f"p_{r['person']}" for r in rows],
        "source": [r["source"] for r in rows],
        "organization": [r["organization"] for r in rows],
        "org_key": [r["org_key"] for r in rows],
        "title": [r["title"] for r in rows],
        "linkedin_slug": [r["linkedin_slug"] for r in rows],
        "birthday_year": [r["year"] for r in rows],
        "birthday_month": [r["month"] for r in rows],
        "birthday_day": [r["day"] for r in rows],
    }, schema_overrides={"birthday_year": pl.Int32, "birthday_month": pl.Int32,
                         "birthday_day": pl.Int32, "organization": pl.String,
                         "org_key": pl.String, "title": pl.String, "linkedin_slug": pl.String})
    return schema.conform(frame, schema.RECORDS)


def _best(recs: list[dict], value: str) -> dict | None:
    """The record the rules pick `value` from: having it first, then the job order, then
    the smaller record id (recs in record id order)."""
    def key(r):
        has = r[value] is not None and r[value] != ""
        order = people.JOB_ORDER
        return (not has, order.index(r["source"]) if r["source"] in order else len(order))
    return min(recs, key=key)


def _birthday(r: dict) -> str | None:
    if r["month"] is None or r["day"] is None:
        return None
    year = "-" if r["year"] is None else f"{r['year']:04d}"
    return f"{year}-{r['month']:02d}-{r['day']:02d}"


def _expected(recs: list[dict]) -> dict:
    for r in recs:
        r["url"] = None if r["linkedin_slug"] is None else \
            "https://www.linkedin.com/in/" + r["linkedin_slug"]
    org, title, url = _best(recs, "organization"), _best(recs, "title"), _best(recs, "url")
    has = lambda r, v: r[v] is not None and r[v] != ""  # noqa: E731
    dated = [_birthday(r) for r in recs if r["year"] is not None and _birthday(r)]
    undated = [_birthday(r) for r in recs if _birthday(r)]
    return {
        "organization": org["organization"], "org_key": org["org_key"],
        "organization_record": org["id"] if has(org, "organization") else None,
        "title": title["title"], "title_record": title["id"] if has(title, "title") else None,
        "linkedin_url": url["url"], "linkedin_slug": url["linkedin_slug"],
        "linkedin_url_record": url["id"] if has(url, "url") else None,
        "sources": sorted({r["source"] for r in recs}),
        "record_ids": [r["id"] for r in recs], "record_count": len(recs),
        "birthday": (dated or undated or [None])[0],
    }


@settings(max_examples=80, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_each_person_reads_the_rules_for_their_own_records(rows, rnd):
    ids = list(range(len(rows)))
    rnd.shuffle(ids)  # record ids out of row order: build sorts them
    built = people.build(_records(rows, ids))
    for r, i in zip(rows, ids, strict=True):
        r["id"] = f"r_{i:03d}"
    by_person: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: r["id"]):
        by_person.setdefault(f"p_{r['person']}", []).append(r)
    assert built["person_id"].to_list() == sorted(by_person)
    columns = list(_expected(by_person[built["person_id"][0]]))
    for got in built.select("person_id", *columns).iter_rows(named=True):
        assert {c: got[c] for c in columns} == _expected(by_person[got["person_id"]])


def test_many_source_names_are_collected_by_value():
    many = [f"s{i}" for i in range(9)]
    rows = [{"person": i % 2, "source": s, "organization": None, "org_key": None,
             "title": None, "linkedin_slug": None, "year": None, "month": None, "day": None}
            for i, s in enumerate(many)]
    recs = _records(rows, list(range(len(rows))))
    assert people._source_names(recs) is None  # nine names: no bit mask of eight bits
    assert people._source_names(recs.head(8)) == sorted(many[:8])
    built = people.build(recs)
    assert built["sources"].to_list() == [sorted(many[0::2]), sorted(many[1::2])]

"""A small book's tag and outreach stages run a fixed, small number of polars queries where
they ran one per step (docs/fast12.md): every owner of `kith batch` pays each query ~0.2 ms
of engine overhead whatever its rows. Same results as before."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import polars as pl
import pytest
from polars.lazyframe import engine

from pipeline import schema
from pipeline.enrich import introductions
from pipeline.normalize import fold_series
from pipeline.notes import ledger
from pipeline.tagging import activity, evidence, keywords
from pipeline.worksheets import rows
from tests.test_enrich_introductions import generate

VALUES = ["Senior Recruiter", "Little League coach", "招聘经理", "  Église  ", None, "",
          "recruiting lead", "小学老师", "Nurse Practitioner", "emoji 🎉 teacher", "league"]


@pytest.fixture
def queries(monkeypatch):
    """Counts polars engine calls (every eager op and lazy collect goes through one)."""
    calls = []
    real_collect, real_all = engine._LocalEngine.collect, pl.collect_all

    def collect(eng, *args, **kwargs):
        calls.append("collect")
        return real_collect(eng, *args, **kwargs)

    def collect_all(*args, **kwargs):
        calls.append("collect_all")
        return real_all(*args, **kwargs)

    monkeypatch.setattr(engine._LocalEngine, "collect", collect)
    monkeypatch.setattr(pl, "collect_all", collect_all)
    return calls


def _step_by_step(values: pl.Series, phrases: keywords.Phrases) -> list:
    """The entry each value matches, computed one Python value at a time (the reference)."""
    folded = fold_series(values).to_list()
    raw = {e.strip("*").lower(): e for e in phrases.entries if keywords.is_cjk(e)}
    out = []
    for value, key in zip(values.to_list(), folded, strict=True):
        hit = None
        if phrases.folded_regex and key is not None:
            m = re.search(phrases.folded_regex, key)
            if m:
                entry = next(e for e, rx in phrases.word_regexes if rx.fullmatch(m.group(1)))
                hit = m.group(1) if "*" in entry else entry
        if hit is None and phrases.raw_regex and value is not None:
            text = unicodedata.normalize("NFC", value).strip().lower()
            # leftmost, then longest: the regex alternation's choice
            found = min(((text.find(r), -len(r), r) for r in raw if r in text), default=None)
            hit = raw[found[2]] if found else None
        out.append(hit)
    return out


@pytest.mark.parametrize("entries", [["recruit*", "little league", "league", "招聘", "小学"],
                                     ["nurse practitioner", "eglise"], ["招聘"]])
def test_phrases_match_in_two_queries_with_the_same_entries(queries, entries):
    phrases = keywords.compile_phrases(entries)
    values = pl.Series("title", VALUES, dtype=pl.String)
    folded = fold_series(values)
    queries.clear()
    got = keywords.match_phrases(values, phrases, folded)
    assert len(queries) <= 2, queries
    assert got.name == "title" and got.dtype == pl.String
    assert got.to_list() == _step_by_step(values, phrases)


def test_phrases_known_matches(queries):
    phrases = keywords.compile_phrases(["recruit*", "little league", "league", "招聘"])
    got = keywords.match_phrases(pl.Series("t", VALUES, dtype=pl.String), phrases).to_list()
    assert got[:3] == ["recruiter", "little league", "招聘"]
    assert got[4] is None and got[-1] == "league" and got[-2] is None


def test_no_values_no_entries(queries):
    empty = pl.Series("t", [], dtype=pl.String)
    assert keywords.match_phrases(empty, keywords.compile_phrases(["a"])).to_list() == []
    assert keywords.match_exact(empty, ["a", "招聘"]).dtype == pl.String


def test_exact_matches_in_one_query_after_folding(queries, monkeypatch):
    # folding (normalize._fold, three queries) is counted in normalize's own tests
    values = pl.Series("label", ["Alumni ", "ALUMNI", "招聘", "other", None], dtype=pl.String)
    keywords.match_exact(values, ["alumni", "招聘"])  # fills the entry cache
    folded = fold_series(values)
    monkeypatch.setattr(keywords, "fold_series", lambda v: folded)
    queries.clear()
    got = keywords.match_exact(values, ["alumni", "招聘"])
    assert len(queries) == 1, queries
    assert got.to_list() == ["alumni", "alumni", "招聘", None, None] and got.name == "label"


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, 12, tzinfo=dt.UTC)


def test_interactions_link_in_one_query(queries):
    """Hand-made: Ann by slug, Bo by name, two Cy share a name, the owner (Me) by name and by
    the slug her unlinked named rows carry, one row after the as-of date."""
    records = pl.DataFrame({
        "person_id": ["p1", "p2", "p3", "p4"],
        "linkedin_slug": ["ann", None, None, None],
        "name_key": ["ann a", "bo b", "cy c", "cy c"]})
    rows = [("i1", "ann", None, 1), ("i2", None, "bo b", 2), ("i3", None, "cy c", 3),
            ("i4", "me-1", "me m", 4), ("i5", "me-1", None, 5), ("i6", None, "me m", 6),
            ("i7", "ann", None, 30), ("i8", "zed", "zed z", 7), ("i9", None, None, 8)]
    interactions = pl.DataFrame({
        "interaction_id": [r[0] for r in rows], "kind": ["message"] * len(rows),
        "direction": ["incoming"] * len(rows),
        "occurred_at": pl.Series([_at(r[3]) for r in rows], dtype=pl.Datetime("us", "UTC")),
        "counterpart_slug": [r[1] for r in rows], "counterpart_key": [r[2] for r in rows]})
    queries.clear()
    linked, stats = activity.link(interactions, records, "me m", dt.date(2026, 3, 20))
    assert len(queries) == 1, queries
    assert linked.schema == pl.Schema(activity.LINKED)
    assert linked.select("interaction_id", "person_id").rows() == [("i1", "p1"), ("i2", "p2")]
    assert stats == {"interactions": 9, "interactions_about_owner": 3,
                     "interactions_after_as_of": 1, "interactions_linked_by_slug": 1,
                     "interactions_linked_by_name": 1, "interactions_unmatched": 3,
                     "interactions_unmatched_shared_name": 1}


def test_introductions_of_a_book_without_needs_stop_after_the_needs(queries):
    """Nobody typed a need, has a job-seeking title or wrote that they are looking: the
    needs' keys, functions and words are not computed on nothing."""
    people, _ = generate(3, n_people=40, n_needs=0)
    queries.clear()
    got = introductions.suggest(people, looking=pl.DataFrame(
        {"person_id": ["p0001"], "occurred_on": [dt.date(2026, 3, 1)]}).head(0))
    assert got.height == 0 and got.schema == pl.Schema(introductions.COLUMNS)
    assert len(queries) <= 6, queries  # the live people (2), the title fold (3), the needs (1)


def test_introductions_needs_in_order_typed_titles_then_wrote(queries):
    people, _ = generate(4, n_people=30, n_needs=2)
    people = people.with_columns(
        pl.when(pl.col("person_id") == "p0005").then(pl.lit("Open to work")).otherwise("title")
        .alias("title"))
    looking = pl.DataFrame({"person_id": ["p0007", "p0007", "p0005"],
                            "occurred_on": [dt.date(2026, 3, 2), dt.date(2026, 3, 1),
                                            dt.date(2026, 3, 3)]})
    needs = introductions._needs(people.filter(~pl.col("dnc")), looking)
    typed = people.filter(pl.col("need") != "")["person_id"].to_list()
    assert needs["seeker_id"].to_list()[:len(typed)] == sorted(typed)
    rest = dict(zip(needs["seeker_id"], needs["need"], strict=True))
    assert rest["p0005"] == "a new role (Open to work)"
    assert rest["p0007"].endswith("(wrote on 2026-03-02 that they are looking)")


def test_owner_facts_in_one_query_after_the_name(queries):
    """Hand-made owner.parquet: a profile, a current and a former employer (and the current
    one again as former, and self-employment: neither is a former employer), two e-mails."""
    rows = [("profile", "Ann", "Bell", None, None, None, None),
            ("position", None, None, "Acme Ltd", "acme", None, None),
            ("position", None, None, "Globex", "globex", dt.date(2020, 1, 1), dt.date(2021, 1, 1)),
            ("position", None, None, "Acme", "acme", dt.date(2015, 1, 1), dt.date(2016, 1, 1)),
            ("position", None, None, "Self-employed", "self employed", None, None),
            ("email", None, None, None, None, None, None),
            ("email", None, None, None, None, None, None)]
    owner = pl.DataFrame({
        "source_row": list(range(len(rows))), "kind": [r[0] for r in rows],
        "first_name": [r[1] for r in rows], "last_name": [r[2] for r in rows],
        "organization": [r[3] for r in rows], "org_key": [r[4] for r in rows],
        "started_on": [r[5] for r in rows], "finished_on": [r[6] for r in rows],
        "value": [None] * 5 + [" Ann@Work.example ", "ann@home.example"]})
    owner = schema.conform(owner, schema.OWNER)
    queries.clear()
    facts = evidence.owner_facts(owner, frozenset({"home.example"}), "ann bell")
    assert len(queries) <= 2, queries  # schema.conform's cast, the facts
    assert facts.current.rows() == [("acme", "Acme Ltd")]
    assert facts.former.rows() == [("globex", "Globex")]
    assert facts.email_keys == ("ann@home.example", "ann@work.example")
    assert facts.domains == ("work.example",)
    assert evidence.owner_facts(owner, frozenset()).name_key == facts.name_key


def test_page_lists_in_two_queries(queries):
    """Hand-made: Ann has a reason twice and a listed network without one, Bo an extra
    network, Cy none (untagged); Dee's reason row has no person in people (dropped)."""
    people = pl.DataFrame({"person_id": ["p2", "p1", "p3"],
                           "networks": [["hobby-club"], ["peer", "business"], None]},
                          schema={"person_id": pl.String, "networks": pl.List(pl.String)})
    networks = pl.DataFrame({"person_id": ["p1", "p1", "p1", "p4", "p2"],
                             "network": ["peer", "peer", "peer", "peer", None],
                             "reason": ["works at Acme", "works at Acme", None, "x", "y"]})
    order = pl.DataFrame({"person_id": ["p1", "p2", "p3"]})
    queries.clear()
    members = rows.memberships(people, networks)
    lists = rows.members_by_network(members, order)
    assert len(queries) <= 3, queries  # the members, their network names, the lists
    assert sorted(members.rows()) == [("p1", "business", ""), ("p1", "peer", "works at Acme"),
                                      ("p2", "hobby-club", "")]
    assert list(lists) == [*rows.NETWORK_NAMES, "hobby-club", rows.UNTAGGED]
    assert lists["peer"].rows() == [("p1", "works at Acme")]
    assert lists["hobby-club"].rows() == [("p2", "")]
    assert lists[rows.UNTAGGED].rows() == [("p3", "no network rule matched yet")]
    assert all(lists[n].height == 0 for n in rows.NETWORK_NAMES if n not in ("peer", "business"))


def test_ledger_evidence_in_three_queries(queries):
    """Hand-made: Ann talked after her last interaction, Bo gave before it, Cy's notes row
    has a follow-up, Dee is listed twice in the notes, one entry is after the as-of date and
    one has a problem."""
    from tests.test_ledger import _notes, _people, entries

    as_of = dt.date(2026, 6, 1)
    people = _people(person_id=["a", "b", "c", "d"],
                     last_interaction=[dt.date(2026, 1, 1), dt.date(2026, 5, 1), None, None])
    notes = _notes({"a": None, "b": None, "c": dt.date(2026, 7, 1), "d": None})
    notes = pl.concat([notes, _notes({"d": dt.date(2026, 8, 1)})])
    led = entries(("a", "talked", dt.date(2026, 3, 1)), ("b", "gave", dt.date(2026, 2, 1)),
                  ("a", "talked", dt.date(2026, 9, 1)))
    led = pl.concat([led, entries(("c", "talked", dt.date(2026, 4, 1))).with_columns(
        problem=pl.lit("no readable date"))])
    queries.clear()
    got = ledger.with_evidence(people, notes, led, as_of)
    assert len(queries) <= 3, queries  # the notes' duplicate check, rows saying something, the joins
    assert got["person_id"].to_list() == ["a", "b", "c", "d", "d"]
    assert got["last_interaction"].to_list() == [dt.date(2026, 3, 1), dt.date(2026, 5, 1),
                                                 None, None, None]
    assert got["_logged"].to_list() == [True, True, None, None, None]
    assert got["_typed"].to_list() == [None, None, dt.date(2026, 7, 1), None,
                                       dt.date(2026, 8, 1)]


def test_value_hits_drop_their_misses_in_one_query(queries):
    """The default title rules over a few titles: each rule's hits are the values its
    entries match, and dropping the misses is one query for all rules, not one a rule."""
    from pipeline.tagging import rules as rules_mod

    title_rules = [r for r in rules_mod.load_rules(None).rules if r.kind == "title"]
    distinct = pl.Series("title", sorted(v for v in VALUES if v), dtype=pl.String)
    folded = fold_series(distinct)
    queries.clear()
    got = evidence.value_hits(distinct, "title", title_rules)
    # the fold (at most 3), two a rule matching, one for the misses
    assert len(queries) <= 3 + 2 * len(title_rules) + 1, (len(title_rules), queries)
    assert list(got) == [r.name for r in title_rules] and len(title_rules) >= 2
    for rule in title_rules:
        matched = keywords.match_phrases(distinct, keywords.compile_phrases(rule.match), folded)
        want = [(v, m) for v, m in zip(distinct, matched, strict=True) if m is not None]
        assert got[rule.name].rows() == want and got[rule.name].columns == ["title", "_match"]

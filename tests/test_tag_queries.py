"""Tagging's phrase and exact matchers run a fixed, small number of polars queries whatever
the rule (docs/fast12.md): every owner of `kith batch` pays each query ~0.2 ms of engine
overhead, and tagging matches every rule once per owner. Same entries matched as before."""

from __future__ import annotations

import re
import unicodedata

import polars as pl
import pytest
from polars.lazyframe import engine

from pipeline.normalize import fold_series
from pipeline.tagging import keywords

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

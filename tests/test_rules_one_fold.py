"""A rules file's entries are folded in one polars query, not one per rule (docs/small12.md):
the same rules and the same keys, for a run's fixed cost."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.normalize import fold_series
from pipeline.tagging import keywords, rules


@pytest.fixture
def fresh(monkeypatch):
    """No entry folded or compiled yet (as in a new process), counting fold queries."""
    monkeypatch.setattr(keywords, "_folded", {})
    keywords._compile_phrases.cache_clear()
    calls = []
    real = keywords.fold_series

    def counted(values):
        calls.append(values.len())
        return real(values)

    monkeypatch.setattr(keywords, "fold_series", counted)
    yield calls
    keywords._compile_phrases.cache_clear()


def test_the_default_rules_are_folded_in_one_query(fresh):
    parsed = rules.load_rules(None)
    assert len(fresh) == 1 and fresh[0] > 100
    assert len(parsed.of_kind("organization", "title")) >= 5


def test_the_folded_keys_are_the_ones_each_entry_has_alone(fresh):
    raw = rules.read_toml(rules.DEFAULT_PATH)
    entries = [m.strip().strip("*") for r in raw["rule"] if r["kind"] in ("organization", "title")
               for m in r["match"] if not keywords.is_cjk(m)]
    entries += ["Église Saint-Pierre", "  ", "O'Brien & Söhne"]
    together = keywords.fold_text(entries)
    assert len(fresh) == 1
    for entry, key in zip(entries, together, strict=True):
        assert key == fold_series(pl.Series([entry], dtype=pl.String)).to_list()[0]
    assert together[-3] == "eglise saint pierre" and together[-2] is None


def test_a_bad_rule_is_still_reported_as_before(fresh, tmp_path):
    path = tmp_path / "networks.toml"
    path.write_text('[[rule]]\nname = "a"\nnetwork = "peer"\nkind = "title"\nmatch = ["ok", "*"]\n'
                    '[[rule]]\nname = "b"\nnetwork = "peer"\nkind = "label"\nmatch = ["!!"]\n'
                    '[[rule]]\nname = 3\nkind = ["x"]\nmatch = "y"\n')
    with pytest.raises(rules.RulesError, match=r"rule 1 \('a'\).*'\*' has no letters or digits"):
        rules.load_rules(path)


def test_cjk_is_the_listed_ranges_and_nothing_else():
    def by_ranges(ch: str) -> bool:
        return any(lo <= ord(ch) <= hi for lo, hi in keywords._CJK_RANGES)

    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        assert keywords.is_cjk(ch) == by_ranges(ch), hex(code)
    assert keywords.is_cjk("Acme 株式会社") and not keywords.is_cjk("Acme GmbH")

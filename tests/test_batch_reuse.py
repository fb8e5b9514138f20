"""`kith batch` reuses its worker processes across owners, and what a worker caches (parsed
rules and targets, folded rule entries, compiled templates) is keyed by content: owners with
different rules run one after the other in ONE worker still get exactly what `kith run` gives
each of them alone. The manifest carries each owner's CPU seconds."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from test_batch import AS_OF, assert_same_as_kith_run, cwd, kith, manifest, owner_set_for

from pipeline.tagging import keywords


def _top_labels(ref: Path, oid: str, n: int) -> list[str]:
    """The owner's n most frequent labels (from kith run's records), most frequent first."""
    labels = (pl.read_parquet(ref / oid / "records.parquet").select(pl.col("labels").explode())
              .drop_nulls().group_by("labels").len()
              .sort(["len", "labels"], descending=[True, False]))
    found = labels["labels"].head(n).to_list()
    assert len(found) == n, f"owner {oid} has fewer than {n} labels"
    return found


def _rules(entries: list[str]) -> str:
    quoted = ", ".join(f'"{e}"' for e in entries)
    return ('[[rule]]\nname = "mine"\nnetwork = "peer"\nkind = "label"\n'
            f"match = [{quoted}]\n")


@pytest.fixture(scope="module")
def two_rule_sets(tmp_path_factory):
    """Owners a and b: the same exports (o01's), each with its own label rules (a: the most
    frequent label, b: the second; written in another case, so folding decides), and
    `kith run` of each with its config as the reference."""
    owners_src, ref_src, _ids = owner_set_for(tmp_path_factory)
    base = tmp_path_factory.mktemp("reuse")
    owners, ref = base / "owners", base / "ref"
    first, second = _top_labels(ref_src, "o01", 2)
    for oid, entries in (("a", [first.upper()]), ("b", [second.title(), "no such label"])):
        folder = owners / oid
        shutil.copytree(owners_src / "o01", folder, ignore=shutil.ignore_patterns("kith.toml"))
        (folder / "networks.toml").write_text(_rules(entries))
        (folder / "kith.toml").write_text('[files]\nnetworks = "networks.toml"\n')
        with cwd(base / "cwd" / oid):
            res = kith("run", folder, "--out", ref / oid, "--as-of", AS_OF,
                       "--config", folder / "kith.toml")
        assert res.exit_code == 0, res.output
        shutil.rmtree(folder / "data", ignore_errors=True)  # the notes kith run started
    out = base / "out"
    with cwd(base / "cwd-batch"):
        res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--workers", "1")
    assert res.exit_code == 0, res.output
    return out, ref, (first, second)


def test_one_worker_runs_owners_with_different_rules_as_kith_run_would(two_rule_sets):
    out, ref, (first, second) = two_rule_sets
    for oid in ("a", "b"):
        assert_same_as_kith_run(out, ref, oid)
    reasons = {oid: pl.read_parquet(out / "networks" / f"owner_id={oid}" / "part-0.parquet")
               .filter(pl.col("rule") == "mine")["reason"].to_list() for oid in ("a", "b")}
    # each owner's own rule fired, on its own label: the second owner's rules were not
    # answered from the first owner's cached ones
    assert reasons["a"] and all(first.lower() in r.lower() for r in reasons["a"])
    assert reasons["b"] and all(second.lower() in r.lower() for r in reasons["b"])


def test_manifest_carries_each_owners_cpu_seconds(two_rule_sets):
    out, _ref, _labels = two_rule_sets
    m = manifest(out)
    cpu = [e["cpu_seconds"] for e in m["owners"].values()]
    assert all(c > 0 for c in cpu)
    assert m["summary"]["owner_cpu_seconds"] == pytest.approx(sum(cpu), abs=0.01)


def test_label_entries_are_cached_by_content():
    values = pl.Series(["Book Club", "GYM", "Work", None], dtype=pl.String)
    assert keywords.match_exact(values, ["gym"]).to_list() == [None, "gym", None, None]
    # other entries in the same process: answered from their own fold, not the last one
    assert keywords.match_exact(values, ["book-club", "WORK"]).to_list() == \
        ["book-club", None, "WORK", None]
    assert keywords.match_exact(values, ("gym",)).to_list() == [None, "gym", None, None]
    # the first of two entries that fold alike wins, as it did before the cache
    assert keywords.match_exact(values, ["Gym", "gym"]).to_list() == [None, "Gym", None, None]


def test_role_memo_answers_as_the_classifier_does(monkeypatch):
    """A worker answers titles it has classified before from its memo: the same rows as
    classifying them now, whatever other titles share the call."""
    from polars.testing import assert_frame_equal

    from pipeline.enrich import roles

    monkeypatch.setattr(roles, "_MEMO", {})
    first = pl.Series(["Senior Software Engineer", "CEO", "Directrice d'école", "---", None])
    second = pl.Series(["CEO", "Head of Sales", "Senior Software Engineer", "CEO"])
    for titles in (first, second, pl.concat([first, second])):
        computed = roles._classify(titles.drop_nulls().unique().sort(), None)
        assert_frame_equal(roles.classify(titles), computed)
    assert set(roles._MEMO) == {"Senior Software Engineer", "CEO", "Directrice d'école", "---",
                                "Head of Sales"}
    assert roles._MEMO["---"] == (None, None)  # no letters: no roles, remembered as such
    monkeypatch.setattr(roles, "MEMO_CALL_MAX", 2)  # a big call is computed, not memoised
    roles._MEMO.clear()
    assert_frame_equal(roles.classify(first), roles._classify(
        first.drop_nulls().unique().sort(), None))
    assert roles._MEMO == {}

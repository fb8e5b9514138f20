"""The tag stage's grouped parts (pipeline/batch/grouped_tag.py): a group of owners, two of
them with rules of their own, gives each owner byte for byte what its run alone gives (tables
and worksheets); the rules are matched once per rules file shared by two owners or more; a
failure of the grouped part leaves each owner to its own matching; and matches over a larger
set of values give evidence.rule_rows the rows of its own matching. Also: the group finds each
owner's copies once (dedupe features and the owner's dedupe share them)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline import config as config_mod
from pipeline.batch import TABLES, group, grouped_tag, layout
from pipeline.synth.__main__ import main as synth_main
from pipeline.tagging import evidence, load_rules

AS_OF = dt.date(2025, 12, 1)
ROOT = Path(__file__).resolve().parent.parent
# o2 and o3 share a rules file of their own (one more organisation entry, one rule fewer),
# o4 has another (its own alone in the group); o1 and o5 take the built-in rules
OWN_RULES = {"o2": "extra", "o3": "extra", "o4": "fewer"}


def _rules_text(kind: str) -> str:
    text = (ROOT / "configs" / "networks.toml").read_text()
    if kind == "extra":  # every synth organisation with "Group" in it becomes business
        return text + ('\n[[rule]]\nname = "org-group"\nnetwork = "business"\n'
                       'kind = "organization"\nmatch = ["group", "llc"]\n')
    cut = text.index('name = "label-community"')  # drop the community label rule
    end = text.index("[[rule]]", cut)
    start = text.rindex("[[rule]]", 0, cut)
    return text[:start] + text[end:]


@pytest.fixture(scope="module")
def owners(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("tag-owners")
    for i in range(1, 6):
        folder = base / f"o{i}"
        with contextlib.redirect_stdout(None):
            synth_main(["--people", str(30 + 17 * i), "--seed", str(500 + i), "--out",
                        str(folder), "--sources", "linkedin,google,vcard",
                        "--truth", str(base / f"t{i}.parquet"),
                        "--people-truth", str(base / f"tp{i}.parquet")])
        kind = OWN_RULES.get(folder.name)
        if kind:
            (folder / "networks.toml").write_text(_rules_text(kind))
            (folder / "kith.toml").write_text('[files]\nnetworks = "networks.toml"\n')
    return base


def _jobs(owners: Path, root: Path, ids: list[str]) -> list[layout.OwnerJob]:
    cfg = config_mod.Config()
    return [layout.prepare(owners / oid, root, cfg, AS_OF, "b1") for oid in ids]


def _assert_same(grouped: Path, alone: Path, oid: str) -> None:
    for table in TABLES:
        rel = Path(table) / f"owner_id={oid}" / "part-0.parquet"
        assert (grouped / rel).read_bytes() == (alone / rel).read_bytes(), (oid, table)
    sheets = grouped / "worksheets" / oid
    names = sorted(p.name for p in sheets.iterdir())
    assert names == sorted(p.name for p in (alone / "worksheets" / oid).iterdir())
    for name in names:
        if name.endswith(".csv"):  # the HTML pages carry the time they were made
            assert (sheets / name).read_bytes() == \
                (alone / "worksheets" / oid / name).read_bytes(), (oid, name)


def _alone(owners: Path, base: Path, ids: list[str]) -> dict[str, Path]:
    out = {}
    for oid in ids:
        out[oid] = base / f"alone-{oid}"
        res = group.run_group(_jobs(owners, out[oid], [oid]))
        assert res[oid]["status"] == "ok"
    return out


@pytest.fixture(scope="module")
def alone(owners, tmp_path_factory) -> tuple[dict[str, Path], list]:
    """Each owner's run alone, made once for the module (the tests only read it; three tests
    made the same runs again, ~40% of the module's time): (folders, the grouped matching's
    calls during those runs)."""
    calls = []
    apart = grouped_tag.hits_apart

    def spy(records, rules):
        calls.append((len(records), len(rules.rules)))
        return apart(records, rules)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(grouped_tag, "hits_apart", spy)
        folders = _alone(owners, tmp_path_factory.mktemp("alone"), ["o1", "o2", "o3", "o4",
                                                                      "o5"])
    return folders, calls


def test_owners_with_their_own_rules_get_what_they_get_alone(owners, alone, tmp_path,
                                                             monkeypatch):
    ids = ["o1", "o2", "o3", "o4", "o5"]
    alone, alone_calls = alone
    assert alone_calls == []  # an owner alone matches in its own run
    calls = []
    apart = grouped_tag.hits_apart

    def spy(records, rules):
        calls.append((len(records), len(rules.rules)))
        return apart(records, rules)

    monkeypatch.setattr(grouped_tag, "hits_apart", spy)
    results = group.run_group(_jobs(owners, tmp_path / "grouped", ids))
    assert {r["status"] for r in results.values()} == {"ok"}
    n = len(load_rules(None).rules)
    # built-in rules: o1 and o5; o2 and o3's file: one more rule; o4's file alone: none
    assert sorted(calls) == [(2, n), (2, n + 1)]
    for oid in ids:
        _assert_same(tmp_path / "grouped", alone[oid], oid)
    # the extra rule fired, the dropped one did not: the owners' rules made a difference
    nets = {oid: pl.read_parquet(tmp_path / "grouped" / "networks" / f"owner_id={oid}"
                                 / "part-0.parquet") for oid in ids}
    assert nets["o2"].filter(pl.col("rule") == "org-group").height > 0
    assert nets["o4"].filter(pl.col("rule") == "label-community").height == 0


def test_a_failed_grouped_tag_leaves_each_owner_to_its_own(owners, alone, tmp_path,
                                                           monkeypatch, caplog):
    ids = ["o1", "o3", "o5"]
    alone, _ = alone

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(grouped_tag, "name_keys", broken)
    with caplog.at_level(logging.WARNING, logger="kith.batch"):
        results = group.run_group(_jobs(owners, tmp_path / "grouped", ids))
    assert {r["status"] for r in results.values()} == {"ok"}
    assert "grouped tag matching failed (RuntimeError)" in caplog.text
    for oid in ids:
        _assert_same(tmp_path / "grouped", alone[oid], oid)


def test_matches_computed_for_other_rules_are_not_used(owners, tmp_path, monkeypatch):
    """A run handed matches made with another rules object matches its values itself."""
    from pipeline import stage_runs

    seen = []
    rule_rows = evidence.rule_rows

    def spy(*args, hits=None, **kwargs):
        seen.append(hits)
        return rule_rows(*args, hits=hits, **kwargs)

    monkeypatch.setattr(evidence, "rule_rows", spy)
    tag_all = group._tag_all

    def stale(paused):
        cpu = tag_all(paused)
        for _job, _steps, ctx in paused:
            if "rules" in ctx.ahead.get("tag", {}):
                ctx.ahead["tag"]["rules"] = load_rules(None)  # equal content, not the one used
        return cpu

    monkeypatch.setattr(group, "PHASES", tuple((n, stale if n == "tag" else f)
                                               for n, f in group.PHASES))
    results = group.run_group(_jobs(owners, tmp_path / "grouped", ["o1", "o5"]))
    assert {r["status"] for r in results.values()} == {"ok"}
    assert seen == [None, None]
    assert stage_runs._parsed("rules", None) is not load_rules(None)


def test_owner_name_keys_parsed_together_equal_each_owners_own():
    def owner(first, last, kind="profile"):
        return {"kind": kind, "first_name": first, "last_name": last}

    tables = [pl.DataFrame([owner("Maria", "Griberg, MBA"), owner("Ann", "Other")]),
              pl.DataFrame([owner(None, None), owner("Dr. Li", "Wei")]),
              pl.DataFrame([owner("Ann", "Lee", kind="position")]),
              pl.DataFrame(schema={"kind": pl.String, "first_name": pl.String,
                                   "last_name": pl.String})]
    got = grouped_tag.name_keys(tables)
    for table, key in zip(tables, got, strict=True):
        mine = evidence.owner_facts(table, frozenset())
        assert mine.name_key == key
    assert got[2] is None and got[3] is None and got[0] is not None


WORDS = ["Acme Group", "Little League", "st. mary's church", "family", "Friends", "work",
         "Recruiter", "senior recruiter", "gmail.com", "Globex LLC", "", "  volunteer  ",
         "Red Cross", "unknown", "coach"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mine=st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS),
                               st.sampled_from(WORDS)), min_size=1, max_size=8),
       others=st.lists(st.sampled_from(WORDS), max_size=6))
def test_rule_rows_with_a_groups_matches_equal_its_own(mine, others):
    """evidence.rule_rows with hits matched over the owner's values and others' equals its
    own matching, row for row."""
    rules = load_rules(None)
    rows = []
    for i, (org, title, label) in enumerate(mine):
        rows.append({"person_id": f"p{i % 3}", "source": "google",
                     "source_format": "google_current", "source_file": "contacts.csv",
                     "labels": [label] if label else [],
                     "organization": org or None, "title": title or None,
                     "email_keys": [f"x{i}@{title.strip().lower().replace(' ', '')}.org"]
                     if title.strip() else [], "org_key": org.lower() or None})
    records = pl.DataFrame(rows, schema={"person_id": pl.String, "source": pl.String,
                                         "source_format": pl.String,
                                         "source_file": pl.String,
                                         "labels": pl.List(pl.String),
                                         "organization": pl.String, "title": pl.String,
                                         "email_keys": pl.List(pl.String),
                                         "org_key": pl.String})
    other = records.head(0).vstack(pl.DataFrame(
        [{"person_id": "q", "source": "csv", "source_format": "csv",
          "source_file": "other.csv", "labels": [w],
          "organization": w, "title": w, "email_keys": [f"a@{w.lower()}.com"], "org_key": w}
         for w in others], schema=records.schema))
    linked = pl.DataFrame(schema={"person_id": pl.String, "kind": pl.String})
    me = evidence.Owner(None, pl.DataFrame(schema={"employer_key": pl.String,
                                                   "organization": pl.String}),
                        pl.DataFrame(schema={"employer_key": pl.String,
                                             "organization": pl.String}), (), ())
    hits = {}
    for col, kind in evidence.MATCHED.items():
        values = pl.concat([evidence.rule_values(f, col) for f in (records, other)])
        for name, hit in evidence.value_hits(values.unique().sort(), col,
                                             rules.of_kind(kind)).items():
            hits[(col, name)] = hit
    assert_frame_equal(evidence.rule_rows(records, linked, me, rules, hits=hits),
                       evidence.rule_rows(records, linked, me, rules))


def test_each_owners_copies_are_found_once_and_kept(owners, alone, tmp_path, monkeypatch):
    """The group finds each owner's copies (dedupe/copies.py) once, for the features it builds
    and for the owner's dedupe; an owner whose file repeats a card gets what it gets alone."""
    from pipeline.dedupe import copies

    dup = tmp_path / "owners" / "dup"
    dup.mkdir(parents=True)
    card = "Ada,Lovelace,ada@example.org,(415) 555-0134,Analytical"
    (dup / "contacts.csv").write_text(
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name\n"
        + "\n".join([card, card, "Tom,Hill,tom@hill.example.com,(415) 555-0199,Hill Ltd",
                     card]) + "\n")
    jobs = [*_jobs(owners, tmp_path / "grouped", ["o1", "o5"]),
            *_jobs(dup.parent, tmp_path / "grouped", ["dup"])]
    # o1's and o5's runs alone are the module's (the same layout.prepare and run_group)
    alone = {**alone[0], "dup": tmp_path / "alone-dup"}
    solo = layout.prepare(dup, alone["dup"], config_mod.Config(), AS_OF, "b1")
    assert group.run_group([solo])["dup"]["status"] == "ok"
    calls = []
    split = copies.split

    def spy(records):
        calls.append(records.height)
        return split(records)

    monkeypatch.setattr(copies, "split", spy)
    results = group.run_group(jobs)
    assert {r["status"] for r in results.values()} == {"ok"}
    assert len(calls) == len(jobs)
    for job in jobs:
        _assert_same(tmp_path / "grouped", alone[job.owner_id], job.owner_id)
    pairs = pl.read_parquet(jobs[2].out / "pairs.parquet")
    assert (pairs["rule"] == copies.COPY_RULE).sum() == 2

"""targets.toml and the ranked paths into each target company."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tagging_frames import inter, owner, rec, run_tag

from pipeline.tagging.rules import RulesError
from pipeline.tagging.targets import Target, load_targets

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "tagging"
GOOGLE = Target("Google", ("Alphabet", "YouTube"), ("Data Engineer",))


def test_load_targets_and_common_roles():
    got = load_targets(FIX / "targets.toml")
    assert got == [Target("Google", ("Alphabet", "YouTube"),
                          ("Data Engineer", "Site Reliability Engineer")),
                   Target("Globex Corporation", (), ("Data Engineer",))]


def test_no_file_means_no_targets(tmp_path):
    assert load_targets(None) == [] and load_targets(tmp_path / "none.toml") == []


def test_example_in_configs_is_all_comments_and_valid_once_uncommented(tmp_path):
    text = (ROOT / "configs" / "targets.toml").read_text("utf-8")
    assert load_targets(ROOT / "configs" / "targets.toml") == []
    example = text[text.index("# roles = "):]
    live = "\n".join(line[2:] if line.startswith("# ") else "" for line in example.splitlines())
    (tmp_path / "t.toml").write_text(live, "utf-8")
    got = load_targets(tmp_path / "t.toml")
    assert [t.company for t in got] == ["Google", "Globex Corporation", "Initech"]


@pytest.mark.parametrize("text,needle", [
    ("[[target]]\naliases = [\"x\"]\n", "target 1: company must be a non-empty string"),
    ("[[target]]\ncompany = \"A\"\nalias = [\"B\"]\n", "target 1 ('A'): unknown key(s) alias"),
    ("[[target]]\ncompany = \"A\"\naliases = \"B\"\n", "aliases must be a list"),
    ("[[target]]\ncompany = \"A\"\n[[target]]\ncompany = \"A\"\n", "'A' is listed twice"),
    ("[[target]]\ncompany = \"Google\"\n[[target]]\ncompany = \"Alphabet\"\n"
     "aliases = [\"Google LLC\"]\n", "'Google LLC' is also a name of target 'Google'"),
    ("[[target]]\ncompany = \"...\"\n", "no letters or digits"),
    ("companies = [\"A\"]\n", "unknown key(s) companies"),
    ("roles = \"Data Engineer\"\n", "roles must be a list"),
    ("[[target]\n", "not valid TOML"),
])
def test_invalid_targets(tmp_path, text, needle):
    path = tmp_path / "targets.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError) as exc:
        load_targets(path)
    assert str(path) in str(exc.value) and needle in str(exc.value), str(exc.value)


def test_an_alias_spelled_like_its_own_company_is_fine(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\ncompany = "Google"\naliases = ["Google LLC"]\n', "utf-8")
    assert load_targets(path) == [Target("Google", ("Google LLC",))]


def _paths():
    recs = [
        rec("a", "Ann Lee", "linkedin", org="Google LLC", title="Data Engineer", slug="ann"),
        rec("b", "Bo Ng", "linkedin", org="Alphabet Inc.", title="Designer", slug="bo"),
        # c: the old phone card says YouTube, LinkedIn says Initech now
        rec("c", "Cy Oh", "vcard", org="YouTube", title="Producer"),
        rec("c", "Cy Oh", "linkedin", org="Initech", title="VP", slug="cy"),
        rec("d", "Di Pa", "google", org="Globex"),  # not a target
        rec("e", "Ed Fu", "google", org="Google"),
    ]
    talk = [inter("message", "incoming", "2025-06-01", "Bo Ng", slug="bo", n=i) for i in range(5)]
    return run_tag(recs, talk, targets=[GOOGLE, Target("Initech")])


def test_works_there_via_company_key_and_aliases_and_worked_there_via_older_records():
    res = _paths()
    g = res.targets.filter(pl.col("target") == "Google")
    # b: 5 messages; e and c: in an address book (5), e works there, c worked there; a: 0
    assert g["person_id"].to_list() == ["p_b", "p_e", "p_c", "p_a"]
    assert g["rank"].to_list() == [1, 2, 3, 4]
    rel = dict(zip(g["person_id"], g["relation"], strict=True))
    assert rel == {"p_a": "works_there", "p_b": "works_there", "p_c": "worked_there",
                   "p_e": "works_there"}
    c = g.filter(pl.col("person_id") == "p_c").row(0, named=True)
    assert (c["organization"], c["title"]) == ("YouTube", "Producer")
    assert c["reason"] == "worked at YouTube (per vCard; now at Initech); in your address book"
    b = g.filter(pl.col("person_id") == "p_b").row(0, named=True)
    assert b["reason"].startswith("works at Alphabet Inc. (per LinkedIn); 5 messages, last 4 weeks ago")
    a = g.filter(pl.col("person_id") == "p_a").row(0, named=True)
    assert a["reason"].endswith("; title matches your role 'Data Engineer'")
    # a Google address book, not the company: "works at Google (Google)" told nothing
    e = g.filter(pl.col("person_id") == "p_e").row(0, named=True)
    assert e["reason"].startswith("works at Google (per Google Contacts); ")
    i = res.targets.filter(pl.col("target") == "Initech")
    assert i["person_id"].to_list() == ["p_c"] and i["relation"][0] == "works_there"


def test_ties_in_warmth_put_current_staff_and_role_matches_first():
    recs = [rec("x", "Xi Al", "linkedin", org="Google", title="Designer", slug="x"),
            rec("y", "Yo Bo", "linkedin", org="Google", title="Senior Data Engineer", slug="y"),
            rec("z", "Zu Ce", "linkedin", org="Acme", slug="z", record="r_z1"),
            rec("z", "Zu Ce", "linkedin", fmt="linkedin_imported_contacts", org="Google",
                title="Data Engineer", record="r_z9")]
    res = run_tag(recs, targets=[GOOGLE])
    assert res.targets["warmth"].to_list() == [0.0, 0.0, 0.0]
    assert res.targets["person_id"].to_list() == ["p_y", "p_x", "p_z"]
    assert res.targets["relation"].to_list() == ["works_there", "works_there", "worked_there"]


def test_people_gain_sorted_target_companies():
    res = _paths()
    tc = dict(zip(res.people["person_id"], res.people["target_companies"].to_list(), strict=True))
    assert tc == {"p_a": ["Google"], "p_b": ["Google"], "p_c": ["Google", "Initech"], "p_d": [],
                  "p_e": ["Google"]}
    assert res.stats["target_paths"] == 5


def test_the_owner_is_no_path_and_no_targets_gives_an_empty_table():
    own = owner("Olive", "Owner", positions=[("Google", "2020-01-01", None)])
    res = run_tag([rec("o", "Olive Owner", "vcard", org="Google")], own=own, targets=[GOOGLE])
    assert res.targets.height == 0
    assert run_tag([rec("a", "Ann Lee", org="Google")]).targets.height == 0


def test_targets_match_without_a_trailing_group():
    res = run_tag([rec("a", "Ann Lee", "linkedin", org="Globex Group", slug="a")],
                  targets=[Target("Globex Corporation")])
    assert res.targets["person_id"].to_list() == ["p_a"]

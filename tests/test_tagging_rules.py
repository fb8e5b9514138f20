"""networks.toml: the default, a user's custom file, and every validation error."""

from __future__ import annotations

from pathlib import Path

import pytest
from tagging_frames import reasons, rec, run_tag

from pipeline.tagging.rules import DEFAULT_PATH, KINDS, RulesError, load_rules

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "tagging"


def test_default_rules_load_and_cover_every_kind():
    rules = load_rules(None)
    assert rules.path == DEFAULT_PATH
    # but `file`: which files are a group's lists only the user knows (a commented example)
    assert {r.kind for r in rules.rules} == set(KINDS) - {"file"}
    assert rules.cadence == {"peer": 90, "business": 60, "community": 120}
    assert rules.untagged_cadence is None
    assert (rules.dormant.min_messages, rules.dormant.silent_days) == (3, 180)
    assert "gmail.com" in rules.personal_domains


def test_missing_file_falls_back_to_the_default(tmp_path):
    assert load_rules(tmp_path / "nope.toml").rules == load_rules(None).rules


def test_configs_copy_is_the_default():
    assert (ROOT / "configs" / "networks.toml").read_text("utf-8") == \
        DEFAULT_PATH.read_text("utf-8")


def test_custom_file_with_reason_templates():
    rules = load_rules(FIX / "custom_networks.toml")
    assert rules.cadence == {"peer": 30, "business": 60, "community": 120}
    assert rules.untagged_cadence == 365
    assert rules.dormant.cadence_multiple == 1.5
    res = run_tag([rec("a", "Ann Lee", "vcard", labels=["choir"]),
                   rec("b", "Bo Ng", org="Boulderhaus Berlin"),
                   rec("c", "Cy Oh", "linkedin", slug="cy")], rules=rules)
    assert reasons(res, "a") == {"choir": "sings with you (vCard category 'choir')"}
    assert reasons(res, "b") == {"climbing": "climbs at Boulderhaus Berlin (matched boulderhaus); "
                                             "literal {braces}"}
    assert reasons(res, "c") == {}  # no LinkedIn rule in this file
    assert res.people.filter(res.people["person_id"] == "p_c")["cadence_days"][0] == 365


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "networks.toml"
    p.write_text(text, "utf-8")
    return p


RULE = '[[rule]]\nname = "r1"\nnetwork = "peer"\nkind = "label"\nmatch = ["Gym"]\n'


@pytest.mark.parametrize("text,needles", [
    ("[[rule]\nname=", ["not valid TOML"]),
    ("[people]\nx = 1\n", ["unknown section(s) people"]),
    ("[cadence]\npeer = 0\n", ["cadence.peer", "above 0"]),
    ("[cadence]\npeers = 30\n", ["[cadence]", "peers"]),
    ("[cadence]\nbusiness = \"60\"\n", ["cadence.business"]),
    ("[dormant]\nquiet = 3\n", ["[dormant] takes only"]),
    ("[dormant]\ncadence_multiple = -1\n", ["dormant.cadence_multiple"]),
    ("[email]\npersonal_domains = [\"@gmail\"]\n", ["personal_domains", "'@gmail'"]),
    (RULE.replace('"peer"', '"peers"'), ["rule 1 ('r1')", "network", "'peers'"]),
    (RULE.replace('"label"', '"labels"'), ["rule 1 ('r1')", "kind must be one of", "'labels'"]),
    (RULE.replace('name = "r1"', 'name = "bad name!"'), ["rule 1", "name must be"]),
    (RULE.replace('name = "r1"', 'name = "override"'), ["'override' is kept"]),
    (RULE + RULE, ["rule 2 ('r1')", "already named 'r1'"]),
    (RULE.replace('match = ["Gym"]', "match = []"), ["rule 1 ('r1')", "non-empty list"]),
    (RULE.replace('match = ["Gym"]', 'match = "Gym"'), ["non-empty list"]),
    (RULE.replace('match = ["Gym"]', 'match = ["!!"]'), ["label '!!' has no letters"]),
    (RULE + 'colour = "red"\n', ["rule 1 ('r1')", "unknown key(s) colour"]),
    (RULE + 'reason = "tagged because {why}"\n', ["rule 1 ('r1')", "{why}", "{value}"]),
    (RULE + 'reason = "unbalanced {"\n', ["not a valid template"]),
    (RULE.replace('"label"', '"organization"').replace('"Gym"', '"sch*ool"'),
     ["'sch*ool'", "start or end"]),
    (RULE.replace('"label"', '"title"').replace('"Gym"', '"*"'), ["no letters or digits"]),
    (RULE.replace('"label"', '"email_domain"').replace('"Gym"', '"@edu"'), ["'@edu'", "domain"]),
    (RULE.replace('"label"', '"interaction"').replace('"Gym"', '"poke"'),
     ["'poke' is not an interaction kind"]),
    (RULE.replace('"label"', '"source"').replace('"Gym"', '"Linked In"'), ["'Linked In'"]),
    (RULE.replace('"label"', '"former_employer"'), ["takes no match list"]),
    ('rule = "x"\n', ["[[rule]] tables"]),
])
def test_invalid_files_name_the_file_the_rule_and_the_problem(tmp_path, text, needles):
    path = _write(tmp_path, text)
    with pytest.raises(RulesError) as exc:
        load_rules(path)
    msg = str(exc.value)
    assert str(path) in msg
    for needle in needles:
        assert needle in msg, msg


def test_rule_without_reason_gets_the_kind_default(tmp_path):
    rules = load_rules(_write(tmp_path, RULE))
    assert rules.rules[0].reason == KINDS["label"]
    assert rules.rules[0].match == ("Gym",)

"""kith networks / tag / targets / dormant, through click's CliRunner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from click.testing import CliRunner
from tagging_frames import AS_OF, inter, interactions, owner, people, rec, records

from pipeline import cli_people
from pipeline.cli import main
from pipeline.config import Config
from pipeline.dedupe import decisions as dec
from pipeline.run import from_stage
from pipeline.tagging import load_rules, load_targets, tag

TARGETS = '[[target]]\ncompany = "Google"\naliases = ["Alphabet"]\n\n[[target]]\ncompany = "Initech"\n'


def _tables(out: Path, cfg: Config, as_of: dt.date = AS_OF) -> None:
    """What the pipeline's tag stage publishes, from the tables under `out`."""
    recs = pl.read_parquet(out / "records.parquet")
    res = tag(people(recs), recs, pl.read_parquet(out / "interactions.parquet"),
              pl.read_parquet(out / "owner.parquet"), rules=load_rules(cfg.files["networks"]),
              targets=load_targets(cfg.files["targets"]),
              decisions=dec.load(cfg.files["decisions"]), as_of=as_of)
    for name, frame in (("people", res.people), ("networks", res.networks),
                        ("targets", res.targets)):
        frame.write_parquet(out / f"{name}.parquet")


@pytest.fixture
def home(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    cfg = Config(out=out, files={"networks": tmp_path / "networks.toml",
                                 "targets": tmp_path / "targets.toml",
                                 "decisions": tmp_path / "decisions.toml",
                                 "notes": tmp_path / "notes.csv"})
    cfg.files["targets"].write_text(TARGETS, "utf-8")
    records([
        rec("a", "Ann Lee", "linkedin", slug="ann-lee", org="Alphabet", title="Data Engineer",
            connected=dt.date(2019, 1, 1)),
        rec("a", "Ann Lee", "google", labels=["Gym"], emails=["ann@example.com"]),
        rec("b", "Bo Ng", "vcard", emails=["family@example.com"]),
        rec("c", "Cy Ng", "vcard", emails=["family@example.com", "cy@example.com"]),
        rec("s1", "Sam Lee", "google", org="Initech"), rec("s2", "Sam Lee", "vcard"),
    ]).write_parquet(out / "records.parquet")
    interactions([inter("message", "incoming", f"2023-01-0{i}", "Ann Lee", slug="ann-lee")
                  for i in range(1, 5)]).write_parquet(out / "interactions.parquet")
    owner().write_parquet(out / "owner.parquet")
    _tables(out, cfg)
    calls = []

    def run(cfg_, inputs, out_, *, stages, as_of=None):
        calls.append((inputs, stages, as_of))
        _tables(out_, cfg_, as_of or AS_OF)
        return SimpleNamespace(run_id="fake", counts={})

    monkeypatch.setattr(cli_people, "run", run)
    (tmp_path / "kith.toml").write_text(
        'out = "out"\n[files]\nnetworks = "networks.toml"\ntargets = "targets.toml"\n'
        'decisions = "decisions.toml"\nnotes = "notes.csv"\n', "utf-8")
    return tmp_path / "kith.toml", cfg, calls


def invoke(config, *args):
    return CliRunner().invoke(main, [*args, "--config", str(config)], catch_exceptions=False)


def test_networks_lists_every_reason(home):
    config, _cfg, _ = home
    r = invoke(config, "networks", "Ann Lee")
    assert r.exit_code == 0, r.output
    assert "Ann Lee  (p_a)" in r.output
    lines = r.output.splitlines()
    assert lines[1:5] == ["  business", "    - LinkedIn message  [linkedin-activity]",
                          "    - LinkedIn connection  [linkedin-connection]", "  peer"]
    assert lines[5] == "    - Google label 'Gym'  [label-peer]"
    assert "warmth" in r.output and "4 messages" in r.output


def test_networks_of_an_untagged_person(home):
    config, _cfg, _ = home
    r = invoke(config, "networks", "Bo Ng")
    assert r.exit_code == 0 and "untagged" in r.output


def test_ambiguous_or_unknown_name_exits_2(home):
    config, _cfg, _ = home
    r = invoke(config, "networks", "Sam Lee")
    assert r.exit_code == 2 and "matches several people" in r.output
    r = invoke(config, "tag", "Sam Lee", "--add", "peer")
    assert r.exit_code == 2 and "matches several people" in r.output
    assert invoke(config, "networks", "Nobody Atall").exit_code == 2


def test_tag_add_writes_a_decision_and_refreshes_from_dedupe(home):
    config, cfg, calls = home
    r = invoke(config, "tag", "p_b", "--add", "Community", "--as-of", "2025-06-30")
    assert r.exit_code == 0, r.output
    assert "Decision 1: Bo Ng (record:r_b_vcard_5) is in your community network." in r.output
    d = dec.load(cfg.files["decisions"])
    assert [(x.kind, x.a, x.b) for x in d] == [("in-network", "record:r_b_vcard_5", "community")]
    assert calls == [([], from_stage("dedupe"), dt.date(2025, 6, 30))]
    r = invoke(config, "networks", "p_b")
    assert "community\n    - your decision  [override]" in r.output
    assert "your decision 1: in community" in r.output


def test_tag_remove_uses_a_key_only_this_person_has(home):
    config, cfg, _ = home
    r = invoke(config, "tag", "Cy Ng", "--remove", "peer")
    assert r.exit_code == 0, r.output
    # family@example.com is shared with Bo Ng, so Cy's own address names the decision
    assert dec.load(cfg.files["decisions"])[0].a == "email:cy@example.com"
    r = invoke(config, "tag", "Ann Lee", "--remove", "business")
    assert dec.load(cfg.files["decisions"])[1].a == "linkedin:ann-lee"
    r = invoke(config, "networks", "Ann Lee")
    assert "business" not in r.output.split("your decision")[0]
    assert "your decision 2: NOT in business" in r.output


@pytest.mark.parametrize("args,needle", [
    (["tag", "Ann Lee"], "exactly one of --add NETWORK or --remove NETWORK"),
    (["tag", "Ann Lee", "--add", "peer", "--remove", "business"], "exactly one of"),
    (["tag", "Ann Lee", "--add", "friends"], "'friends' is not one of"),
])
def test_tag_usage_errors_exit_2(home, args, needle):
    config, cfg, calls = home
    r = invoke(config, *args)
    assert r.exit_code == 2 and needle in r.output, r.output
    assert calls == [] and not cfg.files["decisions"].exists()


def test_targets_lists_ranked_paths_with_reasons(home):
    config, _cfg, _ = home
    r = invoke(config, "targets")
    assert r.exit_code == 0, r.output
    assert "Google (also Alphabet): 1 path(s)" in r.output
    assert "    1. Ann Lee (works there, Data Engineer) warmth" in r.output
    assert "works at Alphabet (per LinkedIn); 4 messages" in r.output
    assert "Initech: 1 path(s)" in r.output


def test_targets_without_a_targets_file_and_with_a_broken_one(home):
    config, cfg, _ = home
    cfg.files["targets"].unlink()
    r = invoke(config, "targets")
    assert r.exit_code == 0 and "No targets yet" in r.output
    cfg.files["targets"].write_text("[[target]]\nname = 'x'\n", "utf-8")
    r = invoke(config, "targets")
    assert r.exit_code == 2 and "unknown key(s) name" in r.output


def test_dormant_lists_warm_ties_gone_quiet(home):
    config, _cfg, _ = home
    r = invoke(config, "dormant")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("1 dormant tie(s):\n  Ann Lee  (business, peer)")
    assert "last in touch 2023-01-04" in r.output


def test_missing_outputs_exit_1(home, tmp_path):
    config, _cfg, _ = home
    r = invoke(config, "dormant", "--out", str(tmp_path / "empty"))
    assert r.exit_code == 1 and "run `kith run` first" in r.output

"""A target company or a need that names "Careem" finds the person whose employer reads
"Careem Networks FZ-LLC" (adversarial32's Omar): "Networks" and "Labs" end company names
people drop, like "Technologies" and "Group" already, and a need reads a helper's employer the
way targets do (keywords.employer_key, written once). Guard: "Meta" is not "Metaswitch".
Fixture written for kith: fictitious people, no addresses."""

from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner
from test_adversarial27_advice import linkedin_zip

from pipeline import config
from pipeline.cli import main
from pipeline.normalize import orgs
from pipeline.notes import notes_file
from pipeline.tagging import keywords

CONNECTIONS = (
    "Omar,Example,https://www.linkedin.com/in/oex,,Careem Networks FZ-LLC,CTO,09 Sep 2020\n"
    "Ana,Sample,https://www.linkedin.com/in/asa,,Metaswitch Networks,Engineer,20 Jun 2022\n"
    "Lea,Muster,https://www.linkedin.com/in/lmu,,Meta Platforms Inc.,Recruiter,20 Jun 2022\n"
    "Pia,Lund,https://www.linkedin.com/in/pl,,Acme,Software Engineer,20 Jun 2022\n")
TARGETS = '[[target]]\ncompany = "Careem"\n\n[[target]]\ncompany = "Meta"\n'


@pytest.mark.parametrize(("organization", "employer"), [
    ("Careem Networks FZ-LLC", "careem"), ("Juniper Networks, Inc.", "juniper"),
    ("Redis Labs", "redis"), ("Metaswitch Networks", "metaswitch"),
    ("Networks", "networks"),  # nothing else left: the name stays
])
def test_networks_and_labs_end_no_employer_name(organization, employer):
    assert pl.select(keywords.employer_key(orgs.org_key(pl.lit(organization)))).item() == employer


def _run(home) -> None:
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output


def _helpers_after_need(home, cfg, pid: str, need: str) -> dict[str, str]:
    """Pia Lund's need written down and a run: her suggested helpers and their reasons."""
    notes_file.set_note(cfg.files["notes"], pid, "Pia Lund", need=need)
    _run(home)
    intros = pl.read_parquet(cfg.out / "introductions.parquet")
    return {r["helper_name"]: r["reason"] for r in intros.iter_rows(named=True)
            if r["seeker_name"] == "Pia Lund"}


def test_a_target_and_a_need_naming_careem_find_who_works_at_careem_networks(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "li.zip").write_bytes(linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n",
                                                          CONNECTIONS))
    (tmp_path / "targets.toml").write_text(TARGETS, "utf-8")
    (tmp_path / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n[files]\n'
                                        'notes = "notes.csv"\ntargets = "targets.toml"\n',
                                        "utf-8")
    _run(tmp_path)
    cfg = config.load(tmp_path / "kith.toml")
    ids = dict(pl.read_parquet(cfg.out / "people.parquet")
               .select("display_name", "person_id").iter_rows())
    names = {v: k for k, v in ids.items()}
    paths = pl.read_parquet(cfg.out / "targets.parquet")
    found = {(r["target"], names[r["person_id"]]) for r in paths.iter_rows(named=True)}
    assert ("Careem", "Omar Example") in found  # on main: nobody into Careem
    assert ("Meta", "Lea Muster") in found
    assert ("Meta", "Ana Sample") not in found  # Metaswitch is not Meta

    helpers = _helpers_after_need(tmp_path, cfg, ids["Pia Lund"],
                                  "a product role at Careem, or anyone at Meta")
    assert "works at Careem Networks FZ-LLC" in helpers["Omar Example"]  # on main: not found
    assert "works at Meta Platforms Inc." in helpers["Lea Muster"]
    assert "Ana Sample" not in helpers


def test_a_need_for_a_field_of_work_is_no_company_whose_name_ends_in_labs(tmp_path):
    """"AI Labs" reads as "ai" once "Labs" is cut: a need for "a role in AI" asks for the
    field (the function match answers it), not for that company. A company whose name is the
    field word as written is still named."""
    connections = (
        "Omar,Example,https://www.linkedin.com/in/oex,,AI Labs,Office Manager,09 Sep 2020\n"
        "Ana,Sample,https://www.linkedin.com/in/asa,,Careem Networks,Office Manager,20 Jun 2022\n"
        "Pia,Lund,https://www.linkedin.com/in/pl,,Acme,Software Engineer,20 Jun 2022\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "li.zip").write_bytes(linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n",
                                                          connections))
    (tmp_path / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n[files]\n'
                                        'notes = "notes.csv"\n', "utf-8")
    _run(tmp_path)
    cfg = config.load(tmp_path / "kith.toml")
    ids = dict(pl.read_parquet(cfg.out / "people.parquet")
               .select("display_name", "person_id").iter_rows())
    reasons = _helpers_after_need(tmp_path, cfg, ids["Pia Lund"],
                                  "a role in AI, maybe at Careem")
    assert "works at AI Labs" not in reasons.get("Omar Example", "")  # before: it was
    assert "works at Careem Networks" in reasons["Ana Sample"]

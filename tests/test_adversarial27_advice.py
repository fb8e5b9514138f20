"""Round 27: the advice a job seeker relies on (docs/adversarial27.md). Each test is a case
where kith's advice was wrong on main."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from exports_support import kith_run

from pipeline.cli import main
from pipeline.enrich import drafts

CONNECTIONS = ("Notes:\n\"When exporting your connection data...\"\n\n"
               "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")


def linkedin_zip(positions: str, connections: str) -> bytes:
    """A LinkedIn archive: the owner (Pat Owner), their positions and their connections."""
    files = {"Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,"
             "Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant "
             "Messengers\nPat,Owner,,,,Data Engineer,,,,\"Boston, Massachusetts\",,,\n",
             "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n"
             + positions,
             "Connections.csv": CONNECTIONS + connections}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _people(tmp_path: Path) -> dict[str, dict]:
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    return {r["display_name"]: r for r in people.iter_rows(named=True)}


def test_self_employed_is_no_shared_employer(tmp_path):
    """You were self-employed, and so are Dee and Oli: none of you worked together, and
    "Self-employed" is no company in your network (on main: "former co-worker: you both
    worked at Self-employed", and a company of two with `kith companies --add`)."""
    kith_run(tmp_path, {"Basic_LinkedInDataExport_01-15-2025.zip": linkedin_zip(
        "Self-employed,Consultant,,,Jun 2018,Oct 2022\nFreelance,Designer,,,Jan 2016,May 2018\n"
        "Hooli,Data Engineer,,,Nov 2022,\n",
        "Dee,Fox,https://www.linkedin.com/in/dee-fox,,Self-employed,Data Consultant,04 Mar 2024\n"
        "Oli,Wu,https://www.linkedin.com/in/oli-wu,,Self Employed,Consultant,05 Mar 2024\n"
        "Eve,Gray,https://www.linkedin.com/in/eve-gray,,Freelance,Designer,06 Mar 2024\n"
        "Fay,Hu,https://www.linkedin.com/in/fay-hu,,Confidential,VP Data,06 Mar 2024\n"
        "Gus,Li,https://www.linkedin.com/in/gus-li,,Stealth Startup,Founder,07 Mar 2024\n"
        "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Hooli,Engineer,08 Mar 2024\n")})
    people = _people(tmp_path)
    for name in ("Dee Fox", "Oli Wu", "Eve Gray"):
        assert "peer" not in people[name]["networks"], name
    assert "business" in people["Ann Lee"]["networks"]  # a real current colleague still is
    networks = pl.read_parquet(tmp_path / "out" / "networks.parquet")
    assert not networks.filter(pl.col("reason").str.contains("(?i)self|freelance")).height
    companies = pl.read_parquet(tmp_path / "out" / "companies.parquet")
    assert companies["organization"].to_list() == ["Hooli"]
    res = CliRunner().invoke(main, ["companies", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "Self" not in res.output and "Confidential" not in res.output


GOOGLE = ("First Name,Last Name,Organization Name,Organization Title,Labels,E-mail 1 - Value\n")


def test_your_own_card_is_on_neither_side_of_an_introduction(tmp_path):
    """Your own card (the address book's "me", found by your LinkedIn name) with a need you
    noted, and a title that matches another's need: on main kith proposed introducing you to
    Max ("Pat Owner needs a data engineering role -> Max Tu") and Hal to you."""
    google = GOOGLE + ("Pat,Owner,Hooli,Data Engineering Manager,Me ::: * myContacts,"
                       "pat@owner.example\n"
                       "Hal,Ng,,,Friends ::: * myContacts,hal@ng.example\n")
    linked = ("Max,Tu,https://www.linkedin.com/in/max-tu,,Google,Head of Data Engineering,"
              "13 Mar 2024\n")
    home = tmp_path
    (home / "in").mkdir()
    (home / "in" / "google.csv").write_text(google, "utf-8")
    (home / "in" / "li.zip").write_bytes(linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n",
                                                      linked))
    (home / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n', "utf-8")
    cfg = ["--config", str(home / "kith.toml")]
    people = None
    for name, need in (("Pat Owner", "a data engineering role at Google"),
                       ("Hal Ng", "a data engineering role")):
        if people is None:
            assert CliRunner().invoke(main, ["run", *cfg, "--as-of", "2026-12-06"]
                                      ).exit_code == 0
            people = _people(home)
        res = CliRunner().invoke(main, ["note", people[name]["person_id"], "--need", need,
                                        *cfg])
        assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["run", *cfg, "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    found = pl.read_parquet(home / "out" / "introductions.parquet")
    owner = people["Pat Owner"]["person_id"]
    assert found.height  # Hal -> Max is still suggested
    assert "Hal Ng" in found["seeker_name"].to_list()
    assert owner not in found["seeker_id"].to_list()
    assert owner not in found["helper_id"].to_list()
    res = CliRunner().invoke(main, ["introductions", *cfg])
    assert "Pat Owner" not in res.output


@pytest.mark.parametrize(("given_name", "name", "greeting"), [
    ("Dr.", "Dr. Smith", "Dr. Smith"),  # on main: "Hi Dr.,"
    ("Mrs", "Mrs Brown", "Mrs Brown"),
    ("DR.", "DR. SMITH", "Dr. Smith"),
    ("J.", "J. Doe", "J. Doe"),  # an initial alone is no greeting
    ("J. R.", "J. R. Tolkien", "J. R. Tolkien"),
    ("Dr.", "Dr.", ""),  # nothing more to say: "Hi,"
    ("Dr.", "Smith", ""),
    ("J.", "j.doe@x.example", ""),  # never an address
    ("JOHN", "JOHN SMITH", "John"),  # as before
    ("Al", "Al Gore", "Al"),
    ("Jo", "Jo", "Jo"),
])
def test_a_title_or_initials_alone_is_greeted_with_the_whole_name(given_name, name, greeting):
    assert drafts.greeting_name(given_name, name) == greeting


def test_a_card_typed_dr_smith_is_greeted_dr_smith(tmp_path):
    """The given name kith keeps for a card typed "Dr." / "Smith" is "Dr."; its draft."""
    kith_run(tmp_path, {"g.csv": "First Name,Last Name,E-mail 1 - Value\n"
                                 "Dr.,Smith,drsmith@x.example\nMrs,Brown,brown@x.example\n"})
    people = _people(tmp_path)
    for name, hi in (("Dr. Smith", "Hi Dr. Smith,"), ("Mrs Brown", "Hi Mrs Brown,")):
        row = people[name]
        _, body = drafts.draft(drafts.load(None), "follow_up",
                               {"name": row["display_name"], "given_name": row["given_name"]})
        assert body.splitlines()[0] == hi


def test_two_cards_that_may_be_one_person_are_not_introduced_to_each_other(tmp_path):
    """Tom Ash's two cards (two addresses, one company) wait in the review queue. A need noted
    on one, at the company the other works for: on main "Tom Ash needs a job at Globex ->
    Tom Ash (Globex)"."""
    home = tmp_path
    (home / "in").mkdir()
    (home / "in" / "g.csv").write_text(
        "First Name,Last Name,Organization Name,E-mail 1 - Value\n"
        "Tom,Ash,Globex,tom@ash.example\nTom,Ash,Globex,tom.ash@globex.example\n"
        "Amy,Ray,Globex,amy@globex.example\n", "utf-8")
    (home / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n', "utf-8")
    cfg = ["--config", str(home / "kith.toml")]
    assert CliRunner().invoke(main, ["run", *cfg, "--as-of", "2026-12-06"]).exit_code == 0
    people = pl.read_parquet(home / "out" / "people.parquet")
    toms = people.filter(pl.col("display_name") == "Tom Ash").sort("person_id")["person_id"]
    assert toms.len() == 2
    review = pl.read_parquet(home / "out" / "review.parquet")
    assert {review["person_id_l"][0], review["person_id_r"][0]} == set(toms)
    res = CliRunner().invoke(main, ["note", toms[0], "--need", "a job at Globex", *cfg])
    assert res.exit_code == 0, res.output
    assert CliRunner().invoke(main, ["run", *cfg, "--as-of", "2026-12-06"]).exit_code == 0
    found = pl.read_parquet(home / "out" / "introductions.parquet")
    assert found.filter(pl.col("seeker_id") == toms[0])["helper_name"].to_list() == ["Amy Ray"]


def run_with_target(home: Path, company: str, connections: str) -> None:
    """`kith run` (as of 2026-12-06) in `home`: your LinkedIn archive with you a data
    engineer at Hooli and `connections` (Connections.csv rows), `company` your one target."""
    (home / "in").mkdir()
    (home / "in" / "li.zip").write_bytes(linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n",
                                                      connections))
    (home / "targets.toml").write_text(f'[[target]]\ncompany = "{company}"\n', "utf-8")
    (home / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n[files]\n'
                                    'targets = "targets.toml"\n', "utf-8")
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output


def test_a_company_with_its_former_name_after_it_is_that_company(tmp_path):
    """A recruiter at "Meta (formerly Facebook)" is a path into the target Meta (on main: no
    path; the company was its own organisation, "meta formerly facebook")."""
    home = tmp_path
    run_with_target(home, "Meta", (
        "Carl,Kim,https://www.linkedin.com/in/carl-kim,,Meta (formerly Facebook),"
        "Technical Recruiter,03 Mar 2024\n"
        "Xia,Bo,https://www.linkedin.com/in/xia-bo,,X (formerly Twitter),Engineer,03 Mar 2024\n"
        "Pam,Xu,https://www.linkedin.com/in/pam-xu,,Meta,Data Director,16 Mar 2024\n"))
    paths = pl.read_parquet(home / "out" / "targets.parquet")
    assert sorted(paths["display_name"].to_list()) == ["Carl Kim", "Pam Xu"]
    companies = pl.read_parquet(home / "out" / "companies.parquet")
    meta = companies.filter(pl.col("target") == "Meta")
    assert meta["people_now"].to_list() == [2]  # one company of two, whichever name it shows
    assert "x" in companies["employer_key"].to_list()  # X (formerly Twitter) is X

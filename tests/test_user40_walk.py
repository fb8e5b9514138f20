"""user40's walk (docs/user40.md): Camille, a Montréal tester moving into product management,
runs kith on her French/English exports as a user would, then again the next day.

Fixtures: tests/fixtures/user40 (fictitious; SOURCES.md): an iCloud vCard 3.0 file, a Google
Contacts CSV with French labels and a contact saved twice, a LinkedIn export in French, an
Eventbrite list of a product-management meetup with her own row, a day-later LinkedIn zip."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import config
from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures" / "user40"
MEETUP = "ProductCamp-Montreal-2026-attendees.csv"


def _kith(*args: str, today: str = "2026-12-07") -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False,
                             env={"KITH_TODAY": today})
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> config.Config:
    """`kith init`, her exports in its folder, `kith run` as of Monday 2026-12-07."""
    folder = tmp_path_factory.mktemp("user40") / "home"
    _kith("init", str(folder))
    shutil.copytree(FIX / "week1", folder / "exports", dirs_exist_ok=True)
    cfg_path = str(folder / "kith.toml")
    (folder / "run.txt").write_text(_kith("run", "--config", cfg_path, "--as-of", "2026-12-07"),
                                    "utf-8")
    return config.load(folder / "kith.toml")


def _people(cfg) -> pl.DataFrame:
    return pl.read_parquet(cfg.out / "people.parquet")


def _one(cfg, name: str) -> dict:
    hits = _people(cfg).filter(pl.col("display_name") == name)
    assert hits.height == 1, (name, hits["display_name"].to_list())
    return hits.row(0, named=True)


def test_one_helene_from_four_exports_and_one_julie_from_three_cards(home):
    # iCloud's "Hélène Tremblay-Côté" (itemN.EMAIL with X-ABLabel), Google's unaccented
    # "Helene Tremblay-Cote" (label Travail), LinkedIn and the meetup list: one person
    helene = _one(home, "Hélène Tremblay-Côté")
    assert sorted(helene["sources"]) == ["csv", "google", "linkedin", "vcard"]
    assert helene["emails"] == ["helene.tremblay-cote@example.com"]
    # Julie saved twice in Google (e-mail on one card, mobile on the other) and on the iPhone
    julie = _one(home, "Julie Ouellet")
    assert julie["record_count"] == 3 and julie["phones"] == ["+14385550106"]
    # cards named only Maman, Papa, Dentiste stay three people, with their numbers
    for name, phone in (("Maman", "+15145550103"), ("Papa", "+15145550105"),
                        ("Dentiste", "+15145550104")):
        assert _one(home, name)["phones"] == [phone]


def test_her_french_titles_are_read_as_the_roles_they_name(home):
    # On main an analyste d'affaires was `sales` (affaires also spells business development)
    # and an analyste d'affaires principale an individual contributor.
    roles = {n: (s, f) for n, s, f in _people(home).select(
        "display_name", "seniority", "function").iter_rows()}
    assert roles["Émilie Bouchard"] == ("ic", "consulting")  # Analyste d'affaires
    assert roles["Nadia Benali"] == ("senior", "consulting")  # Analyste d'affaires principale
    assert roles["Hélène Tremblay-Côté"][1] == "product"  # Gestionnaire de produit
    assert roles["Anne-Sophie Dubé"][1] == "product"  # Propriétaire de produit
    assert roles["Isabelle Roy"] == ("director", "product")  # Directrice, gestion de produit
    assert roles["François Gagnon"] == ("senior", "engineering")  # Développeur principal
    assert roles["Mathieu Pelletier"][1] == "hr"  # Conseiller en acquisition de talents


def test_her_own_row_on_the_meetup_list_says_it_is_her(home, tmp_path):
    # Her own attendee row is her own card (her LinkedIn name, no connection record): in no
    # network by design. On main the Untagged page said "no network rule matched yet", as if
    # kith had missed something about a contact.
    from browser_support import chromium

    drv = chromium(tmp_path / "profile")
    try:
        drv.get((home.out / "worksheets" / "untagged.html").as_uri())
        text = {c.text.split("\n", 1)[0]: c.text
                for c in drv.find_elements("css selector", "article.card")}
        assert "this is you" in text["Camille Bergeron"]
        assert "no network rule matched yet" not in text["Camille Bergeron"]
        assert "no network rule matched yet" in text["Maman"]  # a contact still says so
        assert not [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        drv.quit()
    rows = pl.read_csv(home.out / "worksheets" / "untagged.csv", infer_schema=False)
    assert rows.filter(pl.col("name") == "Camille Bergeron")["why_in_this_network"][0].startswith(
        "this is you")


def test_the_review_worksheet_tells_two_sophies_apart(home, tmp_path):
    # Two "Sophie Nguyen": LinkedIn and the meetup list (Ubisoft), and a number on her phone.
    # On main the static review page showed the two names only, the same twice.
    from browser_support import chromium

    drv = chromium(tmp_path / "profile")
    try:
        drv.get((home.out / "worksheets" / "review.html").as_uri())
        row = drv.find_element("css selector", "tbody[data-list] tr")
        one, other = (c.text for c in row.find_elements("css selector", "td")[:2])
        sides = sorted([one, other])
        assert sides[0].startswith("Sophie Nguyen\nDéveloppeuse front-end at Ubisoft Montréal")
        assert "LinkedIn" in sides[0]
        assert sides[1] == "Sophie Nguyen\nvCard"
        assert not [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        drv.quit()
    # review.csv keeps its columns
    header = (home.out / "worksheets" / "review.csv").read_text("utf-8-sig").splitlines()[0]
    assert "org_title" not in header and "known_from" not in header


def test_the_run_says_which_list_left_people_in_no_network(home):
    # The meetup's attendees she knows from nowhere else (Chloé Lambert, Rachid Belkacem) are
    # in no network: an event's list says what the group is only by being that list, and a
    # `file` rule tags it. On main nothing said so; her own row is not counted.
    said = (home.out.parent / "run.txt").read_text("utf-8")
    assert (f"kith: 2 people of {MEETUP} in no network: a `file` rule in networks.toml puts "
            "a list's people in one") in said
    assert "@" not in said and "555" not in said  # no address, no number on the console
    # the rule it points to, added as networks.toml's comments show, tags them
    nets = home.out.parent / "networks.toml"
    nets.write_text(nets.read_text("utf-8") + '\n[[rule]]\nname = "productcamp"\n'
                    'network = "community"\nkind = "file"\nmatch = ["productcamp*.csv"]\n',
                    "utf-8")
    try:
        again = _kith("run", "--config", str(home.out.parent / "kith.toml"),
                      "--as-of", "2026-12-07")
        assert "in no network" not in again
        people = _people(home)
        assert "community" in _one(home, "Chloé Lambert")["networks"]
        assert people.filter(pl.col("display_name") == "Camille Bergeron")["networks"][0].len() == 0
    finally:
        nets.write_text(nets.read_text("utf-8").split("\n[[rule]]\nname = \"productcamp\"")[0],
                        "utf-8")
        _kith("run", "--config", str(home.out.parent / "kith.toml"), "--as-of", "2026-12-07")


def test_serve_shows_a_cards_note_where_she_decides_and_finds_helene_unaccented(
        driver, served, home):
    # The review pair: two "Sophie Nguyen", one a phone-only iPhone card whose note says
    # where they met. On main the pair showed name and number only.
    driver.get(served.url("/review"))
    body = driver.find_element("tag name", "body").text
    assert "Rencontrée au ProductCamp 2025" in body
    pid = _people(home).filter(pl.col("phones").list.contains("+14385550109"))["person_id"][0]
    driver.get(served.url(f"/person/{pid}"))  # the records table of her page has it too
    assert "note: Rencontrée au ProductCamp 2025" in driver.find_element("tag name", "body").text
    # her own page says it is hers, not "untagged: no rule found evidence of a network"
    me = _one(home, "Camille Bergeron")["person_id"]
    driver.get(served.url(f"/person/{me}"))
    assert driver.find_element("id", "own-card").text.startswith("this is you")
    # typed on an English keyboard
    for query in ("helene", "tremblay cote", "Francois Gagnon"):
        driver.get(served.url(f"/search?q={query.replace(' ', '+')}"))
        assert "1 found." in driver.find_element("tag name", "body").text, query
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.fixture(scope="module")
def next_day(tmp_path_factory):
    """Notes and a talk on Monday; on Tuesday the new LinkedIn zip beside the old one."""
    folder = tmp_path_factory.mktemp("user40-days") / "home"
    _kith("init", str(folder))
    shutil.copytree(FIX / "week1", folder / "exports", dirs_exist_ok=True)
    cfg = str(folder / "kith.toml")
    _kith("run", "--config", cfg, "--as-of", "2026-12-07")
    _kith("note", "Helene Tremblay-Cote", "--config", cfg,
          "--offer", "conseils sur la gestion de produit chez Desjardins")
    _kith("note", "Karim Haddad", "--config", cfg, "--next", "Le féliciter pour Coveo?")
    _kith("log", "Hélène", "talked", "Café au Olimpico: elle me présente à Isabelle Roy",
          "--config", cfg)
    before = pl.read_parquet(folder / "out" / "people.parquet")
    notes = (folder / "notes.csv").read_text("utf-8")
    ledger = (folder / "ledger.csv").read_text("utf-8")
    shutil.copy(next(iter((FIX / "week2").glob("*.zip"))), folder / "exports")
    _kith("run", "--config", cfg, "--as-of", "2026-12-08", today="2026-12-08")
    return folder, before, notes, ledger


def test_the_next_day_keeps_her_notes_ledger_and_ids(next_day):
    folder, before, notes, ledger = next_day
    after = pl.read_parquet(folder / "out" / "people.parquet")
    kept = before.join(after, on="person_id", how="anti")["display_name"].to_list()
    assert kept == []  # every Monday id is still there on Tuesday
    assert (folder / "ledger.csv").read_text("utf-8") == ledger
    now = (folder / "notes.csv").read_text("utf-8")
    for line in notes.splitlines()[1:]:
        assert line in now
    assert "Léa Morin" in after["display_name"].to_list()


def test_his_job_change_is_no_split_and_a_split_she_makes_says_which_part_is_which(next_day):
    # Karim moved to Coveo on LinkedIn only; his iPhone card and the meetup list still say
    # Lightspeed. Until job41 the LinkedIn record split off (docs/user40.md); now the night
    # reads yesterday's merge of that profile, changed only in its job, as a job change
    # (dedupe/job_change.py, docs/job41.md).
    folder, *_ = next_day
    cfg = str(folder / "kith.toml")
    out = _kith("changes", "--config", cfg, today="2026-12-08")
    assert "Karim Haddad: moved from Lightspeed to Coveo" in out
    assert not re.search(r"^split", out, re.M)
    # a split she makes says which part is which (on main `kith changes` said "Karim Haddad
    # (p_x) split; part is now p_x" and "... part is now p_y")
    people = pl.read_parquet(folder / "out" / "people.parquet")
    pid = people.filter(pl.col("display_name") == "Karim Haddad")["person_id"][0]
    linkedin = pl.read_parquet(folder / "out" / "records.parquet").filter(
        (pl.col("person_id") == pid) & (pl.col("source") == "linkedin"))["record_id"][0]
    _kith("split", pid, linkedin, "--config", cfg, today="2026-12-08")
    out = _kith("changes", "--config", cfg, today="2026-12-08")
    split = re.search(r"^split \(\d+\):\n((?:  .*\n)*)", out, re.M).group(1)
    assert "the part at Lightspeed keeps the id" in split
    merge = re.search(r"the part at Coveo is now (p_\w+) \(one person\? kith merge (p_\w+) "
                      r"(p_\w+)\)", split)
    assert merge and merge.group(1) == merge.group(3) != merge.group(2) == pid

"""user41's walk (docs/user41.md): Lucía, a Madrid nurse moving into health-tech (clinical
product and implementation roles), runs kith on her Spanish exports, then again the next day.

Fixtures: tests/fixtures/user41 (fictitious; SOURCES.md): an Outlook desktop CSV exported in
Spanish (cp1252, localized headers), a Samsung vCard 2.1 with quoted-printable accented names,
a LinkedIn export with Spanish titles and Spanish/French/English messages, a Meetup attendee
list of a health-tech meetup with her own row, a day-later LinkedIn zip."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import config
from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures" / "user41"


def _kith(*args: str, today: str = "2026-12-07") -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False,
                             env={"KITH_TODAY": today})
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> config.Config:
    """`kith init`, her exports in its folder, `kith run` as of Monday 2026-12-07."""
    folder = tmp_path_factory.mktemp("user41") / "home"
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


def test_her_spanish_outlook_csv_and_samsung_vcards_are_read(home):
    # Outlook's Spanish headers (Nombre, Apellidos, Organización, Puesto, Teléfono móvil,
    # Categorías), cp1252; Samsung's QUOTED-PRINTABLE names: José Ángel one person of three
    # exports, accents intact. (main already gets this right: the walk's control.)
    said = (home.out.parent / "run.txt").read_text("utf-8")
    assert "8 files: 8 ingested, 0 skipped, 0 rejected" in said
    assert "@" not in said and "600" not in said  # no address, no number on the console
    jose = _one(home, "José Ángel Muñoz Pérez")
    assert sorted(jose["sources"]) == ["linkedin", "outlook", "vcard"]
    assert jose["phones"] == ["+34600000001"] and jose["labels"] == ["health-tech"]
    marta = _one(home, "Marta Ruiz Gil")
    assert marta["title"] == "Supervisora de enfermería"
    assert sorted(marta["phones"]) == ["+34600000002", "+34910000020"]
    assert _one(home, "Mamá")["phones"] == ["+34600000010", "+34910000012"]
    assert _one(home, "Centro de Salud")["phones"] == ["+34910000011"]


def test_her_health_tech_titles_are_read_as_the_roles_they_name(home):
    roles = {n: (s, f) for n, s, f in _people(home).select(
        "display_name", "seniority", "function").iter_rows()}
    assert roles["Marta Ruiz Gil"] == ("manager", "healthcare")  # Supervisora de enfermería
    assert roles["Raquel Martín"] == ("manager", "hr")  # Responsable de RR. HH.
    assert roles["Beatriz Navarro"][1] == "hr"  # Técnica de selección
    assert roles["Lucía Herrero"][1] == "consulting"  # Consultora de implantación
    # on main: `other`, as if a clinical specialist and a head of implementation were nothing
    assert roles["Claire Dubois"] == ("director", "consulting")  # Head of Implementation Iberia
    # the LinkedIn Javier Moreno (his phone card is a review pair): Especialista clínico
    javier = _people(home).filter((pl.col("display_name") == "Javier Moreno")
                                  & pl.col("sources").list.contains("linkedin"))
    assert javier["function"].to_list() == ["healthcare"]


def test_openings_in_spanish_are_on_the_openings_sheet(home):
    # "estamos buscando una enfermera" (Carmen, Sanitas) and "buscamos consultores de
    # implantación" (Pablo, Doctolib) were no openings on main; the French and English ones were.
    rows = pl.read_csv(home.out / "worksheets" / "openings.csv", infer_schema=False)
    assert sorted(rows["name"].to_list()) == ["Beatriz Navarro", "Carmen López Serrano",
                                              "Claire Dubois", "Pablo Sánchez"]


def _card(drv, page: Path, name: str):
    drv.get(page.as_uri())
    cards = {c.text.split("\n", 1)[0]: c for c in drv.find_elements("css selector", "article.card")}
    return cards[name]


def test_her_own_row_on_the_meetup_list_is_her(home, tmp_path):
    # Profile.csv says "Lucía Fernández Ortega"; the meetup list, as Spanish usage has it,
    # "Lucía Fernández" (her first surname only). On main her row was "no network rule matched
    # yet" on the Untagged page, and counted among the list's people in no network.
    from browser_support import chromium

    drv = chromium(tmp_path / "profile")
    try:
        me = _card(drv, home.out / "worksheets" / "untagged.html", "Lucía Fernández")
        assert "this is you" in me.text and "no network rule matched yet" not in me.text
        assert not [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        drv.quit()
    said = (home.out.parent / "run.txt").read_text("utf-8")
    assert "4 people of HealthTech-Madrid-meetup-diciembre.csv in no network" in said


def test_no_tie_is_overdue_since_the_day_she_connected(home, tmp_path):
    from browser_support import chromium

    worksheets = home.out / "worksheets"
    drv = chromium(tmp_path / "profile")
    try:
        # José Ángel: in her address book (health-tech), a LinkedIn connection of 2023, never
        # written to. On main: "overdue since 2023-04-04" on her first run, and the
        # "overdue" filter listed him.
        jose = _card(drv, worksheets / "business.html", "José Ángel Muñoz Pérez")
        assert "due now: no contact recorded since you connected on 2023-02-03" in jose.text
        assert "overdue" not in jose.text
        assert "overdue" not in (jose.get_attribute("data-tags") or "").split()
        claire = _card(drv, worksheets / "business.html", "Claire Dubois")  # she wrote back
        assert "overdue since 2026-12-02" in claire.text
        assert not [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        drv.quit()


def test_serve_says_the_same_on_a_persons_page(driver, served, home):
    jose = _one(home, "José Ángel Muñoz Pérez")["person_id"]
    driver.get(served.url(f"/person/{jose}"))
    follow = driver.find_element("id", "follow-up").text
    assert follow.startswith("due now: no contact recorded since you connected on 2023-02-03")
    assert "overdue" not in follow
    claire = _one(home, "Claire Dubois")["person_id"]
    driver.get(served.url(f"/person/{claire}"))
    assert driver.find_element("id", "follow-up").text.startswith("2026-12-02 (overdue)")
    me = _one(home, "Lucía Fernández")["person_id"]
    driver.get(served.url(f"/person/{me}"))
    assert driver.find_element("id", "own-card").text.startswith("this is you")
    for query in ("munoz", "jose angel", "Ruiz Gil"):  # typed without accents
        driver.get(served.url(f"/search?q={query.replace(' ', '+')}"))
        assert "1 found." in driver.find_element("tag name", "body").text, query
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.fixture(scope="module")
def next_day(tmp_path_factory):
    """A note and a talk on Monday; on Tuesday the new LinkedIn zip beside the old one."""
    folder = tmp_path_factory.mktemp("user41-days") / "home"
    _kith("init", str(folder))
    shutil.copytree(FIX / "week1", folder / "exports", dirs_exist_ok=True)
    cfg = str(folder / "kith.toml")
    _kith("run", "--config", cfg, "--as-of", "2026-12-07")
    _kith("note", "jose angel", "--config", cfg, "--need", "busca enfermeras para validar")
    pablo = pl.read_parquet(folder / "out" / "people.parquet").filter(
        (pl.col("display_name") == "Pablo Sánchez") & pl.col("sources").list.contains("linkedin"))
    _kith("log", pablo["person_id"][0], "talked", "llamada sobre implantación", "--config", cfg)
    before = pl.read_parquet(folder / "out" / "people.parquet")
    notes = (folder / "notes.csv").read_text("utf-8")
    ledger = (folder / "ledger.csv").read_text("utf-8")
    shutil.copy(next(iter((FIX / "week2").glob("*.zip"))), folder / "exports")
    _kith("run", "--config", cfg, "--as-of", "2026-12-08", today="2026-12-08")
    return folder, before, notes, ledger


def test_the_next_day_keeps_her_notes_ledger_and_ids(next_day):
    folder, before, notes, ledger = next_day
    after = pl.read_parquet(folder / "out" / "people.parquet")
    assert before.join(after, on="person_id", how="anti").height == 0
    assert (folder / "ledger.csv").read_text("utf-8") == ledger
    now = (folder / "notes.csv").read_text("utf-8")
    for line in notes.splitlines()[1:]:
        assert line in now
    irene = after.filter(pl.col("display_name") == "Irene Castro")
    assert "linkedin" in irene.explode("sources")["sources"].to_list()

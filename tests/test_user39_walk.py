"""user39's walk (docs/user39.md): a Berlin nurse's German exports, run as a user would.

Fixtures: tests/fixtures/user39 (fictitious; SOURCES.md): a German Outlook CSV, an Android
vCard 2.1, a LinkedIn export and a rowing club's member list (`Vorname;Nachname;...`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich import drafts

FIX = Path(__file__).parent / "fixtures" / "user39"
CLUB = "Mitgliederliste_RV_Wannsee_2026.csv"


@pytest.fixture(scope="module")
def week1(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("user39") / "out"
    res = CliRunner().invoke(main, ["run", str(FIX / "week1"), "--out", str(out),
                                    "--as-of", "2026-12-07"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


def _people(out: Path) -> dict[str, dict]:
    return {r["display_name"]: r
            for r in pl.read_parquet(out / "people.parquet").iter_rows(named=True)}


def test_a_club_member_list_is_no_outlook_export(week1):
    # `Vorname;Nachname;...` without a column only Outlook writes is a contact CSV, as README
    # says: on main the club's members were "Known from Outlook", "in your address book".
    files = dict(pl.read_parquet(week1 / "files.parquet").select("path", "format").iter_rows())
    assert files[CLUB] == "contacts_csv"
    assert files["Kontakte.CSV"] == "outlook_localised"  # German Outlook's own export still is
    recs = pl.read_parquet(week1 / "records.parquet")
    assert set(recs.filter(pl.col("source_file") == CLUB)["source"]) == {"csv"}
    assert set(recs.filter(pl.col("source_file") == "Kontakte.CSV")["source"]) == {"outlook"}
    heike = next(p for n, p in _people(week1).items() if n.startswith("Heike"))
    assert heike["sources"] == ["csv"]
    assert heike["warmth_reason"] == "listed in a CSV file you gave kith"
    assert heike["birthday"] == "1967-05-19"  # its `Geburtsdatum` column, 19.05.1967, is read


def test_the_same_doctor_in_four_spellings_is_one_person(week1):
    # Outlook "Müller" (Dr. med.), the phone's QP "Müller", LinkedIn "Juergen Mueller", the
    # club's "MÜLLER" with the mobile written 0171/3920055: one person, shown with his umlauts
    people = _people(week1)
    juergen = people["Jürgen Müller"]
    assert juergen["record_count"] == 4
    assert sorted(juergen["sources"]) == ["csv", "linkedin", "outlook", "vcard"]
    assert "+491713920055" in juergen["phones"]
    assert juergen["birthday"] == "1971-03-14"


def test_surnames_in_capitals_are_shown_as_names_are_written(week1):
    # The club's roster writes "WEBER", "KRÜGER", "HOFFMANN": on main every card shouted them
    # ("Jörg WEBER"); a whole name in capitals with no other spelling stays as written.
    people = _people(week1)
    for name in ("Jörg Weber", "Heike Weber", "Hans-Peter Krüger"):
        assert name in people, sorted(people)
    assert not [n for n in people if "WEBER" in n or "KRÜGER" in n or "HOFFMANN" in n]
    # the two Claudia Hoffmanns stay two people (other mobile, other address, no employer)
    families = pl.read_parquet(week1 / "people.parquet")["family_name"].to_list()
    assert families.count("Hoffmann") == 2



def test_german_outlook_categories_tag_as_english_ones_do(week1):
    # German Outlook writes its own "Business" and "Personal" categories as "Geschäftlich" and
    # "Persönlich"; on main neither tagged anyone (English "Business" did).
    nets = pl.read_parquet(week1 / "networks.parquet")
    people = pl.read_parquet(week1 / "people.parquet").select("person_id", "display_name")
    fired = {(n, r["rule"], r["reason"]) for r in nets.join(people, on="person_id").iter_rows(named=True)
             for n in [r["display_name"]]}
    assert ("Sabine Schmidt-Rössler", "label-business", "Outlook category 'Geschäftlich'") in fired
    assert ("Lukas Schröder", "label-peer", "Outlook category 'Persönlich'") in fired
    # a category of the user's own ("Health-Tech") still tags nobody by itself
    assert not [f for f in fired if "Health-Tech" in f[2]]


@pytest.fixture(scope="module")
def week2(tmp_path_factory) -> Path:
    """The same exports folder a week later: Outlook exported again (Sabine Schmidt-Rössler
    moved to Caresync GmbH, Emre Kaya deleted, Nadine Brandt added), the rest unchanged."""
    home = tmp_path_factory.mktemp("user39-weeks")
    exports, out = home / "exports", home / "out"
    shutil.copytree(FIX / "week1", exports)
    for as_of in ("2026-12-07", "2026-12-14"):
        res = CliRunner().invoke(main, ["run", str(exports), "--out", str(out), "--as-of", as_of],
                                 catch_exceptions=False)
        assert res.exit_code == 0, res.output
        shutil.copy(FIX / "week2" / "Kontakte.CSV", exports / "Kontakte.CSV")
    return out


def test_a_part_split_off_is_not_someone_new(week2):
    # After her job change only Outlook knows, LinkedIn's "Sabine Schmidt-Roessler" (still at
    # the clinic) no longer clears the merge threshold: a split, which `kith changes` also
    # listed as "new in your exports". Since job41 the night reads last week's merge of
    # that Outlook card, changed only in its job, as a job change: neither split nor new.
    res = CliRunner().invoke(main, ["changes", "--out", str(week2)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    sections = dict(re.findall(r"^(\w+) \(\d+\):\n((?:  .*\n)*)", res.output, re.M))
    assert "Nadine Brandt: new in your exports" in sections["new"]
    assert "Schmidt-R" not in sections["new"]
    assert "split" not in sections
    assert "Emre Kaya: no longer in your exports" in sections["gone"]
    assert "moved from Klinikum Am Spreebogen to Caresync GmbH" in sections["job"]


def test_week_two_overview_as_a_person_reads_it(week2, tmp_path):
    # The overview page in Chromium: what changed names one new person, and the club's
    # members are written as names are, not in capitals.
    from browser_support import chromium

    drv = chromium(tmp_path / "profile")
    try:
        drv.get((week2 / "worksheets" / "index.html").as_uri())
        text = drv.find_element("tag name", "body").text
        changed = text.split("What changed since the last run", 1)[1]
        assert "Nadine Brandt" in changed and "Emre Kaya" in changed
        assert "Schmidt-Roessler: new" not in changed
        drv.get((week2 / "worksheets" / "untagged.html").as_uri())
        cards = drv.find_element("tag name", "body").text
        assert "Jörg Weber" in cards and "Hans-Peter Krüger" in cards
        assert "WEBER" not in cards and "KRÜGER" not in cards
        assert not [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        drv.quit()


def test_your_own_hospital_makes_colleagues_not_community(week1, tmp_path):
    # Positions.csv says Katrin works at Klinikum Am Spreebogen: its staff are colleagues
    # (business), not "people who know you outside work" because it is a hospital. On main all
    # four landed on the Community worksheet (org-healthcare).
    nets = pl.read_parquet(week1 / "networks.parquet").join(
        pl.read_parquet(week1 / "people.parquet").select("person_id", "display_name"),
        on="person_id")
    at_clinic = {"Jürgen Müller", "Sabine Schmidt-Rössler", "Özlem Yıldız"}
    assert set(nets.filter(pl.col("rule") == "current-colleague")["display_name"]) >= at_clinic
    assert not set(nets.filter(pl.col("network") == "community")["display_name"]) & at_clinic
    # another hospital is still community: the rule is set aside for your employers only
    export = tmp_path / "linkedin"
    export.mkdir()
    (export / "Positions.csv").write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Klinikum Am Spreebogen,Fachkrankenpflegerin,,Berlin,Apr 2014,\n", "utf-8")
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Mara,Lind,https://www.linkedin.com/in/mara-lind-example,,Klinikum Am Spreebogen,"
        "Stationsleitung,02 Feb 2025\n"
        "Olaf,Berg,https://www.linkedin.com/in/olaf-berg-example,,Klinikum Nordstadt,"
        "Stationsleitung,03 Mar 2025\n", "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(export), "--out", str(out), "--as-of", "2026-12-07"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    rows = pl.read_parquet(out / "networks.parquet").join(
        pl.read_parquet(out / "people.parquet").select("person_id", "display_name"), on="person_id")
    fired = set(rows.select("display_name", "rule").iter_rows())
    assert ("Mara Lind", "current-colleague") in fired
    assert ("Mara Lind", "org-healthcare") not in fired
    assert ("Olaf Berg", "org-healthcare") in fired


def test_a_colleague_in_your_phone_gets_no_stranger_draft(week1, tmp_path):
    # No LinkedIn message with Jürgen is on record, but he is in Katrin's Outlook, phone and
    # club list: on main his draft said "We are connected, but I don't think we have properly
    # talked yet" (kith's [first_contact], for LinkedIn strangers).
    res = CliRunner().invoke(main, ["plan", "--messages", "--out", str(week1)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    item = res.output.split("Jürgen Müller:", 1)[1].split("\n 2.", 1)[0]
    assert "Subject: Catching up" in item and "Hi Jürgen," in item
    assert "I would like to catch up" in item
    assert "properly talked" not in res.output
    # the worksheet's e-mail link carries the same draft (Chromium reads the page as a person)
    from browser_support import chromium

    drv = chromium(tmp_path / "profile")
    try:
        drv.get((week1 / "worksheets" / "index.html").as_uri())
        item = next(li for li in drv.find_elements("css selector", "li")
                    if li.text.startswith("Jürgen Müller:"))
        href = item.find_element("link text", "e-mail").get_attribute("href")
        assert "I%20would%20like%20to%20catch%20up" in href and "properly" not in href
    finally:
        drv.quit()


def test_a_linkedin_stranger_still_gets_the_first_contact_draft():
    templates = drafts.load(None)
    values = {"name": "Priya Raman", "given_name": "Priya", "action": "Get in touch"}
    _subject, body = drafts.draft(templates, "follow_up", values)
    assert "properly talked yet" in body
    _subject, body = drafts.draft(templates, "follow_up", {**values, "in_your_book": True})
    assert "I would like to catch up" in body and "last conversation" not in body


def test_notes_on_club_members_survive_the_upgrade_that_reads_the_list_as_csv(tmp_path,
                                                                                monkeypatch):
    # A home run by a kith that read the club list as Outlook (simulated: "vorname" counted as
    # a column only Outlook writes), a note on Heike, who is only on that list; then this
    # kith, which reads it as a contact CSV: her records' source, so their ids, change. Her
    # note must stay on her (on main's id carry-over it went to a person marked gone).
    from exports_support import run_home

    from pipeline import build, detect
    from pipeline.formats import addressbook
    from pipeline.notes import notes_file

    exports = tmp_path / "exports"
    shutil.copytree(FIX / "week1", exports)
    with monkeypatch.context() as old_kith:
        old_kith.setattr(addressbook, "_BOOK_OWN", addressbook._BOOK_OWN | {"vorname"})
        detect._matching_registered.cache_clear()  # headers' kinds are remembered per process
        before = run_home(tmp_path, exports)
    detect._matching_registered.cache_clear()
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    assert set(records.filter(pl.col("source_file") == CLUB)["source"]) == {"outlook"}
    heike = before["Heike Weber"]
    notes = tmp_path / "data" / "notes.csv"
    notes_file.set_note(notes, heike, "Heike Weber", offer="kennt den Vorstand")
    monkeypatch.setattr(build, "digest", lambda: "a-newer-kith")
    after = run_home(tmp_path, exports)
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    assert set(records.filter(pl.col("source_file") == CLUB)["source"]) == {"csv"}
    assert after["Heike Weber"] == heike
    row = notes_file.load_notes(notes).filter(pl.col("person_id") == heike).row(0, named=True)
    assert row["offer"] == "kennt den Vorstand" and row["kith_status"] == "active"
    changes = pl.read_parquet(tmp_path / "out" / "changes.parquet")
    assert changes.filter(pl.col("change").is_in(["gone", "new"])).height == 0


def test_a_record_read_as_another_source_of_the_same_file_keeps_its_person():
    # The real upgrade also reads the list's `Geburtsdatum` now, so the row's raw values differ
    # and only the edited-card match can carry it: on main it asked for the same source.
    from pipeline.dedupe import ids

    def rec(rid: str, source: str, pid: str | None = None) -> dict:
        return {"record_id": rid, "source": source, "source_file": CLUB, "person_id": pid,
                "given_key": "heike", "family_key": "weber", "name_key": "heike weber",
                "email_keys": ["heike.weber@gmx.example"], "phones_e164": ["+493023125102"]}

    new = pl.DataFrame([rec("r_new", "csv")]).drop("person_id")
    old = pl.DataFrame([rec("r_old", "outlook", "p_heike")])
    assert ids._edited(new, old).rows() == [("r_new", "p_heike")]
    # another file of another source sharing the address is still no edit of that card
    other = new.with_columns(pl.lit("contacts.csv").alias("source_file"))
    assert ids._edited(other, old).height == 0

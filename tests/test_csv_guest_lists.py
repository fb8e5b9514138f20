"""Guest lists and other hand-made CSVs: numbered name columns (`Name01,Name02`, `Guest
1..3`), combined name headers (`Nom / Prénom`), and the columns a CSV reader leaves unread
(docs/realworld-rules21.md R3, docs/realworld17.md).

On a real guest list headed `Name01,Name02,Email` kith read neither name column: every row
came out named by its e-mail or by nothing, and no reject or log line said so."""

import logging
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st
from test_addressbook import HERE, parse

from pipeline.dedupe.households import household_card
from pipeline.formats import csvheaders
from pipeline.inputs import Limits
from pipeline.stages.ingest import ingest
from pipeline.stages.ingest_parse import parse_bytes


def names(parsed) -> list[str | None]:
    return parsed.contacts.sort("source_row").get_column("full_name").to_list()


def test_name01_name02_are_the_rows_guests():
    fmt, p = parse("guest_list_numbered_names.csv")
    assert fmt == "contacts_csv" and p.rows_total == 5 and p.rejects.height == 0
    assert names(p) == ["Mr. Alan Brightwater & Ms. Clara Brightwater", "Ms. Dana Okafor",
                        "Mr. Evan Lund & Mrs. Greta Lund", "Dr. Hana Ito",
                        "Mr. and Mrs. Ivo Marsh"]
    emails = p.contacts.sort("source_row").get_column("emails").to_list()
    assert emails[0] == ["alan.brightwater@example.com"] and emails[1] == []
    assert p.unread == ()  # every column is read


def test_an_unnamed_plus_one_is_no_name():
    """A real guest list (docs/realworld17.md W8) writes "Guest" in Name02 for 13 unnamed
    plus-ones: joined in, "Ms. Kate Dunmore & Guest" became given Kate, family "Guest"."""
    data = (b"Name01,Name02,Email\nMs. Kate Dunmore,Guest,kate@example.com\n"
            b"Mr. Bo Ekwueme,+1,bo@example.com\nMs. Ivy Fenn,Plus One,ivy@example.com\n"
            b"Mr. Al Gant,Ms. Guest Gant,al@example.com\n")
    fmt, reason, p = parse_bytes(data, "g.csv", "utf-8")
    assert p.contacts.sort("source_row").get_column("full_name").to_list() == [
        "Ms. Kate Dunmore", "Mr. Bo Ekwueme", "Ms. Ivy Fenn", "Mr. Al Gant & Ms. Guest Gant"]
    assert p.unread == (("Name02", 3),)


def test_a_rows_two_guests_are_a_households_card():
    """The couple's row is one card with one e-mail: the household rule keeps it apart from
    Alan's own card (it must not take Clara into Alan's contact)."""
    _, p = parse("guest_list_numbered_names.csv")
    card = p.contacts.sort("source_row").with_columns(
        household_card(p.contacts.columns).alias("household")).get_column("household")
    assert card.to_list() == [True, False, True, False, True]


def test_guest_1_to_3_columns_and_unread_columns_named():
    fmt, p = parse("rsvp_guest_columns.csv")
    assert fmt == "contacts_csv" and p.rejects.height == 0
    assert names(p) == ["Joan Pike & Tom Pike & Lily Pike", "Rafael Ortiz", "Mina Sato"]
    # the meal and table columns are no contact field: named, with the rows that fill them
    assert p.unread == (("Meal", 2), ("Table", 2))


def test_numbered_first_and_last_names_are_each_guests_name():
    """A wedding site's guest table (docs/realworld17.md): `guest_N_first_name,
    guest_N_last_name` for up to four guests a row; one number is one person."""
    fmt, p = parse("guest_table_numbered_first_last.csv")
    assert fmt == "contacts_csv" and p.rejects.height == 0
    assert names(p) == ["Nora Quill & Ben Quill", "Otto Reyes", "Pia Santos & Ray Lind & Kai Lind",
                        "Tess Vale"]
    assert p.contacts.sort("source_row").get_column("phones").to_list()[1] == ["+1 617 555 0188"]
    # the unnamed plus-one ("Guest") is nobody's name: left out, and named
    assert p.unread == (("guest_2_first_name", 1), ("party_size", 4),
                        ("is_rehearsal_dinner_invited", 4))


def test_numbered_parts_without_guest_word():
    data = (b"First Name 1,Last Name 1,First Name 2,Last Name 2,Email\n"
            b"Ann,Lee,Bo,Lee,ann.lee@example.com\n")
    fmt, reason, p = parse_bytes(data, "g.csv", "cp1252")
    assert fmt == "contacts_csv" and p.unread == ()
    assert p.contacts.get_column("full_name").to_list() == ["Ann Lee & Bo Lee"]


def test_numbered_name_headers():
    for header in ("Name01", "Name 2", "Name #3", "Guest 1", "Guest Name 2", "Attendee 3",
                   "Full Name 1", "Member Name 4", "name_no_2", "guest_1_first_name",
                   "Last Name 2", "Guest 3 Surname"):
        assert csvheaders.numbered_name(header), header
    for header in ("Name", "Guest", "Contact 1", "Phone 2", "First Name", "Name 2024",
                   "Guests", "Company Name 2", "guest_1_email", "Middle Name 2"):
        assert not csvheaders.numbered_name(header), header


def test_unread_candidate_column_is_named():
    """A real list of candidates (docs/realworld11.md) names its people under `CANDIDATO`:
    rows with an e-mail were read without the name, silently."""
    _, p = parse("generic_unread_name_column.csv")
    assert "CANDIDATO" in dict(p.unread)


def test_the_run_log_names_unread_columns_also_from_the_cache(tmp_path, caplog):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(HERE / "rsvp_guest_columns.csv", folder)
    for _ in range(2):  # parsed, then from the cache
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="kith.ingest"):
            res = ingest([folder], [], Limits(), workers=1, cache_dir=tmp_path / "cache")
        lines = [r.getMessage() for r in caplog.records if "not in the output" in r.getMessage()]
        assert len(lines) == 1 and "'Meal' (2 rows), 'Table' (2 rows)" in lines[0]
        assert "rsvp_guest_columns.csv" in lines[0]
    assert res.cache_hits == 1


_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8).map(str.capitalize)
_CELL = st.one_of(st.just(""), st.builds(lambda a, b: f"{a} {b}", _WORD, _WORD))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(_CELL, _CELL, _CELL, st.sampled_from(["", "x", "42"])),
                     min_size=1, max_size=6),
       headers=st.sampled_from([("Name01", "Name02", "Name03"), ("Guest 1", "Guest 2", "Guest 3"),
                                ("Name", "Name 2", "Name 3")]))
def test_no_guest_name_is_lost(rows, headers):
    """Nothing lost: every filled name cell is in its row's full name (in header order), and
    every other filled column is named as unread."""
    lines = [",".join((*headers, "Email", "Extra"))]
    lines += [",".join((a, b, c, f"g{i}@example.com", x)) for i, (a, b, c, x) in enumerate(rows)]
    fmt, reason, p = parse_bytes(("\n".join(lines) + "\n").encode(), "g.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    got = dict(zip(p.contacts.get_column("source_row"), p.contacts.get_column("full_name"),
                   strict=True))
    assert len(got) == len(rows)
    for i, (a, b, c, _) in enumerate(rows):
        people = [n for n in (a, b, c) if n]
        assert got[i] == (" & ".join(people) if people else None)
    extra = sum(1 for *_, x in rows if x)
    assert p.unread == ((("Extra", extra),) if extra else ())


def test_a_column_that_lost_to_an_earlier_one_is_named():
    """A wedding list's "Family Name" is the party's label ("Vos1") beside "Last Name": both
    are family-name headers, the first is kept and the label was dropped unsaid. Rows where
    the two agree ("Okoro") lose nothing and are not counted."""
    fmt, p = parse("guest_list_family_name_is_a_party.csv")
    assert fmt == "contacts_csv"
    got = [(r["given_name"], r["family_name"]) for r in p.contacts.sort("source_row").to_dicts()]
    assert got == [("Irene", "Vos"), ("Marco", "Lenz"), ("Leah", "Okoro"), ("Sam", "Vos")]
    assert p.unread == (("Family Name", 3), ("Attending", 4), ("RSVPed", 4))


def test_display_name_beside_name_is_named_where_it_differs():
    """A WhatsApp sender's guest list: `name,phone,display_name`, both names of the row."""
    data = ("name,phone,display_name\nMr. & Mrs. Silva,+94 77 123 4567,Nimal & Kamala\n"
            "The Perera Family,+94 71 765 4321,Perera Family\nAnu Dias,+94 70 111 2222,anu dias\n")
    fmt, reason, p = parse_bytes(data.encode(), "g.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    assert p.contacts.sort("source_row").get_column("full_name").to_list() == [
        "Mr. & Mrs. Silva", "The Perera Family", "Anu Dias"]
    assert p.unread == (("display_name", 2),)  # the third row's differs only in case


def test_nom_prenom_column_is_the_name_family_first():
    """A French wedding list from a spreadsheet (docs/realworld17.md W9): semicolons, a
    `Nom / Prénom` column written "FAMILY Given", a `Téléphone` column. The header was no
    name kith knew, so the whole file (148 guests, 62 numbers) was rejected as "no header row
    kith knows". The capitals say where the family name ends; other rows stay full names."""
    fmt, p = parse("guest_list_nom_prenom_semicolon.csv")
    assert fmt == "contacts_csv" and p.rows_total == 6 and p.rejects.height == 0
    got = [(r["given_name"], r["family_name"], r["full_name"])
           for r in p.contacts.sort("source_row").to_dicts()]
    assert got == [("Odile", "MARCHAND", None), ("Anne-Sophie", "DE VILLIERS", None),
                   (None, None, "Gaston"), (None, None, "LEBRUN (femme Paul)"),
                   ("Jean-Marc T", "PAYET", None), (None, None, "Claire Morin")]
    assert p.contacts.sort("source_row").get_column("phones").to_list()[0] == ["06 12 34 56 78"]
    assert [c for c, _ in p.unread] == ["N°", "Bordeaux invité", "La Réunion invité",
                                        "La Réunion présence"]


def test_combined_name_headers_in_other_languages():
    for header in ("Nom / Prénom", "Nom et prénom", "Prénom Nom", "Nome e Cognome",
                   "Nombre y apellidos", "Name, Vorname", "Imię i nazwisko", "Họ và tên",
                   "Nama", "Ad Soyad", "ФИО", "Фамилия Имя"):
        assert csvheaders.field_of(header, frozenset()) == "full_name", header
    # the single-word family and given headers keep their meaning
    assert csvheaders.field_of("Nom", frozenset()) == "family_name"
    assert csvheaders.field_of("Prénom", frozenset()) == "given_name"


def test_thunderbird_zipcode_columns_are_the_postcode():
    """Thunderbird's CSV export names its postcodes "Home ZipCode" and "Work ZipCode"; kith
    read neither (the unread-columns log line showed it on the corpus, docs/realworld17.md)."""
    data = (b"First Name,Last Name,Display Name,Primary Email,Home Address,Home City,"
            b"Home ZipCode,Work ZipCode\r\n"
            b"Rosa,Nkemelu,Rosa Nkemelu,rosa@example.org,12 Elm Row,Leeds,LS6 2AB,LS1 4DY\r\n")
    fmt, reason, p = parse_bytes(data, "tb.csv", "utf-8")
    assert fmt == "thunderbird", reason
    assert p.contacts.get_column("postcode").to_list() == ["LS6 2AB"]
    assert p.unread == (("Work ZipCode", 1),)  # the second postcode: one value a field


def test_guest_name_headers_in_other_languages():
    """A guest list's name column, as RSVP sites and spreadsheets head it in other languages
    (docs/realworld17.md: an Indonesian RSVP headed `Nama Tamu` would have lost every name):
    the same rule as the combined name headers, one alias list."""
    for header in ("Nama Tamu", "Nama Undangan", "Tên khách", "Tên khách mời", "Misafir Adı",
                   "MİSAFİR ADI", "Nombre del invitado", "Nome do convidado", "Name des Gastes",
                   "Gastname", "Nom de l'invité", "Nome dell'ospite", "Naam gast", "Guest Name"):
        assert csvheaders.field_of(header, frozenset()) == "full_name", header


def test_an_indonesian_guest_list_reads_its_names_and_numbers():
    data = (b"No,Nama Tamu,No HP,Alamat\n1,Budi Santoso dan Isteri,0812-3456-7890,Bandung\n"
            b"2,Siti Rahmawati,0813 2222 4444,Jakarta\n")
    fmt, reason, p = parse_bytes(data, "tamu.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    rows = p.contacts.sort("source_row")
    assert rows["full_name"].to_list() == ["Budi Santoso dan Isteri", "Siti Rahmawati"]
    assert rows["phones"].to_list() == [["0812-3456-7890"], ["0813 2222 4444"]]

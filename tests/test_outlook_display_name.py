"""An Outlook CSV row with no First/Middle/Last name whose "E-mail Display Name" is `Ann Lee
(ann@example.org)` was shown by its address (adversarial23 h25). The display name is now the
row's full name when the row has no name, without its "(address)", and only when what is left
is a name (csvnames.display_name_fallback; names.not_a_name): one rule for every Outlook
language's column (csvheaders.email_display_name). Fixture written for kith."""

from __future__ import annotations

import pytest
from test_addressbook import parse

from pipeline.formats import csvheaders
from pipeline.stages.ingest_parse import parse_bytes


def test_a_nameless_row_is_named_by_its_display_name():
    fmt, p = parse("outlook_display_name_only.csv")
    assert fmt == "outlook" and p.rejects.height == 0
    rows = p.contacts.sort("source_row")
    assert rows["full_name"].to_list() == [
        None,  # Maren Holt has her names; the display name is not read
        "Ann Lee",
        None,  # an address is no name: the contact stays its company and address
        None,  # nor a number
        "Ines Achter",  # no "(address)" to cut
        None]  # Lena has a given name: "L. Vogt" is not taken over it
    assert rows["given_name"].to_list()[5] == "Lena"


@pytest.mark.parametrize("header", [
    "E-mail Display Name", "E-mail 2 Display Name", "E-Mail: Angezeigter Name",
    "Nom complet de l'adresse de messagerie", "Nombre para mostrar del correo electrónico",
    "Nome visualizzato posta elettronica", "Weergavenaam voor e-mail",
    "Краткое имя эл. почты"])
def test_every_outlook_language_names_the_column(header):
    assert csvheaders.email_display_name(header)
    assert csvheaders.field_of(header, frozenset()) is None  # still no address, no name


@pytest.mark.parametrize("header", ["E-mail Address", "Display Name", "E-mail Type", "Name"])
def test_other_columns_are_not_display_names(header):
    assert not csvheaders.email_display_name(header)


def test_the_german_export_names_its_row(tmp_path):
    from exports_support import kith_records
    text = ("Vorname,Nachname,E-Mail-Adresse,E-Mail: Angezeigter Name,Mobiltelefon\n"
            ",,jonas@example.de,Jonas Weber (jonas@example.de),\n"
            "Ute,Kramer,ute@example.de,Ute Kramer (ute@example.de),\n")
    records = kith_records(tmp_path, {"kontakte.csv": text})
    assert records["display_name"].to_list() == ["Jonas Weber", "Ute Kramer"]


def test_the_unread_line_counts_only_the_rows_the_display_name_did_not_name():
    """rw19's (b) left the column counted whole in the unread-columns line although its value
    is the name of the rows with no name (realworld19, "Found and left"): the fixture's six
    rows fill it, one of them (Ann Lee) takes its name from it, and one more (Ines Achter) as
    well; the other four (a named row, an address, a number, a given name only) are unread."""
    _, p = parse("outlook_display_name_only.csv")
    assert dict(p.unread)["E-mail Display Name"] == 4


def test_a_second_display_column_counts_the_rows_it_did_not_name(tmp_path):
    """The first filled display column names the row; a second one's value on that row is
    still not in the output."""
    text = ("First Name,Last Name,E-mail Address,E-mail Display Name,"
                    "E-mail 2 Address,E-mail 2 Display Name\n"
                    ",,a@example.org,Ann Lee (a@example.org),b@example.org,Ann L (b@example.org)\n"
                    ",,c@example.org,,d@example.org,Cem Ak (d@example.org)\n"
                    "Bo,Berg,e@example.org,Bo Berg (e@example.org),,\n")
    _, _, parsed = parse_bytes(text.encode(), "outlook.csv", "cp1252")
    unread = dict(parsed.unread)
    assert unread["E-mail Display Name"] == 1  # Bo Berg's: he has his names
    assert unread["E-mail 2 Display Name"] == 1  # Ann's second; Cem's names his row
    named = parsed.contacts.sort("source_row")["full_name"].to_list()
    assert named == ["Ann Lee", "Cem Ak", None]

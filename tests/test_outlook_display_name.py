"""An Outlook CSV row with no First/Middle/Last name whose "E-mail Display Name" is `Ann Lee
(ann@example.org)` was shown by its address (adversarial23 h25). The display name is now the
row's full name when the row has no name, without its "(address)", and only when what is left
is a name (csvnames.display_name_fallback; names.not_a_name): one rule for every Outlook
language's column (csvheaders.email_display_name). Fixture written for kith."""

from __future__ import annotations

import pytest
from test_addressbook import parse

from pipeline.formats import csvheaders


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

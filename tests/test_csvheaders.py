"""Generic contact CSVs: header spellings of every CRM, mailing-list tool and spreadsheet, in
several languages, matched to fields; tables whose rows are not people are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.formats.csvheaders import column_map, field_of, key
from pipeline.stages.ingest_parse import parse_bytes

HERE = Path(__file__).parent / "fixtures" / "addressbook"


def parse(name: str):
    fmt, reason, parsed = parse_bytes((HERE / name).read_bytes(), name, "cp1252")
    assert parsed is not None, reason
    return fmt, parsed.contacts.sort("source_row").to_dicts()


@pytest.mark.parametrize("name, fmt, want", [
    ("generic_snake_case.csv", "contacts_csv",
     [("Ada", "Lovelace", ["ada@example.org"], ["+44 20 7946 0000"], "Analytical Engines"),
      ("Grace", "Hopper", ["grace@example.org"], [], "US Navy")]),
    ("generic_uppercase.csv", "contacts_csv",
     [("LINUS", "TORVALDS", [], ["+1 503 555 0100"], "LINUX FOUNDATION"),
      ("Margaret", "Hamilton", [], [], "NASA")]),
    ("generic_emailid.csv", "contacts_csv",
     [("Ravi", "Kumar", ["ravi.kumar@example.in"], ["98450 12345"], None),
      ("Priya", "Sharma", ["priya@example.in"], [], None)]),
    ("generic_mailchimp.csv", "contacts_csv", [("Zoe", "Adams", ["zoe@example.com"], [], None)]),
    ("generic_german.csv", "contacts_csv",
     [("Jürgen", "Müller", ["jm@beispiel.de"], ["+49 30 1234567"], "Beispiel GmbH")]),
    ("generic_french.csv", "contacts_csv",
     [("Hélène", "Dupont", ["helene@exemple.fr"], ["06 12 34 56 78"], "Exemple SA")]),
    ("generic_spanish.csv", "contacts_csv",
     [("Lucía", "García", ["lucia@ejemplo.es"], ["612 345 678"], "Ejemplo SL")]),
    # Russian, Polish, Brazilian and Finnish column names (Roundcube's maps of what Outlook and
    # Thunderbird write; the Russian one as a real phone book wrote it, docs/realworld7.md)
    ("generic_russian.csv", "contacts_csv",
     [("Иван", "Петров", [], ["+7-495-555-01-01", "+7-900-555-01-02"], 'ООО "Пример"'),
      ("Ольга", "Смирнова", [], ["+7-495-555-02-01"], 'ООО "Пример"')]),
    ("outlook_polish.csv", "contacts_csv",
     [("Agnieszka", "Wójcik", ["agnieszka@przyklad.pl"], ["+48 512 345 678"],
       "Przykład sp. z o.o.")]),
    ("outlook_portuguese_br.csv", "contacts_csv",
     [("João", "Conceição", ["joao@exemplo.com.br"], ["+55 11 91234-5678"], "Exemplo Ltda")]),
    ("thunderbird_finnish.csv", "contacts_csv",
     [("Matti", "Meikäläinen", ["matti@esimerkki.fi"], ["+358 40 123 4567"], "Esimerkki Oy")]),
])
def test_generic_headers(name: str, fmt: str, want: list) -> None:
    got_fmt, rows = parse(name)
    assert got_fmt == fmt
    assert [(r["given_name"], r["family_name"], r["emails"], r["phones"], r["organization"])
            for r in rows] == want


def test_a_russian_patronymic_is_the_middle_name() -> None:
    assert [r["middle_name"] for r in parse("generic_russian.csv")[1]] == ["Сергеевич",
                                                                            "Андреевна"]


def test_qualified_headers_and_title() -> None:
    fmt, rows = parse("generic_customer.csv")
    assert fmt == "contacts_csv"
    assert [(r["full_name"], r["given_name"], r["organization"]) for r in rows] == [
        ("Blue Sky Travel", "Maria", "Blue Sky Travel Ltd"),
        ("Nordic Fish AB", "Lars", "Nordic Fish AB")]
    assert parse("generic_emailid.csv")[1][0]["title"] == "Manager"  # "Designation"


def test_a_cell_of_several_addresses_is_split_one_row_per_contact() -> None:
    _, rows = parse("generic_multi_address.csv")
    assert [(r["full_name"], r["emails"]) for r in rows] == [
        ("Ann Lee", ["ann@example.org", "ann.lee@work.example"]),
        ("Bo Chan", ["bo@example.org", "bo.chan@old.example"]),
        ("Cy Dee", ["cy@example.org"])]


def test_an_address_list_alone_is_contacts() -> None:
    fmt, rows = parse("generic_email_only.csv")
    assert fmt == "contacts_csv" and [r["emails"] for r in rows] == [["one@example.com"],
                                                                      ["two@example.com"]]


@pytest.mark.parametrize("text", [
    "order_id,name,quantity,price\n1,Widget 1,2,9.99\n2,Widget 2,1,19.99\n",  # product names
    "name,email,plan\nBasic,no,9\nPro,yes,19\n",  # an "email" column of flags
    "Name,Mail\n12345,x\n67890,y\n",
    "name,status\nbuild-1,ok\nbuild-2,failed\n",
])
def test_tables_that_are_not_people_are_refused(text: str) -> None:
    fmt, reason, parsed = parse_bytes(text.encode(), "export.csv", "cp1252")
    assert parsed is None and reason, fmt


BASE = {
    "given_name": ["first name", "given name", "fore name", "vorname", "prénom", "nombre", "nome",
                   "contact first name", "first"],
    "family_name": ["last name", "family name", "surname", "nachname", "nom", "apellido",
                    "cognome", "lastname"],
    "full_name": ["full name", "name", "customer name", "contact name", "display name"],
    "emails": ["email", "e-mail", "mail", "email id", "email address", "e-mail address",
               "correo electrónico", "courriel", "work email", "primary email"],
    "phones": ["phone", "mobile", "cell", "tel", "telephone", "mobile phone", "phone number",
               "telefon", "work phone", "ph no", "mob no", "phone num", "whatsapp number",
               "tel no"],  # `ph_no`: docs/realworld7.md C3
    "organization": ["company", "organisation", "organization", "employer", "account",
                     "company name", "firma", "société"],
    "title": ["job title", "position", "role"],
}
CASES = [(f, h) for f, names in BASE.items() for h in names]


def _spell(header: str, style: int) -> str:
    """The same header as different tools write it."""
    return [header, header.upper(), header.title(), header.replace(" ", "_"),
            header.replace(" ", ""), header.replace(" ", "-").upper(), f"  {header} "][style]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CASES), st.integers(0, 6))
def test_header_spellings_meet_one_field(case, style: int) -> None:
    field, header = case
    spelled = _spell(header, style)
    assert field_of(spelled, frozenset({key(spelled)})) == field, spelled


def test_column_map_of_a_crm_export() -> None:
    header = ["Account Name", "Contact Name", "Job Title", "Email", "Mobile", "Email Opt Out",
              "Mailing Street", "Lead Source"]
    assert column_map(header) == {"organization": ["Account Name"], "full_name": ["Contact Name"],
                                  "title": ["Job Title"], "emails": ["Email"],
                                  "phones": ["Mobile"], "street": ["Mailing Street"]}


def test_salesforce_contact_export_keeps_salutation_and_mailing_address() -> None:
    """A CRM's "Mailing ..." columns are the postal address (not e-mail), "Salutation" the
    name prefix."""
    header = ["Salutation", "First Name", "Last Name", "Title", "Account Name", "Mailing City",
              "Mailing State/Province", "Mailing Zip/Postal Code", "Mailing Country", "Phone",
              "Email", "Email Opt Out", "Mailing List"]
    found = column_map(header)
    assert found["name_prefix"] == ["Salutation"] and found["title"] == ["Title"]
    assert (found["city"], found["region"], found["postcode"], found["country"]) == (
        ["Mailing City"], ["Mailing State/Province"], ["Mailing Zip/Postal Code"],
        ["Mailing Country"])
    assert found["emails"] == ["Email"] and "Mailing List" not in sum(found.values(), [])


# --- a column holding an address's display name is never an address ------------------------------

DISPLAY_NAME_HEADERS = [
    "E-mail Display Name", "E-mail 2 Display Name", "Email Display Name", "email_display_name",
    "E-Mail: Angezeigter Name", "E-Mail 2: Angezeigter Name", "E-Mail-Anzeigename",
    "Nom complet de l'adresse de messagerie", "Nom affiché de l'adresse de messagerie",
    "Nombre para mostrar del correo electrónico", "Nombre mostrado de correo electrónico",
    "Nome visualizzato posta elettronica", "Nome visualizzato e-mail",
    "Weergavenaam e-mail", "E-mail weergavenaam", "Weergegeven naam e-mail",
    "Nome de exibição do e-mail",
]


@pytest.mark.parametrize("header", DISPLAY_NAME_HEADERS)
def test_display_name_columns_are_not_addresses(header: str) -> None:
    cells = ["First Name", "Last Name", "E-mail Address", header]
    assert column_map(cells).get("emails") == ["E-mail Address"]
    text = ",".join(f'"{c}"' for c in cells) + "\nChristian,Meyer,cm@example.de,Christian\n"
    fmt, reason, parsed = parse_bytes(text.encode(), "contacts.csv", "cp1252")
    assert parsed is not None, reason
    assert parsed.contacts["emails"].to_list() == [["cm@example.de"]]


@pytest.mark.parametrize("name, want", [
    ("outlook_display_names.csv", [["christian@example.de", "cm@work.example"], []]),
    ("outlook_german_display_names_cp1252.csv", [["christian@beispiel.de"]]),
])
def test_outlook_display_name_columns(name: str, want: list) -> None:
    fmt, rows = parse(name)
    assert fmt in ("outlook", "outlook_localised")
    assert [r["emails"] for r in rows] == want


def test_a_user_name_is_a_login_not_the_full_name() -> None:
    # rw10 (a directory tool's user list): "username" came before "display_name" and its
    # handles ("ada.lovelace") became the names; the display name was not read at all.
    assert field_of("username", frozenset({"username", "displayname"})) is None
    assert field_of("User Name", frozenset()) is None
    assert field_of("Customer Name", frozenset()) == "full_name"  # other qualifiers unchanged
    fmt, rows = parse("generic_username_display_name.csv")
    assert fmt == "contacts_csv"
    assert [(r["full_name"], r["emails"]) for r in rows] == [
        ("Ada Lovelace", ["ada@example.org"]), ("Grace Hopper", ["grace@example.org"])]


def test_a_list_of_names_only_is_refused_with_that_reason_not_as_linkedin_skills() -> None:
    # rw10 (a CRM integration's Contacts.csv, one "Name" column with a BOM): it was taken for
    # LinkedIn's Skills.csv and skipped as "a known export file that holds no contacts".
    data = (HERE / "names_only_bom.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "Contacts.csv", "cp1252")
    assert parsed is None and fmt == "contacts_csv"
    assert str(reason).startswith("A list of names only")
    assert parse_bytes(b"Name\nPython\nSQL\n", "Skills.csv", "cp1252")[0] == "linkedin_skills"

"""Address-book CSVs mapped by header: one fixture per exporter quirk, exact values."""

from pathlib import Path

import pytest

from pipeline import detect
from pipeline.stages.ingest_parse import parse_bytes

HERE = Path(__file__).parent / "fixtures" / "addressbook"


def parse(name: str):
    data = (HERE / name).read_bytes()
    fmt, reason, parsed = parse_bytes(data, name, "cp1252")
    assert parsed is not None, reason
    return fmt, parsed


def rows(parsed):
    return parsed.contacts.sort("source_row").to_dicts()


def test_outlook_desktop_cp1252_crlf():
    fmt, p = parse("outlook_desktop_cp1252.csv")
    assert fmt == "outlook"
    assert p.rows_total == 3
    r = rows(p)
    assert r[0]["source"] == "outlook"
    assert (r[0]["name_prefix"], r[0]["given_name"], r[0]["family_name"]) == ("Dr.", "René", "Müller")
    assert r[0]["organization"] == "Beispiel GmbH" and r[0]["title"] == "Leiter"
    assert r[0]["department"] == "Vertrieb"
    # fax and the assistant's phone are not the person's numbers
    assert r[0]["phones"] == ["0170 1234567", "+49 221 1234567"]
    assert r[0]["emails"] == ["rene.mueller@beispiel.de"]
    assert r[0]["labels"] == ["Kunden", "VIP"]
    assert r[0]["birthday"] == "3/22/1980"
    assert r[0]["notes"] == "Met at a trade fair\r\nsecond line"
    assert r[0]["urls"] == ["www.beispiel.de"] and r[0]["city"] == "Köln"
    # Exchange X.500 path is kept raw; the normalize stage files it as invalid
    assert r[1]["emails"][1] == "john.doe@example.com"
    # the all-empty row (only 0/0/00) is rejected, not dropped
    assert p.rejects["source_row"].to_list() == [2]
    assert "no name" in p.rejects["reason"][0]


def test_outlook_german_headers():
    fmt, p = parse("outlook_german_cp1252.csv")
    assert fmt == "outlook_localised"
    (r,) = rows(p)
    assert r["source_format"] == "outlook_de"
    assert (r["given_name"], r["family_name"], r["organization"]) == ("Jürgen", "Groß", "Straße AG")
    assert r["title"] == "Leiter" and r["birthday"] == "1.4.1975"
    assert r["phones"] == ["0170 7654321", "089 123456"]
    assert r["emails"] == ["j.gross@strasse.de"] and r["labels"] == ["Geschäftlich"]


def test_outlook_french_headers_with_bom():
    fmt, p = parse("outlook_french_utf8bom.csv")
    (r,) = rows(p)
    assert r["source_format"] == "outlook_fr"
    assert (r["name_prefix"], r["given_name"], r["family_name"]) == ("Mme", "Hélène", "Lefèvre")
    assert r["organization"] == "Exemple SA" and r["title"] == "Acheteuse"
    assert r["emails"] == ["helene@exemple.fr"] and r["city"] == "Paris"
    assert r["phones"] == ["06 12 34 56 78", "01 23 45 67 89"]


def test_thunderbird_trailing_comma_and_split_birthday():
    fmt, p = parse("thunderbird_trailing_comma.csv")
    assert fmt == "thunderbird"
    r = rows(p)
    assert r[0]["full_name"] == "Ana Lima" and r[0]["nickname"] == "ani"
    assert r[0]["emails"] == ["ana@example.org", "ana.lima@work.example"]
    assert r[0]["birthday"] == "1990-07-04"
    assert r[0]["linkedin_url"] == "https://www.linkedin.com/in/ana-lima"
    assert r[0]["organization"] == "Example Co" and r[0]["title"] == "Engineer"
    assert r[1]["full_name"] == "Bo"
    assert p.rejects.height == 0


def test_thunderbird_semicolon():
    fmt, p = parse("thunderbird_semicolon.csv")
    assert fmt == "thunderbird"
    assert rows(p)[0]["emails"] == ["john@doe.invalid"]


def test_linkedin_legacy_outlook_style_export_is_linkedin():
    fmt, p = parse("linkedin_legacy_2014.csv")
    assert fmt == "linkedin_legacy_connections"
    (r,) = rows(p)
    assert r["source"] == "linkedin" and r["organization"] == "Florist"
    assert r["emails"] == ["hugh@example.com"]


def test_outlook_com_style_csv_with_personal_web_page_is_not_linkedin():
    # Same columns as LinkedIn's 2014 export plus Yomi names and "Country/Region": an address
    # book, whose people must not be counted as LinkedIn connections.
    fmt, p = parse("outlook_com_yomi_bom.csv")
    assert fmt == "outlook"
    assert [r["source"] for r in rows(p)] == ["outlook", "outlook"]
    assert rows(p)[1]["emails"] == ["ravi@example.com"]


def test_generic_csv_keeps_hostile_values_verbatim():
    fmt, p = parse("generic_contacts.csv")
    assert fmt == "contacts_csv"
    r = rows(p)
    # escaping belongs to the HTML/CSV writers; the table keeps what the user typed
    assert r[0]["full_name"] == "<script>alert(1)</script>"
    assert r[0]["organization"].startswith("=cmd")
    assert r[1]["full_name"] == "Only Phone" and r[1]["phones"] == ["+44 20 7946 0958"]
    assert p.rows_total == 2  # the ",,," line holds nothing and is not a data row


@pytest.mark.parametrize("header", [
    "Name,Proficiency", "Date,Link,Message", "Question,Answer", "Organization,Followed On",
])
def test_non_contact_headers_are_not_taken_for_address_books(header):
    m = detect.match_csv(header + "\nx,y\n", "file.csv")
    assert m is None or m.kind.source != "csv"


def test_yahoo_mail_phone_columns_named_home_and_work():
    """Yahoo names phone columns "Home"/"Work": phones where Yahoo's own columns mark the
    header, and "Work Address"/"Work City" stay the address."""
    fmt, p = parse("yahoo_mail.csv")
    alan, katherine = rows(p)
    assert alan["phones"] == ["+44 161 496 0000"] and alan["birthday"] == "6/23/1912"
    assert alan["organization"] == "Bletchley Park" and alan["middle_name"] == "M"
    assert katherine["phones"] == ["757-555-0101"] and katherine["nickname"] == "Kat"
    assert katherine["emails"] == ["kjohnson@example.gov"]
    assert p.rejects.height == 0


def test_bare_home_and_work_columns_are_not_phones_elsewhere():
    from pipeline.formats.csvheaders import column_map

    found = column_map(["Name", "Email", "Home", "Work"])
    assert "phones" not in found and found["emails"] == ["Email"]
    assert column_map(["First", "Last", "Work", "Yahoo Phone", "Messenger ID"])["phones"] == [
        "Work", "Yahoo Phone"]


@pytest.mark.parametrize(("name", "expected"), [
    ("crm_hubspot.csv", [("Rosalind Franklin", "King's College", "Researcher", None),
                         ("Barbara McClintock", "Cold Spring Harbor", "Geneticist", None)]),
    ("crm_salesforce.csv", [("Chien-Shiung Wu", "Columbia University", "Physicist", "New York"),
                            ("Lise Meitner", "KWI", "Professor", "Berlin")]),
    ("eventbrite_attendees.csv", [("Emmy Noether", "Göttingen Uni", "Mathematician", None),
                                  ("Sofia Kovalevskaya", "Stockholm University", "PhD Student",
                                   None)]),
    ("meetup_members.csv", [("Mary Somerville", None, None, "Edinburgh"),
                            ("Henrietta Leavitt", None, None, "Cambridge")]),
])
def test_crm_event_and_community_exports_are_generic_contact_csvs(name, expected):
    fmt, p = parse(name)
    assert fmt == "contacts_csv" and p.rejects.height == 0
    got = [(" ".join(filter(None, (r["full_name"], r["given_name"], r["family_name"]))),
            r["organization"], r["title"], r["city"]) for r in rows(p)]
    assert got == [(n, o, t, c) for n, o, t, c in expected]


def test_salesforce_salutation_and_region():
    _fmt, p = parse("crm_salesforce.csv")
    wu, meitner = rows(p)
    assert (wu["name_prefix"], wu["region"], wu["phones"]) == ("Dr.", "NY", ["(212) 555-0150"])
    assert meitner["phones"] == ["+49 30 1234567"] and meitner["emails"] == ["lise@example.de"]


def test_meetup_profile_url_is_kept():
    _fmt, p = parse("meetup_members.csv")
    assert rows(p)[0]["urls"] == ["https://www.meetup.com/members/123456/"]


def test_rejected_row_with_values_in_unread_columns_says_so():
    # docs/realworld8.md C4: 476 candidates without an address were rejected as having "no
    # name", yet each had one, under a column kith does not read. The reason names the
    # columns (the most filled first) and the row stays whole in the excerpt.
    fmt, p = parse("generic_unread_name_column.csv")
    assert fmt == "contacts_csv"
    assert [r["emails"] for r in rows(p)] == [["ana.perez@example.org"], ["marta.rojas@example.cl"]]
    rejects = p.rejects.sort("source_row").to_dicts()
    assert [r["source_row"] for r in rejects] == [1, 2]  # the row of empty cells is no row
    for r in rejects:
        assert "in the columns kith reads" in r["reason"]
        assert "(CANDIDATO, COMUNA, PARTIDO)" in r["reason"]
    assert rejects[0]["excerpt"] == "JOSÉ SOTO,Valparaíso,,,PH"


def test_outlook_row_whose_name_the_code_page_turned_into_question_marks():
    # docs/gen5.md F3: Outlook saves its CSV in the Windows code page; a Russian name becomes
    # "?????". With no address or phone the row cannot be a contact, but the reason pointed
    # at Outlook's default columns (Gender "Unspecified", Priority "Normal") as if the row had
    # no name. A name that only lost a letter ("Y?ld?z") stays a contact.
    fmt, p = parse("outlook_lost_script_names_cp1252.csv")
    assert fmt == "outlook"
    assert [(r["given_name"], r["family_name"]) for r in rows(p)] == [
        ("Anna", "Schmidt"), ("Özlem", "Y?ld?z")]
    (reject,) = p.rejects.to_dicts()
    assert reject["source_row"] == 1
    assert reject["reason"].startswith("Contact row whose name is only '?' marks")
    assert "Windows code page" in reject["reason"] and "Gender" not in reject["reason"]
    assert reject["excerpt"].startswith(",?????,,???????,")


def test_german_address_columns_and_house_number():
    # docs/realworld8.md C1: Ort/PLZ/Straße/Hausnummer were unread; the house number goes
    # after the street, as German writes it; a row without one keeps the street alone.
    fmt, p = parse("generic_german_address.csv")
    assert fmt == "contacts_csv"
    r = rows(p)
    assert [(x["street"], x["city"], x["postcode"]) for x in r] == [
        ("Hauptstraße 12a", "Berlin", "10115"), ("Lindenweg", "München", "80331")]


def test_a_line_of_column_names_inside_the_data_is_rejected_not_a_person():
    # docs/realworld12.md R1: a Russian Outlook export ended in the header line of another
    # layout, read as a person named by three column names; two exports joined with `cat`
    # repeat the header. A row whose filled cells (two or more) are all the file's own column
    # names is rejected with that reason; a person whose name happens to be one is not.
    fmt, p = parse("header_line_in_data.csv")
    assert fmt == "outlook"
    assert [(r["given_name"], r["family_name"]) for r in rows(p)] == [
        ("Ann", "Lee"), ("Bob", "Marsh"), ("Last Name", "Mobile Phone")]
    rejects = p.rejects.sort("source_row").to_dicts()
    assert [r["source_row"] for r in rejects] == [1, 3]
    assert all("column names" in r["reason"] for r in rejects)
    assert rejects[0]["excerpt"] == "First Name,Last Name,E-mail Address,Mobile Phone"


def test_an_unnamed_column_of_international_numbers_is_read_as_phones():
    # docs/realworld12.md K1: "Name,Firma,Email,Handy,Büro,Privat": the office and home numbers
    # (20 of 88) sat under names no table lists and were dropped. A column kith reads as
    # nothing whose values are numbers in international form is a phone column; a fax column
    # stays unread as by name, and a customer number is no phone.
    fmt, p = parse("german_own_phone_columns.csv")
    assert fmt == "contacts_csv"
    assert [r["phones"] for r in rows(p)] == [
        ["+49 151 23456789", "+49 30 1234567"],
        ["+49 40 7654321", "+49 40 1111111"],
        ["+49 170 9876543"],
    ]


def test_a_row_broken_by_an_unquoted_line_break_is_joined():
    # docs/realworld12.md I1: "123 Main St<LF>Apt 4" unquoted in a street column split the row
    # in two short rows: the first was rejected (no name), the second read as a person named
    # by the values of other columns (a title as given name, a phone as an e-mail). Two short
    # rows side by side that make the header's width plus one are one row (when every short
    # row is half of such a pair). Outlook's object-model names feed the address fields.
    fmt, p = parse("outlook_object_model_broken_row.csv")
    got = [(r["given_name"], r["family_name"], r["street"], r["emails"], r["phones"])
           for r in rows(p)]
    assert got == [
        ("Niles", "Fanderbiles", "456 Eighth Lane", ["niles@example.org"], ["+1 412 555 0100"]),
        ("Tom", "Newtest", "123 Main St\nApt 4", ["tom@example.com"],
         ["+1 312 555 0199", "+1 312 555 0142"]),
        ("Ann", "Short", "1 Harbor Rd", [], []),
    ]
    assert [r["city"] for r in rows(p)] == ["Pittsburgh", "Chicago", "Boston"]
    assert p.rejects.height == 0


def test_short_rows_of_a_file_that_leaves_out_empty_cells_are_not_joined():
    # A hand-made file leaves out empty trailing cells: its rows are short on their own, and
    # two of them side by side can add up to the header's width plus one by chance. Joined,
    # Bob would be lost inside Ann's family name; every short row must be half of a pair.
    data = (b"First Name,Last Name,E-mail Address,Mobile Phone\n"
            b"Ann,Lee\nBob,Marsh,bob@example.org\nCid,Ray,cid@example.org,+1 202 555 0101\n"
            b"Dee,Fox\n")
    fmt, reason, parsed = parse_bytes(data, "hand.csv", "auto")
    assert [(r["given_name"], r["family_name"]) for r in rows(parsed)] == [
        ("Ann", "Lee"), ("Bob", "Marsh"), ("Cid", "Ray"), ("Dee", "Fox")]


def test_hubspot_associated_company_columns_are_the_companys_not_the_persons():
    """docs/realworld14.md H1: after `Record ID - Company` HubSpot writes the associated
    company's properties. Its phone was read as every colleague's own number (and its city as
    theirs), and HubSpot's `State/Region` and `Country/Region` were not read at all. Now the
    company gives only the organisation (when the contact names none), the contact's own
    region and country are read, and the company's columns are not the person's."""
    fmt, p = parse("hubspot_associated_company.csv")
    assert fmt == "contacts_csv" and p.rejects.height == 0
    got = [(r["given_name"], r["phones"], r["organization"], r["city"], r["region"], r["country"])
           for r in rows(p)]
    assert got == [
        ("Ada", ["(407) 555-0101"], "Acme Appraisal", None, "FL", "United States"),
        ("Ben", [], "Acme Appraisal", None, None, None),
        ("Cleo", ["(386) 555-0142"], "Beta LLC", None, "GA", None),
    ]


def test_bare_name_beside_last_name_is_the_first_name():
    """docs/realworld16.md R11: a prospect list headed `Name,Last_Name` (no first-name
    column). `Name` was read as the full name, which the structured family name outranks, so
    every person was shown by the family name alone and the first name was in no field the
    people table shows. Now it is the given name; a row whose `Name` holds the last name too
    stays a full name, and a row with no last name keeps its name as the full name."""
    fmt, p = parse("prospect_list_name_and_last_name.csv")
    assert fmt == "contacts_csv" and p.rejects.height == 0
    got = [(r["full_name"], r["given_name"], r["family_name"]) for r in rows(p)]
    assert got == [
        (None, "Ada", "Okafor"),
        ("Ben Da Costa", None, "Da Costa"),
        ("Cleo", None, None),
        (None, None, "Dubois"),
    ]
    assert rows(p)[0]["title"] == "Founder & CEO" and rows(p)[0]["phones"] == ["+16125550101"]


def test_bare_name_beside_first_name_stays_the_full_name():
    """The rule needs a last-name column and no first-name column: `Name,First Name` keeps
    `Name` as the full name (which one it is, kith cannot tell from the header)."""
    data = b"Name,First Name,Email\nAda Okafor,Ada,ada@example.com\n"
    fmt, reason, parsed = parse_bytes(data, "n.csv", "cp1252")
    r = parsed.contacts.to_dicts()[0]
    assert (r["full_name"], r["given_name"], r["family_name"]) == ("Ada Okafor", "Ada", None)


def test_a_thousand_column_export_is_read_in_time_linear_in_its_width(monkeypatch):
    """Each column looked its type up in `frame.schema`, which polars builds anew on every
    access: time in the square of the width (1,000 columns 6 s, 5,000 columns 90 s, a
    10,000-column header ~6 minutes: a hang). The schema is built a few times per file, not
    once per column (docs/fuzz31.md F2)."""
    import polars as pl

    built = []
    schema = pl.DataFrame.schema
    monkeypatch.setattr(pl.DataFrame, "schema", property(lambda f: built.append(1) or schema.fget(f)))
    fmt, p = parse("crm_1000_custom_fields.csv")
    assert fmt == "contacts_csv" and p.rows_total == 2 and p.contacts.height == 2
    assert len(built) < 50

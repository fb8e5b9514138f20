"""Contact CSVs headed in Arabic, Hebrew and Hindi: `الاسم,رقم الهاتف,البريد الإلكتروني`,
`שם פרטי,שם משפחה,טלפון`, `नाम,मोबाइल,ईमेल,…` (the headings tools write for contacts
exported in those languages). No header was known: the files were rejected ("no header row
kith knows") with every contact in them (docs/realworld19.md). The headings are aliases of
the alias table (pipeline/data/csv_headers.toml). Fixtures written for kith."""

from __future__ import annotations

import pytest
from test_addressbook import parse

from pipeline.formats import csvheaders


@pytest.mark.parametrize(("name", "names", "emails"), [
    ("contacts_arabic_headers.csv", ["محمد أحمد", "فاطمة علي"], [["m.ahmad@example.org"], []]),
    ("contacts_hebrew_headers.csv", [None, None], [[], []]),
    ("contacts_hindi_headers.csv", ["राजेश कुमार", "अमित सिंह"], [["rajesh@example.in"], []]),
])
def test_the_contacts_are_read(name, names, emails):
    fmt, p = parse(name)
    assert fmt == "contacts_csv" and p.rejects.height == 0
    rows = p.contacts.sort("source_row")
    assert rows["full_name"].to_list() == names
    assert rows["emails"].to_list() == emails
    assert rows["phones"].list.len().to_list()[0] == 1


def test_hebrew_split_names():
    _, p = parse("contacts_hebrew_headers.csv")
    rows = p.contacts.sort("source_row")
    assert rows.select("given_name", "family_name").rows() == [("יוסף", "ישראל"), ("רחל", "שמיר")]


@pytest.mark.parametrize(("header", "field"), [
    ("الاسم", "full_name"), ("الاسم الأول", "given_name"), ("اسم العائلة", "family_name"),
    ("رقم الهاتف", "phones"), ("الجوال", "phones"), ("البريد الإلكتروني", "emails"),
    ("שם", "full_name"), ("שם פרטי", "given_name"), ("שם משפחה", "family_name"),
    ("טלפון", "phones"), ("נייד", "phones"), ('דוא"ל', "emails"), ("אימייל", "emails"),
    ("नाम", "full_name"), ("पहला नाम", "given_name"), ("मोबाइल", "phones"),
    ("मोबाइल नंबर", "phones"), ("फ़ोन", "phones"), ("ईमेल", "emails")])
def test_the_headers(header, field):
    assert csvheaders.field_of(header, frozenset()) == field

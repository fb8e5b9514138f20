"""CSV files with no header row (docs/realworld13.md, part 1a): read when every column's values
are of one kind kith tells without a header (names, e-mail addresses, phone numbers) and the
rows are shown to be people; otherwise refused with a reason that names the columns and says
what to do. Fixtures are hand-made (the real files, docs/realworld12.md K2/R2, have no licence)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.ingest_parse import parse_bytes

HERE = Path(__file__).parent / "fixtures" / "headerless"


def _parse(name: str):
    return parse_bytes((HERE / name).read_bytes(), name, "auto")


def test_a_headerless_list_of_names_addresses_and_numbers_is_read():
    fmt, reason, parsed = _parse("name_email_phone.csv")
    assert (fmt, reason) == ("headerless_csv", None)
    c = parsed.contacts
    assert c["full_name"].to_list() == ["Ann Lee", "Björn Ås", "Carla Nuñez", "Dev Patel"]
    assert c["emails"].to_list() == [["ann.lee@example.com"], ["bjorn@example.org"], [],
                                     ["dev.patel@example.net"]]
    assert c["phones"].to_list() == [["+44 20 7946 0018"], ["+46 8 555 012 34"],
                                     ["+34 91 555 0199"], []]
    assert c["source_format"].unique().to_list() == ["headerless_csv"]
    assert parsed.rejects.height == 0 and parsed.rows_total == 4


def test_a_text_file_of_addresses_only_is_read_as_contacts_by_address():
    fmt, reason, parsed = _parse("addresses_only.txt")
    assert fmt == "headerless_csv" and parsed is not None, reason
    assert parsed.contacts["emails"].to_list() == [["ann.lee@example.com"],
                                                   ["bob.marsh@example.org"]]


def test_scraped_profiles_without_a_header_are_refused_with_the_columns_named():
    # K2's shape: name;company;title;profile URL;e-mail. Two columns of words could be a name
    # and a company; reading them would invent people's names.
    fmt, reason, parsed = _parse("scraped_profiles.csv")
    assert parsed is None and fmt == "headerless_csv"
    assert "No header row" in reason
    assert "columns 1, 2 and 3 all hold words, which can be names, companies or titles" in reason
    assert "columns 4 and 5 hold values that are not all names" in reason
    assert reason.endswith("Add a first row that names the columns (for example "
                           "Name,Company,Title,E-mail,Phone) and run kith again.")


def test_a_directory_with_title_department_and_extension_columns_is_refused():
    # R2's shape: full name,title,department,phone,extension,e-mail (UTF-8 BOM, CRLF).
    fmt, reason, parsed = _parse("directory_own_columns.csv")
    assert parsed is None and fmt == "headerless_csv"
    assert "columns 1, 2 and 3 all hold words" in reason
    assert "column 5 holds values that are not all names" in reason


def test_a_header_kith_does_not_know_is_named_as_such_not_read_as_a_person():
    fmt, reason, parsed = _parse("unknown_header.csv")
    assert parsed is None and fmt == "unknown"
    assert reason.startswith("The first row looks like column names kith does not know "
                             "(line 1)")
    assert "rename the columns" in reason and "Ann Lee" not in reason


def test_a_table_of_other_data_keeps_the_old_reason():
    data = b"Id,Subject,State\n1,Printer broken,open\n2,Reset password,closed\n"
    fmt, reason, parsed = parse_bytes(data, "tickets.csv", "auto")
    assert (fmt, parsed) == ("unknown", None)
    assert reason.startswith("Not a recognised contact export")


def test_numbers_alone_are_not_people():
    data = b"+44 20 7946 0018\n+44 20 7946 0019\n+44 20 7946 0020\n"
    fmt, reason, parsed = parse_bytes(data, "numbers.csv", "auto")
    assert parsed is None


_NAMES = st.sampled_from(["Ann Lee", "Bob Marsh", "Zoë Ng", "José da Silva", "Li", "O'Neil"])
_ROWS = st.lists(st.tuples(_NAMES, st.integers(0, 10**6), st.integers(10**6, 10**9)),
                 min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(_ROWS, st.sampled_from([",", ";", "\t"]))
def test_every_row_of_a_headerless_list_is_one_contact_with_its_own_values(rows, delim):
    """Nothing lost, nothing invented: one record per row, each with its own name, address and
    number, and no value that is not in the file."""
    lines = [delim.join([name, f"user{n}@example.com", f"+1 555 {num}"]) for name, n, num in rows]
    fmt, reason, parsed = parse_bytes("\n".join(lines).encode(), "list.csv", "auto")
    assert fmt == "headerless_csv" and parsed is not None, reason
    c = parsed.contacts.sort("source_row")
    assert c.height == len(rows) and parsed.rejects.height == 0
    assert c["full_name"].to_list() == [name for name, _, _ in rows]
    assert c["emails"].to_list() == [[f"user{n}@example.com"] for _, n, _ in rows]
    assert c["phones"].to_list() == [[f"+1 555 {num}"] for _, _, num in rows]


@settings(max_examples=60, deadline=None)
@given(_ROWS, st.lists(st.sampled_from(["Acme", "Sample Ltd", "Head of Sales", "CTO"]),
                       min_size=1, max_size=30))
def test_two_columns_of_words_are_never_read_as_people(rows, words):
    """A second column of words (a company, a title) next to the names: refused, never read
    (it could be read as a family name and invent a person)."""
    lines = [",".join([name, words[i % len(words)], f"user{n}@example.com"])
             for i, (name, n, _) in enumerate(rows)]
    fmt, reason, parsed = parse_bytes("\n".join(lines).encode(), "list.csv", "auto")
    assert parsed is None and "all hold words" in reason


def test_a_typed_list_with_a_rule_line_is_refused_with_the_line_to_look_at():
    # docs/realworld13.md H1's shape: a `.txt` list `name,e-mail`, blank lines, a `---` rule,
    # a name without an address, an address followed by a word. It was skipped as "a text
    # document"; it is a table of people, refused because one address has a word after it,
    # and the reason says on which line.
    fmt, reason, parsed = _parse("typed_list_with_rule.txt")
    assert parsed is None and fmt == "headerless_csv"
    assert "column 2 holds values that are not all names, e-mail addresses or phone numbers " \
           "(line 6, for one)" in reason


def test_a_rule_line_between_entries_is_no_person():
    fmt, reason, parsed = _parse("clean_list_with_rule.csv")
    assert fmt == "headerless_csv" and parsed is not None, reason
    assert parsed.contacts["full_name"].to_list() == ["Ann Lee", "Bob Marsh", "Cy Young"]
    assert parsed.rejects["excerpt"].to_list() == ["---,"]  # accounted for, not a person


def test_a_first_row_with_a_web_address_is_data_not_a_header():
    # docs/realworld12.md K2 itself: the first person has a profile URL and no e-mail address
    # (`null`); a column name is never a web address, so the file is one with no header and
    # gets the reason that names its columns, not "no header row kith knows".
    fmt, reason, parsed = _parse("scraped_profiles_no_address_first.csv")
    assert parsed is None and fmt == "headerless_csv"
    assert reason.startswith("No header row") and "column" in reason

"""A neighbourhood directory of a couple per row (docs/realworld20.md, S2: a homeowners'
directory, `House,Street,Last1,First1,Last2,First2,Phone,Children`) was rejected whole: "no
header row kith knows". "First1"/"Last1" are numbered name parts without the word "name"
(csvheaders._BARE_PART); a second person with a first name and no last name shares the
first's, written once as a couple's card is ("Ben & Ada Okafor"; csvnames._shared_family), and
one with her own last name keeps it. Fixture written for kith (fictitious names, 555 numbers)."""

from __future__ import annotations

import pytest
from test_addressbook import parse

from pipeline.formats import csvheaders


@pytest.mark.parametrize(("header", "person"), [
    ("First1", (1, 0)), ("Last1", (1, 1)), ("First2", (2, 0)), ("Last 2", (2, 1)),
    ("Last Name 2", (2, 1)), ("guest_1_first_name", (1, 0))])
def test_bare_numbered_parts_are_a_person_s(header, person):
    assert csvheaders.numbered_person(header) == person
    assert csvheaders.numbered_part(header)
    assert csvheaders.field_of(header, frozenset()) == "full_name"


@pytest.mark.parametrize("header", ["First", "Last", "Last Visit 2", "Family1", "Firstly"])
def test_other_columns_are_not(header):
    assert csvheaders.numbered_person(header) is None


def test_a_couple_per_row_is_read_with_the_shared_family_name():
    _, p = parse("neighbourhood_directory_couples.csv")
    rows = p.contacts.sort("source_row")
    assert rows["full_name"].to_list() == [
        "Ben & Ada Okafor",  # Last2 empty: Ada shares Okafor
        "Tom Varga & Eva Lind",  # her own last name
        "Claire Moreau",
        "S. Priya Iyer"]
    assert rows["street"].to_list()[0] == "Larch Lane"
    # the house with nobody in it is no person: a reject with its reason, not a record
    assert p.rejects.height == 1
    assert dict(p.unread)["Children"] == 3


def test_a_person_of_a_family_name_column_only_is_read():
    """The suite's fuzz test found `First Name,Last Name 2` (a second person with no given-name
    column) raising: the given part had no column at all."""
    from pipeline.stages.ingest_parse import parse_bytes
    _, reason, parsed = parse_bytes(b"First Name,Last Name,Last Name 2,Email\n"
                                    b"Ravi,Kumar,Sharma,ravi@example.in\n", "x.csv", "auto")
    assert parsed is not None, reason
    assert parsed.contacts["full_name"].to_list() == ["Sharma"]  # person 2, as on main
    assert parsed.contacts["given_name"].to_list() == ["Ravi"]

"""A placeholder in the first-name column is nobody's name (user36's leftover).

A hand-made guest list writes "Guest" or "+1" in its First Name column for an unnamed
plus-one (docs/realworld17.md W8 saw it in a name column; Meetup writes "Former member"). Only
a full-name placeholder was nobody: on main these rows became people named "Guest" and "1".
Now a row whose name fields together say only a placeholder has no name: with an e-mail it is
a contact shown by that, without anything it is rejected with the placeholder's reason. A
family name beside it ("Guest" "Berg") is a name and stays one."""

from test_addressbook import parse

from pipeline.formats.addressbook_rejects import PLACEHOLDER_ROW


def test_guest_and_plus_one_in_the_first_name_column_are_no_names():
    fmt, p = parse("guest_first_names.csv")
    assert fmt == "contacts_csv" and p.rows_total == 6
    kept = {r["source_row"]: r for r in p.contacts.to_dicts()}
    assert sorted(kept) == [0, 2, 4]
    assert kept[0]["given_name"] == "Anna" and kept[0]["family_name"] == "Berg"
    # the plus-one with an address: a contact, with no name
    assert kept[2]["given_name"] is None and kept[2]["family_name"] is None
    assert kept[2]["emails"] == ["guest.of.anna@example.com"]
    assert (kept[4]["given_name"], kept[4]["family_name"]) == ("Guest", "Berg")
    reasons = dict(zip(p.rejects["source_row"], p.rejects["reason"], strict=True))
    assert reasons == {1: PLACEHOLDER_ROW, 3: PLACEHOLDER_ROW, 5: PLACEHOLDER_ROW}

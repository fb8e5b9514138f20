"""Shapes of docs/realworld31.md's files (community and event exports: Calendly, Eventbrite,
Luma, Slack, Meetup), on hand-made fixtures with fictitious people."""

from pathlib import Path

from pipeline.formats import csvheaders
from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "addressbook"


def _parse(name: str):
    path = FIXTURES / name
    _fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert reason is None and parsed is not None
    return parsed


def test_calendly_export_reads_the_invitee_not_the_host() -> None:
    """Calendly's export writes the host's `User Name` / `User Email` on every row beside the
    booked person's `Invitee ...` columns. On main the invitees' names were unread and the
    host's address was read as each invitee's, so the three invitees became one person; the
    meeting's `Location` ("Google Meet") was their city, a `Guest Email(s)` address Alan's own,
    "Conflict" (the cancellation reason) a phone number and true/false an e-mail column."""
    rows = _parse("calendly_events_export.csv").contacts.sort("source_row").to_dicts()
    assert [r["full_name"] for r in rows] == ["Grace Hopper", "Alan Turing", "Katherine Johnson"]
    assert [(r["given_name"], r["family_name"]) for r in rows[:2]] == [
        ("Grace", "Hopper"), ("Alan", "Turing")]
    assert [r["emails"] for r in rows] == [["grace.hopper@example.com"], ["alan@example.co.uk"],
                                            ["katherine.j@example.org"]]
    assert rows[0]["phones"] == ["+1 202-555-0147"]  # the Text Reminder Number
    assert all(not r["city"] for r in rows)
    assert all(not r["phones"] for r in rows[1:])
    assert "sam.owner" not in str(rows)


def test_user_email_stays_the_persons_without_invitee_columns() -> None:
    """Zoom's participants report (docs/realworld29.md) names the participant's own address
    `User Email`; only beside invitee columns is it the host's. A `Location` is a city in a
    table of people, and a wedding list's `Guest Email` is its guest's."""
    cmap = csvheaders.column_map(["Name (Original Name)", "User Email", "Join Time"])
    assert cmap["emails"] == ["User Email"]
    assert csvheaders.column_map(["Name", "Email", "Location"])["city"] == ["Location"]
    assert csvheaders.column_map(["Name", "Email", "Location", "Start Date"])["city"] == [
        "Location"]
    assert csvheaders.column_map(["Guest Name", "Guest Email"])["emails"] == ["Guest Email"]


def test_eventbrite_buyer_is_not_the_attendee() -> None:
    """Eventbrite's attendee report repeats the order's buyer on each attendee's row. On main
    `Buyer Email` was read as each attendee's second address, so Rhys (whose ticket Megan
    bought) shared Megan's; the order whose attendee fields are `Info Requested` was a person
    named "Info Requested Info Requested"; `Home Address 1` and `County of Residence` unread."""
    parsed = _parse("eventbrite_uk_buyers.csv")
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["full_name"] or f"{r['given_name']} {r['family_name']}" for r in rows] == [
        "Olivia Hughes", "Rhys Evans", "Megan Evans", "Sian Jones"]
    assert [r["emails"] for r in rows] == [
        ["olivia.hughes@example.co.uk"], ["rhys.evans@example.co.uk"],
        ["megan.evans@example.co.uk"], ["sian.jones@example.co.uk"]]
    assert (rows[0]["street"], rows[0]["region"]) == ("12 Mill Lane", "West Yorkshire")
    assert parsed.rejects["source_row"].to_list() == [3]
    assert "Info Requested" not in str(rows)


def test_luma_guest_csv_with_registration_questions() -> None:
    """Luma's guest CSV ends with the event's registration questions as columns ("What
    company do you work for?"). On main that header was no header (a question is no column
    name) and the file was refused whole, its guests lost. Its `qr_code_url`, the guest's
    check-in link, is no web page of theirs."""
    parsed = _parse("luma_guests_questions.csv")
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [(r["given_name"], r["family_name"]) for r in rows[:5]] == [
        ("Priya", "Nair"), ("Tomás", "Ruiz"), ("Kemi", "Adeyemi"), ("Lars", "Berg"),
        ("Mia", "Chen")]
    assert rows[0]["phones"] == ["+14155550123"]
    assert all(not r["urls"] for r in rows)
    assert parsed.rows_total == 6


def test_a_sentence_between_commas_is_still_no_header() -> None:
    """The questions rule wants four column names and a name and an e-mail column among
    them: a letter's line that names fields stays a line of prose (guard; passes on main)."""
    data = (b"Dear all, please send your name, email, phone and the address you want us to "
            b"use for the invitation, thanks!\nSee you soon, Ana\n")
    _fmt, reason, parsed = parse_bytes(data, "note.csv", "utf-8")
    assert parsed is None and reason is not None


def test_slack_member_list_bots_are_nobody() -> None:
    """Slack's member list has Slackbot and each integration with status `Bot`: on main they
    were people with a name and nothing else. A deactivated member and a guest are people."""
    parsed = _parse("slack_member_list.csv")
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["source_row"] for r in rows] == [0, 1, 2, 3, 4, 7]
    assert "Slackbot" not in str(rows) and "Standup Bot" not in str(rows)
    rejects = parsed.rejects.sort("source_row").to_dicts()
    assert [r["source_row"] for r in rejects] == [5, 6]
    assert all("bot" in r["reason"] for r in rejects)


def test_meetup_former_member_is_nobody() -> None:
    """Meetup writes "Former member" for an account deleted since: on main a person of that
    name. The others, without an address, are read by their member profile's link."""
    parsed = _parse("meetup_event_attendees.csv")
    names = parsed.contacts.sort("source_row")["full_name"].to_list()
    assert names == ["Jordan Lee", "Casey Smith", "Robin M."]
    assert parsed.rejects["source_row"].to_list() == [2]


SLACK = Path(__file__).parent / "fixtures" / "slack"


def test_slack_workspace_users_json_is_read() -> None:
    """A Slack workspace export's `users.json` is its member list; on main it was skipped as
    "JSON data" and its people lost. Slackbot and a bot user are rejects; a deleted member who
    kept only a name is a person; the handle (`name`) is no name; `display_name` is the
    nickname when it is not the full name."""
    path = SLACK / "users.json"
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert (fmt, reason) == ("slack_users_json", None) and parsed is not None
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["full_name"] for r in rows] == ["Ada Okafor", "Chen Wei", "Dora Mensah"]
    assert {r["source"] for r in rows} == {"slack"}
    assert (rows[0]["given_name"], rows[0]["family_name"], rows[0]["nickname"]) == (
        "Ada", "Okafor", "Ada")
    assert rows[0]["emails"] == ["ada.okafor@example.org"]
    assert rows[0]["phones"] == ["+44 20 7946 0958"]
    assert rows[0]["title"] == "Community Lead, Lagos Python Meetup"
    assert (rows[2]["emails"], rows[2]["nickname"]) == ([], "dora")
    assert sorted(parsed.rejects["source_row"].to_list()) == [0, 4]
    assert parsed.rows_total == 5


def test_other_json_stays_skipped() -> None:
    """The export's `channels.json`, and a list of objects with names and addresses that is
    not Slack's shape, make nobody (guard; passes on main)."""
    lookalike = (b'[{"id": "1", "name": "Ana Lopez", "email": "ana@example.com"},'
                 b' {"id": "2", "name": "Ben Okafor", "email": "ben@example.com"}]')
    for name, data in (("channels.json", (SLACK / "channels.json").read_bytes()),
                       ("people.json", lookalike)):
        fmt, reason, parsed = parse_bytes(data, name, "utf-8")
        assert fmt == "json" and parsed is None and reason is not None


def test_a_placeholder_name_says_so_in_its_reject() -> None:
    """user36: the Former member's reject pointed at Meetup's attendance columns ("no name ...
    in the columns kith reads"), as if a name had been missed. A row whose name is only a
    placeholder (a deleted account, an unnamed guest) says what it is."""
    parsed = _parse("meetup_event_attendees.csv")
    (reason,) = parsed.rejects["reason"].to_list()
    assert "placeholder" in reason and "Former member" in reason
    data = b"Name,Email,Ticket\nAda Okafor,ada@example.org,VIP\nGuest,,VIP\n+1,,VIP\n"
    _fmt, why, guests = parse_bytes(data, "guests.csv", "utf-8")
    assert why is None and guests is not None
    assert guests.contacts["full_name"].to_list() == ["Ada Okafor"]
    assert guests.rejects["source_row"].to_list() == [1, 2]
    assert all(r.startswith("Contact row whose name is a placeholder")
               for r in guests.rejects["reason"])

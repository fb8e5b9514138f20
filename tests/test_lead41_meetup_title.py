"""Meetup's "Title" column is the member's role in the group (Organizer, Co-organizer), not a
job (docs/realworld31.md M1/M2, docs/user41.md "Left"): on main the organiser of a meetup
became an "Organizer" by trade, classified as a role and shown as her job on every page.
Elsewhere a "Title" column stays the job title (guards)."""

from __future__ import annotations

from pathlib import Path

from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def _contacts(path: Path):
    fmt, why, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert why is None and parsed is not None, (fmt, why)
    return parsed.contacts.sort("source_row").to_dicts()


def test_a_meetup_member_list_title_is_no_job() -> None:
    rows = _contacts(FIXTURES / "addressbook" / "meetup_members.csv")
    assert [r["full_name"] for r in rows] == ["Mary Somerville", "Henrietta Leavitt"]
    assert [r["title"] for r in rows] == [None, None]  # main: Henrietta "Organizer"


def test_a_meetup_event_attendee_list_title_is_no_job() -> None:
    for path in (FIXTURES / "addressbook" / "meetup_event_attendees.csv",
                 FIXTURES / "user41" / "week1" / "HealthTech-Madrid-meetup-diciembre.csv"):
        rows = _contacts(path)
        assert rows and all(r["title"] is None for r in rows), path.name


def test_a_title_column_elsewhere_is_still_the_job() -> None:
    data = (b"Name,Email,Title,Location\n"
            b"Ada Okafor,ada@example.org,Organizer,Lagos\n")
    _fmt, why, parsed = parse_bytes(data, "community.csv", "utf-8")
    assert why is None and parsed is not None
    assert parsed.contacts["title"].to_list() == ["Organizer"]
    # and Outlook's Title (beside Job Title) stays the name prefix
    data = b"Title,First Name,Last Name,Job Title,E-mail Address\nDr.,Ada,Okafor,Nurse,a@example.org\n"
    _fmt, why, parsed = parse_bytes(data, "outlook.csv", "utf-8")
    assert parsed is not None and parsed.contacts["title"].to_list() == ["Nurse"]


def test_member_pages_are_the_evidence_a_website_is_not() -> None:
    """Without the Title column, what says a Meetup list's rows are people is each row's
    member page (an account per row); a column of websites beside names says nothing."""
    members = (b"Name,Profile\nAda Okafor,https://www.meetup.com/members/1/\n"
               b"Ben Lee,https://www.meetup.com/members/2/\n")
    _fmt, why, parsed = parse_bytes(members, "members.csv", "utf-8")
    assert why is None and parsed is not None and parsed.contacts.height == 2
    sites = (b"Name,Website\nAda Okafor,https://acme.example/\n"
             b"Ben Lee,https://www.bens.example/about\n")
    _fmt, why, parsed = parse_bytes(sites, "sites.csv", "utf-8")
    assert parsed is None and "nothing says its rows are people" in why

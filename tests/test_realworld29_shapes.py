"""Shapes of docs/realworld29.md's real files (directory and admin exports, Proton Mail's
cards), on hand-made fixtures with fictitious people."""

from pathlib import Path

import pytest

from pipeline.formats import csvheaders, vcard
from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def test_google_workspace_bracketed_header_notes() -> None:
    """Google Workspace's user list notes what a column is for in square brackets after its
    name: `First Name [Required]`, `Status [READ ONLY]`, `Recovery Phone [MUST BE IN THE E.164
    FORMAT]`. On main `First Name [Required]` named no field: a six-column download (W1) was read
    with each person named by their e-mail address, and the 34-column one (W4) was rejected as
    no header kith knows. A two-letter tag in brackets is no such note."""
    assert csvheaders.field_of("First Name [Required]", frozenset()) == "given_name"
    assert csvheaders.field_of("Last Name [Required]", frozenset()) == "family_name"
    assert csvheaders.field_of("Recovery Phone [MUST BE IN THE E.164 FORMAT]",
                               frozenset()) == "phones"
    assert csvheaders.field_of("Status [READ ONLY]", frozenset()) is None
    data = (b"First Name [Required],Last Name [Required],Email Address [Required],"
            b"Status [READ ONLY],Last Sign In [READ ONLY],Email Usage [READ ONLY]\n"
            b"Ilse,Marwood,ilse.marwood@campus.example,Active,2024-01-15,1.2GB\n"
            b"Teodor,Quint,teodor.quint@campus.example,Active,Never logged in,0.0GB\n")
    _fmt, reason, parsed = parse_bytes(data, "User_Download.csv", "utf-8")
    assert reason is None and parsed is not None
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [(r["given_name"], r["family_name"]) for r in rows] == [
        ("Ilse", "Marwood"), ("Teodor", "Quint")]
    assert [r["emails"] for r in rows] == [["ilse.marwood@campus.example"],
                                            ["teodor.quint@campus.example"]]
    assert all(not r["phones"] for r in rows)  # "1.2GB" is no number


def test_google_workspace_download_users_is_a_directory() -> None:
    """The admin console's full "Download users" CSV: `Password [Required]` is `****` on every
    row and `Change Password at Next Sign-In` True/False; no secret in it, so it is no login
    export, and its people are read. `Manager Email` is the manager's address, not the row's
    person's (read as theirs, it would join every report with the manager); `Recovery Email`
    and `Recovery Phone` are the person's own; `Employee Title` the job title."""
    path = FIXTURES / "addressbook" / "workspace_download_users.csv"
    _fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert reason is None and parsed is not None
    assert parsed.rows_total == 4 and parsed.rejects.height == 0
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["given_name"] for r in rows] == ["Ilse", "Teodor", "Ottilie", "Dean"]
    assert rows[0]["emails"] == ["ilse.marwood@campus.example", "ilse.m@mail.example"]
    assert rows[0]["phones"] == ["+14155550101"]
    assert rows[2]["emails"] == ["ottilie.brenner@campus.example"]
    assert (rows[2]["title"], rows[2]["department"]) == ("Lecturer", "Informatics")
    assert not rows[2]["name_prefix"]
    assert "****" not in str(rows)


def test_a_workspace_upload_file_with_passwords_stays_refused() -> None:
    """The bulk-upload template filled with each new user's initial password is a file of
    secrets: refused whole as before, quoting the header only."""
    path = FIXTURES / "addressbook" / "workspace_upload_passwords.csv"
    _fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert parsed is None and reason.startswith("A password or login export")
    assert "Kestrel" not in reason.shown and "Kestrel" not in str(reason)


def test_an_empty_or_flag_only_password_column_is_still_a_login_export() -> None:
    """Only a writer's mask makes a password column harmless: a login export whose password
    cells are empty, or hold a flag alone, is refused as before."""
    for data in (b"name,url,email,password\nShop,https://shop.example,ann@example.org,\n",
                 b"name,email,password reset\nAnn Example,ann@example.org,true\n"):
        _fmt, reason, parsed = parse_bytes(data, "logins.csv", "utf-8")
        assert parsed is None and reason.startswith("A password or login export")


@pytest.mark.parametrize("fast", [False, True])
def test_a_placeholder_organisation_in_a_vcard_is_none(fast: bool, monkeypatch) -> None:
    """Proton Mail's cards carry `ITEM1.ORG:N/A` (a test card of its Android app, P2). A CSV
    cell `N/A` was already no value (textio.MISSING); on main a vCard's was the organisation
    "N/A", which every such card shared, and a card with only `ORG:N/A` was a company-only
    record. Both vCard readers now read ORG, TITLE and ROLE placeholders as none."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = vcard.parse_vcard((FIXTURES / "vcard" / "org_placeholder_na.vcf").read_bytes())
    assert parsed.rows_total == 5
    assert parsed.rejects["source_row"].to_list() == [3]
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [(r["organization"], r["department"], r["title"]) for r in rows] == [
        (None, None, None), (None, None, None), (None, "Field Sales", "Account lead"),
        ("NA Logistics", None, "None of the above")]


def test_zoom_participants_report_below_its_meeting_summary() -> None:
    """Zoom's participants report opens with its meeting's summary (one header row, one row,
    a blank line) whose "User Email" holds the host's address; on main that row was taken for
    the header, the participants were no table and the file was refused ("nothing says its
    rows are people"). Its `Name (Original Name)` column was not read either (Z2: each
    participant named by their address); a renamed participant's original name in brackets is
    an aside."""
    assert csvheaders.field_of("Name (Original Name)", frozenset()) == "full_name"
    path = FIXTURES / "addressbook" / "zoom_participants_summary.csv"
    _fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert reason is None and parsed is not None
    assert parsed.rows_total == 4 and parsed.rejects.height == 0
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["full_name"] for r in rows] == [
        "Lena Ortiz", "Omar Haddad", "Omar Haddad", "Priya Nair (iPad)"]
    assert "choir.host@example.org" not in str(rows)


def test_a_header_with_one_row_then_a_blank_line_is_still_read_alone() -> None:
    """A one-contact file whose row is followed by a blank line and a line of text, or by its
    header again, keeps its header: the summary rule looks below only when the header gave no
    contacts."""
    data = b"Name,Email\nAnn Example,ann@example.org\n\nexported by hand\n"
    _fmt, reason, parsed = parse_bytes(data, "one.csv", "utf-8")
    assert reason is None and parsed is not None
    assert parsed.contacts["full_name"].to_list()[0] == "Ann Example"
    # a header repeated below a blank line: both people, the repeated header a reject
    data = (b"Name,Email\nAnn Example,ann@example.org\n\n"
            b"Name,Email\nBen Example,ben@example.org\n")
    _fmt, reason, parsed = parse_bytes(data, "two.csv", "utf-8")
    assert parsed.contacts["full_name"].to_list() == ["Ann Example", "Ben Example"]
    assert parsed.rejects.height == 1


def test_guest_alone_in_a_name_column_is_nobody() -> None:
    """Zoom names an anonymous participant "Guest" (Z3: `Guest,,<times>` with no address). Read
    as a name it made a person "Guest"; like an unnamed plus-one in a guest list's numbered
    columns (docs/realworld17.md), it is nobody's name, and a row with nothing else is a
    reject. A name that only contains the word stays."""
    data = (b"Name,Email,Joined\n"
            b"Ines Varga,ines.varga@example.com,09:00\n"
            b"Guest,,09:10\n"
            b"Guest Lecturer Amal Reyes,amal.reyes@example.org,09:12\n"
            b"Plus One,,09:15\n")
    _fmt, reason, parsed = parse_bytes(data, "participants.csv", "utf-8")
    assert reason is None and parsed is not None
    assert parsed.contacts.sort("source_row")["full_name"].to_list() == [
        "Ines Varga", "Guest Lecturer Amal Reyes"]
    assert parsed.rejects["source_row"].to_list() == [1, 3]

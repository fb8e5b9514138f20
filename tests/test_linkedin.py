"""LinkedIn readers: one fixture per quirk with golden values, detection, and the corpus
invariant (every data row ends up in exactly one output, by source_row)."""

from __future__ import annotations

import os
from pathlib import Path

import csvkinds
import polars as pl
import pytest

from pipeline import schema
from pipeline.formats import addressbook, google, linkedin, linkedin_activity
from pipeline.formats.base import CsvKind, Parsed
from pipeline.textio import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
CORPUS = Path(os.environ.get("KITH_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
KINDS: list[CsvKind] = [*linkedin.KINDS, *linkedin_activity.KINDS]


def detect(text: str, basename: str, kinds: list[CsvKind] = KINDS):
    return csvkinds.detect(text, basename, kinds)


def load(path: Path, kinds: list[CsvKind] = KINDS) -> tuple[str | None, Parsed | None]:
    return csvkinds.load(path, kinds)


def assert_accounted(parsed: Parsed) -> None:
    """Every source_row 0..rows_total-1 is in exactly one of the four outputs."""
    owners: dict[int, str] = {}
    for name in ("contacts", "interactions", "owner", "rejects"):
        frame: pl.DataFrame = getattr(parsed, name)
        assert frame.columns == list(getattr(schema, {
            "contacts": "CONTACTS_RAW", "interactions": "INTERACTIONS_RAW",
            "owner": "OWNER_RAW", "rejects": "REJECTS"}[name]))
        for row in frame.get_column("source_row").drop_nulls().unique().to_list():
            assert row not in owners, f"row {row} in {owners.get(row)} and {name}"
            owners[row] = name
    assert sorted(owners) == list(range(parsed.rows_total))
    assert all(len(e) <= schema.EXCERPT_MAX for e in parsed.rejects.get_column("excerpt"))


def parsed(name: str) -> Parsed:
    kind, result = load(FIXTURES / name)
    assert result is not None, f"{name} detected as {kind}"
    assert_accounted(result)
    return result


def rows(frame: pl.DataFrame, *cols: str) -> list[tuple]:
    return frame.select(cols).rows()


GHOST = linkedin.GHOST_REASON


# --- Connections -------------------------------------------------------------------------

def test_connections_2021_notes_preamble_ghosts_and_credentials():
    p = parsed("Connections_2021_notes.csv")
    c = p.contacts
    assert set(c.get_column("source").to_list()) == {"linkedin"}
    assert set(c.get_column("source_format").to_list()) == {"linkedin_connections"}
    assert c.get_column("source_file").null_count() == c.height
    assert rows(c, "source_row", "given_name", "family_name", "emails", "organization", "title",
                "connected_on") == [
        (0, "Jonas", "Berg", [], "Example Bank", "Analyst", "16 Mar 2021"),
        # Credentials stay in the raw last name: the normalize stage cleans them.
        (1, "Priya", "Shah, MBA", ["priya.shah@example.in"], "Example, Inc.",
         'Senior Engineer "Platform"', "02 Feb 2021"),
        (4, "Li", None, [], None, None, "28 Jan 2021"),
    ]
    assert rows(p.rejects, "source_row", "reason", "excerpt") == [
        (2, GHOST, ",,,,,30 Jan 2021"),
        (3, GHOST, ",,,Ghost Corp,,29 Jan 2021"),
    ]


def test_connections_2024_url_percent_encoded_ragged_and_long_rows():
    p = parsed("Connections_2024_url.csv")
    assert p.rows_total == 4
    assert rows(p.contacts, "source_row", "given_name", "linkedin_url", "emails", "connected_on") == [
        (0, "Åsa", "https://www.linkedin.com/in/%C3%A5sa-%C3%B6berg-000000000", [], "11 Dec 2024"),
        # A profile URL alone identifies a (hidden-name) member: kept.
        (1, None, "https://www.linkedin.com/in/hidden-member", [], "03 Jan 2019"),
        # Short row padded by the table reader.
        (2, "Zhang", "https://www.linkedin.com/in/zhang-wei-fake", ["zhang.wei@example.cn"], None),
    ]
    (reject,) = p.rejects.rows(named=True)
    assert reject["source_row"] == 3 and reject["reason"].startswith("Row has 8 fields")


def test_connections_excel_semicolon_lowercase_header_and_dotted_dates():
    p = parsed("Connections_excel_semicolon.csv")
    assert rows(p.contacts, "given_name", "family_name", "organization", "title", "connected_on") == [
        ("Dana", "Example", "Example Software", "Developer trainee", "16.09.2021"),
        ("Klaus", "Müller, Dr.", "Beispiel GmbH", "CTO", "01.02.2020"),
    ]
    assert p.contacts.get_column("linkedin_url").null_count() == 2


def test_connections_excel_na_cells_are_missing_values():
    p = parsed("Connections_excel_NA.csv")
    assert rows(p.contacts, "given_name", "emails", "organization", "title", "connected_on") == [
        ("Ganesh", [], None, None, "18-Jun-24"),
    ]
    assert rows(p.rejects, "source_row", "reason") == [(1, GHOST)]


def test_connections_2018_quoted_dates():
    p = parsed("Connections_2018.csv")
    assert rows(p.contacts, "given_name", "emails", "connected_on") == [
        ("Ola", ["ola.nordmann@example.com"], "1/8/18, 6:14 PM"),
        ("meera", [], "11/17/17, 9:40 PM"),
    ]


def test_connections_with_user_deleted_name_columns_are_all_ghosts():
    p = parsed("Connections_user_deleted_columns.csv")
    assert p.contacts.height == 0
    assert rows(p.rejects, "source_row", "reason", "excerpt") == [
        (0, GHOST, "Example Recruitment,Recruitment Consultant,23-Nov-21")
    ]


def test_imported_contacts_split_lists():
    p = parsed("Imported Contacts.csv")
    assert rows(p.contacts, "source_format", "full_name", "organization", "emails", "phones", "urls") == [
        ("linkedin_imported_contacts", "Anna Example", "Example Co",
         ["anna@example.com", "anna.private@example.org"], ["+46 70 111 22 33", "+46 8 123 456"],
         ["http://anna.example"]),
    ]
    assert rows(p.rejects, "source_row", "reason") == [(1, linkedin.IMPORTED_EMPTY_REASON)]


# --- messages ----------------------------------------------------------------------------

ME = "https://www.linkedin.com/in/test-user-fake"
MSG_COLS = ("source_row", "direction", "counterpart_name", "counterpart_url", "detail")


def test_messages_2024_owner_groups_drafts_and_system_rows():
    p = parsed("messages_2024.csv")
    i = p.interactions
    assert set(i.get_column("kind").to_list()) == {"message"}
    assert set(i.get_column("source_format").to_list()) == {"linkedin_messages"}
    assert rows(i, *MSG_COLS) == [
        (0, "outgoing", "Olive Example", "https://www.linkedin.com/in/olive-example-000000000",
         "Quick question"),
        # No subject: the first characters of the content, HTML stripped.
        (1, "incoming", "Olive Example", "https://www.linkedin.com/in/olive-example-000000000",
         "Hi Test & co"),
        # Group message: one row per recipient URL; TO cannot be split, so names come from the
        # name each recipient sends under elsewhere in the file (Bob never wrote).
        (2, "outgoing", "Ann Example, MBA", "https://www.linkedin.com/in/ann-example", "Hello both"),
        (2, "outgoing", None, "https://www.linkedin.com/in/bob-example", "Hello both"),
        (3, "incoming", "Ann Example, MBA", "https://www.linkedin.com/in/ann-example", "Hi!"),
    ]
    assert i.get_column("conversation_id").to_list()[:2] == ["2-QQ==", "2-QQ=="]
    assert i.get_column("occurred_raw").to_list()[0] == "2024-12-16 18:24:37 UTC"
    assert rows(p.rejects, "source_row", "reason") == [
        (4, "unsent LinkedIn draft message"),
        (5, "LinkedIn system message with no counterpart"),
    ]


def test_messages_2021_owner_found_through_to_names():
    p = parsed("messages_2021.csv")
    assert rows(p.interactions, *MSG_COLS) == [
        (0, "incoming", "Jonas Berg", "https://www.linkedin.com/in/jonas-berg-fake",
         "Sure, Thanks Test"),
        # No recipient URLs in 2021: the other writer of the conversation is the counterpart.
        (1, "outgoing", "Jonas Berg", "https://www.linkedin.com/in/jonas-berg-fake", "Great"),
        # Nobody answered: TO is all there is.
        (2, "outgoing", "Aiko Tanaka", None, "Project intro"),
        (3, "incoming", "Recruiter Example", "https://www.linkedin.com/in/recruiter-example",
         "Role"),
    ]


def test_messages_single_conversation_is_ambiguous_not_guessed():
    p = parsed("messages_single_conversation.csv")
    assert set(p.interactions.get_column("direction").to_list()) == {"unknown"}
    assert rows(p.interactions, "source_row", "counterpart_url") == [
        (0, ME), (0, "https://www.linkedin.com/in/olive-example"),
        (1, "https://www.linkedin.com/in/olive-example"), (1, ME),
    ]


def test_messages_2018_direction_column_and_entities():
    p = parsed("Messages_2018.csv")
    assert rows(p.interactions, "source_row", "direction", "counterpart_name", "detail") == [
        (0, "incoming", "Recruiter Example", "RE: Developer roles"),
        (1, "outgoing", "Recruiter Example", "Sure \u2013 attached."),
        # No Direction, but the SENT folder says the owner wrote it.
        (2, "outgoing", "Ann Example, Bob Example", "Lunch?"),
    ]
    assert p.interactions.get_column("conversation_id").null_count() == 3


def test_coach_messages_are_a_known_non_contact_kind():
    kind, result = load(FIXTURES / "coach_messages.csv")
    assert (kind, result) == ("linkedin_coach_messages", None)


def test_renamed_messages_file_is_still_messages(tmp_path):
    path = tmp_path / "inbox export.csv"
    path.write_bytes((FIXTURES / "messages_2024.csv").read_bytes())
    assert load(path)[0] == "linkedin_messages"


# --- invitations, endorsements, recommendations -------------------------------------------

def test_invitations_urls_and_missing_direction():
    p = parsed("Invitations_2024_url.csv")
    assert rows(p.interactions, "source_row", "kind", "direction", "counterpart_name",
                "counterpart_url", "occurred_raw", "detail") == [
        (0, "invitation", "outgoing", "David Example", "https://www.linkedin.com/in/david-example",
         "12/15/24, 7:47 AM", None),
        (1, "invitation", "incoming", "Eve Example", "https://www.linkedin.com/in/eve-example",
         "12/14/24, 8:00 PM", "Hi Test, let's connect"),
    ]
    assert rows(p.rejects, "source_row", "reason") == [(2, linkedin_activity.NO_DIRECTION)]


def test_invitations_with_a_date_sent_column_and_a_multiline_message():
    # A real user's folder held this shape beside the usual Invitations.csv; its quoted
    # multi-line messages once made kith call the file prose and skip it.
    p = parsed("Invitations_date_sent.csv")
    assert rows(p.interactions, "source_row", "direction", "counterpart_name", "occurred_raw") == [
        (0, "outgoing", "Dana Example", "2/12/26, 11:44 AM"),
        (1, "incoming", "Sam Example", "2/10/26, 9:05 AM"),
    ]
    assert p.rejects.height == 0


def test_invitations_urns_are_not_urls():
    p = parsed("Invitations_2024_urn.csv")
    assert rows(p.interactions, "direction", "counterpart_name", "counterpart_url") == [
        ("outgoing", "Jane Example", None),
        ("incoming", "Joe Example", None),
    ]


def test_endorsements_received_scheme_less_url_and_empty_endorser():
    p = parsed("Endorsement_Received_Info.csv")
    assert rows(p.interactions, "source_format", "kind", "direction", "counterpart_name",
                "counterpart_url", "detail", "occurred_raw") == [
        ("linkedin_endorsements_received", "endorsement", "incoming", "Mary Ann Example",
         "www.linkedin.com/in/mary-ann-e-000000000", "Machine Learning", "2024/12/07 14:51:07 UTC"),
    ]
    assert rows(p.rejects, "source_row", "reason") == [
        (1, "LinkedIn endorsement with no counterpart")
    ]


def test_endorsements_given_and_2021_without_url():
    given = parsed("Endorsement_Given_Info.csv").interactions
    assert rows(given, "direction", "counterpart_name", "counterpart_url", "detail") == [
        ("outgoing", "Jonas Berg", "https://www.linkedin.com/in/jonas-berg-fake", "Python")
    ]
    old = parsed("Endorsement_Received_Info_2021.csv").interactions
    assert rows(old, "direction", "counterpart_name", "counterpart_url") == [
        ("incoming", "Jonas", None)
    ]


def test_recommendations_direction_from_file_name(tmp_path):
    given = parsed("Recommendations_Given.csv").interactions
    assert rows(given, "source_format", "direction", "counterpart_name", "counterpart_url",
                "detail") == [
        ("linkedin_recommendations_given", "outgoing", "Arun Example", None,
         "Training Head at Example Ltd"),
        ("linkedin_recommendations_given", "outgoing", "Bea Example", None, None),
    ]
    received = parsed("Recommendations_Received.csv").interactions
    assert rows(received, "direction", "detail") == [("incoming", "Principal, Data at Example Co.")]
    renamed = tmp_path / "recs.csv"
    renamed.write_bytes((FIXTURES / "Recommendations_Given.csv").read_bytes())
    assert load(renamed)[1].interactions.get_column("direction").to_list() == ["incoming"] * 2


# --- owner files -------------------------------------------------------------------------

OWNER_COLS = ("kind", "first_name", "last_name", "headline", "organization", "title", "location",
              "started_raw", "finished_raw", "value")


def test_profiles_of_both_eras():
    assert rows(parsed("Profile_2018.csv").owner, *OWNER_COLS) == [
        ("profile", "Test", "User", "Programmer, reviewer", None, None, "Delhi", None, None, None)
    ]
    assert rows(parsed("Profile_2024.csv").owner, *OWNER_COLS) == [
        ("profile", "Test", "User", "Data engineer — ETL | Python", None, None,
         "Stockholm, Sweden", None, None, None)
    ]


def test_positions_and_education():
    assert rows(parsed("Positions.csv").owner, *OWNER_COLS) == [
        ("position", None, None, None, "Example AB", "Data Engineer", "Stockholm, Sweden",
         "Oct 2022", None, None),
        ("position", None, None, None, "Old Co", "Intern", None, "Jun 2018", "Aug 2018", None),
    ]
    assert rows(parsed("Education.csv").owner, *OWNER_COLS) == [
        ("education", None, None, None, "Example University", "BSc, Computing", None, "2004",
         "Sep 2008", None),
    ]


def test_owner_emails_and_phones():
    assert rows(parsed("Email Addresses.csv").owner, "kind", "value") == [
        ("email", "me.example@example.com"), ("email", "me2@example.com")
    ]
    p = parsed("PhoneNumbers.csv")
    # ",," rows hold nothing and are not data rows; "+44,,Mobile" is a row without a number.
    assert rows(p.owner, "source_row", "kind", "value") == [
        (0, "phone", "+46 70 000 00 00"),
        (2, "phone", "+44 20 5550 0100"),  # country code from Extension joined on
        (3, "phone", "555-0100"),  # a real extension is not glued on
    ]
    assert rows(p.rejects, "source_row", "reason", "excerpt") == [
        (1, "empty phone number row", "+44,,Mobile")
    ]
    assert rows(parsed("Whatsapp Phone Numbers.csv").owner, "kind", "value") == [
        ("phone", "+44 20 5550 0100")
    ]


# --- known non-contact files ---------------------------------------------------------------

KNOWN = [
    ("Ad_Targeting.csv", "Member Age,Buyer Groups,Company Names,Company Names,Member Skills",
     "linkedin_ad_targeting"),
    ("Search Queries.csv", '"Time"\t"Search Query"', "linkedin_search_queries"),
    ("Security Challenges.csv",
     '"Challenge Date"\t"IP Address"\t"User Agent"\t"Country"\t"Challenge Type"',
     "linkedin_security_challenges"),
    ("Account Status History.csv", '"Time"\t"Event"', "linkedin_account_status_history"),
    ("Company Follows.csv", "Organization,Followed On", "linkedin_company_follows"),
    ("Skills.csv", "Name", "linkedin_skills"),
    ("Languages.csv", "Name,Proficiency", "linkedin_languages"),
    ("Certifications.csv", "Name,Url,Authority,Started On,Finished On,License Number",
     "linkedin_certifications"),
    ("Courses.csv", "Name,Number", "linkedin_courses"),
    ("Honors.csv", "Title,Description,Issued On", "linkedin_honors"),
    ("Honors.csv", "Title,Description,Issuer,Issue Date", "linkedin_honors"),
    ("Projects.csv", "Title,Description,Url,Start Date,End Date", "linkedin_projects"),
    ("Publications.csv", "Name,Published On,Description,Publisher,Url", "linkedin_publications"),
    ("Organizations.csv", "Name,Description,Position,Started On,Finished On",
     "linkedin_organizations"),
    ("Shares.csv", '"Date"\t"Share Title"\t"Share Description"\t"Share Link"\t"Share Commentary"',
     "linkedin_shares"),
    ("Receipts.csv", "First Name,Last Name,Billing Country,Postal Code,Transaction Made At,"
     "Payment Method Type,Invoice Number,Description,Tax Amount,Sub Total,Total Amount,"
     "Currency Code", "linkedin_receipts"),
    ("Registration.csv", "Registration Date,Registration IP Address,Invited by (First Name),"
     "Invited by (Last Name),Subscription Types", "linkedin_registration"),
    ("Causes You Care About.csv", "Supported Cause", "linkedin_causes_you_care_about"),
    ("Member_Hashtags.csv", "Hashtag", "linkedin_member_hashtags"),
    ("Job Applicant Saved Screening Question Responses_1.csv", "Question,Answer",
     "linkedin_screening_question_responses"),
    ("Job Applicant Saved Answers.csv", "Question,Answer", "linkedin_job_applicant_saved_answers"),
    # Seen in whole real exports (docs/realworld3.md), once rejected as unknown files.
    ("Videos.csv", "Description,Link", "linkedin_rich_media"),
    ("Rich Media.csv", "Type,Link", "linkedin_rich_media"),
    ("Ads Clicked.csv", "Ad clicked Date,Ad Title/Id", "linkedin_ads_clicked"),
    ("Hashtag_Follows.csv", "HashTag,CreatedTime,LastModifiedTime,State", "linkedin_hashtag_follows"),
    ("Inferences_about_you.csv", "Category,Type of inference,Description,Inference",
     "linkedin_inferences_about_you"),
    ("Member_Follows.csv", "Date,Status,FullName", "linkedin_member_follows"),
    ("Saved_Items.csv", "savedItem,createdTime", "linkedin_saved_items"),
    ("Online Job Postings.csv", (FIXTURES / "Online Job Postings.csv").read_text().split("\n")[0],
     "linkedin_online_job_postings"),
    ("learning_coach_messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,"
     "TO,DATE,SUBJECT,CONTENT,FOLDER", "linkedin_coach_messages"),
]


@pytest.mark.parametrize(("basename", "header", "expected"), KNOWN)
def test_known_non_contact_files(basename, header, expected):
    found = detect(header + "\n", basename)
    assert found is not None and found[0].name == expected and found[0].parse is None


def test_utf16_tab_login_file_is_known():
    assert load(FIXTURES / "Logins_2018_utf16le_tsv.csv") == ("linkedin_logins", None)


def test_no_linkedin_kind_claims_google_or_address_book_csvs():
    paths = sorted((Path(__file__).parent / "fixtures" / "google").glob("*.csv"))
    for sub in ("google_csv", "outlook_csv"):
        paths += sorted((CORPUS / sub).glob("*.csv")) if (CORPUS / sub).is_dir() else []
    for path in paths:
        assert load(path)[0] is None, path.name


def test_kind_names_are_unique_and_sources_linkedin():
    names = [k.name for k in KINDS]
    assert len(names) == len(set(names))
    assert {k.source for k in KINDS} == {"linkedin"}


# --- the corpus ----------------------------------------------------------------------------

def _corpus_files() -> list[Path]:
    folder = CORPUS / "linkedin"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


# The only corpus file left to the generic address-book reader (pre-2015 Outlook-style export).
NOT_OURS = {"akitten_legacy2014_outlook_style_connections.csv"}


@pytest.mark.skipif(not _corpus_files(), reason="corpus folder ../shared/corpus is absent")
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_file_is_recognised_and_fully_accounted(path):
    kind, result = load(path, [*KINDS, *google.KINDS])
    if path.name in NOT_OURS:
        assert kind is None
        return
    assert kind is not None and kind.startswith("linkedin_")
    if result is not None:
        assert_accounted(result)
        assert result.rows_total > 0


# --- together with the other readers ---------------------------------------------------------

FULL_REGISTRY: list[CsvKind] = [*KINDS, *google.KINDS, *addressbook.KINDS]
PREAMBLE_HIJACK = (
    "the generic address-book kind must not take the Notes: preamble sentence (it mentions "
    "'email') for a one-column e-mail header"
)


def _all_linkedin_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.csv")) + _corpus_files()


@pytest.mark.parametrize("path", _all_linkedin_files(), ids=lambda p: p.name)
def test_full_registry_picks_the_same_kind(path):
    """With every reader registered, a LinkedIn file still lands in its LinkedIn kind."""
    alone, _ = load(path)
    together, _ = load(path, FULL_REGISTRY)
    if path.name in NOT_OURS:
        assert together == "linkedin_legacy_connections"
        return
    assert together == alone, PREAMBLE_HIJACK


# --- robustness: odd cell mixes never lose or double-count a row ------------------------------

_CELLS = ["", "", "Yes", "No", "INCOMING", "OUTGOING", "SENT", "Test User", "Ann Example, MBA",
          ME, "https://www.linkedin.com/in/ann", "www.linkedin.com/in/bob", "urn:li:member:1",
          f"{ME},https://www.linkedin.com/in/ann", "2-QQ==", "2-Qg==", "+44", "a@b.example",
          "<p>x&nbsp;</p>", " ::: ", "NA"]


@pytest.mark.parametrize("kind", [k for k in KINDS if k.parse is not None], ids=lambda k: k.name)
def test_random_cells_keep_the_row_invariant(kind):
    import csv
    import io
    import random

    rng = random.Random(kind.name)
    header = {
        "linkedin_connections": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "linkedin_imported_contacts": "First Name,Last Name,Companies,Title,Email Address,"
        "Phone Numbers,Created At,Sites,Full Name,Profiles",
        "linkedin_messages": "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT",
        "linkedin_invitations": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
        "linkedin_endorsements_received": "Endorsement Date,Skill Name,Endorser First Name,"
        "Endorser Last Name,Endorser Public Url",
        "linkedin_endorsements_given": "Endorsement Date,Skill Name,Endorsee First Name,"
        "Endorsee Last Name,Endorsee Public Url",
        "linkedin_recommendations": "First Name,Last Name,Company,Job Title,Text,Creation Date",
        "linkedin_profile": "First Name,Last Name,Maiden Name,Headline,Geo Location",
        "linkedin_positions": "Company Name,Title,Location,Started On,Finished On",
        "linkedin_education": "School Name,Start Date,End Date,Degree Name",
        "linkedin_email_addresses": "Email Address,Confirmed,Primary",
        "linkedin_phone_numbers": "Extension,Number,Type",
    }[kind.name]
    width = header.count(",") + 1
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header.split(","))
    for _ in range(300):
        writer.writerow([rng.choice(_CELLS) for _ in range(width)])
    table = read_table(buf.getvalue(), 0, ",")
    assert_accounted(kind.parse(table, "random.csv"))

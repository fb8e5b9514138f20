"""LinkedIn archive members that hold no contacts: recognised so they are skipped by name.

Headers are the ones observed in real and synthetic archives (docs/formats.md §1.6, the corpus).
Each rule needs columns no address book has, so a Google or Outlook contact CSV never lands
here. Where LinkedIn's header is unknown or too plain (Skills has just "Name"), the file name
confirms, and the header must still look nothing like an address book.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.formats.base import CsvKind
from pipeline.formats.csvexpr import cells_of

# Above the generic address-book readers: Receipts and Verifications carry First/Last Name
# and an e-mail column, which the catch-all contact reader would otherwise claim.
PRIORITY = 35

Matcher = Callable[[frozenset[str], str], bool]

_CONTACTISH = re.compile(r"e-?mail|phone|mobile|address|first name|last name|given name")


def _all(*names: str) -> Matcher:
    wanted = frozenset(names)
    return lambda cells, _base: wanted <= cells


def _exactly(*names: str) -> Matcher:
    wanted = frozenset(names)
    return lambda cells, _base: cells_of(cells) == wanted


def _either(*matchers: Matcher) -> Matcher:
    return lambda cells, base: any(m(cells, base) for m in matchers)


def _named(*fragments: str, max_cells: int = 4) -> Matcher:
    """The file name says what it is and the (small) header has nothing of a contact."""

    def match(cells: frozenset[str], base: str) -> bool:
        cells = cells_of(cells)
        norm = base.replace("_", " ")
        return (
            any(f in norm for f in fragments)
            and 0 < len(cells) <= max_cells
            and not any(_CONTACTISH.search(c) for c in cells)
        )

    return match


_RULES: list[tuple[str, Matcher]] = [
    ("linkedin_ad_targeting", _either(
        _all("member age", "member skills"), _all("company names", "job titles", "member schools"),
        _named("ad targeting", max_cells=200))),
    # 2018 UTF-16 TAB files (cells arrive unquoted from the header reader).
    ("linkedin_logins", _all("login date", "ip address", "user agent")),
    ("linkedin_search_queries", _exactly("time", "search query")),
    ("linkedin_security_challenges", _all("challenge date", "ip address", "challenge type")),
    ("linkedin_account_status_history", _exactly("time", "event")),
    ("linkedin_company_follows", _exactly("organization", "followed on")),
    ("linkedin_languages", _exactly("name", "proficiency")),
    ("linkedin_certifications", _all("name", "authority", "license number")),
    ("linkedin_courses", _either(_exactly("name", "number"), _named("courses"))),
    ("linkedin_honors", _either(
        _exactly("title", "description", "issued on"),
        _exactly("title", "description", "issuer", "issue date"))),
    ("linkedin_projects", _either(
        _exactly("title", "description", "url", "started on", "finished on"),
        _exactly("title", "description", "url", "start date", "end date"))),
    ("linkedin_publications", _all("name", "published on", "publisher")),
    ("linkedin_organizations", _exactly("name", "description", "position", "started on",
                                        "finished on")),
    ("linkedin_learning", _all("content title", "content type")),
    ("linkedin_shares", _either(
        _all("date", "sharelink", "sharecommentary"), _all("date", "share link", "share commentary"))),
    ("linkedin_reactions", _exactly("date", "type", "link")),
    ("linkedin_comments", _exactly("date", "link", "message")),
    ("linkedin_votes", _all("date", "link", "optiontext")),
    ("linkedin_saved_articles", _exactly("saved at", "link", "name")),
    ("linkedin_rich_media", _either(
        _all("date/time", "media description", "media link"),
        _exactly("type", "link"),  # 2022-23: download pointers, no media rows
        _exactly("description", "link"))),  # 2018 "Videos.csv"
    ("linkedin_ads_clicked", _all("ad clicked date", "ad title/id")),
    ("linkedin_hashtag_follows", _all("hashtag", "createdtime", "state")),
    ("linkedin_inferences_about_you", _all("category", "type of inference", "inference")),
    # Members you follow (often public figures) are not people you are in touch with.
    ("linkedin_member_follows", _exactly("date", "status", "fullname")),
    ("linkedin_saved_items", _exactly("saveditem", "createdtime")),
    ("linkedin_receipts", _all("transaction made at", "invoice number", "payment method type")),
    ("linkedin_registration", _either(
        _all("registered at", "registration ip"), _all("registration date", "registration ip address"))),
    ("linkedin_events", _all("event name", "event time", "status")),
    ("linkedin_job_applications", _all("application date", "job url", "resume name")),
    # Jobs the member posted: "Contact Email" is the poster's, not a person to network with.
    ("linkedin_online_job_postings", _all("company name", "title", "employment status",
                                          "job description")),
    ("linkedin_saved_jobs", _exactly("saved date", "job url", "job title", "company name")),
    ("linkedin_job_seeker_preferences", _all("locations", "open to recruiters", "dream companies")),
    ("linkedin_job_applicant_saved_answers", _exactly("question", "answer")),
    ("linkedin_verifications", _all("verification type", "verified date")),
    ("linkedin_private_identity_asset", _all("private identity asset name")),
    ("linkedin_profile_summary", _exactly("profile summary")),
    ("linkedin_saved_job_alerts", _all("alert_parameters", "saved_search_id")),
    ("linkedin_causes_you_care_about", _either(
        _exactly("supported cause"), _named("causes you care about"))),
    ("linkedin_member_hashtags", _named("member hashtags", "member hashtag")),
    # Services Marketplace/Providers.csv, Engagements.csv, Opprtunities.csv (2025 exports,
    # docs/realworld39b.md): the member's service pages and requests, one long row each,
    # once skipped as "a text document"
    ("linkedin_services_marketplace", _all("creation time", "marketplace type")),
]


def _is_skills(cells: frozenset[str], base: str) -> bool:
    # Skills.csv is one "Name" column: nothing else to recognise it by, so the file name must
    # say "skills". Another one-column "Name" list (a CRM's "Contacts.csv" of names) is no
    # LinkedIn file: the address-book reader refuses it with its own reason (names only).
    return _named("skills", max_cells=1)(cells, base)


def _is_screening(cells: frozenset[str], base: str) -> bool:
    # Same "Question,Answer" header as the saved answers: the name tells them apart.
    return cells_of(cells) == {"question", "answer"} and "screening" in base


KINDS: list[CsvKind] = [
    *(CsvKind(name, "linkedin", rule, None, PRIORITY) for name, rule in _RULES),
    CsvKind("linkedin_skills", "linkedin", _is_skills, None, PRIORITY),
    CsvKind("linkedin_screening_question_responses", "linkedin", _is_screening, None,
            PRIORITY + 1),
]

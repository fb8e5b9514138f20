"""Which contact field a CSV header names, for address-book CSVs of any origin.

Headers are compared as keys: case and accents folded, spaces and punctuation removed, so the
spellings CRMs, mailing-list tools and spreadsheets write ("First Name", "first_name",
"FIRSTNAME", "Prénom", "E-Mail") meet the one entry of the alias table
(``pipeline/data/csv_headers.toml``). Headers the table does not list are tried without a
qualifier word in front ("contact_first_name", "customer name"), then by pattern ("Email Work",
"Website Profile", "Work Mobile").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

_SEPARATORS = re.compile(r"[\W_]+")
# A note in square brackets after the column name: Google Workspace's user list writes
# "First Name [Required]", "Status [READ ONLY]", "Password Hash Function [UPLOAD ONLY]",
# "Recovery Phone [MUST BE IN THE E.164 FORMAT]" (docs/realworld29.md W1-W4); read as
# "firstnamerequired" the names were not read. Three characters at least, so a two-letter
# language tag ("Name [EN]") is not taken for one.
_BRACKET_NOTE = re.compile(r"\s*\[[^\[\]]{3,}\]\s*$")
# Words in front of a field name that do not change which field it is.
_QUALIFIERS = ("contact", "customer", "client", "primary", "main", "person", "member", "user",
               "lead", "subscriber", "recipient", "attendee", "guest", "candidate", "your", "my",
               "invitee",
               "billing",
               "mailing", "shipping")
_EMAIL = re.compile(r"e?mail|courriel|correo|postaelettronica|messagerie|elektronisch|почт"
                    r"|sahkoposti")
# Columns about an address that are not an address: its display name (Outlook in every
# language: "E-mail Display Name", "E-Mail: Angezeigter Name", "Nom complet de l'adresse de
# messagerie", "Nombre para mostrar", "Nome visualizzato", "Weergavenaam", "Краткое имя эл.
# почты"), its type ("Тип эл. почты"), status,
# consent flags, and postal "mailing" fields. Matched on whole words.
_DISPLAY = (r"display|displayed|shown|anzeige\w*|angezeigte[rn]?|affich\w*|nom complet|mostrar"
            r"|mostrad[oa]|visualizzat\w*|weergave\w*|weergegeven|exibi\w*|кратк\w*")
_DISPLAY_NAME = re.compile(rf"\b({_DISPLAY})\b")
_NOT_EMAIL = re.compile(
    rf"\b({_DISPLAY}|type|typ|тип|status|opt"
    r"|opted|optin|optout|consent|verified|verification"
    r"|subscribed|unsubscribed|subscription|bounced?|valid|format|domain|label|date|permission"
    r"|mailing|list|campaign|clicks?|opens?|opened|count|sent"
    # someone else's address on the person's row: a directory's "Manager Email" (Google
    # Workspace's user list) would join every report with the manager
    r"|manager|assistant|supervisor"
    # an event's other people: the ticket's buyer (Eventbrite's "Buyer Email", who may have
    # bought for several attendees), the host or organiser, and the guests an invitee added
    # (Calendly's "Guest Email(s)"); a consent flag ("Invitee accepted marketing emails")
    r"|buyer|purchaser|host|organi[sz]er|inviter|guest email s|accepted|marketing)\b")
_PHONE = re.compile(r"phone|mobil|telefon|telefoon|telephone|telefono|^tel|tel$|tel\d|cell"
                    r"|handy|portable|movil|whatsapp|телефон|celular|puhelin")
# "cancel": "Cancellation reason" (Calendly) holds "cell" and is no phone
# "titel", "hotel": German and Dutch words that end in "tel" (Thunderbird's German "Arbeitstitel",
# Outlook's Dutch "Titel") are no phone column (docs/rw41.md B15); "faks" is Polish for fax
# (Microsoft 365's "Numer faksu", B14)
_NOT_PHONE = re.compile(r"fax|pager|assistant|telex|tty|isdn|radio|callback|telecopie|cancel"
                        r"|buscapersonas|type|label|country|ext$|extension|факс|asystent"
                        r"|titel|hotel|motel|faks")
# Login handles ("sitting.bull", "jdoe42"): a directory export lists them beside the
# person's "display_name" (docs/realworld10.md, Z2), and read as the full name they displaced it.
HANDLES = frozenset({"username", "usernames"})
_URL = re.compile(r"webpage|website|webseite|homepage|siteweb|paginaweb|webpagina|url$|^url")
# Numbered name columns, one person each: a guest list's "Name01,Name02" (docs/realworld-rules21.md
# R3), an RSVP form's "Guest 1,Guest 2", "Guest Name 2", "Attendee 3", "Full Name 1"; and one
# person's parts under one number, "guest_1_first_name,guest_1_last_name" (a wedding site's
# guest table, docs/realworld17.md), "First Name 2", "Last Name 2".
_WHO = r"(?:guest|attendee|person|member)"
_NUMBER = r"(?:no)?0*([1-9][0-9]?)"
_NUMBERED_NAME = re.compile(rf"^(?:guest|attendee|person|{_WHO}?(?:full)?name){_NUMBER}$")
_PART = r"(first|given|fore|last|family|sur)name"
_NUMBERED_PART = re.compile(rf"^{_WHO}?(?:{_NUMBER}{_PART}|{_PART}{_NUMBER})$")
_GIVEN_PARTS = frozenset({"first", "given", "fore"})
# "Last1,First1,Last2,First2": a neighbourhood directory's couple per row (docs/realworld20.md,
# S2), the parts without "name"; only first and last, which no other column is called so
_BARE_PART = re.compile(rf"^(first|last){_NUMBER}$")
# "Company o Grupo de medios" (an Argentine press list, docs/realworld21.md T3), "Company or
# group": a known column name, then "or" and what else the column may hold, in English, Spanish,
# Portuguese, Italian, French or German. The first name says which field it is.
_EITHER = re.compile(r"^(.+?) (?:or|o|ou|oder) \S.*$")
# "nameEn,nameKo", "name_en", "Name (EN)": one field written in several languages (a Korean
# conference's people table, docs/realworld21.md T7). ISO 639-1 codes, without those that are
# words of a header too ("id", "no", "nr").
_LANGUAGES = frozenset("en ko ja zh fr de es it pt ru ar he hi nl pl tr vi th el uk sv fi da cs "
                       "hu ro fa ur bn ta ms".split())
_CAMEL_TAG = re.compile(r"^(.*[a-z])([A-Z][a-z])$")
_SEPARATE_TAG = re.compile(r"^(.*\S)[\s_-]+\(?([A-Za-z]{2})\)?$")
_JOB_TITLE = frozenset({"jobtitle", "worktitle", "position", "profession"})
# Yahoo Mail's contact CSV names its phone columns "Home", "Work", "Other" and "Yahoo Phone";
# elsewhere a bare "Home" or "Work" may be an address or a label, so they are phones only in a
# header Yahoo's own columns mark.
_YAHOO_MARKS = frozenset({"yahoophone", "messengerid"})
_YAHOO_PHONES = frozenset({"home", "work", "other", "yahoophone"})
# Oro CRM's contact export numbers its to-many fields: "Addresses 1 Street", "Addresses 2 City",
# "Accounts 1 Account name" (docs/realworld38.md). An address's parts and an account's name
# are read as the field without the prefix; the address's own addressee ("Addresses 1 First
# name", "Addresses 1 Organization") is no part of the person's name and stays unread.
_NUMBERED_COLLECTION = re.compile(r"^(addresses|accounts)[1-9][0-9]?(.+)$")
_COLLECTION_FIELDS = {"addresses": frozenset({"street", "city", "region", "postcode", "country"}),
                      "accounts": frozenset({"organization"})}


def words(header: str) -> str:
    """'  E-Mail: Angezeigter Name' -> 'e mail angezeigter name' (case and accents folded)."""
    header = _BRACKET_NOTE.sub("", header.strip().lstrip("\ufeff")) or header
    folded = unicodedata.normalize("NFKD", header.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", folded.replace("ß", "ss")).strip()


def key(header: str) -> str:
    """'  Prénom ' -> 'prenom', 'E-Mail 2: Adresse' -> 'email2adresse', 'first_name' ->
    'firstname'."""
    return words(header).replace(" ", "")


@cache
def aliases() -> dict:
    text = resources.files("pipeline").joinpath("data/csv_headers.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _by_key() -> dict[str, str]:
    """alias key -> field; the first field listing a key keeps it."""
    out: dict[str, str] = {}
    for field, names in aliases()["fields"].items():
        for name in names:
            out.setdefault(key(name), field)
    return out


@cache
def rank(field: str) -> dict[str, int]:
    """alias key -> position in the field's list (the order multi-valued fields keep)."""
    out: dict[str, int] = {}
    for i, name in enumerate(aliases()["fields"].get(field, ())):
        out.setdefault(key(name), i)
    return out


def is_header_like(header: str) -> bool:
    """A sentence, an address, a URL or markup (a Markdown table row) is data (LinkedIn's
    Notes: preamble, a letter), not a column name."""
    h = _BRACKET_NOTE.sub("", header.strip()) or header.strip()
    return (bool(h) and len(h) <= 48 and "://" not in h and len(h.split()) <= 5
            and not any(ch in h for ch in "@|<>{}="))


def field_of(header: str, keys: frozenset[str]) -> str | None:
    """Which contact field a header feeds, or None. `keys` are all the header's keys."""
    if not is_header_like(header):
        return None
    k = key(header)
    if words(header) in _birthday_words():
        return None  # "Birth Day" is one of three parts; its key is that of "Birthday"
    if k == "title":
        # Outlook's "Title" is the name prefix (Mr., Dr.); elsewhere it is the job title.
        return "name_prefix" if keys & _JOB_TITLE or "suffix" in keys else "title"
    if k in _YAHOO_PHONES and keys & _YAHOO_MARKS:
        return "phones"
    table = _by_key()
    if k in table:
        return table[k]
    if numbered_person(header) is not None:
        return "full_name"
    if k in HANDLES:
        return None  # "user" is a qualifier, but a user name is a login, not the person's name
    for q in _QUALIFIERS:  # before the e-mail guard: "Mailing City" is a city
        if k.startswith(q) and k[len(q):] in table:
            return table[k[len(q):]]
    if (numbered := _NUMBERED_COLLECTION.match(k)) and table.get(numbered.group(2)) in \
            _COLLECTION_FIELDS[numbered.group(1)]:
        return table[numbered.group(2)]
    if (first := _EITHER.match(words(header))) and key(first.group(1)) in table:
        return table[key(first.group(1))]
    if (stem := language_stem(header)) is not None and key(stem) in table:
        return table[key(stem)]
    if _EMAIL.search(k) and _NOT_EMAIL.search(words(header)):
        return None  # "E-mail Display Name" is neither an address nor a name
    if _EMAIL.search(k):
        return "emails"
    if _PHONE.search(k) and not _NOT_PHONE.search(k):
        return "phones"
    if _URL.search(k):
        return "urls"
    return None


def language_stem(header: str) -> str | None:
    """"nameEn" -> "name", "Name (KO)" -> "Name"; None when the header ends in no language."""
    h = header.strip()
    m = _CAMEL_TAG.match(h) or _SEPARATE_TAG.match(h)
    return m.group(1) if m and m.group(2).lower() in _LANGUAGES else None


def email_display_name(header: str) -> bool:
    """An address's display name column ("E-mail Display Name", "E-Mail: Angezeigter Name",
    "Nome visualizzato posta elettronica"): Outlook's, in every language."""
    return bool(_EMAIL.search(key(header)) and _DISPLAY_NAME.search(words(header)))


def numbered_name(header: str) -> bool:
    """A column of one of several people a row ("Name01", "Guest 2", "guest_2_last_name")."""
    return numbered_person(header) is not None


def numbered_part(header: str) -> bool:
    """A numbered given- or family-name column ("guest_1_first_name", "Last Name 2")."""
    return numbered_person(header) is not None and not _NUMBERED_NAME.match(key(header))


def numbered_person(header: str) -> tuple[int, int] | None:
    """(the person's number, part) of a numbered name column: part 0 the whole name or the
    given name, 1 the family name; None for any other column."""
    k = key(header)
    if m := _NUMBERED_NAME.match(k):
        return int(m.group(1)), 0
    if m := _NUMBERED_PART.match(k):
        number, part = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return int(number), 0 if part in _GIVEN_PARTS else 1
    if m := _BARE_PART.match(k):
        return int(m.group(2)), 0 if m.group(1) == "first" else 1
    return None


def not_a_phone(header: str) -> bool:
    """A header naming a number that is not the person's phone (a fax, a pager, an
    assistant's)."""
    return bool(_NOT_PHONE.search(key(header)))


MULTI = ("emails", "phones", "urls", "labels")


# HubSpot's "export with associated company" writes the contact's properties, then
# "Record ID - Company" and the company's own (its name, phone, city, country, industry): the
# company's phone and city are not the person's, and read as theirs colleagues shared a number
# (docs/realworld14.md, H1). Only the company's name is read, as the organisation when the
# contact's own "Company Name" is empty.
_COMPANY_BLOCK = frozenset({"recordidcompany"})
_COMPANY_FIELDS = frozenset({"organization"})


# A scheduling tool's bookings (Calendly's export) name the booked person "Invitee Name",
# "Invitee Email" and the account's own user, the host, "User Name", "User Email": beside
# an invitee column a "User ..." column is the host's, and read as each invitee's own address
# it made every invitee one person (docs/realworld31.md C1). Elsewhere (Zoom's participants
# report) "User Email" is the row's person's.
_INVITEE = re.compile(r"^invitee")
_HOST_COLUMN = re.compile(r"^user(name|email|fullname|firstname|lastname)$")
# A table of events (an event's start, name or type) has a "Location" that is where the event
# is ("Zoom", "Google Meet", a room), not where the person lives. A bare "Start Date" is not
# one: a staff directory's start date sits beside the office's location.
_EVENT_KEYS = frozenset({"startdatetime", "eventtypename", "eventname", "eventdate",
                         "eventstarttime", "eventstartdate"})
# Calendly's "Guest Email(s)": the people the invitee added to the booking, not the invitee
# (a wedding list's "Guest Email" is its guest's own and stays read).
_GUESTS_EMAILS = re.compile(r"^guests? emails? s$|^guests emails?$")
# A ticket's or booking's own links (Luma's "qr_code_url", a check-in or cancel page) are
# no web page of the person's.
_EVENT_URL = re.compile(r"^qr|checkin|ticket|event|registration|cancel|reschedul|payment|order")
# Meetup's member and attendee lists (docs/realworld31.md M1, M2): their "Title" is the
# member's role in the group (Organizer, Co-organizer), not a job.
_MEETUP_KEYS = frozenset({"joinedgroupon", "urlofmemberprofile"})


def _not_the_persons(col: str, field: str, keys: frozenset[str]) -> bool:
    k = key(col)
    if field == "organization" and k == "organizationname" and "accounts1accountname" in keys:
        # Oro CRM's "Organization Name" is the CRM's own organisation that owns the record, on
        # every row (OroCRM): the contact's company is its account ("Accounts 1 Account name")
        return True
    if _HOST_COLUMN.match(k) and any(_INVITEE.match(x) for x in keys):
        return True
    if field == "emails" and _GUESTS_EMAILS.match(words(col)):
        return True
    if field == "urls" and _EVENT_URL.search(k):
        return True
    if field == "title" and k == "title" and keys & _MEETUP_KEYS:
        return True
    return field == "city" and k == "location" and bool(keys & _EVENT_KEYS)


def column_map(header: list[str]) -> dict[str, list[str]]:
    """field -> source columns, in alias-table order for multi-valued fields."""
    keys = frozenset(key(h) for h in header)
    company = next((i for i, h in enumerate(header) if key(h) in _COMPANY_BLOCK), len(header))
    found: dict[str, list[str]] = {}
    for i, col in enumerate(header):
        field = field_of(col, keys)
        if field and _not_the_persons(col, field, keys):
            continue
        if field and (i < company or field in _COMPANY_FIELDS):
            found.setdefault(field, []).append(col)
    _birthday_day(header, found)
    for field in MULTI:
        if field in found:
            order = rank(field)
            found[field].sort(key=lambda c: order.get(key(c), len(order)))
    return found


@cache
def _birthday_words() -> frozenset[str]:
    """The parts' names that are never a field of their own ("Geburtstag" is, in Outlook)."""
    return frozenset(words(n) for part, names in aliases()["birthday_parts"].items()
                     if part != "day_beside_month" for n in names)


def birthday_columns(header: list[str]) -> dict[str, str]:
    """Thunderbird's three birthday columns: {"year"|"month"|"day": column}."""
    parts = {part: {words(n) for n in names}
             for part, names in aliases()["birthday_parts"].items()}
    cols: dict[str, str] = {}
    for part in ("year", "month", "day", "day_beside_month"):
        for col in header:
            if words(col) in parts[part]:
                cols[part] = col
                break
    beside = cols.pop("day_beside_month", None)
    if beside is not None and "month" in cols and "day" not in cols:
        cols["day"] = beside
    return cols


def _birthday_day(header: list[str], found: dict[str, list[str]]) -> None:
    """German Thunderbird's "Geburtstag" beside "Geburtsmonat" is the day of the month, not the
    birthday German Outlook's "Geburtstag" is: it leaves the birthday field for the parts."""
    day = birthday_columns(header).get("day")
    if day is not None and day in found.get("birthday", ()):
        found["birthday"].remove(day)
        if not found["birthday"]:
            del found["birthday"]

"""What each vCard property means for one card: values collected in file order
(:class:`Fields`), then the CONTACTS_RAW row built from them (the N/FN/ORG fallbacks, Apple's
and Android's labels and kinds, LinkedIn profiles in URL and X-SOCIALPROFILE). vcard.py finds
and decodes the properties; vcard_fields.py mirrors these rules as polars expressions for the
fast reader.
"""

from __future__ import annotations

import re

from pipeline import schema
from pipeline.formats.csvsocial import WEB_VALUE
from pipeline.formats.vcard_tokens import (
    FAX_LABELS,
    OTHER_NICKNAMES,
    Head,
    split_unescaped,
    unescape,
)
from pipeline.textio import MISSING

# The words of a name or organisation, for comparing N with ORG on an Apple company card.
COMPANY_WORDS = r"\w+"
_WEB_VALUE = re.compile(WEB_VALUE)


def n_spells_company(parts, organization: str | None) -> bool:
    """True when N's parts hold the organisation's words and nothing else (`N:Inc.;Test` beside
    `ORG:Test Inc.`, apple/ccs-calendarserver's test card): on a card Apple's Contacts shows as a
    company (`X-ABShowAs:COMPANY`) that is the company typed into the name fields, not a person
    at it (`N:Kawado;Saeko`, kept). Read as a name, it became a person "Test Inc." nobody is."""
    if not organization:
        return False
    words = sorted(w for p in parts if p for w in re.findall(COMPANY_WORDS, p.lower()))
    return bool(words) and words == sorted(re.findall(COMPANY_WORDS, organization.lower()))


def _clean_email(value: str) -> str:
    value = value.strip()
    if value.endswith(">") and "<" in value:  # '"Omega" <omega@example.com>'
        value = value[value.rfind("<") + 1 : -1].strip()
    if value[:7].lower() == "mailto:":
        value = value[7:].strip()
    return value


def _clean_tel(value: str) -> str:
    value = value.strip()
    if value[:4].lower() != "tel:":
        return value
    number, *uri_params = value[4:].split(";")
    for p in uri_params:
        if p[:4].lower() == "ext=" and p[4:].strip():
            return f"{number.strip()} ext. {p[4:].strip()}"
    return number.strip()


def _linkedin_url(value: str, kinds: list[str], user: str | None, label: str | None) -> str | None:
    """A LinkedIn profile URL named by a URL/X-SOCIALPROFILE value, its type or x-user."""
    low = value.lower()
    if "linkedin.com/in/" in low:
        return value
    if user and "linkedin.com/in/" in user.lower():
        return user
    if "linkedin" in kinds or label == "linkedin":
        if "linkedin.com/" in low:
            return value
        slug = user or value
        if slug and not any(ch in slug for ch in ":/ \t@"):
            return f"https://www.linkedin.com/in/{slug}"  # Apple x-user is the profile slug
    if label == "profile" and "linkedin.com/" in low:  # Google's label for social profiles
        return value
    return None


def street_line(parts: list[str]) -> str:
    """The street, then the extended address (suite, flat) and the post office box of an ADR
    (RFC 6350 6.3.1: box; extended; street; ...): kith has no columns of their own for the two,
    and dropping them lost `Suite D2-630` of the RFC's own example card."""
    return ", ".join(p for p in (parts[2], parts[1], parts[0]) if p)


def _un(text: str, v21: bool) -> str:
    return (unescape(text, v21) if "\\" in text else text).strip()


def _known(text: str) -> str:
    """A value, or "" for a placeholder (`N/A`, `null`, `None`), as a CSV cell of textio.MISSING
    is read: Proton Mail's cards carry `ORG:N/A` (docs/realworld29.md P2), and every card saying
    so would have been a colleague of every other at the company "N/A"."""
    return "" if text in MISSING else text


def _address(text: str, v21: bool, adr: tuple | None, street_only: tuple | None) -> tuple:
    """(adr, street_only) after one more ADR value: the first address that says where (city,
    region or country), else the first with a street line."""
    if adr is not None:
        return adr, street_only
    parts = [_un(p, v21) for p in split_unescaped(text, ";")] + [""] * 7
    street = street_line(parts)
    if parts[3] or parts[4] or parts[6]:  # first address that says where
        return (parts[3] or None, parts[4] or None, parts[6] or None, street or None,
                parts[5] or None), street_only
    if street_only is None and street.strip():
        street_only = (None, None, None, street, parts[5] or None)
    return adr, street_only


class Fields:
    """Collects one card's values in file order, then builds the CONTACTS_RAW row."""

    __slots__ = (
        "v21", "item_labels", "fn", "n", "nicknames", "android_nickname", "org", "title", "role",
        "emails", "phones", "urls", "linkedin", "labels", "birthday", "adr", "notes", "group",
        "show_company", "kind", "street_only", "samsung",
    )  # fmt: skip

    def __init__(self, v21: bool, labels: dict[str, str]) -> None:
        self.v21 = v21
        self.item_labels = labels  # group -> X-ABLabel, lower case
        self.fn = self.title = self.role = self.birthday = self.linkedin = None
        self.android_nickname = None
        self.n: list[str | None] | None = None  # family, given, additional, prefix, suffix
        self.org: list[str] | None = None
        # city, region, country, street, postcode
        self.adr: tuple[str | None, ...] | None = None
        # the same, from the first ADR with only a street line (and postcode), used when no
        # ADR says where: Android writes a whole address in the street slot
        # (`ADR;HOME:;;<all of it>;;;;`), kept as the street line, no city made up from it
        self.street_only: tuple[str | None, ...] | None = None
        self.samsung: list[str] = []  # X-SAMSUNGADR values, the address when no ADR is
        self.emails, self.phones, self.urls, self.labels = [], [], [], []
        self.nicknames: list[str] = []
        self.notes: list[str] = []
        self.group = self.show_company = False
        self.kind: str | None = None  # the first KIND decides (RFC 6350: at most one)

    def add(self, head: Head, text: str) -> None:
        name = head.name
        v21 = self.v21
        if name == "EMAIL":
            email = _clean_email(_un(text, v21))
            if email:
                self.emails.append(email)
        elif name == "TEL":
            labelled = head.group is not None and self.item_labels.get(head.group) in FAX_LABELS
            tel = None if head.fax or labelled else _clean_tel(_un(text, v21))
            if tel:
                self.phones.append(tel)
        elif name == "FN":
            if self.fn is None:
                self.fn = _un(text, v21) or None
        elif name == "N":
            if self.n is None:
                self.n = self._name_parts(text)
        elif name == "ORG":
            if self.org is None:
                units = [_known(_un(u, v21)) for u in split_unescaped(text, ";")]
                if any(units):
                    self.org = units
        elif name == "TITLE":
            if self.title is None:
                self.title = _known(_un(text, v21)) or None
        elif name == "ROLE":
            if self.role is None:
                self.role = _known(_un(text, v21)) or None
        elif name == "URL" or name == "X-SOCIALPROFILE":
            self._url(head, _un(text, v21))
        elif name == "SOCIALPROFILE":
            # RFC 9554 (2024) names Apple's X-SOCIALPROFILE so: a profile's URI is a web
            # address (a LinkedIn profile there is the person's); a bare handle
            # (`VALUE=text:peter94`) is no address and stays unread, as in a CSV's social column
            value = _un(text, v21)
            if ":" in value:
                self._url(head, value)
        elif name == "CATEGORIES":
            self._categories(text)
        elif name == "BDAY":
            if self.birthday is None:
                self.birthday = _un(text, v21) or None
        elif name == "ADR":
            self.adr, self.street_only = _address(text, v21, self.adr, self.street_only)
        elif name == "X-SAMSUNGADR":
            # a Samsung phone's address, written as ADR is (";;street;city;region;postcode"),
            # alone on a card without ADR (docs/realworld23.md R8): read when no ADR is
            self.samsung = self.samsung + [text]
        elif name == "NOTE":
            note = _un(text, v21)
            if note:
                self.notes.append(note)
        elif name == "NICKNAME":
            # a list of nicknames, comma-separated (RFC 6350 6.2.3, RFC 2426 3.1.3):
            # "Jon,Johnny" kept whole was read as "Last, First", a person "Johnny Jon"
            for piece in split_unescaped(text, ","):
                nick = _un(piece, v21)
                if nick:
                    self.nicknames.append(nick)
        elif (name == "KIND" or name == "X-ADDRESSBOOKSERVER-KIND") and self.kind is None:
            # A card listing several KINDs (a library's test card: INDIVIDUAL, then GROUP,
            # ORG, ...) is what its first one says; a group without it is still a group.
            self.kind = text.strip().lower()
            self.group = self.kind == "group"
        elif name == "FN_GROUP":
            # An Android phone's export of a contact group (docs/realworld15.md, F7): the
            # group's name in FN_GROUP, an N with it as the given name, no FN, no member. It is
            # a label the owner made, not a person: without this the label became a contact.
            self.group = True
        elif name == "X-ABSHOWAS":
            self.show_company = text.strip().upper() == "COMPANY"
        elif name in OTHER_NICKNAMES:
            self.android_nickname = self.android_nickname or _un(text, v21) or None
        elif name == "X-ANDROID-CUSTOM":  # Android 2.1 keeps nicknames here
            parts = split_unescaped(text, ";")
            if parts[0].strip() == "vnd.android.cursor.item/nickname" and len(parts) > 1:
                self.android_nickname = self.android_nickname or _un(parts[1], v21) or None

    def _name_parts(self, text: str) -> list[str | None]:
        if "\\" not in text and (self.v21 or "," not in text):  # the common case, same result
            out = [p.strip() or None for p in text.split(";", 5)[:5]]
            return out + [None] * (5 - len(out))
        parts = split_unescaped(text, ";")[:5]
        parts += [""] * (5 - len(parts))
        out: list[str | None] = []
        for part in parts:
            if self.v21 or "," not in part:  # 2.1: a comma is text ("N:Veni, Vidi, Vici;...")
                value = _un(part, self.v21)
            else:  # 3.0/4.0: comma lists, e.g. additional names "Philip,Paul"
                items = (_un(x, False) for x in split_unescaped(part, ","))
                value = " ".join(x for x in items if x)
            out.append(value or None)
        return out  # family, given, additional, prefix, suffix

    def _url(self, head: Head, value: str) -> None:
        if not value or value[:5].lower() == "data:":
            return
        if _WEB_VALUE.match(value):  # a handle is no web address, but may name a LinkedIn slug
            self.urls.append(value)
        if self.linkedin is None:
            kinds = [t.lower() for t in head.params.get("TYPE", ())]
            users = head.params.get("X-USER")
            label = self.item_labels.get(head.group) if head.group else None
            self.linkedin = _linkedin_url(value, kinds, users[0] if users else None, label)

    def _categories(self, text: str) -> None:
        items = [x for chunk in split_unescaped(text, ",") for x in split_unescaped(chunk, ";")]
        if len(items) == 1 and "\\," in text:  # Thunderbird add-on: "a\\, b\\, c" = 3 items
            items = text.split("\\,")
        for item in items:
            label = _un(item, self.v21)
            if label and label not in self.labels:
                self.labels.append(label)

    def _display_fallback(self) -> str | None:
        org = self.org[0] if self.org and self.org[0] else None
        if self.show_company and org:  # Apple company card: N is empty or a contact person
            return org
        if self.n:
            family, given, middle, prefix, suffix = self.n
            joined = " ".join(p for p in (prefix, given, middle, family, suffix) if p)
            if joined:
                return joined
        nick = self.nicknames[0] if self.nicknames else self.android_nickname
        return nick or org or (self.emails + self.phones + [self.linkedin])[0]

    def _n_parts(self) -> tuple:
        """N's parts, unless a phone split them word by word from a "Last, First" FN (Android
        stores FN "Sataro, Gojo N." as N "N.;Sataro,;Gojo"): a part ending in a comma is a
        piece of FN, and FN, read as "Last, First", is then the better source."""
        parts = self.n or (None,) * 5
        if self.fn and "," in self.fn and any(p and p.endswith(",") for p in parts):
            return (None,) * 5
        if self._company_card(parts):
            return (None,) * 5  # an organisation's card: shown by ORG (names.is_organisation_card)
        return parts

    def _company_card(self, parts) -> bool:
        """N holds the company's words (n_spells_company) on a card Apple shows as a company, or
        N's family name alone and FN, when there is one, are the company: a business's own card
        (`N:Aspaas Sykler;;;;`, FN and ORG the same, docs/realworld39.md L01) names nobody."""
        org = self.org[0] if self.org else None
        if not n_spells_company(parts, org):
            return False
        return self.show_company or (not any(parts[1:]) and (
            self.fn is None or n_spells_company([self.fn], org)))

    def row(self) -> dict | None:
        family, given, middle, prefix, suffix = self._n_parts()
        nickname = ", ".join(self.nicknames) if self.nicknames else self.android_nickname
        org = self.org or []
        organization = (org[0] or None) if org else None
        named = self.fn or nickname or organization or any(self.n or ())
        # A LinkedIn profile identifies a person as well as an address does.
        if not (named or self.emails or self.phones or self.linkedin):
            return None
        adr, street_only = self.adr, self.street_only
        for text in self.samsung if not (adr or street_only) else ():
            adr, street_only = _address(text, self.v21, adr, street_only)
        city, region, country, street, postcode = adr or street_only or (None,) * 5
        return {
            "source": "vcard",
            "source_format": None,
            "source_file": None,  # the ingest stage knows the path
            "source_row": None,
            "full_name": self.fn or self._display_fallback(),
            "name_prefix": prefix,
            "given_name": given,
            "middle_name": middle,
            "family_name": family,
            "name_suffix": suffix,
            "nickname": nickname,
            "organization": organization,
            "department": (org[1] or None) if len(org) > 1 else None,
            "title": self.title or self.role,
            "emails": self.emails,
            "phones": self.phones,
            "urls": self.urls,
            "linkedin_url": self.linkedin,
            "labels": self.labels,
            "birthday": self.birthday,
            "connected_on": None,
            "city": city,
            "region": region,
            "country": country,
            "street": street,
            "postcode": postcode,
            "notes": "\n".join(self.notes)[: schema.NOTES_MAX] or None,
        }

"""vCard (.vcf) reader: cards -> stage-1 contact rows and rejects.

Finding the cards lives in vcard_cards, tokenizing (encodings, folding, quoted-printable,
parameters) in vcard_tokens; this module decides what each card means. Only the properties that feed CONTACTS_RAW are decoded at all, so
photos, keys and other blobs are skipped unread and can never reject a card.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import polars as pl

from pipeline import schema
from pipeline.charsets import legacy_encoding
from pipeline.formats import base, vcard_fast
from pipeline.formats.vcard_cards import Card, glued, iter_cards, looks_like_vcard, make_card
from pipeline.formats.vcard_fields import WANTED
from pipeline.formats.vcard_tokens import (
    Decoder,
    Head,
    parse_line,
    split_unescaped,
    to_text,
    unescape,
)
from pipeline.startup import gc_paused
from pipeline.textio import sniff_encoding

VALUE_MAX = 1_000_000  # one text value; longer ones are cut (a blob would have been skipped)
CARD_TEXT_MAX = 5_000_000  # characters of non-blob text; a bigger "card" is not a contact

REASON_EMPTY = "vCard is empty: nothing between BEGIN:VCARD and END:VCARD"
REASON_NOTHING = "vCard has no name, e-mail, phone, organisation or LinkedIn profile"
REASON_TRUNCATED = "vCard is truncated: no END:VCARD and no usable properties"
REASON_GROUP = "vCard is a contact group, not a person"
REASON_TOO_BIG = "vCard is too large: more than 5 MB of text besides photos"
REASON_OUTSIDE = "Text outside any vCard (not between BEGIN:VCARD and END:VCARD); not a contact"

# The vectorised reader for the cards it can vouch for (KITH_VCARD_FAST=0: Python only).
FAST = os.environ.get("KITH_VCARD_FAST", "1") != "0"
# Its ~35 ms of fixed cost (a few dozen polars queries) outweighs what it saves below about
# half a megabyte (bench/bench_vcard_size.py, both generators: 1 card 36 vs 1.5 ms, ~280 KB
# 59-80 vs 41-57 ms, ~550 KB 78-86 vs 75-85 ms, ~1.1 MB 107-142 vs 151-158 ms): a smaller
# text is read by the Python reader, which reads it the same (tests/test_vcard_fast.py). A
# folder of one-card files (a CardDAV sync, a phone's per-contact shares) paid it per file.
FAST_MIN_CHARS = 512 * 1024
_FORMATS = {"2": "vcard_21", "3": "vcard_30", "4": "vcard_40"}
# A QP soft break whose line break was lost: `=` directly before the next `=XX` (a real
# Android note, docs/realworld9.md V1). `==` is no QP escape at all, so the first `=` can only
# be the soft break; decoded as it is, it stayed in the text as a stray `=`.
_LOST_SOFT_BREAK = re.compile(r"=(?==[0-9A-Fa-f]{2})")


def parse_vcard(data: bytes, fallback_encoding: str = "auto") -> base.Parsed:
    """Parse a .vcf file. Every top-level card and every run of text outside the cards ends
    up in contacts or rejects, by source_row (its ordinal among those segments)."""
    text, clean, unicode_transport = to_text(data)
    # Undeclared 8-bit values: one code page for the file, from its bytes (a Japanese phone's
    # Shift-JIS, else cp1252); in a UTF-8 file only QP values without CHARSET need it.
    legacy = legacy_encoding(b"" if clean else data, fallback_encoding)
    decoder = Decoder(clean, unicode_transport, legacy)
    rows = base.ArrowRows(schema.CONTACTS_RAW)
    rejects = base.Rejects()
    fast = None
    if (clean and not unicode_transport and FAST and len(text) >= FAST_MIN_CHARS
            and not glued(text)):
        fast = vcard_fast.read(text)
        segments = _fallback_cards(fast.fallback)
    else:
        segments = enumerate(iter_cards(text))
    del text  # the generator drops it too once it has split it into lines
    with gc_paused():  # millions of small objects, no cycles among them
        index, cards = _read_cards(segments, decoder, rows, rejects)
    contacts = rows.frame()
    if fast is not None:
        index, cards = fast.segments - 1, fast.cards
        contacts = pl.concat([fast.contacts, contacts]).sort("source_row")
    if not cards:
        return base.Parsed()  # no cards at all: the caller rejects the whole file
    encoding = "utf-8" if clean else legacy
    encoding = (sniff_encoding(data)[0] or "utf-16") if unicode_transport else encoding
    fallback = cards - (fast.contacts.height if fast is not None else 0)
    return base.Parsed(rows_total=index + 1, contacts=contacts, rejects=rejects.frame(),
                       encoding=encoding, vcard_cards=(cards - fallback, fallback))


def _fallback_cards(fallback: list) -> Iterator[tuple[int, Card]]:
    """The segments vcard_fast left to this reader, read into Cards."""
    for index, start, stop, is_card, ended, lines in fallback:
        yield index, make_card(lines, start, stop, is_card, ended)


def _read_cards(segments: Iterator[tuple[int, Card]], decoder: Decoder, rows: base.ArrowRows,
                rejects: base.Rejects) -> tuple[int, int]:
    """Every segment into `rows` or `rejects`: (index of the last segment, number of cards)."""
    cache: dict = {}  # head text -> Head, shared by all cards of the file
    index = -1
    cards = 0
    for index, card in segments:
        if card.outside:
            rejects.add(index, REASON_OUTSIDE, card.raw())
            continue
        cards += 1
        try:
            result = _read_card(card, decoder, cache)
        except Exception as exc:  # a bug must cost one card, not the whole file
            result = f"vCard could not be read ({type(exc).__name__})"
        if isinstance(result, str):
            rejects.add(index, result, card.raw())
        else:
            result["source_row"] = index
            rows.append_row(result)
    return index, cards


def _read_card(card: Card, decoder: Decoder, cache: dict) -> dict | str:
    """The card's CONTACTS_RAW values, or the reason it is rejected."""
    lines = card.lines
    if not lines:
        return REASON_EMPTY if card.ended else REASON_TRUNCATED
    if sum(map(len, lines)) > CARD_TEXT_MAX and _text_size(lines, cache) > CARD_TEXT_MAX:
        return REASON_TOO_BIG
    props: list[tuple[Head, str]] = []
    labels: dict[str, str] = {}
    version = ""
    legacy = False
    get = cache.get
    for line in lines:
        # Inlined fast path of parse_line: most heads were seen before in this file.
        i = line.find(":")
        head = get(line[:i]) if i > 0 else None
        if head:  # False marks a cached junk head: let parse_line say so
            value = None
        else:
            parsed = parse_line(line, cache)
            if parsed is None:
                continue
            head, value = parsed
        if head.legacy:
            legacy = True
        name = head.name
        if name not in WANTED:
            continue  # never sliced, never decoded
        if value is None:
            value = line[i + 1 :]
        if name == "VERSION":
            version = version or value.strip()
        elif name == "X-ABLABEL":
            if head.group:  # Google writes labels after the properties they label
                labels[head.group] = _apple_label(decoder.text(value, head))
        else:
            props.append((head, value))
    fmt = _FORMATS.get(version[:1]) or ("vcard_21" if legacy else "vcard_30")
    fields = _Fields(fmt == "vcard_21", labels)
    for head, value in props:
        if head.blob:
            continue  # base64 where text was expected: skip without decoding
        if head.qp and "==" in value:
            value = _LOST_SOFT_BREAK.sub("", value)
        if head.qp or not value.isascii():
            value = decoder.text(value[:VALUE_MAX], head)
        fields.add(head, value[:VALUE_MAX])
    if fields.group:
        return REASON_GROUP
    row = fields.row()
    if row is None:
        return REASON_NOTHING if card.ended else REASON_TRUNCATED
    row["source_format"] = fmt
    return row


def _text_size(lines: list[str], cache: dict) -> int:
    """Characters of non-blob lines (only computed for suspiciously big cards)."""
    size = 0
    for line in lines:
        parsed = parse_line(line, cache)
        if parsed is not None and not (parsed[0].blob or parsed[1][:5].lower() == "data:"):
            size += len(line)
    return size


def _apple_label(value: str) -> str:
    """'_$!<HomePage>!$_' -> 'homepage'; free-text labels lower-cased."""
    label = unescape(value, False).strip()
    if label.startswith("_$!<") and label.endswith(">!$_"):
        label = label[4:-4]
    return label.lower()


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


class _Fields:
    """Collects one card's values in file order, then builds the CONTACTS_RAW row."""

    __slots__ = (
        "v21", "item_labels", "fn", "n", "nicknames", "android_nickname", "org", "title", "role",
        "emails", "phones", "urls", "linkedin", "labels", "birthday", "adr", "notes", "group",
        "show_company", "kind", "street_only",
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
            tel = _clean_tel(_un(text, v21))
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
                units = [_un(u, v21) for u in split_unescaped(text, ";")]
                if any(units):
                    self.org = units
        elif name == "TITLE":
            if self.title is None:
                self.title = _un(text, v21) or None
        elif name == "ROLE":
            if self.role is None:
                self.role = _un(text, v21) or None
        elif name == "URL" or name == "X-SOCIALPROFILE":
            self._url(head, _un(text, v21))
        elif name == "CATEGORIES":
            self._categories(text)
        elif name == "BDAY":
            if self.birthday is None:
                self.birthday = _un(text, v21) or None
        elif name == "ADR":
            if self.adr is None:
                parts = [_un(p, v21) for p in split_unescaped(text, ";")] + [""] * 7
                street = street_line(parts)
                if parts[3] or parts[4] or parts[6]:  # first address that says where
                    self.adr = (parts[3] or None, parts[4] or None, parts[6] or None,
                                street or None, parts[5] or None)
                elif self.street_only is None and street.strip():
                    self.street_only = (None, None, None, street, parts[5] or None)
        elif name == "NOTE":
            note = _un(text, v21)
            if note:
                self.notes.append(note)
        elif name == "NICKNAME":
            nick = _un(text, v21)
            if nick:
                self.nicknames.append(nick)
        elif (name == "KIND" or name == "X-ADDRESSBOOKSERVER-KIND") and self.kind is None:
            # A card listing several KINDs (a library's test card: INDIVIDUAL, then GROUP,
            # ORG, ...) is what its first one says; a group without it is still a group.
            self.kind = text.strip().lower()
            self.group = self.kind == "group"
        elif name == "X-ABSHOWAS":
            self.show_company = text.strip().upper() == "COMPANY"
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
        return parts

    def row(self) -> dict | None:
        family, given, middle, prefix, suffix = self._n_parts()
        nickname = ", ".join(self.nicknames) if self.nicknames else self.android_nickname
        org = self.org or []
        organization = (org[0] or None) if org else None
        named = self.fn or nickname or organization or any(self.n or ())
        # A LinkedIn profile identifies a person as well as an address does.
        if not (named or self.emails or self.phones or self.linkedin):
            return None
        city, region, country, street, postcode = self.adr or self.street_only or (None,) * 5
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


__all__ = ["parse_vcard", "looks_like_vcard"]

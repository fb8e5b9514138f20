"""vCard (.vcf) reader: cards -> stage-1 contact rows and rejects.

Finding the cards lives in vcard_cards, tokenizing (encodings, folding, quoted-printable,
parameters) in vcard_tokens, what each property means in vcard_props; this module reads each
card's properties and rejects what is no contact. Only the properties that feed CONTACTS_RAW
are decoded at all, so photos, keys and other blobs are skipped unread and can never reject
a card.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import polars as pl

from pipeline import schema
from pipeline.charsets import legacy_encoding
from pipeline.errors import is_internal
from pipeline.formats import base, charrefs, vcard_fast
from pipeline.formats.vcard_cards import Card, glued, iter_cards, looks_like_vcard, make_card
from pipeline.formats.vcard_fields import WANTED
from pipeline.formats.vcard_props import Fields
from pipeline.formats.vcard_tokens import (
    Decoder,
    Head,
    base64_text,
    parse_line,
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
        except BaseException as exc:  # a bug must cost one card, not the whole file
            if not is_internal(exc):  # a library's panic counts too
                raise
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
    fields = Fields(fmt == "vcard_21", labels)
    for head, value in props:
        if head.blob:
            # a photo is never decoded; a text property in base64 only when it is text
            if not head.text64 or (text := base64_text(value, head.charset)) is None:
                continue
            fields.add(head, charrefs.vcard_value(text[:VALUE_MAX]))
            continue
        if head.qp and "==" in value:
            value = _LOST_SOFT_BREAK.sub("", value)
        if head.qp or not value.isascii():
            value = decoder.text(value[:VALUE_MAX], head)
        fields.add(head, charrefs.vcard_value(value[:VALUE_MAX]))
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


__all__ = ["parse_vcard", "looks_like_vcard"]

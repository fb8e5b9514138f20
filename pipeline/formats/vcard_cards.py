"""vCard structure: where each card starts and ends, and what lies outside every card.

Two passes over the physical lines. The first (`_segments`) finds the cards from the BEGIN and
END lines alone, tolerant of what broken files hold: text before the first card or between
cards (a stray `ENCODING:UTF-8` line, a pasted photo) becomes an "outside" segment that the
reader rejects with its line; a BEGIN inside an open card that is not an AGENT's embedded card
closes the open card (truncated) and starts the next, so a cut-off card never swallows the cards
after it; a run of property lines ended by END:VCARD without any BEGIN is a card that lost its
BEGIN line. Marker lines are recognised through the damage seen in real files: `--BEGIN:VCARD`
(a pasted diff or mail quote), `item1.BEGIN:VCARD` (an Apple group prefix), a leading space.
The second pass (`_card_lines`) joins quoted-printable soft breaks and unfolds one card's lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.formats.vcard_tokens import QP, to_text

BEGIN = "BEGIN:VCARD"
END = "END:VCARD"
# What may precede a damaged marker: non-letters ("--", "> ", a BOM) and an `item1.` group.
_MARKER = re.compile(r"^[^A-Za-z]{0,8}(?:[A-Za-z0-9-]{1,20}\.)?(BEGIN|END):VCARD\s*$", re.I)
_AGENT = re.compile(r"^(?:[\w-]+\.)?AGENT(?:;[^:]*)?:\s*$", re.I)
# An AGENT whose embedded card begins on its own line, unfolded ("AGENT:BEGIN:VCARD", then
# the agent's VERSION, FN, TEL and END:VCARD as lines of their own: vCard.Net's test cards,
# docs/realworld23.md). Not a marker, so its END:VCARD closed the outer card: the agent's
# number became the contact's and the outer END:VCARD a reject "outside any vCard".
_AGENT_BEGIN = re.compile(r"^(?:[\w-]+\.)?AGENT(?:;[^:]*)?:\s*BEGIN:VCARD\s*$", re.I)
_ANY_PROPERTY = re.compile(r"^(?:[\w-]+\.)?[A-Za-z][\w-]*(?:;[^:]*)?:")
_PROPERTY = re.compile(r"^(?:[\w-]+\.)?(VERSION|FN|N|EMAIL|TEL|ORG)[;:]", re.I)
# A line that opens a new property after a QP value ending in "=": a Nokia/Sony-style 2.1
# export ends its QP `FN` with a soft break and goes straight on to `TEL;CELL:…`
# (docs/realworld11.md, V1); joined, the number became part of the name. Only the names
# exporters write, in capitals, followed by ";" or ":": QP text wraps mid-word, and prose
# that happens to break before "Tel:" is not written in capitals.
_NEXT_PROPERTY = re.compile(
    r"(?:[A-Za-z0-9-]+\.)?(?:ADR|BDAY|CATEGORIES|EMAIL|FN|LABEL|N|NICKNAME|NOTE|ORG|PHOTO|"
    r"REV|ROLE|TEL|TITLE|UID|URL|X-[A-Z0-9-]+)[;:]")
_GLUED = re.compile(r"(END:VCARD)(?=[ \t]*BEGIN:VCARD)", re.I)
# What every _GLUED match holds from its colon on: a search that starts at the colons only,
# ~10x faster over a whole file than _GLUED's (which tries every position).
_GLUED_HINT = re.compile(r":(?i:VCARD[ \t]*BEGIN:VCARD)")
MAX_PROSE = 2  # lines of words tolerated before the first BEGIN:VCARD of a vCard file
# Bytes that are no text (undecodable bytes, which to_text keeps as surrogate escapes, and C0
# controls): a line holding them is binary noise, not prose. An Android export whose disk
# blocks were overwritten (docs/realworld9.md, V3) opens with 10 KB of them before its first
# card; counted as prose, they hid 61 readable cards behind "Binary data".
_BINARY_NOISE = re.compile("[\udc80-\udcff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lines that are not content anywhere: blank, comments, DOS end-of-file, stray NULs.
_IGNORABLE = " \t\x1a\x00\ufeff"


class Card:
    """One segment of the file: a top-level card (its logical lines without BEGIN/END and
    nested cards) or, with `outside` set, text that belongs to no card."""

    __slots__ = ("start", "stop", "lines", "ended", "physical", "outside")

    def __init__(self, start: int, physical: list[str], outside: bool = False) -> None:
        self.start = start  # index of the card's first line (BEGIN, when it has one)
        self.stop = start + 1
        self.lines: list[str] = []
        self.ended = False
        self.physical = physical
        self.outside = outside

    def raw(self, limit: int = 200) -> str:
        """The segment's raw text (first `limit` characters), for reject excerpts."""
        lines = self.physical[self.start : min(self.stop, self.start + limit + 1)]
        text = "\n".join(ln[:limit] for ln in lines)
        if self.outside:
            text = f"line {self.start + 1}: {text}"
        # Lone surrogates stand for undecodable bytes: show them as U+FFFD, never store them.
        return text[:limit].encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def marker(line: str) -> str | None:
    """'BEGIN' or 'END' when the line is a card boundary (also damaged ones), else None."""
    if len(line) > 48:
        return None
    upper = line.upper()
    if upper == BEGIN or upper == END:  # the common case, decided without the regex
        return upper[:-6]
    if "VCARD" not in upper:
        return None
    m = _MARKER.match(line)
    return m.group(1).upper() if m else None


def _ignorable(line: str) -> bool:
    return not line.strip(_IGNORABLE) or line.lstrip()[:1] == "#"


def looks_like_vcard(head: bytes) -> bool:
    """Content sniff on the first bytes (~64 KB): a BEGIN:VCARD line after a BOM, blank lines
    or a little junk (a stray property, a pasted photo), or a card that lost its BEGIN
    (properties, then END:VCARD). An END:VCARD with no property before it is the tail of a
    card cut off by noise, so the search goes on. A document with an example card in its prose
    is not one."""
    text = to_text(head[:65536])[0]
    if "VCARD" not in text.upper():
        return False
    has_property = False
    prose = 0  # lines of words before the first card
    for line in text.split("\n"):
        kind = marker(line)
        if kind == "BEGIN":
            return True
        if kind == "END" and has_property:
            return True
        if _PROPERTY.match(line.lstrip()):
            has_property = True
        elif (len(line.split()) > 1 and not _ANY_PROPERTY.match(line.lstrip())
              and not _BINARY_NOISE.search(line)):
            prose += 1
            if prose > MAX_PROSE:
                return False
    return False


def has_vcard_lines(text: str) -> bool:
    """Text that holds vCard property lines and mentions VCARD: a vCard too damaged to read,
    not a document that talks about vCards."""
    head = text[:65536]
    if "VCARD" not in head.upper():
        return False
    lines = [ln for ln in head.split("\n")[:500] if ln.strip()]
    properties = sum(bool(_PROPERTY.match(ln.lstrip())) for ln in lines)
    return properties >= 2 and properties * 3 >= len(lines)


def _segments(physical: list[str]) -> Iterator[tuple[int, int, bool, bool]]:
    """(start, stop, is_card, ended) for every segment, in file order; ignorable lines between
    cards belong to none.

    Only the lines that may be markers (holding "ARD" or "ard") are walked one by one. The
    lines between them are never markers: they matter only as the first line of a run outside
    the cards and as a card's last non-blank line (an AGENT's before an embedded card), both
    looked up in the gap when the next walked line comes."""
    n = len(physical)
    open_at: int | None = None  # start of the open card
    loose_at: int | None = None  # start of a run of lines outside any card
    depth = 0  # nesting inside the open card (AGENT values)
    previous = ""  # last non-blank line of the open card
    gap = 0  # first line after the last walked one
    for i in [i for i, ln in enumerate(physical) if "ARD" in ln or "ard" in ln]:
        ln = physical[i]
        if gap < i:
            if open_at is not None:
                previous = _last_content(physical, gap, i) or previous
            elif loose_at is None:
                loose_at = _first_content(physical, gap, i)
        gap = i + 1
        kind = "END" if ln == END else "BEGIN" if ln == BEGIN else marker(ln)
        if open_at is not None and ln[:1] in (" ", "\t"):
            kind = None  # inside a card an indented line continues the one before it
        if open_at is None:
            if kind == "BEGIN":
                if loose_at is not None:
                    yield loose_at, i, False, False
                    loose_at = None
                open_at, depth, previous = i, 0, ""
            elif kind == "END":  # properties without their BEGIN line, or a lone END
                start = i if loose_at is None else loose_at
                yield start, i + 1, loose_at is not None, True
                loose_at = None
            elif loose_at is None and not _ignorable(ln):
                loose_at = i
            continue
        if kind is None and _agent_opens(physical, i, n):
            kind, previous = "BEGIN", "AGENT:"  # the embedded card starts on this line
        if kind == "BEGIN":
            if _AGENT.match(previous):
                depth += 1  # an embedded card, skipped whole by _card_lines
                previous = ""
                continue
            yield open_at, i, True, False  # no END before the next card: truncated
            open_at, depth, previous = i, 0, ""
        elif kind == "END":
            if depth:
                depth -= 1
            else:
                yield open_at, i + 1, True, True
                open_at = None
        elif ln.strip():
            previous = ln
    if open_at is not None:
        yield open_at, n, True, False
    else:
        if loose_at is None:
            loose_at = _first_content(physical, gap, n)
        if loose_at is not None:
            yield loose_at, n, False, False


def _agent_opens(physical: list[str], i: int, stop: int) -> bool:
    """Line i is "AGENT:BEGIN:VCARD" with the embedded card's lines unfolded after it (up to
    `stop`). Folded (the next line indented), the card is the AGENT value itself."""
    if not _AGENT_BEGIN.match(physical[i]):
        return False
    nxt = physical[i + 1][:1] if i + 1 < stop else ""
    return nxt != " " and nxt != "\t"


def _first_content(physical: list[str], start: int, stop: int) -> int | None:
    """Index of the first line in start..stop-1 that is not ignorable, or None."""
    for j in range(start, stop):
        if not _ignorable(physical[j]):
            return j
    return None


def _last_content(physical: list[str], start: int, stop: int) -> str | None:
    """The last non-blank line in start..stop-1, or None."""
    for j in range(stop - 1, start - 1, -1):
        if physical[j].strip():
            return physical[j]
    return None


def iter_cards(text: str) -> Iterator[Card]:
    """Yield every segment of `text` in file order, each once complete (a generator, so a
    card can be dropped as soon as it is read: a 300k-card file never holds all at once)."""
    if glued(text):  # files concatenated without a final newline ("cat a.vcf b.vcf")
        text = _GLUED.sub("\\1\n", text)
    physical = text.split("\n")  # not splitlines(): it also splits on \x0b, \x1c, U+2028 ...
    del text
    for start, stop, is_card, ended in _segments(physical):
        yield make_card(physical, start, stop, is_card, ended)


def glued(text: str) -> bool:
    """Cards concatenated without a newline between them, which iter_cards first separates."""
    return bool(_GLUED_HINT.search(text) and _GLUED.search(text))


def make_card(physical: list[str], start: int, stop: int, is_card: bool, ended: bool) -> Card:
    """One segment found by _segments, its logical lines read."""
    card = Card(start, physical, outside=not is_card)
    card.stop, card.ended = stop, ended
    if is_card:
        has_begin = marker(physical[start]) == "BEGIN"
        body_stop = stop - 1 if ended else stop
        card.lines = _card_lines(physical, start + 1 if has_begin else start, body_stop)
    return card


def _qp_head(line: str) -> bool:
    i = line.find(":")
    return QP in (line if i < 0 else line[:i]).upper()


def _card_lines(physical: list[str], start: int, stop: int) -> list[str]:
    """Logical lines of one card body: QP soft-break joining (a QP value ending in '='
    continues on the next line, indented or not, even if it starts with '#'), unfolding (a
    line starting with space/tab continues the previous one), junk skipping (blank and '#'
    lines) and embedded cards skipped whole."""
    body = physical[start:stop]
    if _plain(body):
        return body  # every line is a logical line as it stands
    return _joined_lines(physical, start, stop)


def _plain(body: list[str]) -> bool:
    """No line of `body` is blank, a comment, folded, a QP soft break or a possible marker:
    the common card, told by a few substring scans instead of a loop over its lines."""
    if not body or not body[0] or not body[-1] or body[0][0] in " \t#":
        return False
    text = "\n".join(body)
    return not ("\n " in text or "\n\t" in text or "\n\n" in text or "\n#" in text
                or "=\n" in text or "ARD" in text or "ard" in text)


def _joined_lines(physical: list[str], start: int, stop: int) -> list[str]:
    """_card_lines, line by line."""
    out: list[str] = []
    depth = 0
    pend: str | None = None  # the logical line being built
    more: list[str] | None = None  # its pieces, once a continuation arrived (avoids O(n^2))
    keep_ws = False  # vCard 2.1 folds at whitespace and keeps it on unfolding (vcard-21 2.1.3)
    for i in range(start, stop):
        ln = physical[i]
        c = ln[:1]
        kind = None
        if c != " " and c != "\t" and ("ARD" in ln or "ard" in ln):
            kind = marker(ln)
            if kind is None and _agent_opens(physical, i, stop):
                kind = "BEGIN"  # the AGENT property is its embedded card, skipped whole
        if depth:
            depth += 1 if kind == "BEGIN" else -1 if kind == "END" else 0
            continue
        if pend is not None and kind is None:
            last = more[-1] if more else pend
            if last[-1:] == "=" and _qp_head(pend):  # pend, the first piece, holds the head
                # QP soft break: drop the '=' and join the next line verbatim, unless that
                # line is the next property (then the break only ends the value).
                if not _NEXT_PROPERTY.match(ln):
                    if more is None:
                        more = [pend[:-1]]
                    else:
                        more[-1] = last[:-1]
                    more.append(ln)
                    continue
                if more is None:
                    pend = pend[:-1]
                else:
                    more[-1] = last[:-1]
        if c == " " or c == "\t":
            if pend is not None:
                if more is None:
                    more = [pend]
                more.append(ln if keep_ws else ln[1:])
            continue
        if pend is not None:
            out.append(pend if more is None else "".join(more))
            pend = more = None
        if kind == "BEGIN":
            depth = 1
            continue
        if not ln or c == "#" or kind == "END":
            continue
        if (c == "V" or c == "v") and ln[:11].upper() == "VERSION:2.1":
            keep_ws = True
        pend = ln
    if pend is not None:
        out.append(pend if more is None else "".join(more))
    return out

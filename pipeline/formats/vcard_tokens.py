"""vCard tokenizer: bytes -> cards -> properties, tolerant of what real exporters write.

The whole file is decoded once as UTF-8 with ``surrogateescape``: undecodable bytes survive as
lone surrogates, so the text can be split with fast ``str`` methods and each property value can
still be turned back into its exact original bytes when its own CHARSET (vCard 2.1) says so.
See docs/formats.md section 4.2-4.3 for the quirks handled here and where they come from.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.charsets import utf16_without_bom

QP = "QUOTED-PRINTABLE"
BLOBS = frozenset({"PHOTO", "LOGO", "KEY", "SOUND"})  # never decoded: the ETL needs no images
# Bare 2.1 parameters that mean ENCODING=...; every other bare token is a TYPE (vcard-21 2.1.2).
_ENCODING_TOKENS = frozenset({QP, "BASE64", "B", "7BIT", "8BIT"})
_NO_PARAMS: dict[str, list[str]] = {}  # shared by all parameterless lines; never mutated
_CACHE_MAX = 20_000  # heads repeat across cards; random input must not grow the cache forever
# A TEL typed FAX or PAGER (and not VOICE or CELL too) is no number to call the person on: the
# CSV and Google readers leave fax and pager columns unread; read here, a WebDAV Collaborator
# card's office fax (`TEL;TYPE=PREF,WORK,FAX`) was one of the person's phones, a number
# colleagues' cards share (docs/realworld25.md). Roundcube and Kolab write their own phone
# kinds as the TYPE (`TEL;TYPE=workfax:…`, `homefax`; docs/realworld39.md A05): faxes too.
_NOT_CALLED = frozenset({"FAX", "PAGER", "WORKFAX", "HOMEFAX", "OTHERFAX"})
_CALLED = frozenset({"VOICE", "CELL"})
# Apple writes a fax or pager number as an item TEL whose X-ABLabel says so, with no TYPE=FAX
# (`item3.TEL:…` + `item3.X-ABLabel:_$!<WorkFAX>!$_`; iOS and macOS Contacts' built-in labels
# HomeFAX, WorkFAX, OtherFAX and Pager, as _apple_label lower-cases them): not a phone either
# (docs/realworld26.md). A user's own label "Fax" means the same, and so do iCloud's web address
# book's plain labels (`item4.X-ABLABEL:work fax`, docs/realworld27.md I1).
# Nicknames kept outside NICKNAME, read when a card has none there (as Android 2.1's
# X-ANDROID-CUSTOM nickname row is): Maemo/MeeGo Nokias write X-NICKNAME, Symbian's contacts
# X-EPOCSECONDNAME (its "Nickname" field); Qt's vCard mapping (QtVersit) reads both as the
# nickname (docs/realworld28.md S1).
OTHER_NICKNAMES = ("X-NICKNAME", "X-EPOCSECONDNAME")
FAX_LABELS = frozenset({"homefax", "workfax", "otherfax", "fax", "pager",
                        "home fax", "work fax", "other fax"})


def to_text(data: bytes) -> tuple[str, bool, bool]:
    """Bytes -> (text with '\\n' line ends, clean_utf8, unicode_transport).

    clean_utf8: no escaped bytes, so only values with a CHARSET need re-decoding.
    unicode_transport: UTF-16/32 file, whose code units define every character: CHARSET is moot.
    """
    unicode_transport = True
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        text = data.decode("utf-32", "replace")
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", "replace")
    else:
        bom_less = utf16_without_bom(data[:4096])
        if bom_less:
            text = data[: len(data) & ~1].decode(bom_less, "replace")
        else:
            unicode_transport = False
            if data[:3] == b"\xef\xbb\xbf":
                data = data[3:]
            try:
                text = data.decode("utf-8")
                clean = True
            except UnicodeDecodeError:
                text = data.decode("utf-8", "surrogateescape")
                clean = False
    if unicode_transport:
        clean = True
        text = text.lstrip("\ufeff")
    # iOS 5/6 write CR CR LF; old Macs CR; Windows CRLF. Normalise before unfolding.
    if "\r" in text:
        text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    return text, clean, unicode_transport


class Head:
    """The part of a property line before the value: group, NAME, parameters, and flags
    derived from them once (heads repeat across cards and are cached)."""

    __slots__ = ("group", "name", "params", "legacy", "qp", "charset", "blob", "text64", "fax")

    def __init__(self, group: str | None, name: str, params: dict, legacy: bool) -> None:
        self.group = group  # lower case (Apple/Google 'item1', 'ITEM1')
        self.name = name  # upper case
        self.params: dict[str, list[str]] = params  # KEY -> values; shared, do not mutate
        self.legacy = legacy  # bare params or QP: the card is probably vCard 2.1
        encoding = params.get("ENCODING", ())
        self.qp = QP in encoding
        self.blob = name in BLOBS or "B" in encoding or "BASE64" in encoding
        # a text property written in base64 (`FN;ENCODING=b:QW5uIExlZQ==`): read only when its
        # bytes are text (base64_text), else skipped with the blobs
        self.text64 = self.blob and name not in BLOBS
        charset = params.get("CHARSET")
        self.charset = charset[0] if charset else None
        types = {t.upper() for t in params.get("TYPE", ())} if name == "TEL" else set()
        self.fax = bool(types & _NOT_CALLED) and not types & _CALLED  # see _NOT_CALLED


def parse_line(line: str, cache: dict) -> tuple[Head, str] | None:
    """Split `[group.]name;params:value` at the first ':' outside double quotes.

    Returns None for junk: no colon, an empty name, a name with space or slash.
    """
    i = line.find(":")
    if i <= 0:
        return None
    head_text = line[:i]
    if '"' in head_text:  # e.g. TEL;TYPE="COMMA,SEPARATED:INSIDE.DQUOTE",PREF:1
        i = _colon_outside_quotes(line)
        head_text = line[:i]
    head = cache.get(head_text)
    if head is None:
        head = _parse_head(head_text)
        # Heads with quotes are not cached: callers look heads up by the text before the
        # first colon, which for them may not be the real head.
        if len(cache) < _CACHE_MAX and '"' not in head_text:
            cache[head_text] = head
    if head is False:
        return None
    return head, line[i + 1 :]


def _colon_outside_quotes(line: str) -> int:
    quoted = False
    for j, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return j
    return line.find(":")  # unbalanced quote: fall back to the first colon


def _split_head(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")
    # Split on ';' outside quotes: mark those, then split on the marker.
    quoted, chars = False, list(head)
    for j, ch in enumerate(chars):
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            chars[j] = "\0"
    return "".join(chars).split("\0")


def _parse_head(head: str) -> Head | bool:
    parts = _split_head(head)
    name = parts[0].strip()
    group = None
    if "." in name:
        group, _, name = name.rpartition(".")
        group = group.lower()
    if not name or " " in name or "/" in name or "\t" in name:
        return False
    params, legacy = parse_params(parts[1:]) if len(parts) > 1 else (_NO_PARAMS, False)
    return Head(group, name.upper(), params, legacy)


def parse_params(parts: list[str]) -> tuple[dict[str, list[str]], bool]:
    """Parameters in all the syntaxes of section 4.8: bare 2.1 tokens, TYPE=a,b, repeated TYPE=,
    TYPE="a,b", TYPE=a,TYPE=b; keys upper case; RFC 6868 ^-escapes decoded."""
    params: dict[str, list[str]] = {}
    legacy = False
    for raw in parts:
        p = raw.strip()
        if not p:
            continue  # Outlook's empty parameter: ADR;HOME;PREF;:
        key, eq, val = p.partition("=")
        if not eq:
            legacy = True
            token = key.upper()
            params.setdefault("ENCODING" if token in _ENCODING_TOKENS else "TYPE", []).append(token)
            continue
        key = key.strip().upper()
        val = val.strip()
        if not val.isascii():
            # an undecodable byte in a parameter (x-user=, LABEL=) is a lone surrogate here:
            # shown as U+FFFD like one in a value, never stored (Arrow refuses it)
            val = val.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if "^" in val:  # RFC 6868: ^n newline, ^' double quote, ^^ caret
            val = re.sub(r"\^([n'^])", lambda m: _RFC6868[m.group(1)], val)
        if key == "TYPE":
            values = params.setdefault("TYPE", [])
            for v in val.replace('"', "").split(","):
                v = v.strip()
                if v[:5].upper() == "TYPE=":
                    v = v[5:].strip()
                if v:
                    values.append(v)
            continue
        if len(val) > 1 and val[0] == '"' and val[-1] == '"':
            val = val[1:-1]
        if key == "ENCODING":
            val = val.upper()
            legacy = legacy or val == QP
        params.setdefault(key, []).append(val)
    return params, legacy


_RFC6868 = {"n": "\n", "'": '"', "^": "^"}


@lru_cache(maxsize=256)
def codec_name(name: str) -> str | None:
    """Python codec for a declared charset, or None (CHARSET=Murks, 'hex', NULs ...)."""
    try:
        info = codecs.lookup(name.strip())
    except Exception:  # LookupError, but also ValueError/TypeError on odd names: never raise
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # bytes-to-bytes codecs like hex/base64 would return bytes
    return info.name


def decode_bytes(raw: bytes, charset: str | None, fallback: str) -> str:
    """Declared charset, else strict UTF-8, else the legacy fallback (cp1252 by default)."""
    if charset:
        codec = codec_name(charset)
        if codec and _legacy(codec) and not raw.isascii():
            # A phone's exporter that declares ISO-8859-1 over the UTF-8 it wrote: every byte
            # is some Latin-1 character, so the declared decode never fails and gave 'ZoÃ«'.
            # Latin-1 or cp1252 text that is also valid UTF-8 needs pairs such as 'Ã«' in a
            # name: valid UTF-8 with non-ASCII bytes is read as UTF-8. The same for multi-byte
            # code pages: HarmonyOS's test card declares CHARSET=SHIFT_JIS over UTF-8 text, and
            # Shift_JIS reads many UTF-8 kana and kanji without error, as mojibake ('佐藤' as
            # '菴占陸'; docs/realworld26.md); real Shift_JIS, GBK or Big5 text is almost never
            # valid UTF-8 (its lead bytes are UTF-8 continuation bytes or need other trails).
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
        if codec:
            text = _try_decode(raw, codec, "strict")
            if text is not None:
                return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _try_decode(raw, codec_name(fallback) or "cp1252", "replace")
    return raw.decode("utf-8", "replace") if text is None else text


def _legacy(codec: str) -> bool:
    """Whether a codec is a legacy code page (Latin-1, cp1252, KOI8-R, Shift_JIS, GBK, Big5):
    not a Unicode one (UTF-8 is what it is tested against; UTF-16 text of ASCII letters is
    valid UTF-8 too) and no Python escape codec, which is no charset."""
    return not ("escape" in codec or codec.startswith("utf"))


def _try_decode(raw: bytes, codec: str, errors: str) -> str | None:
    try:
        text = raw.decode(codec, errors)
        # utf-7 and the *_escape codecs can yield lone surrogates, which no later stage (nor
        # Arrow) can store: treat that as a failed decode.
        text.encode("utf-8")
        return text
    except Exception:  # some codecs (punycode, idna) raise more than UnicodeError
        return None


# Control characters (line breaks and tabs aside), surrogates, private-use and unassigned code
# points: bytes that decode to them are no one's name or note.
_UNPRINTABLE = frozenset({"Cc", "Cs", "Co", "Cn"})


def base64_text(value: str, charset: str | None) -> str | None:
    """A text property's base64 value as text, or None: the bytes must be valid text in the
    declared CHARSET (UTF-8 when none) and printable (line breaks and tabs aside). Anything
    else (a photo in a FN, bytes of no charset, control characters) stays unread, as any
    base64 value was before."""
    if not value.isascii():
        return None
    if ";" in value:
        # a structured value (ADR, N) encoded one component at a time, `;;w4TDpMOkaGhtbQ==;;;;`
        # (Tutanota's importer tests, docs/rw40.md A21): ';' is no base64 letter, so the whole
        # value never decoded and the street was lost. Each component must be text.
        parts = [base64_text(p, charset) if p.strip() else "" for p in value.split(";")]
        return None if any(p is None for p in parts) else ";".join(
            p.replace("\\", "\\\\").replace(";", "\\;") for p in parts)
    packed = "".join(value.split())
    try:
        raw = base64.b64decode(packed + "=" * (-len(packed) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    codec = codec_name(charset) if charset else "utf-8"
    text = _try_decode(raw, codec, "strict") if codec else None
    if not text:
        return None
    text = text.replace("\r\n", "\n")
    if any(unicodedata.category(ch) in _UNPRINTABLE for ch in text if ch not in "\n\t"):
        return None
    return text


@dataclass(frozen=True, slots=True)
class Decoder:
    """Turns a raw value into text: QP first, then the property's charset."""

    clean: bool  # the file decoded as strict UTF-8
    unicode_transport: bool  # the file was UTF-16/32: CHARSET params are moot
    fallback: str  # legacy code page for undeclared 8-bit text

    def text(self, value: str, head: Head) -> str:
        cs = head.charset
        if head.qp:
            raw = binascii.a2b_qp(value.encode("utf-8", "surrogateescape"))
            text = decode_bytes(raw, cs, self.fallback)
            return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        if value.isascii():
            return value
        if self.unicode_transport or (self.clean and (cs is None or codec_name(cs) == "utf-8")):
            return value
        return decode_bytes(value.encode("utf-8", "surrogateescape"), cs, self.fallback)


_ESC = re.compile(r"\\(.)", re.S)
_ESC21 = re.compile(r"\\([;,])")
_SPLIT_SEMI = re.compile(r"(?<!\\);")
_SPLIT_COMMA = re.compile(r"(?<!\\),")


def _esc(m: re.Match) -> str:
    c = m.group(1)
    return "\n" if c == "n" or c == "N" else c


def unescape(s: str, v21: bool) -> str:
    """3.0/4.0: \\n \\N -> newline, any other \\X -> X (covers the non-standard \\: \\" \\').
    2.1: only \\; and \\, are escapes; a backslash is otherwise literal (Android v21_backslash)."""
    if "\\" not in s:
        return s
    if v21:
        return _ESC21.sub(r"\1", s)
    return _ESC.sub(_esc, s)


def split_unescaped(s: str, sep: str) -> list[str]:
    """Split on `sep` not preceded by an escaping backslash; pieces stay escaped."""
    if "\\" not in s:
        return s.split(sep)
    if "\\\\" not in s:  # no escaped backslash: a backslash before `sep` always escapes it
        return (_SPLIT_SEMI if sep == ";" else _SPLIT_COMMA).split(s)
    parts: list[str] = []
    start = i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == sep:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return parts

"""Drafted messages from templates (configs/drafts.toml): a subject and body per plan
section with the person's name, the last contact and what they need; `mailto` turns one into
a link that opens the user's mail program with the draft. The built-in templates are
pipeline/data/drafts.toml (the same as configs/drafts.toml; `kith init` copies it into a new
home); the user's own copy (drafts.toml beside the targets file, or --drafts FILE) wins."""

from __future__ import annotations

import functools
import re
import string
import tomllib
import unicodedata
import urllib.parse
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import polars as pl

from pipeline import schema

FIELDS = {"first_name", "name", "last_contact", "need", "need_line", "action", "my_name",
          "other_name", "about"}
# An introduction's two asks (double opt-in: the helper first, then the one who needs help);
# kith's own when the user's drafts.toml predates them (kith introductions --messages)
INTRO_SECTIONS = ("intro_helper", "intro_seeker")


class DraftError(Exception):
    """The drafts file is unreadable or uses an unknown placeholder (exit code 2)."""


def builtin_path() -> Path:
    return Path(str(resources.files("pipeline").joinpath("data", "drafts.toml")))


def load(path: Path | None) -> dict[str, dict[str, str]]:
    """section -> {subject, body}; `path` None or missing: the built-in templates."""
    if path is None or not Path(path).exists():
        path = builtin_path()
    try:
        raw = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DraftError(f"{path} could not be read as TOML ({type(exc).__name__}).") from exc
    out = {}
    for section, table in raw.items():
        if not isinstance(table, dict) or set(table) - {"subject", "body"} or not all(
                isinstance(v, str) for v in table.values()):
            raise DraftError(f"{path}: [{section}] takes a subject and a body (strings).")
        for text in table.values():
            names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            if names - FIELDS:
                raise DraftError(f"{path}: [{section}] uses unknown placeholder(s) "
                                 f"{', '.join(sorted(names - FIELDS))}; known: "
                                 f"{', '.join(sorted(FIELDS))}.")
        out[section] = {"subject": table.get("subject", ""), "body": table.get("body", "")}
    if "default" not in out:
        raise DraftError(f"{path}: a [default] template is required.")
    return out


# East Asian names are addressed whole: the given name alone is for family and close friends
_WHOLE_NAME_SCRIPTS = ("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA",
                       "HANGUL")
_WORD_START = re.compile(r"(^|[\s\-'’&])(\w)")


# A given-name cell that holds only a title or initials ("Dr.", "Mrs", "J.", "J. R."): no name
# to greet by alone ("Hi Dr.," was drafted), so the whole name is used ("Hi Dr. Smith,").
_TITLE_OR_INITIALS = re.compile(
    r"(?i)(?:(?:dr|prof|mr|mrs|ms|miss|mx|sir|dame|herr|frau|mme|mlle|sr|sra|srta|dott)\.?"
    r"|(?:[^\W\d_](?:\.[\s\-]*|[\s\-]+|$))+)")


# A sort name typed into a phone's given-name field ("Jähn, Evelyne", N:;Jähn\, Evelyne;;;):
# family, comma and blank, then the given name, as dedupe's features read it (docs/gen3.md).
# A comma with no blank after it is left ("JUAN,PEREZ" lists given first: realworld11's V4).
_SORT_NAME = re.compile(r"[^,]+,\s+([^,]+)")

# A nickname greets only as one word of letters ("Bill", "Jean-Luc"); people.nickname is so.
_ONE_NAME = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def greeting_name(given: str | None, name: str | None = None,
                  nickname: str | None = None) -> str:
    """What follows "Hi": the name your own address book calls them by (people.nickname,
    "Bill" for William), else the person's given name (a household's "Ann & Bob"), in one
    case only ("JOHN", "mary ann") written with capitals as a name is; a name in Han, kana or
    Hangul script whole as written; the whole name when the given name is only a title or
    initials ("Dr. Smith", "J. Doe"); the given name of a sort name typed as the given name
    ("Jähn, Evelyne": "Evelyne"); "" when there is no given name (an e-mail address or an
    organisation is never a greeting)."""
    given, whole, nick = _one_line(given), _one_line(name), _one_line(nickname)
    if "@" not in whole and any(unicodedata.name(ch, "").startswith(_WHOLE_NAME_SCRIPTS)
                                for ch in whole):
        return whole
    if _ONE_NAME.fullmatch(nick):
        return _capitalised(nick)
    if not any(ch.isalpha() for ch in given) or "@" in given:
        return ""
    sort_name = _SORT_NAME.fullmatch(given)
    if sort_name:  # "Hi Jähn, Evelyne," was drafted
        given = sort_name.group(1)
    if _TITLE_OR_INITIALS.fullmatch(given):
        longer = whole if "@" not in whole and len(whole) > len(given) else ""
        return _capitalised(longer) if longer.startswith(given) else ""
    return _capitalised(given)


def _capitalised(text: str) -> str:
    """A name typed in one case ("JOHN", "mary ann") with capitals as a name is written."""
    if text.isupper() or text.islower():  # typed in one case: no capital was meant
        return _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.lower())
    return text


def _one_line(text: str | None) -> str:
    """A cell's text on one line: control characters out, each run of blanks one space."""
    return " ".join("".join(ch if unicodedata.category(ch) != "Cc" else " "
                            for ch in text or "").split())


def sender_name(owner) -> str:
    """The user's own name from the owner table (LinkedIn's Profile.csv row), else ""."""
    if owner is None or "kind" not in owner.columns:
        return ""
    for r in owner.filter(owner["kind"] == "profile").iter_rows(named=True):
        return " ".join(p.strip() for p in (r.get("first_name"), r.get("last_name"))
                        if p and p.strip())
    return ""


# The notes columns a user writes about a person, for themselves (NOTES_USER_COLUMNS less
# the date and the flag): none of their text goes into a message addressed to that person.
PRIVATE_NOTES = ("need", "offer", "next_step", "referral_status", "referred_by")


def draft(templates: dict, section: str, values: dict[str, str],
          private: Iterable[str | None] = ()) -> tuple[str, str]:
    """(subject, body) for a plan item; missing values read naturally. values: name (as
    shown), given_name and nickname (the greeting: greeting_name), last_contact, need,
    action, my_name, in_your_book (a person of your own address books: schema.ADDRESS_BOOKS); for an introduction other_name (the other person) and the need as
    {about} (" with NEED"). `private`: what you noted about the person (PRIVATE_NOTES'
    cells). The draft is addressed to them, so a need or action holding any of it is left
    out ("You mentioned you need a job; going through a divorce, keep quiet" was quoted to
    its subject); a need they stated themselves (an "open to work" title) is still named."""
    name = values.get("name") or ""
    secret = _withheld(private)
    need = _shareable((values.get("need") or "").strip(), secret)
    filled = {"first_name": greeting_name(values.get("given_name"), name,
                                          values.get("nickname")), "name": name,
              "last_contact": values.get("last_contact") or "a while",
              "need": need, "action": _shareable(values.get("action") or "", secret),
              "need_line": f"You mentioned you need {need}; I may be able to help." if need
              else "",
              "my_name": values.get("my_name") or "",
              "other_name": values.get("other_name") or "",
              "about": f" with {need}" if need else ""}
    t = _template(templates, section, bool(values.get("last_contact")),
                  bool(values.get("in_your_book")))
    empty = [k for k, v in filled.items() if not v]
    # An empty placeholder takes the blanks before it along ("Hi {first_name}," -> "Hi,")
    # and leaves none at a line's end.
    body = "\n".join(line.rstrip() for line in _fill(t["body"], filled, empty).split("\n"))
    return _fill(t["subject"], filled, empty).strip(), body


def recalled_contact(last: str | None, messages: int | None, talks: int | None) -> str:
    """The last contact a draft may recall as "our last conversation (D)": only when a message
    went either way or you logged a talk. An invitation, an endorsement or a recommendation is
    no conversation (user41: an invitation sent in 2022 without a message was drafted as
    "Following up on our last conversation (2022-04-15)"): "" then, and the draft is
    [first_contact] or [saved_contact], as for someone with no contact on record."""
    return (last or "") if (messages or 0) + (talks or 0) > 0 else ""


def in_your_book() -> pl.Expr:
    """in_your_book: a person with a record in one of the user's own address books."""
    return (pl.col("sources").list.set_intersection(
        pl.lit(list(schema.ADDRESS_BOOKS), dtype=pl.List(pl.String))).list.len() > 0
            ).fill_null(False).alias("in_your_book")


def _withheld(private: Iterable[str | None]) -> list[str]:
    return [k for k in (_one_line(t).casefold() for t in private) if k]


def _shareable(text: str, secret: list[str]) -> str:
    """`text`, or "" when it holds one of your notes' texts (on one line, any case, as whole
    words: a referral status "no" does not hide "a new role (now open)")."""
    key = _one_line(text).casefold()
    return "" if any(re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", key)
                     for k in secret) else text


def _template(templates: dict, section: str, has_contact: bool,
              in_your_book: bool = False) -> dict[str, str]:
    """The section's template, else [default]; but never one that recalls a last contact
    ("Following up on our last conversation (a while)") for someone with none on record:
    [first_contact] then, or [saved_contact] for someone in one of your own address books
    (you know them; kith has no date: "we have not properly talked yet" went to a colleague
    of twelve years, user39), the user's or, in a drafts file from before it, kith's own."""
    t = templates.get(section) or (_builtin()[section] if section in INTRO_SECTIONS
                                   else templates["default"])
    if section in INTRO_SECTIONS:  # an introduction recalls no conversation of yours
        return t
    if has_contact or "{last_contact}" not in t["subject"] + t["body"]:
        return t
    section = "saved_contact" if in_your_book else "first_contact"
    return templates.get(section) or _builtin()[section]


@functools.cache
def _builtin() -> dict[str, dict[str, str]]:
    return load(None)


def _fill(template: str, filled: dict[str, str], empty: list[str]) -> str:
    for key in empty:
        template = re.sub(r"[ \t]+(\{" + key + r"\})", r"\1", template)
    return template.format(**filled)


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: link with the draft (RFC 6068: percent-encoded, CRLF line breaks)."""
    query = urllib.parse.urlencode({"subject": subject, "body": body.replace("\n", "\r\n")},
                                   quote_via=urllib.parse.quote)
    return f"mailto:{urllib.parse.quote(address, safe='@.+-_')}?{query}"

"""Drafted messages from templates (configs/drafts.toml): a subject and body per plan
section with the person's name, the last contact and what they need; `mailto` turns one into
a link that opens the user's mail program with the draft. The built-in templates are
pipeline/data/drafts.toml (the same as configs/drafts.toml; `kith init` copies it into a new
home); the user's own copy (drafts.toml beside the targets file, or --drafts FILE) wins."""

from __future__ import annotations

import string
import tomllib
import urllib.parse
from importlib import resources
from pathlib import Path

FIELDS = {"first_name", "name", "last_contact", "need", "need_line", "action", "my_name"}


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


def draft(templates: dict, section: str, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) for a plan item; missing values read naturally."""
    name = values.get("name") or ""
    need = (values.get("need") or "").strip()
    filled = {"first_name": name.split(" ")[0] if name else "", "name": name,
              "last_contact": values.get("last_contact") or "a while",
              "need": need, "action": values.get("action") or "",
              "need_line": f"You mentioned you need {need}; I may be able to help." if need
              else "",
              "my_name": values.get("my_name") or ""}
    t = templates.get(section) or templates["default"]
    # An empty placeholder must not leave blanks at line ends.
    body = "\n".join(line.rstrip() for line in t["body"].format(**filled).split("\n"))
    return t["subject"].format(**filled).strip(), body


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: link with the draft (RFC 6068: percent-encoded, CRLF line breaks)."""
    query = urllib.parse.urlencode({"subject": subject, "body": body.replace("\n", "\r\n")},
                                   quote_via=urllib.parse.quote)
    return f"mailto:{urllib.parse.quote(address, safe='@.+-_')}?{query}"

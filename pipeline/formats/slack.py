"""Slack's workspace export: its `users.json`, the workspace's members.

A workspace export (Workspace settings > Import/Export data) is a folder, or a zip, of one
`users.json`, `channels.json` and a folder of messages per channel. `users.json` is the
workspace's member list as Slack's `users.list` API gives it: a JSON array of one object per
member, each with its `id` (`U…`, `W…` for an Enterprise Grid member, `USLACKBOT`), `team_id`,
`name` (the member's handle, a login such as `ada.okafor`), `deleted`, `is_bot`, `is_app_user`
and a `profile` object: `real_name`, `display_name` (what the member chose to be called),
`first_name`, `last_name`, `email` (present when the exporter could see it), `phone`,
`title` (free text, often a job title) (docs/realworld31.md S2).

Recognised on that shape only (`read`): every element an object with a member id, a `name`
and a `profile` object. Any other JSON (the export's `channels.json`, a web app's data) is
not a list of people and stays skipped as JSON data.

Bots, apps and Slackbot are rejects, never people. A deleted member is a person still (a
former colleague or community member); Slack then often keeps their name alone.
"""

from __future__ import annotations

import json
import re

from pipeline import schema
from pipeline.formats.base import Parsed, excerpt

FORMAT = "slack_users_json"
SOURCE = "slack"
SOURCE_FORMAT = "slack_users"
BOT_REASON = "A bot, app or Slackbot of the Slack workspace's member list, not a person."
NOBODY_REASON = "A Slack member with no name, e-mail address or phone number."
NOTE = "Slack workspace export: its member list (users.json) read; bots and apps are not people."

_MEMBER_ID = re.compile(r"^(?:[UW][A-Z0-9]{2,}|USLACKBOT)$")


def _member_shape(entry: object) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("id"), str)
            and _MEMBER_ID.match(entry["id"]) is not None
            and isinstance(entry.get("name"), str) and isinstance(entry.get("profile"), dict))


def _is_bot(entry: dict) -> bool:
    profile = entry["profile"]
    return (entry["id"] == "USLACKBOT" or entry.get("is_bot") is True
            or entry.get("is_app_user") is True or "bot_id" in profile)


def _text(values: dict, key: str) -> str | None:
    value = values.get(key)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def read(text: str) -> tuple[str, str | None, Parsed | None] | None:
    """(format, None, parsed) for a Slack `users.json`, or None for any other JSON."""
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    if not isinstance(doc, list) or not doc or not all(_member_shape(e) for e in doc):
        return None
    return FORMAT, None, _parse(doc)


def _parse(members: list[dict]) -> Parsed:
    contacts = schema.RowBuilder(schema.CONTACTS_RAW)
    rejects = schema.RowBuilder(schema.REJECTS)
    for index, member in enumerate(members):
        profile = member["profile"]
        full = _text(profile, "real_name") or _text(member, "real_name")
        display = _text(profile, "display_name")
        email, phone = _text(profile, "email"), _text(profile, "phone")
        if _is_bot(member) or not (full or display or email or phone):
            rejects.add(source_row=index, reason=BOT_REASON if _is_bot(member) else NOBODY_REASON,
                        excerpt=excerpt(_shown(member)))
            continue
        contacts.add(
            source=SOURCE, source_format=SOURCE_FORMAT, source_row=index,
            full_name=full, given_name=_text(profile, "first_name"),
            family_name=_text(profile, "last_name"),
            # the name a member chose to be called, when it is not their name
            nickname=display if display and display != full else None,
            title=_text(profile, "title"),
            emails=[email] if email else [], phones=[phone] if phone else [],
        )
    return Parsed(rows_total=len(members), contacts=contacts.frame(),
                  rejects=rejects.frame(), note=NOTE)


def _shown(member: dict) -> str:
    """A reject's excerpt: the member's id, handle and name, never an address or number."""
    profile = member["profile"]
    return json.dumps({"id": member["id"], "name": member["name"],
                       "real_name": profile.get("real_name")}, ensure_ascii=False)

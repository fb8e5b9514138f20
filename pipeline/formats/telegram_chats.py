"""A Telegram Desktop data export's one-to-one chats -> interactions of kind "message".

kith reads LinkedIn's messages as interactions (who wrote to whom, when): a Telegram export's
personal chats are the same evidence of being in touch. Only `personal_chat` entries of
`chats.list` are read: the chat's `name` is the other person as the owner's contacts name
them (so the interaction finds the contact by name) and its `id` is their user id. A message
`from_id` `user<that id>` came from them (incoming); the others in that chat are the owner's
(outgoing). Group chats, channels, bots, Saved Messages and `left_chats` are no one-to-one
contact and are not read; nor are service messages (calls, pins, joins: `type` "service").

Each read message is one row of the file, numbered after the contacts list and the owner
(telegram.read), so every row is placed once.
"""

from __future__ import annotations

import datetime as dt

from pipeline import schema

SOURCE_FORMAT = "telegram_messages"
DETAIL_MAX = 200
NO_NAME_REASON = "Telegram message in a chat with a deleted account (no name to link it to)"


def personal_messages(doc: dict) -> list[tuple[dict, dict]]:
    """(chat, message) of every message of the export's personal chats, in file order."""
    chats = doc.get("chats")
    found: list[tuple[dict, dict]] = []
    if not isinstance(chats, dict) or not isinstance(chats.get("list"), list):
        return found
    for chat in chats["list"]:
        if not (isinstance(chat, dict) and chat.get("type") == "personal_chat"
                and isinstance(chat.get("messages"), list)):
            continue
        found += [(chat, m) for m in chat["messages"]
                  if isinstance(m, dict) and m.get("type") == "message"]
    return found


def _text(value: object) -> str:
    """A message's `text`: a string, or a list of strings and {"type", "text"} parts."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", ""))
                       for p in value if isinstance(p, (str, dict)))
    return ""


def _when(message: dict) -> str | None:
    """The message's instant in UTC (`date_unixtime`), else its local `date` as written."""
    stamp = message.get("date_unixtime")
    if isinstance(stamp, str) and stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    date = message.get("date")
    return date if isinstance(date, str) else None


def interactions(found: list[tuple[dict, dict]], first_row: int, rejects: schema.RowBuilder):
    """INTERACTIONS_RAW rows of `found` (personal_messages), rows numbered from `first_row`;
    a message of a chat with no name (a deleted account) is a reject, added to `rejects`."""
    rows = schema.RowBuilder(schema.INTERACTIONS_RAW)
    for row, (chat, message) in enumerate(found, start=first_row):
        name = chat.get("name")
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            rejects.add(source_row=row, reason=NO_NAME_REASON, excerpt="")
            continue
        # from_id is "user<id>" since 2020, the bare number before
        incoming = message.get("from_id") in (f"user{chat.get('id')}", chat.get("id"))
        rows.add(source="telegram", source_format=SOURCE_FORMAT, source_row=row,
                 kind="message", direction="incoming" if incoming else "outgoing",
                 occurred_raw=_when(message), counterpart_name=name,
                 conversation_id=str(chat.get("id")),
                 detail=_text(message.get("text"))[:DETAIL_MAX] or None)
    return rows.frame()

"""This week's outreach plan as an iCalendar file (RFC 5545, written with `icalendar`), to
import into any calendar: one all-day event per plan item, spread over the working days of
the as-of week (follow-ups on their due date when it falls in the week), with the action, the
reason and the drafted message in the description and the draft's mailto: link as URL.

UIDs derive from the person and the as-of date, so re-importing the same week updates the
events instead of duplicating them; DTSTAMP is the as-of date's midnight UTC (a run's output
stays the same for the same inputs)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

from icalendar import Calendar, Event

PRODID = "-//kith//outreach plan//EN"


def week_days(as_of: dt.date) -> list[dt.date]:
    """The as-of date and the working days after it up to Friday (the weekend: next week's)."""
    start = as_of if as_of.weekday() < 5 else as_of + dt.timedelta(days=7 - as_of.weekday())
    return [start + dt.timedelta(days=i) for i in range(5 - start.weekday())]


def _day(item: dict, days: list[dt.date], i: int) -> dt.date:
    due = item.get("due")
    if due:
        try:
            when = dt.date.fromisoformat(due)
        except ValueError:
            when = None
        if when is not None and days[0] <= when <= days[-1]:
            return when
    return days[i % len(days)]


def summary(action: str, private: Iterable[str | None]) -> str:
    """The plan's action without your notes' texts: "Offer help first (CV help), then ask
    about Cascade" is "Offer help first, then ask about Cascade"; the plan writes a note as
    ": TEXT" or "(TEXT)" after its verb, and those go with it; a note anywhere else is "…"."""
    texts = sorted({" ".join((t or "").split()) for t in private} - {""}, key=len, reverse=True)
    out = action
    for text in texts:
        words = re.escape(text).replace(r"\ ", r"\s+")
        out = re.sub(r"\s*\((?:they need: )?" + words + r"\)", "", out, flags=re.IGNORECASE)
        out = re.sub(r":\s*" + words + r"(?=$|;|:|\s*\()", "", out, flags=re.IGNORECASE)
        out = re.sub(r"(?<!\w)" + words + r"(?!\w)", "…", out, flags=re.IGNORECASE)
    return out


def build(items: list[dict], as_of: dt.date) -> bytes:
    """items: dicts with person_id, name, section, action, why, due (ISO or ""), subject,
    body, mailto (may be ""), and `private`: the texts of your notes about the person, kept
    out of the event's title. Returns the .ics bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "kith outreach plan")
    days = week_days(as_of)
    stamp = dt.datetime.combine(as_of, dt.time(), dt.UTC)
    for i, item in enumerate(items):
        day = _day(item, days, i)
        uid = hashlib.sha256(f"{item['person_id']}|{item['section']}|{as_of}".encode()).hexdigest()
        ev = Event()
        ev.add("uid", f"{uid[:32]}@kith")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", f"{summary(item['action'], item.get('private', ()))}: {item['name']}")
        text = [item["why"]] if item.get("why") else []
        if item.get("body"):
            text += ["", f"Draft - {item.get('subject', '')}", "", item["body"]]
        ev.add("description", "\n".join(text))
        if item.get("mailto"):
            ev.add("url", item["mailto"])
        ev.add("class", "PRIVATE")
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", ["kith", item["section"]])
        cal.add_component(ev)
    return cal.to_ical()

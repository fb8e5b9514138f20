"""The plan as iCalendar: parsed back by `icalendar` and checked against the RFC 5545 rules
the library knows (required, once-only and mutually exclusive properties, parse errors,
start before end); drafted messages and their mailto: links."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path

import pytest
from icalendar import Calendar

from pipeline.enrich import calendar, drafts

AS_OF = dt.date(2026, 6, 3)  # a Wednesday


def items() -> list[dict]:
    t = drafts.load(None)
    out = []
    for i, (name, section, due) in enumerate([("Dana Lee", "follow_up", "2026-06-05"),
                                              ("Sam <b>Li</b>, Jr.", "target", ""),
                                              ("Zoë Ümlaut; \\ test", "dormant", "2020-01-01")]):
        subject, body = drafts.draft(t, section, {"name": name, "last_contact": "2026-03-01",
                                                  "need": "a data engineer" if i == 0 else ""})
        out.append({"person_id": f"p{i}", "name": name, "section": section,
                    "action": "Follow up", "why": "due soon", "due": due, "subject": subject,
                    "body": body, "mailto": drafts.mailto(f"p{i}@example.com", subject, body)})
    return out


def check_rfc5545(component) -> None:
    assert getattr(component, "errors", []) == [], component.errors
    for prop in component.required:
        assert prop in component, (component.name, prop)
    for prop in component.singletons:
        values = component.get(prop)
        assert not isinstance(values, list), (component.name, prop)
    assert sum(p in component for p in component.exclusive) <= 1
    for sub in component.subcomponents:
        check_rfc5545(sub)


def test_ics_parses_back_and_meets_the_rfc_rules_the_library_checks():
    data = calendar.build(items(), AS_OF)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    cal = Calendar.from_ical(data)
    check_rfc5545(cal)
    events = cal.walk("VEVENT")
    assert len(events) == 3
    assert len({str(e["UID"]) for e in events}) == 3
    for e in events:
        assert e.start < e.end and e.duration == dt.timedelta(days=1)
        assert calendar.week_days(AS_OF)[0] <= e.start <= calendar.week_days(AS_OF)[-1]
    first = events[0]
    assert first.start == dt.date(2026, 6, 5)  # a follow-up on its due date in the week
    assert str(first["SUMMARY"]) == "Follow up: Dana Lee"
    assert "You mentioned you need a data engineer" in str(first["DESCRIPTION"])
    assert str(first["URL"]).startswith("mailto:p0@example.com?subject=")
    assert str(events[1]["SUMMARY"]) == "Follow up: Sam <b>Li</b>, Jr."


def test_same_plan_gives_the_same_bytes_and_next_week_new_uids():
    assert calendar.build(items(), AS_OF) == calendar.build(items(), AS_OF)
    uids = [str(e["UID"]) for e in Calendar.from_ical(calendar.build(items(), AS_OF))
            .walk("VEVENT")]
    later = [str(e["UID"]) for e in Calendar.from_ical(
        calendar.build(items(), AS_OF + dt.timedelta(days=7))).walk("VEVENT")]
    assert not set(uids) & set(later)  # next week's plan is a new set of events


@pytest.mark.parametrize(("as_of", "first", "n"), [
    (dt.date(2026, 6, 1), dt.date(2026, 6, 1), 5),   # Monday: the whole week
    (dt.date(2026, 6, 5), dt.date(2026, 6, 5), 1),   # Friday: just Friday
    (dt.date(2026, 6, 6), dt.date(2026, 6, 8), 5),   # Saturday: next week
])
def test_week_days(as_of, first, n):
    days = calendar.week_days(as_of)
    assert days[0] == first and len(days) == n and all(d.weekday() < 5 for d in days)


def test_empty_plan_is_a_valid_calendar():
    cal = Calendar.from_ical(calendar.build([], AS_OF))
    check_rfc5545(cal)
    assert cal.walk("VEVENT") == []


def test_mailto_round_trips_subject_and_body():
    link = drafts.mailto("a.b+c@example.com", "Hi & bye?", "Line 1\nLine 2 = x")
    parsed = urllib.parse.urlsplit(link)
    assert parsed.scheme == "mailto" and parsed.path == "a.b+c@example.com"
    query = urllib.parse.parse_qs(parsed.query)
    assert query["subject"] == ["Hi & bye?"] and query["body"] == ["Line 1\r\nLine 2 = x"]


def test_drafts_file_errors_are_reported(tmp_path):
    bad = tmp_path / "drafts.toml"
    bad.write_text('[default]\nsubject = "Hi {nobody}"\nbody = ""\n', "utf-8")
    with pytest.raises(drafts.DraftError, match="unknown placeholder"):
        drafts.load(bad)
    bad.write_text('[follow_up]\nsubject = "x"\nbody = "y"\n', "utf-8")
    with pytest.raises(drafts.DraftError, match="default"):
        drafts.load(bad)
    bad.write_text("not = toml = at all", "utf-8")
    with pytest.raises(drafts.DraftError, match="TOML"):
        drafts.load(bad)


def test_user_templates_win_and_empty_values_read_naturally(tmp_path):
    own = tmp_path / "drafts.toml"
    own.write_text('[default]\nsubject = "Hello {first_name}"\n'
                   'body = "Last: {last_contact}. {need_line}\\nBye"\n', "utf-8")
    subject, body = drafts.draft(drafts.load(own), "target", {
        "name": "Ann Lee", "given_name": "Ann", "last_contact": "2026-01-01"})
    assert subject == "Hello Ann" and body == "Last: 2026-01-01.\nBye"
    # with no contact on record, a template citing it gives way to [first_contact]
    # (tests/test_first_contact_drafts.py)


def test_the_built_in_templates_are_the_documented_configs_copy():
    root = Path(__file__).resolve().parents[1]
    assert (root / "configs" / "drafts.toml").read_bytes() == drafts.builtin_path().read_bytes()
    assert set(drafts.load(None)) == {"default", "follow_up", "first_contact", "saved_contact",
                                       "target", "dormant", "owe", "intro_helper", "intro_seeker"}

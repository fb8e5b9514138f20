"""Mailchimp's audience export quotes each tag inside its TAGS cell (`"vip","berlin"`): the
column was named unread (docs/realworld19.md). `tags` is a labels column now, and a label's
quotes are no part of it (addressbook._split_labels). Fixture written for kith in the shape of
the export's header (MEMBER_RATING … LEID, EUID, NOTES, TAGS)."""

from __future__ import annotations

from test_addressbook import HERE

from pipeline.stages.ingest_parse import parse_bytes


def test_mailchimp_tags_are_labels():
    name = "mailchimp_audience_tags.csv"
    fmt, reason, p = parse_bytes((HERE / name).read_bytes(), name, "auto")
    assert fmt == "contacts_csv" and reason is None
    assert p.contacts.sort("source_row")["labels"].to_list() == [
        ["vip", "berlin"], ["newsletter"], []]
    assert "TAGS" not in dict(p.unread)

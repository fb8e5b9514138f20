"""Openings mentioned in messages: precision and recall on the hand-labelled messages in
tests/fixtures/enrich/messages.csv (EN/DE/FR/ES with negatives), and the table built from
linked interactions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipeline.enrich.openings import EXCERPT_CHARS, mentions_opening, openings, recent

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
UTC = dt.UTC


def measure() -> tuple[float, float]:
    labels = pl.read_csv(FIXTURES / "messages.csv")
    got = labels.with_columns(mentions_opening(labels["text"]).alias("got"))
    tp = got.filter((pl.col("opening") == 1) & pl.col("got")).height
    fp = got.filter((pl.col("opening") == 0) & pl.col("got")).height
    fn = got.filter((pl.col("opening") == 1) & ~pl.col("got")).height
    return tp / (tp + fp), tp / (tp + fn)


def test_precision_and_recall_on_the_labelled_messages():
    labels = pl.read_csv(FIXTURES / "messages.csv")
    assert labels.height >= 80 and set(labels["lang"]) >= {"en", "de", "fr", "es"}
    precision, recall = measure()
    assert precision >= 0.90 and recall >= 0.90, (precision, recall)


def test_the_traps_named_in_the_issue_are_not_openings():
    texts = ["Thanks for the position of the meeting", "an opportunity to catch up",
             "Would you be interested in our webinar?", "Congrats on the new role!"]
    assert mentions_opening(pl.Series(texts)).to_list() == [False] * 4


def linked_and_texts():
    linked = pl.DataFrame({
        "interaction_id": ["i1", "i2", "i3", "i4"],
        "person_id": ["p1", "p1", "p2", "p3"],
        "kind": ["message", "message", "message", "endorsement"],
        "direction": ["incoming", "incoming", "outgoing", "incoming"],
        "occurred_at": [dt.datetime(2026, 5, 1, tzinfo=UTC), dt.datetime(2025, 1, 1, tzinfo=UTC),
                        dt.datetime(2026, 4, 1, tzinfo=UTC), dt.datetime(2026, 5, 2, tzinfo=UTC)],
    })
    long = "We're hiring a senior data engineer " + "x" * 300
    texts = pl.DataFrame({"interaction_id": ["i1", "i2", "i3", "i4"],
                          "detail": [long, "Happy birthday!", "Offene Stelle: Entwickler (m/w/d)",
                                     "We're hiring (an endorsement is no message)"]})
    return linked, texts


def test_openings_table_keeps_messages_only_newest_first_with_short_excerpts():
    linked, texts = linked_and_texts()
    rows = openings(linked, texts)
    assert rows["interaction_id"].to_list() == ["i1", "i3"]
    assert rows["occurred_on"].to_list() == [dt.date(2026, 5, 1), dt.date(2026, 4, 1)]
    assert rows["excerpt"].str.len_chars().max() <= EXCERPT_CHARS
    assert rows["excerpt"][0].endswith("…")


def test_recent_keeps_the_latest_mention_per_person_within_the_window():
    linked, texts = linked_and_texts()
    rows = openings(linked, texts)
    assert recent(rows, dt.date(2026, 6, 1), days=45)["person_id"].to_list() == ["p1"]
    assert recent(rows, dt.date(2026, 6, 1))["person_id"].to_list() == ["p1", "p2"]


def test_no_messages_gives_an_empty_typed_table():
    linked, texts = linked_and_texts()
    empty = openings(linked.filter(pl.col("kind") == "none"), texts)
    assert empty.height == 0 and empty.schema["occurred_on"] == pl.Date

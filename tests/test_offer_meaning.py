"""`offer` in your notes is what the person can offer others (user36: five places said "how you
can help them" while the introductions read it as theirs and said "you noted they offer: an
intro to my investor network", a claim you never made). One meaning everywhere: `kith note
--help`, serve's form, the worksheets' CSV, the plan and the introductions."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.worksheets import plan


def test_the_note_command_says_what_offer_holds():
    out = CliRunner().invoke(main, ["note", "--help"]).output
    assert "What they can offer others" in out and "How you can help" not in out


def test_a_dormant_tie_with_an_offer_noted_is_not_told_to_offer_it_back():
    reconnect = pl.DataFrame([{
        "person_id": "p_1", "name": "Ann Lee", "last": "2025-01", "warmth_text": "40",
        "offer": "an intro to her investor network", "need": "", "mail": [], "tel": [],
        "li": "", "href": ""}])
    (item,) = plan._dormant(reconnect, size=5, week=1)
    assert item["action"] == "Reconnect: ask what they are working on and what they need"
    with_need = reconnect.with_columns(pl.lit("a designer").alias("need"))
    (item,) = plan._dormant(with_need, size=5, week=1)
    assert item["action"] == "Reconnect: help with what they need (a designer)"


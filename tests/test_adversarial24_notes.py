"""Adversarial round 24 (docs/adversarial24.md): notes.csv and ledger.csv as a user edits
them by hand or in a spreadsheet."""

from __future__ import annotations

import codecs
import logging

from pipeline.notes import ledger


def test_each_uncounted_ledger_line_is_named_with_its_own_reason(tmp_path, caplog):
    """A ledger saved by a European Excel (';', CRLF, BOM) with a day-first date, a kind kith
    does not know and a row without a person id: the dated rows count, and the warning names
    each uncounted line with its own reason (on main every line got the first one's)."""
    path = tmp_path / "ledger.csv"
    path.write_bytes(codecs.BOM_UTF8 + (
        b"date;person_id;name;kind;text\r\n"
        b"2026-11-01;p_1;Ann;gave;intro\r\n"
        b"25/11/2026;p_1;Ann;asked;a job\r\n"
        b"2026-11-03;p_1;Ann;hugged;?\r\n"
        b"2026-11-04;;Nobody;gave;lost\r\n"
        b"2026-11-05;p_1;Ann;talked;coffee\r\n"
        b"2026-11-06;;Nobody;asked;lost too\r\n"))
    with caplog.at_level(logging.WARNING, logger="kith"):
        frame = ledger.load_ledger(path)
    assert frame.filter(frame["problem"].is_null())["line"].to_list() == [2, 3, 6]
    assert frame["date"][1].isoformat() == "2026-11-25"
    message = " ".join(r.getMessage() for r in caplog.records)
    assert "3 entries" in message
    assert "line 4: kind is not one of gave, asked, received, talked" in message
    assert "lines 5, 7: no person_id" in message

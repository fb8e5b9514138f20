"""Round 26: a notes file or ledger saved by a UK or European spreadsheet writes 10 June as
10/06/2026. kith read every such date month first (October 6): a follow-up four months
late, silently. The column's unambiguous dates (13/06/2026) now say its order
(docs/adversarial26.md)."""

from __future__ import annotations

import codecs
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pipeline.notes import ledger, notes_file
from pipeline.notes.cells import parse_cell_date, slash_order

NOTES_HEAD = ("person_id;name;need;offer;next_step;follow_up;referral_status;referred_by;"
              "do_not_contact;kith_status;kith_flag\r\n")


def _notes(tmp_path, *dates: str) -> dict[str, dt.date | None]:
    path = tmp_path / "notes.csv"
    rows = "".join(f"p_{i:016x};P{i};a job;;;{d};;;;active;\r\n" for i, d in enumerate(dates))
    path.write_bytes(codecs.BOM_UTF8 + (NOTES_HEAD + rows).encode())
    notes = notes_file.load_notes(path)
    return dict(zip(notes["name"], notes["follow_up"], strict=True))


def test_a_day_first_notes_file_reads_its_ambiguous_dates_day_first(tmp_path):
    got = _notes(tmp_path, "10/06/2026", "13/06/2026", "01/07/2026 00:00")
    assert got == {"P0": dt.date(2026, 6, 10), "P1": dt.date(2026, 6, 13),
                   "P2": dt.date(2026, 7, 1)}


def test_a_month_first_notes_file_stays_month_first(tmp_path):
    got = _notes(tmp_path, "10/06/2026", "6/15/26")
    assert got == {"P0": dt.date(2026, 10, 6), "P1": dt.date(2026, 6, 15)}


def test_a_file_with_no_telling_date_or_both_orders_reads_as_before(tmp_path):
    assert _notes(tmp_path, "10/06/2026")["P0"] == dt.date(2026, 10, 6)
    got = _notes(tmp_path, "10/06/2026", "13/06/2026", "6/15/26")
    assert got["P0"] == dt.date(2026, 10, 6)  # the file contradicts itself: as before
    assert got["P1"] == dt.date(2026, 6, 13) and got["P2"] == dt.date(2026, 6, 15)


def test_a_day_first_ledger_reads_its_ambiguous_dates_day_first(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(codecs.BOM_UTF8 + (b"date;person_id;name;kind;text\r\n"
                                        b"02/03/2026;p_1;A;gave;intro\r\n"
                                        b"25/03/2026;p_1;A;talked;coffee\r\n"))
    got = ledger.load_ledger(path)
    assert got["date"].to_list() == [dt.date(2026, 3, 2), dt.date(2026, 3, 25)]
    assert got["problem"].is_null().all()


@given(st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), min_size=1,
                max_size=20))
def test_a_column_written_day_first_reads_back_when_it_has_a_telling_date(days):
    """Whatever the dates, a dd/mm/yyyy column with one day above 12 reads back exactly."""
    if all(d.day <= 12 for d in days):
        days = [*days, dt.date(2026, 6, 13)]
    cells = [d.strftime("%d/%m/%Y") for d in days]
    order = slash_order(cells)
    assert order is True
    assert [parse_cell_date(c, order) for c in cells] == days
    us = [d.strftime("%m/%d/%Y") for d in days]
    assert [parse_cell_date(c, slash_order(us)) for c in us] == days


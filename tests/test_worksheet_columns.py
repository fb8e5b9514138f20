"""The worksheets' rows carry only the people's columns a worksheet reads (rows.ROW_PEOPLE):
what they leave out changes no worksheet file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pipeline.worksheets import rows as R
from pipeline.worksheets.render import render

_spec = importlib.util.spec_from_file_location(
    "ws_scenario_columns", Path(__file__).parent / "fixtures" / "worksheets" / "scenario.py")
sc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sc)


def test_rows_keep_only_the_people_columns_a_worksheet_reads():
    """rows.base keeps ROW_PEOPLE of the people's columns, in the people's order; provenance,
    record ids and the raw e-mail/phone lists are left out (static_columns read them first)."""
    kw = sc.render_kwargs()
    people = kw["people"]
    rows = R.base(people, kw["notes"], kw["reciprocity"], kw["as_of"])
    kept = [c for c in rows.columns if c in people.columns]
    assert kept == [c for c in people.columns if c in R.ROW_PEOPLE]
    for dropped in ("record_ids", "emails", "phones", "display_name_record"):
        assert dropped in people.columns and dropped not in rows.columns
    # the texts made from the dropped columns are still there
    assert rows["emails_all"].str.len_chars().sum() > 0


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_worksheets_do_not_depend_on_the_people_columns_the_rows_leave_out(tmp_path,
                                                                         monkeypatch):
    """Every worksheet file is the same whether the rows keep every people column (as before
    ROW_PEOPLE) or only ROW_PEOPLE."""
    cut, wide = tmp_path / "cut", tmp_path / "wide"
    render(cut, page_size=4, **sc.render_kwargs())
    monkeypatch.setattr(R, "ROW_PEOPLE", tuple(sc.render_kwargs()["people"].columns))
    render(wide, page_size=4, **sc.render_kwargs())
    assert _files(cut) == _files(wide)

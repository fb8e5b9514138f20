"""A reader's result crosses from ingest's worker processes to the main one pickled
(formats/base.py, Parsed.__getstate__: frames as Arrow IPC bytes, not polars' own
serialisation). What arrives must be what was sent: every frame's rows, column order and
types, nulls, empty lists and empty frames, and the other fields."""

from __future__ import annotations

import pickle

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.formats.base import Parsed, _IpcFrame

TEXT = st.one_of(st.none(), st.text(max_size=12))


def _contacts(rows: list[tuple]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {"given_name": [r[0] for r in rows], "family_name": [r[1] for r in rows],
         "emails": [r[2] for r in rows], "source_row": list(range(len(rows)))},
        schema={"given_name": pl.String, "family_name": pl.String,
                "emails": pl.List(pl.String), "source_row": pl.Int64})
    return schema.conform(frame, schema.CONTACTS_RAW)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, TEXT, st.one_of(st.none(), st.lists(TEXT, max_size=3))),
                     max_size=20),
       rows_total=st.integers(0, 10**9), encoding=st.one_of(st.none(), st.sampled_from(
           ["utf-8", "cp1252+cp850"])),
       cards=st.one_of(st.none(), st.tuples(st.integers(0, 99), st.integers(0, 99))))
def test_a_parsed_result_arrives_as_sent(rows, rows_total, encoding, cards):
    sent = Parsed(rows_total, _contacts(rows), encoding=encoding, vcard_cards=cards)
    got = pickle.loads(pickle.dumps(sent))
    assert (got.rows_total, got.encoding, got.vcard_cards) == (rows_total, encoding, cards)
    for name in ("contacts", "interactions", "owner", "rejects"):
        a, b = getattr(sent, name), getattr(got, name)
        assert a.schema == b.schema, name
        assert a.equals(b), name


def test_frames_travel_as_arrow_ipc_not_polars_serialisation():
    sent = Parsed(1, _contacts([("Ada", "Lovelace", ["ada@example.org"])]))
    state = sent.__getstate__()
    assert isinstance(state["contacts"], _IpcFrame)
    assert state["contacts"].data[:6] == b"ARROW1"  # the IPC file format's magic
    assert not any(isinstance(v, pl.DataFrame) for v in state.values())

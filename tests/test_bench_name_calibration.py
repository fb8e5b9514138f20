"""bench/name_calibration.py's within-source lift: two rows of a one-row-per-person file with
one full name are two namesakes, and a name another source already shows twice (with two
numbers) is left out of the "unflagged" count. Fictitious names."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from dedupe_support import records

from pipeline.dedupe import features

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import name_calibration  # noqa: E402

LINKEDIN = {"source": "linkedin", "source_file": "Connections.csv"}


def _book() -> pl.DataFrame:
    rows = [{"given_key": f"g{i}", "family_key": f"f{i}"} for i in range(40)]
    rows += [{"given_key": f"l{i}", "family_key": f"m{i}", **LINKEDIN} for i in range(10)]
    # two connections named Aiko Tanaka: two people, one row each
    rows += [{"given_key": "aiko", "family_key": "tanaka", **LINKEDIN}] * 2
    # Ren Sato: one connection, and two phone-book cards with two numbers (namesakes already)
    rows += [{"given_key": "ren", "family_key": "sato", **LINKEDIN},
             {"given_key": "ren", "family_key": "sato", "phones": ["+15550100001"]},
             {"given_key": "ren", "family_key": "sato", "phones": ["+15550100002"]}]
    one_per = [r.get("source") == "linkedin" for r in rows]
    recs = records(rows)
    return recs.with_columns(pl.Series("source_format", [
        "linkedin_connections" if o else "google_current" for o in one_per], pl.String))


def test_namesakes_in_a_one_row_per_person_file_are_counted():
    table = name_calibration.lift_table(features.build(_book()))
    every, unflagged = (table.filter(pl.col("unflagged") == u) for u in (False, True))
    assert every["rows"].sum() == 13  # the named LinkedIn rows
    assert every["seen"].sum() == 2  # each Aiko Tanaka row sees the other
    assert every["expected"].sum() > 0


def test_a_name_another_source_shows_twice_is_not_unflagged():
    table = name_calibration.lift_table(features.build(_book()))
    unflagged = table.filter(pl.col("unflagged"))
    assert unflagged["rows"].sum() == 12  # Ren Sato's row left out
    assert unflagged["seen"].sum() == 2

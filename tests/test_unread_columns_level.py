"""Which unread CSV columns the run names on every run and which only with -v
(pipeline.stages.ingest._log_unread_columns): a table of no known exporter's layout may hold
what only the user can judge (a guest list's second guest), so its unread columns are named on
every run; an Outlook export leaves its own "E-mail Type" and "Priority" unread on purpose on
every row, so those are named with -v only (the demo and every Outlook user's nightly run
would print the same line otherwise). Fixtures written for kith."""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.inputs import Limits
from pipeline.stages.ingest import ingest

OUTLOOK = ('"First Name","Last Name","E-mail Address","E-mail Type","E-mail Display Name",'
           '"Priority"\r\n"Ann","Lee","ann@example.org","SMTP","Ann Lee (ann@example.org)",'
           '"Normal"\r\n')
GENERIC = "name,email,meal\r\nAnn Lee,ann@example.org,fish\r\nBob Ray,bob@example.org,veg\r\n"


def logged(tmp_path: Path, caplog, name: str, text: str) -> list[tuple[int, str]]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / f"{name}.csv").write_text(text, "utf-8")
    with caplog.at_level(logging.DEBUG, logger="kith.ingest"):
        res = ingest([folder], [], Limits(), workers=1)
    assert res.files["status"].to_list() == ["ingested"]
    return [(r.levelno, r.getMessage()) for r in caplog.records
            if "not in the output" in r.getMessage()]


def test_a_known_layouts_own_columns_are_named_with_v_only(tmp_path, caplog):
    lines = logged(tmp_path, caplog, "outlook", OUTLOOK)
    assert len(lines) == 1 and lines[0][0] == logging.DEBUG
    assert "'E-mail Type' (1 row" in lines[0][1]


def test_a_generic_tables_unread_column_is_named_every_run(tmp_path, caplog):
    lines = logged(tmp_path, caplog, "guests", GENERIC)
    assert len(lines) == 1 and lines[0][0] == logging.INFO
    assert "'meal' (2 rows)" in lines[0][1]

"""Two exports of different layouts joined in one file (a Google CSV with an Outlook export
pasted below it, each with its byte order mark): each part is read by its own header
(pipeline.csvjoined). Read under the first header, the second header became a person named
"First Name Last Name E-mail Address" and the Outlook rows lost their phone numbers and
companies. Found by an adversarial round (session 23, h22). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run

GOOGLE = ("First Name,Middle Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization Name\n"
          "Ann,,Lee,ann@example.org,,Acme\n")
OUTLOOK = ("First Name,Last Name,E-mail Address,Mobile Phone,Company\n"
           "Bob,Ray,bob@example.org,+1 415 555 0102,Initech\n"
           "Cid,Moe,cid@example.org,+1 415 555 0103,Umbrella\n")
LINKEDIN = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Dee,Ng,https://www.linkedin.com/in/deeng,,Hooli,CTO,01 Mar 2024\n")


def _out(tmp_path: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    out = tmp_path / "out"
    return tuple(pl.read_parquet(out / f"{n}.parquet") for n in ("records", "people", "rejects"))


def test_each_joined_export_is_read_by_its_own_header(tmp_path: Path):
    res = kith_run(tmp_path, {"merged.csv": "\ufeff" + GOOGLE + "\ufeff" + OUTLOOK})
    records, people, rejects = _out(tmp_path)
    by_name = {r["display_name"]: r for r in people.to_dicts()}
    assert sorted(by_name) == ["Ann Lee", "Bob Ray", "Cid Moe"]
    assert by_name["Bob Ray"]["phones"] == ["+14155550102"]
    assert by_name["Bob Ray"]["organization"] == "Initech"
    assert by_name["Cid Moe"]["organization"] == "Umbrella"
    assert rejects.height == 0
    assert sorted(records["source_row"].to_list()) == [0, 1, 2]  # numbered on, each once
    assert "2 exports joined" in res.output


def test_three_joined_exports_and_a_repeated_header(tmp_path: Path):
    # the Google header again (same layout) stays a rejected header line, not a split
    text = ("\ufeff" + GOOGLE + "\ufeff" + GOOGLE.split("\n", 1)[0] + "\nEve,,Po,eve@example.org,,\n"
            + "\ufeff" + OUTLOOK + "\ufeff" + LINKEDIN)
    kith_run(tmp_path, {"merged.csv": text})
    records, people, rejects = _out(tmp_path)
    assert sorted(people["display_name"]) == ["Ann Lee", "Bob Ray", "Cid Moe", "Dee Ng",
                                              "Eve Po"]
    assert rejects["reason"].str.starts_with("A line of this file's column names").to_list() == [
        True]
    rows = records["source_row"].to_list() + rejects["source_row"].to_list()
    assert sorted(rows) == list(range(6))
    dee = records.filter(pl.col("display_name") == "Dee Ng").row(0, named=True)
    assert dee["source"] == "linkedin" and dee["organization"] == "Hooli"


def test_a_byte_order_mark_on_a_data_line_splits_nothing(tmp_path: Path):
    kith_run(tmp_path, {"c.csv": GOOGLE + "\ufeffBob,,Ray,bob@example.org,,Initech\n"})
    records, people, rejects = _out(tmp_path)
    assert sorted(people["display_name"]) == ["Ann Lee", "Bob Ray"]
    assert rejects.height == 0

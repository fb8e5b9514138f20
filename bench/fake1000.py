"""Convert Splink's fake_1000 benchmark into a Google Contacts CSV that kith reads."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from labelled import write_google_csv

HEADER = ["First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
          "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
          "Organization Name", "Organization Title", "Organization Department", "Birthday",
          "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
          "Address 1 - Label", "Address 1 - City"]


def convert(src: Path, out_dir: Path) -> tuple[Path, pl.DataFrame]:
    """Writes google.csv; returns it and the truth (key 'google.csv#row', true_cluster)."""
    df = pl.read_csv(src, infer_schema=False)
    return write_google_csv(df, out_dir / "fake_1000_google.csv", HEADER, _row,
                            pl.col("cluster"))


def _row(r: dict) -> dict:
    row = {"First Name": r["first_name"], "Last Name": r["surname"], "Birthday": r["dob"],
           "Labels": "* myContacts"}
    if r["email"]:
        row["E-mail 1 - Label"], row["E-mail 1 - Value"] = "* Other", r["email"]
    if r["city"]:
        row["Address 1 - Label"], row["Address 1 - City"] = "Home", r["city"]
    return row

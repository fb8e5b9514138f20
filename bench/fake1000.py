"""Convert Splink's fake_1000 benchmark into a Google Contacts CSV that kith reads."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from labelled import row_truth

HEADER = ["First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
          "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
          "Organization Name", "Organization Title", "Organization Department", "Birthday",
          "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
          "Address 1 - Label", "Address 1 - City"]


def convert(src: Path, out_dir: Path) -> tuple[Path, pl.DataFrame]:
    """Writes google.csv; returns it and the truth (key 'google.csv#row', true_cluster)."""
    df = pl.read_csv(src, infer_schema=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "fake_1000_google.csv"
    with open(target, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for r in df.iter_rows(named=True):
            row = dict.fromkeys(HEADER, "")
            row["First Name"] = r["first_name"] or ""
            row["Last Name"] = r["surname"] or ""
            row["Birthday"] = r["dob"] or ""
            row["Labels"] = "* myContacts"
            if r["email"]:
                row["E-mail 1 - Label"], row["E-mail 1 - Value"] = "* Other", r["email"]
            if r["city"]:
                row["Address 1 - Label"], row["Address 1 - City"] = "Home", r["city"]
            w.writerow([row[h] for h in HEADER])
    truth = row_truth(df, target, pl.col("cluster"))
    return target, truth

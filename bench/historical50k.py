"""Write Splink's `historical_figures_with_errors_50k` labelled set as a Google Contacts CSV.

Source: github.com/moj-analytical-services/splink_datasets, data/historical_figures_with_errors_50k.parquet
(commit 75876d8, MIT License, Copyright (c) 2023 MoJ Analytical Services), copied byte for byte
to bench/data/. What it holds (read before kith ran on it): 50,578 records of 5,156 people
from Wikidata (3 to 21 records each, 9.8 on average), each record a corrupted copy: first
name (nicknames such as tom / thomas), surname, date of birth (11,403 missing), birth place
(6,927 missing), a fake UK postcode (11,426 missing), gender and occupation (25,289 missing);
no e-mail, no phone. Truth: `cluster`.

The columns Splink's own tutorials compare are written into the Google CSV fields a user's
export would carry them in: first name, last name, birthday, occupation as the organization
title, birth place as the address city, the postcode as the address postal code. Gender has no
Google field and the decorated `full_name` ("thomas clifford, 1st baron ...") is left out like
Splink's tutorials leave it out.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from labelled import row_truth

SOURCE = Path(__file__).resolve().parent / "data" / "historical_figures_with_errors_50k.parquet"
HEADER = ["First Name", "Middle Name", "Last Name", "Birthday", "Organization Title", "Labels",
          "Address 1 - Label", "Address 1 - City", "Address 1 - Postal Code"]


def convert(out_dir: Path, src: Path = SOURCE) -> tuple[Path, pl.DataFrame]:
    """Writes the CSV; returns it and the truth (key 'file#row', true_cluster)."""
    df = pl.read_parquet(src).sort("unique_id")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "historical_50k_google.csv"
    with open(target, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for r in df.iter_rows(named=True):
            has_address = bool(r["birth_place"] or r["postcode_fake"])
            w.writerow([r["first_name"] or "", "", r["surname"] or "", r["dob"] or "",
                        r["occupation"] or "", "* myContacts", "Home" if has_address else "",
                        r["birth_place"] or "", r["postcode_fake"] or ""])
    truth = row_truth(df, target, pl.col("cluster"))
    return target, truth

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

from pathlib import Path

import polars as pl
from labelled import write_google_csv

SOURCE = Path(__file__).resolve().parent / "data" / "historical_figures_with_errors_50k.parquet"
HEADER = ["First Name", "Middle Name", "Last Name", "Birthday", "Organization Title", "Labels",
          "Address 1 - Label", "Address 1 - City", "Address 1 - Postal Code"]


def convert(out_dir: Path, src: Path = SOURCE) -> tuple[Path, pl.DataFrame]:
    """Writes the CSV; returns it and the truth (key 'file#row', true_cluster)."""
    df = pl.read_parquet(src).sort("unique_id")
    return write_google_csv(df, out_dir / "historical_50k_google.csv", HEADER, _row,
                            pl.col("cluster"))


def _row(r: dict) -> dict:
    has_address = bool(r["birth_place"] or r["postcode_fake"])
    return {"First Name": r["first_name"], "Last Name": r["surname"], "Birthday": r["dob"],
            "Organization Title": r["occupation"], "Labels": "* myContacts",
            "Address 1 - Label": "Home" if has_address else "",
            "Address 1 - City": r["birth_place"], "Address 1 - Postal Code": r["postcode_fake"]}

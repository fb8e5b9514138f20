"""A table pandas wrote out with its empty cells as text, then turned into vCards: "nan" in the
name fields ("N:Abdullah;nan;nan", "FN:تامر nan nan nan"; docs/realworld14.md, A5: 356 of
5,394 cards of a real iPhone book). Shown as written, and "nan nan" was a family name that
joined two people who share nothing else. A lone "Nan" or "nan" elsewhere is a name.
Fixtures written for kith, in the shape of that book."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_records


def card(n: str, fn: str, tel: str | None = None) -> str:
    phone = f"TEL;TYPE=CELL:{tel}\r\n" if tel else ""
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{n}\r\nFN:{fn}\r\n{phone}END:VCARD\r\n"


def run(tmp_path: Path, files: dict[str, str]) -> pl.DataFrame:
    return kith_records(tmp_path, files)


BOOK = "".join([
    card("nan;Abdullah;nan;;", "Abdullah nan nan", "+20 101 178 3102"),
    card("nan;Hamada;nan;;", "Hamada nan nan", "+20 101 178 3103"),
    card("تامر nan nan nan;;;;", "تامر nan nan nan", "+20 101 178 3104"),
    card("Omar nan nan;;;;", "Omar nan nan"),
    card("nan;OmarAhmed;;;", "OmarAhmed nan"),  # one "nan" in a book that writes them
    card("Smith;Nan;;;", "Nan Smith"),
])


def test_the_nan_cells_of_a_pandas_table_are_no_names(tmp_path: Path):
    records = run(tmp_path, {"book.vcf": BOOK})
    assert records["display_name"].to_list() == [
        "Abdullah", "Hamada", "تامر", "Omar", "OmarAhmed", "Nan Smith"]
    keys = records.head(5).select("given_key", "family_key", "name_key").rows()
    assert not any("nan" in (key or "").split() for row in keys for key in row)
    # "nan nan" no longer a shared family name: Omar and OmarAhmed share nothing else
    assert records["person_id"][3] != records["person_id"][4]


def test_a_lone_nan_in_a_book_that_does_not_write_them_is_a_name(tmp_path: Path):
    records = run(tmp_path, {"book.vcf": card("nan;Wei;;;", "Wei nan") + card(
        "Smith;Nan;;;", "Nan Smith")})
    assert records["display_name"].to_list() == ["Wei nan", "Nan Smith"]

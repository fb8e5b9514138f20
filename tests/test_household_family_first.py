"""A name cell of two people written family name first ("Smith, John & Mary") is a household's
card, as "John & Mary Smith" is (docs/realworld21.md, leftover (c))."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.exports_support import kith_run

ROWS = ("Name,E-mail Address,Mobile Phone\n"
        "{couple},mary.smith@example.com,+1 415 555 0142\n"
        "John Smith,john.smith@example.com,+1 415 555 0142\n")


@pytest.mark.parametrize("couple", ["John & Mary Smith", "Smith, John & Mary",
                                    "Smith, John and Mary", "SMITH, JOHN AND MARY"])
def test_couple_cell_is_the_households_card(tmp_path: Path, couple: str) -> None:
    kith_run(tmp_path, {"book.csv": ROWS.format(couple=f'"{couple}"')})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    # the couple's card is theirs, not John's: Mary's e-mail does not join John
    assert people.height == 2
    assert records["display_name"].to_list() == [couple, "John Smith"]  # as written


def test_one_person_family_first_is_no_household() -> None:
    from pipeline.dedupe.households import household_cards

    frame = pl.DataFrame({"given_name": [None] * 4, "family_name": [None] * 4,
                          "full_name": ["Smith, John", "Van Dyke, Mary Ann",
                                        "Barnes & Noble", "Smith, John A."]},
                         schema={c: pl.String for c in ("given_name", "family_name",
                                                        "full_name")})
    assert household_cards(frame).to_list() == [False] * 4

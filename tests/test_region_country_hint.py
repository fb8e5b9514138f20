"""kith's region question names the country a book's country column names (realworld21's
"Found and left", T3; docs/realworld22.md (a)). An Argentine press list writes "Argentina" in
its `País` column on most rows; kith asked for `default_region` without saying so. The
country's name is a hint only, never read as the numbers' region (a row's country may be an
outlet's, not its number's): the numbers stay unread until the user writes the code."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.normalize.country_names import book_country, region_of

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "press_list_pais_column.csv"


def _run(tmp_path: Path, body: bytes) -> tuple[str, pl.DataFrame]:
    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    (home / "exports" / "prensa.csv").write_bytes(body)
    (home / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return " ".join(res.output.split()), pl.read_parquet(home / "out" / "records.parquet")


def test_the_question_names_the_country_column_and_its_code(tmp_path):
    said, records = _run(tmp_path, FIXTURE.read_bytes())
    assert ('21 of the book\'s 24 rows name Argentina in their country column: '
            'default_region = "AR" if the numbers are from there (AR reads most of them)') in said
    assert "most of them are valid in AR," in said  # listed first among those that read them
    assert records.height == 24
    # a hint only: no national number is read without the user's default_region
    assert records["phones_e164"].list.len().sum() == 0
    assert "@" not in said


def test_no_country_column_or_no_majority_no_sentence(tmp_path):
    rows = FIXTURE.read_text("utf-8").splitlines()
    without = "\n".join(",".join(r.split(",")[:4]) for r in rows) + "\n"
    said, _ = _run(tmp_path / "a", without.encode())
    assert "country column" not in said and "default_region" in said
    # half Argentina, half Uruguay: no country is the book's
    mixed = [rows[0]] + [r.rsplit(",", 1)[0] + ("," + ("Uruguay" if i % 2 else "Argentina"))
                         for i, r in enumerate(rows[1:])]
    said, _ = _run(tmp_path / "b", ("\n".join(mixed) + "\n").encode())
    assert "country column" not in said


def test_country_names_in_several_languages_and_codes():
    for cell in ("Argentina", "ARGENTINA", " argentina ", "Argentinien", "Argentine", "AR",
                 "阿根廷"):
        assert region_of(cell) == "AR", cell
    assert region_of("USA") == "US" and region_of("United States") == "US"
    assert region_of("Deutschland") == "DE" and region_of("Allemagne") == "DE"
    assert region_of("Buenos Aires") is None and region_of("") is None and region_of(None) is None
    cells = pl.Series(["Argentina"] * 5 + ["ARGENTINA"] * 2 + ["Chile"] * 3 + [None] * 2)
    assert book_country(cells, 12) == ("Argentina", "AR", 7)
    assert book_country(cells, 14) is None  # 7 of 14: not more than half


"""Round 32 (docs/adversarial32.md): a need that names a company written with a dot or an
ampersand. "a backend role in Amsterdam, ideally at Booking.com" found nobody at "Booking.com
B.V.": the need was folded to "booking com", the organisation's key is "bookingcom", so the VP
there was no helper and three people elsewhere were suggested instead. Likewise "Barnes &
Noble" (key "barnes and noble"). Fixture written for kith: fictitious people."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner
from test_adversarial27_advice import linkedin_zip

from pipeline import config
from pipeline.cli import main
from pipeline.notes import notes_file

CONNECTIONS = (
    "Thomas,de Vries,https://www.linkedin.com/in/tdv,,Google,Backend Engineer,15 Nov 2025\n"
    "Jan,van der Berg,https://www.linkedin.com/in/jvdb,,Booking.com B.V.,Engineering Manager,"
    "20 Jun 2022\n"
    "Ines,Roth,https://www.linkedin.com/in/ir,,Barnes & Noble,Store Manager,20 Jun 2022\n"
    "Ola,Berg,https://www.linkedin.com/in/ob,,Booking Holdings,Analyst,20 Jun 2022\n"
    "Pia,Lund,https://www.linkedin.com/in/pl,,Acme,Software Engineer,20 Jun 2022\n")


def _run(home) -> None:
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output


def test_a_need_naming_booking_com_finds_who_works_there(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "li.zip").write_bytes(linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n",
                                                          CONNECTIONS))
    (tmp_path / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n[files]\n'
                                        'notes = "notes.csv"\n', "utf-8")
    _run(tmp_path)
    cfg = config.load(tmp_path / "kith.toml")
    people = pl.read_parquet(cfg.out / "people.parquet")
    ids = dict(people.select("display_name", "person_id").iter_rows())
    notes_file.set_note(cfg.files["notes"], ids["Thomas de Vries"], "Thomas de Vries",
                        need="a backend role in Amsterdam, ideally at Booking.com")
    notes_file.set_note(cfg.files["notes"], ids["Pia Lund"], "Pia Lund",
                        need="a contact at Barnes & Noble for a book launch")
    _run(tmp_path)
    intros = pl.read_parquet(cfg.out / "introductions.parquet")
    found = {(r["seeker_name"], r["helper_name"]): r["reason"]
             for r in intros.iter_rows(named=True)}
    assert "works at Booking.com B.V." in found[("Thomas de Vries", "Jan van der Berg")]
    assert "works at Barnes & Noble" in found[("Pia Lund", "Ines Roth")]
    # Booking Holdings is not the Booking.com the need names
    assert not any("works at Booking Holdings" in r for r in found.values())

"""A split you made holds after either card is edited (adversarial round 30).

`kith split` recorded "not the same person" between the two records' ids. A record id is a
hash of the card's name, first e-mail and phone and organisation, so when Joanna's card got
a new employer the decision named a record that no longer existed, and the next night merged
Jo and Joanna again ("merged: Jo Pratt"), their notes with them. The split now names each side
by its natural key (e-mail, phone, LinkedIn), as `kith keep-apart` does. Fictitious people."""

from __future__ import annotations

import contextlib

import polars as pl
from click.testing import CliRunner
from exports_support import run_home

from pipeline.cli import main
from pipeline.notes import notes_file


def _card(first: str, *lines: str) -> str:
    body = "".join(line + "\r\n" for line in lines)
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Pratt;{first};;;\r\nFN:{first} Pratt\r\n"
            f"{body}END:VCARD\r\n")


JO = _card("Jo", "TEL;type=CELL:+1 617 555 0151")


def _joanna(org: str) -> str:
    return _card("Joanna", "EMAIL;type=WORK:joanna.pratt@example.com", f"ORG:{org}")


def _people(home) -> pl.DataFrame:
    return pl.read_parquet(home / "out" / "people.parquet")


def test_a_split_holds_after_a_card_is_edited(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    phone = exports / "phone.vcf"
    phone.write_text(JO + _joanna("Kestrel Bank"), "utf-8")
    ids = run_home(tmp_path, exports)
    assert len(ids) == 1, ids  # kith merges them: Jo is a nickname of Joanna
    pid = next(iter(ids.values()))
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    jo = records.filter(pl.col("given_key") == "jo")["record_id"][0]
    notes_file.set_note(tmp_path / "data" / "notes.csv", pid, "Joanna Pratt",
                        need="mortgage advice")
    with contextlib.chdir(tmp_path):
        res = CliRunner().invoke(main, ["split", pid, jo, "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    split = {r["display_name"]: r["person_id"] for r in _people(tmp_path).iter_rows(named=True)}
    assert len(split) == 2
    phone.write_text(JO + _joanna("Heron Bank"), "utf-8")  # she changed jobs
    after = run_home(tmp_path, exports)
    assert after == split
    changes = pl.read_parquet(tmp_path / "out" / "changes.parquet")
    assert "merged" not in changes["change"].to_list()
    notes = notes_file.load_notes(tmp_path / "data" / "notes.csv")
    mine = notes.filter(pl.col("need") == "mortgage advice")
    assert mine["person_id"].to_list() == [after["Joanna Pratt"]]
    # a card holding both (Jo's mobile saved on Joanna's card) does not join them either
    phone.write_text(JO + _joanna("Heron Bank")
                     + _card("Jo", "TEL;type=CELL:+1 617 555 0151",
                             "EMAIL;type=WORK:joanna.pratt@example.com"), "utf-8")
    run_home(tmp_path, exports)
    people = _people(tmp_path)
    assert people.filter(pl.col("person_id").is_in([after["Jo Pratt"], after["Joanna Pratt"]])
                         ).height == 2


def test_a_split_in_serve_holds_after_a_card_is_edited(tmp_path):
    """The same through `kith serve`'s Split button."""
    import datetime as dt

    from serve_home import signed_in

    from pipeline import config
    from pipeline.dedupe import decisions as dec

    (tmp_path / "exports").mkdir()
    phone = tmp_path / "exports" / "phone.vcf"
    phone.write_text(JO + _joanna("Kestrel Bank"), "utf-8")
    (tmp_path / "kith.toml").write_text(
        'inputs = ["exports"]\nout = "out"\n[files]\ndecisions = "decisions.toml"\n'
        'notes = "notes.csv"\n', "utf-8")
    home = config.load(tmp_path / "kith.toml")
    ids = run_home(tmp_path, tmp_path / "exports")
    pid = next(iter(ids.values()))
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    jo = records.filter(pl.col("given_key") == "jo")["record_id"][0]
    with signed_in(home, 8765, dt.date(2026, 12, 6)) as client:
        r = client.post(f"/person/{pid}/split", data={"csrf": client.guard.csrf, "record_id": jo})
        assert r.status_code == 200
        assert client.kith.runner.wait(120).status == "done"
    keys = [(d.a, d.b) for d in dec.load(tmp_path / "decisions.toml")]
    assert keys == [("phone:+16175550151", "email:joanna.pratt@example.com")]
    split = {r["display_name"]: r["person_id"] for r in _people(tmp_path).iter_rows(named=True)}
    phone.write_text(JO + _joanna("Heron Bank"), "utf-8")
    assert run_home(tmp_path, tmp_path / "exports") == split

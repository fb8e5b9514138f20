"""A Rust library's panic is an internal error like any other, never a raw traceback.

pyo3 raises a panic as PanicException, which derives from BaseException alone, so every
`except Exception` let it through: `kith run` printed Rust's and Python's tracebacks (no crash
report), a reader's panic took a whole file instead of one card, and in `kith batch` one
owner's panic stopped every owner of its worker. polars 2.1's format panicked so on a filtered
column (docs/adversarial31.md P1; pipeline/textfmt.py). pipeline.errors.is_internal names
the panic, and the handlers that catch a bug catch it too."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from polars.exceptions import PanicException

from pipeline import changes
from pipeline import config as config_mod
from pipeline.batch import group, layout
from pipeline.cli import main
from pipeline.errors import is_internal
from pipeline.formats import vcard

GOOGLE = "First Name,Last Name,E-mail 1 - Value\nAnn,Lee,ann@example.org\nBo,Ek,bo@example.org\n"
CARDS = ("BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nFN:Ann Lee\nEND:VCARD\n"
         "BEGIN:VCARD\nVERSION:3.0\nN:Ek;Bo;;;\nFN:Bo Ek\nEND:VCARD\n")


def _panic(*_a, **_k):
    raise PanicException("assertion failed: i < self.len()")


def test_is_internal_names_panics_and_lets_interrupts_through():
    assert is_internal(PanicException("x")) and is_internal(ValueError("x"))
    assert not is_internal(KeyboardInterrupt()) and not is_internal(SystemExit(1))
    assert not is_internal(GeneratorExit())


def test_a_panic_in_a_run_is_one_sentence_a_report_and_the_previous_output(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "contacts.csv").write_text(GOOGLE, "utf-8")
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "contacts.csv"), "--out", str(out), "--as-of", "2026-11-22"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = (out / "people.parquet").read_bytes()
    monkeypatch.setattr(changes, "compute", _panic)
    result = CliRunner().invoke(main, [*args, "--full"])
    assert result.exit_code == 1
    assert "internal error" in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, PanicException)
    assert len(list((tmp_path / "state" / "kith" / "crashes").glob("crash-*.txt"))) == 1
    assert (out / "people.parquet").read_bytes() == before


def test_a_panic_reading_one_card_costs_that_card(tmp_path, monkeypatch):
    read_card = vcard._read_card

    def panics_on_bo(card, decoder, cache):
        return _panic() if "Bo Ek" in card.raw() else read_card(card, decoder, cache)

    monkeypatch.setattr(vcard, "_read_card", panics_on_bo)
    (tmp_path / "phone.vcf").write_text(CARDS, "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "phone.vcf"), "--out", str(out),
                                       "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    import polars as pl

    assert pl.read_parquet(out / "people.parquet")["display_name"].to_list() == ["Ann Lee"]
    rejects = pl.read_parquet(out / "rejects.parquet")
    assert rejects["reason"].to_list() == ["vCard could not be read (PanicException)"]


def test_one_owners_panic_fails_that_owner_alone(tmp_path, monkeypatch):
    owners = tmp_path / "owners"
    for oid in ("o1", "o2"):
        (owners / oid).mkdir(parents=True)
        (owners / oid / "contacts.csv").write_text(GOOGLE, "utf-8")
    calls = []
    compute = changes.compute

    def first_call_panics(*args, **kwargs):
        calls.append(1)
        return _panic() if len(calls) == 1 else compute(*args, **kwargs)

    monkeypatch.setattr(changes, "compute", first_call_panics)
    jobs = [layout.prepare(owners / oid, tmp_path / "out", config_mod.Config(),
                           dt.date(2025, 12, 1), "b1") for oid in ("o1", "o2")]
    results = group.run_group(jobs)
    statuses = sorted(r["status"] for r in results.values())
    assert statuses == ["failed", "ok"]
    failed = next(r for r in results.values() if r["status"] == "failed")
    assert failed["reason"].startswith("internal error (PanicException)")


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_still_stops_a_batch_owner(tmp_path, monkeypatch, exc):
    owners = tmp_path / "owners"
    (owners / "o1").mkdir(parents=True)
    (owners / "o1" / "contacts.csv").write_text(GOOGLE, "utf-8")

    def interrupt(*_a, **_k):
        raise exc()

    monkeypatch.setattr(changes, "compute", interrupt)
    jobs = [layout.prepare(owners / "o1", tmp_path / "out", config_mod.Config(),
                           dt.date(2025, 12, 1), "b1")]
    with pytest.raises(exc):
        group.run_group(jobs)

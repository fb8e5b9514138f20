"""A full disk is one sentence (exit 1), not an internal error: polars reports it as its own
ComputeError ("... No space left on device (os error 28)"), which once read as a kith bug."""

from __future__ import annotations

import errno

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import cli
from pipeline.cli import main
from pipeline.cli_base import disk_full

ROWS = "First Name,Last Name,E-mail Address\nAnn,Lee,ann@example.org\n"


def _polars_disk_full():
    return pl.exceptions.ComputeError("failed to write: No space left on device (os error 28)")


def _wrapped():
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as inner:
        try:
            raise RuntimeError("writer thread failed") from inner
        except RuntimeError as outer:
            return outer


@pytest.mark.parametrize("make", [_polars_disk_full, _wrapped,
                                  lambda: OSError(errno.EDQUOT, "Disk quota exceeded")])
def test_a_full_disk_is_recognised(make):
    assert disk_full(make())


def test_other_errors_are_not_a_full_disk():
    assert not disk_full(pl.exceptions.ComputeError("cannot compare string with numeric type"))
    assert not disk_full(OSError(errno.EACCES, "Permission denied"))


def test_a_run_on_a_full_disk_says_so_and_keeps_the_previous_output(tmp_path, monkeypatch):
    (tmp_path / "contacts.csv").write_text(ROWS)
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "contacts.csv"), "--out", str(out), "--as-of", "2026-11-22"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = (out / "people.parquet").read_bytes()

    def full(*_a, **_k):
        raise _polars_disk_full()

    monkeypatch.setattr(cli, "run", full)
    result = CliRunner().invoke(main, [*args, "--full"])
    assert result.exit_code == 1
    assert result.output.strip() == ("kith: failed: the disk is full (no space left on device). "
                                     "The previous output, if any, is unchanged.")
    assert (out / "people.parquet").read_bytes() == before

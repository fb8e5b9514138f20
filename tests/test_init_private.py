"""`kith init` makes a home readable by you only, as README says of the folders kith creates
(0700) and the files it writes (0600): the home's exports/ is where your contact exports go,
targets.toml names the companies you are pursuing. audit33 found them 0755 / 0644 under the
usual umask 022. A folder that already exists (`kith init .`, the default) keeps its mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

FILES = ("kith.toml", "networks.toml", "targets.toml", "drafts.toml")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def init(folder: Path):
    return CliRunner().invoke(main, ["init", str(folder)], catch_exceptions=False)


def test_a_new_home_and_its_exports_folder_are_yours_only(tmp_path, umask_022):
    home = tmp_path / "a" / "kith"
    assert init(home).exit_code == 0
    assert mode(home) == 0o700
    assert mode(home / "exports") == 0o700
    for name in FILES:
        assert mode(home / name) == 0o600, name


def test_an_existing_folder_keeps_its_mode_and_gets_a_private_exports(tmp_path, umask_022):
    home = tmp_path / "chosen"
    home.mkdir(mode=0o755)
    assert init(home).exit_code == 0
    assert mode(home) == 0o755  # the user's folder, not kith's to change
    assert mode(home / "exports") == 0o700
    assert mode(home / "kith.toml") == 0o600


def test_an_exports_folder_already_there_is_left_as_it_is(tmp_path, umask_022):
    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True, mode=0o755)
    (home / "exports" / "contacts.csv").write_text("First Name,Last Name\nAda,Fictus\n")
    assert init(home).exit_code == 0
    assert mode(home / "exports") == 0o755
    assert (home / "exports" / "contacts.csv").read_text().startswith("First Name")

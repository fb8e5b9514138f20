"""A career coach's `kith batch` over five clients (docs/user37.md): a client whose folder
holds nothing kith reads, one whose kith.toml names a mistyped inputs folder and one whose
folder is a link to nothing each fail alone and say why, as `kith run` would; `kith -q batch`
draws no counter on a terminal. Fixtures: tests/fixtures/user37 (fictitious)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures" / "user37"
AS_OF = "2026-12-07"


def kith(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def typo_home(folder: Path) -> Path:
    """A `kith init` home whose kith.toml's inputs folder is mistyped ("exprots")."""
    assert kith("init", folder).exit_code == 0
    shutil.copytree(FIX / "german", folder / "exports", dirs_exist_ok=True)
    toml = folder / "kith.toml"
    text = toml.read_text()
    assert 'inputs = ["exports"]' in text
    toml.write_text(text.replace('inputs = ["exports"]', 'inputs = ["exprots"]'))
    return toml


@pytest.fixture
def owners(tmp_path) -> Path:
    """anke (German Outlook CSV and phone vCard), dario (wrong files), emil (mistyped
    inputs in his kith.toml)."""
    root = tmp_path / "owners"
    shutil.copytree(FIX / "german", root / "anke")
    shutil.copytree(FIX / "wrong_files", root / "dario")
    typo_home(root / "emil")
    return root


def test_run_with_a_mistyped_inputs_folder_says_no_input_path_exists(tmp_path):
    """Nothing was read: the sentence is not "none of the input files is a contact export"."""
    res = kith("run", "--config", typo_home(tmp_path / "home"))
    assert res.exit_code == 1
    first, *files = res.stderr.strip().splitlines()
    assert first == ("kith: failed: None of the input paths exists. The previous output, if "
                     "any, is unchanged."), first
    assert files == [f"  {tmp_path / 'home' / 'exprots'}: rejected, Input path does not exist."]


def test_a_failed_owner_is_listed_with_each_file_and_why(owners, tmp_path):
    """The batch's summary and manifest say what `kith run` says of each file (they said only
    "none of the input files is a contact export kith can read", also for a path that is not
    there)."""
    out = tmp_path / "out"
    res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--workers", "1")
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    at = lines.index("kith:   dario: no usable input: none of the input files is a contact "
                     "export kith can read.")
    dario = lines[at + 1:at + 6]
    assert [line.split(":")[0] for line in dario] == [
        "      contacts.csv", "      photos.zip!IMG_0001.jpg", "      photos.zip!README.txt",
        "      settings.json", "      statement_2026-11.csv"], dario
    assert dario[0].endswith("rejected, The file is empty.")
    assert "statement_2026-11.csv: rejected, Not a recognised contact export" in dario[4]
    at = lines.index("kith:   emil: no usable input: none of the input paths exists.")
    assert lines[at + 1] == (f"      {owners / 'emil' / 'exprots'}: rejected, Input path does "
                             "not exist.")
    entries = json.loads((out / "manifest.json").read_text())["owners"]
    assert entries["anke"]["status"] == "ok" and entries["anke"]["counts"]["people"] == 8
    assert "\n  settings.json: skipped, Not a contact export: JSON data." in \
        entries["dario"]["reason"]
    assert "exprots: rejected, Input path does not exist." in entries["emil"]["reason"]
    assert "@" not in res.output and "555" not in res.output  # the fixtures' addresses, numbers


def test_an_owner_link_to_nothing_fails_by_name_and_keeps_its_outputs(owners, tmp_path):
    """A client folder kept elsewhere and linked in: when it is gone (moved, not mounted) the
    owner is a failed owner whose published outputs stay, not an entry ignored without a word
    whose outputs the batch removes."""
    clients = tmp_path / "clients"
    shutil.copytree(FIX / "german", clients / "fatima")
    (owners / "fatima").symlink_to(clients / "fatima", target_is_directory=True)
    out = tmp_path / "out"
    assert kith("batch", owners, "--out", out, "--as-of", AS_OF, "--workers", "1").exit_code == 0
    shutil.rmtree(clients / "fatima")
    res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--workers", "1", "--strict")
    assert res.exit_code == 3, res.output
    assert (f"kith:   fatima: the owner's folder is a link to {clients / 'fatima'}, which is "
            "not there (moved, deleted or not mounted?).") in res.stderr.splitlines()
    m = json.loads((out / "manifest.json").read_text())
    assert m["owners"]["fatima"]["status"] == "failed"
    assert m["owners"]["fatima"]["previous_output_kept"] is True
    assert m["removed"] == [] and "fatima" not in m["ignored"]
    assert (out / "people" / "owner_id=fatima" / "part-0.parquet").is_file()
    assert (out / "worksheets" / "fatima" / "index.html").is_file()


@pytest.mark.parametrize("quiet", [False, True])
def test_quiet_batch_draws_no_counter_on_a_terminal(owners, tmp_path, monkeypatch, quiet):
    """`-q` is "No progress lines" for the batch's owner counter too; the summary stays.
    CliRunner's stderr stands in for a terminal (the batch asked sys.stderr.isatty() itself)."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    shutil.rmtree(owners / "dario")
    shutil.rmtree(owners / "emil")
    args = ["-q"] if quiet else []
    res = kith(*args, "batch", owners, "--out", tmp_path / "out", "--as-of", AS_OF,
               "--workers", "1")
    assert res.exit_code == 0, res.output
    counter = re.search(r"\rkith: \d+ owners? done", res.stderr)
    assert (counter is None) is quiet, res.stderr
    assert res.stderr.startswith("kith: ") and "\n\n" not in res.stderr


def test_one_owner_reads_as_one_owner(owners, tmp_path):
    """"1 owner", "1 opted-in owner", "1 record" (it said "1 owners"), as `kith run` says
    "1 file"."""
    shutil.rmtree(owners / "dario")
    shutil.rmtree(owners / "emil")
    (owners / "anke" / "OPT_IN").touch()
    res = kith("batch", owners, "--out", tmp_path / "out", "--as-of", AS_OF, "--workers", "1")
    lines = res.stderr.splitlines()
    assert lines[0] == "kith: 1 owner: 1 to run, 0 unchanged.", lines
    assert lines[1].startswith("kith: 1 owner: 1 ran, 0 unchanged, 0 failed; 10 records in ")
    assert lines[2] == "kith: warm paths: 0 rows from 1 opted-in owner", lines

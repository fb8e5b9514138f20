"""A `file` rule puts everyone of an input file in a network: an event's guest list or a club's
roster says what the group is only by being that list (rw31: every CSV is source `csv`, so no
rule could tell a Meetup attendee list from any other CSV). Entries are shell patterns matched
against the file's name or the end of its path, in any case; a zip's member is a file in a
folder named after the zip."""

from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.tagging import rules
from pipeline.tagging.evidence import file_entry

RULE = """
[[rule]]
name = "my-community-lists"
network = "community"
kind = "file"
match = [{match}]
"""


@pytest.mark.parametrize(("path", "entries", "expected"), [
    ("events/Meetup-June.csv", ("meetup*.csv",), "meetup*.csv"),
    ("Meetup-June.csv", ("meetup*.csv",), "meetup*.csv"),
    ("clubs/volunteers/roster.csv", ("volunteers/*",), "volunteers/*"),
    ("export.zip!Members.csv", ("members.csv",), "members.csv"),
    ("export.zip!Members.csv", ("export.zip/*",), "export.zip/*"),
    ("contacts.csv", ("meetup*.csv", "volunteers/*"), None),
    ("meetups-old/contacts.csv", ("meetup*.csv",), None),  # a folder's name is not the file's
])
def test_an_entry_matches_the_file_name_or_the_end_of_its_path(path, entries, expected):
    assert file_entry(path, entries) == expected


@pytest.mark.parametrize("entry", ["*", "**", "*/*", " "])
def test_an_entry_that_names_no_file_is_refused(tmp_path, entry):
    path = tmp_path / "networks.toml"
    path.write_text(RULE.format(match=f'"{entry}"'), encoding="utf-8")
    with pytest.raises(rules.RulesError, match="names no file|non-empty"):
        rules.load_rules(path)


def _home(tmp_path, match: str):
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path / "h")]).exit_code == 0
    home = tmp_path / "h"
    (home / "exports" / "events").mkdir()
    (home / "exports" / "events" / "Meetup-June.csv").write_text(
        "First Name,Last Name,Email\nAda,Quill,ada.quill@example.net\n"
        "Ben,Orr,ben.orr@example.net\n", encoding="utf-8")
    (home / "exports" / "friends.csv").write_text(
        "first_name,last_name,email\nCara,Voss,cara@example.com\n"
        "Ada,Quill,ada.quill@example.net\n", encoding="utf-8")
    with (home / "networks.toml").open("a", encoding="utf-8") as f:
        f.write(RULE.format(match=match))
    result = runner.invoke(main, ["run", "--config", str(home / "kith.toml")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return runner, home


def test_everyone_in_a_matching_file_is_in_the_network_with_the_file_named(tmp_path):
    runner, home = _home(tmp_path, '"MEETUP*.csv"')
    people = pl.read_parquet(home / "out" / "people.parquet").select("person_id", "display_name")
    networks = (pl.read_parquet(home / "out" / "networks.parquet")
                .filter(pl.col("rule") == "my-community-lists")
                .join(people, on="person_id"))
    assert sorted(networks["display_name"]) == ["Ada Quill", "Ben Orr"]  # not Cara
    assert set(networks["network"]) == {"community"}
    assert set(networks["reason"]) == {"in your file 'Meetup-June.csv'"}
    shown = runner.invoke(main, ["networks", "--config", str(home / "kith.toml"), "Ben Orr"])
    assert "in your file 'Meetup-June.csv'" in shown.output
    # Ada's other record (friends.csv) merged with her attendee row: she is still in it
    ada = runner.invoke(main, ["networks", "--config", str(home / "kith.toml"), "Ada Quill"])
    assert "community" in ada.output and "Meetup-June.csv" in ada.output


def test_a_rule_matching_no_file_tags_nobody(tmp_path):
    _, home = _home(tmp_path, '"volunteers/*"')
    networks = pl.read_parquet(home / "out" / "networks.parquet")
    assert networks.filter(pl.col("rule") == "my-community-lists").height == 0

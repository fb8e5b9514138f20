"""Introductions as a table (introductions.parquet) and in `kith serve`: the worksheets show
the rows of that one computation; Accept logs a `gave` once, Dismiss hides a suggestion, both
kept in the user's introduction_decisions.csv through every refresh; the security checks hold
for these forms too; nobody marked do-not-contact is ever suggested."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import polars as pl
import pytest
from click.testing import CliRunner
from serve_home import AS_OF, signed_in

from pipeline import config, schema
from pipeline.cli import main
from pipeline.enrich import intro_decisions
from pipeline.notes import ledger as ledger_mod
from pipeline.notes import notes_file
from pipeline.run import run

PORT = 8766
TODAY = dt.date(2026, 12, 3)
SEEKER = "Kenneth Smith"  # Co-Founder & CEO in data/sample
NEED = "a lawyer to read a contract"  # data/sample has two attorneys


@pytest.fixture(scope="module")
def base(sample_homes):
    return sample_homes.home_with_a_need("module", SEEKER, NEED).path.parent


@pytest.fixture
def home(base, tmp_path):
    """A fresh copy of the home for each test (they write the user's files)."""
    shutil.copytree(base, tmp_path / "home", symlinks=True)
    return config.load(tmp_path / "home" / "kith.toml")


@pytest.fixture
def client(home):
    with signed_in(home, PORT, TODAY) as c:
        yield c


def intros(home) -> pl.DataFrame:
    return pl.read_parquet(home.out / "introductions.parquet")


def ledger(home) -> pl.DataFrame:
    return ledger_mod.load_ledger(ledger_mod.ledger_path(home.files["notes"]))


def first(home) -> dict:
    return intros(home).filter(pl.col("rank") == 1).row(0, named=True)


def post(client, iid: str, action: str, **extra):
    data = {"csrf": client.guard.csrf, "action": action}
    return client.post(f"/introductions/{iid}", data=data, **extra)


def test_the_run_publishes_the_table_the_worksheets_show(home):
    frame = intros(home)
    assert list(frame.columns) == list(schema.INTRODUCTIONS)
    assert frame.height == 2 and set(frame["status"]) == {"open"}
    assert frame["rank"].to_list() == [1, 2]
    assert all(re.fullmatch(r"i_[0-9a-f]{16}", i) for i in frame["introduction_id"])
    assert set(frame["seeker_name"]) == {SEEKER} and set(frame["need"]) == {NEED}
    assert set(frame["helper_name"]) == {"Lori Gregory", "Amanda Brown"}
    assert first(home)["reason"].startswith("is an Attorney")
    # the worksheets read the same rows: CSV, page and index
    csv = pl.read_csv(home.out / "worksheets" / "introductions.csv", infer_schema=False)
    assert csv["introduction_id"].to_list() == frame["introduction_id"].to_list()
    page = (home.out / "worksheets" / "introductions.html").read_text("utf-8")
    index = (home.out / "worksheets" / "index.html").read_text("utf-8")
    for name in frame["helper_name"]:
        assert name in page and name in index


def test_ids_survive_a_refresh(home):
    before = intros(home)["introduction_id"].to_list()
    result = CliRunner().invoke(main, ["run", "--full", "--config", str(home.path),
                                       "--as-of", "2026-12-02"])
    assert result.exit_code == 0, result.output
    assert intros(home)["introduction_id"].to_list() == before


def test_accept_logs_a_gave_once_and_the_page_moves_it_to_answered(client, home):
    row = first(home)
    r = post(client, row["introduction_id"], "accept")
    assert r.status_code == 200 and "Logged: you gave Kenneth Smith an introduction to" in r.text
    again = post(client, row["introduction_id"], "accept")
    assert "Already accepted; nothing logged again." in again.text
    entries = ledger(home).filter(pl.col("person_id") == row["seeker_id"])
    assert entries.select("kind", "text", "date").rows() == [
        ("gave", f"introduced to {row['helper_name']}", TODAY)]
    # a later dismiss (a stale page) does not take the acceptance back
    post(client, row["introduction_id"], "dismiss")
    page = client.get("/introductions").text
    assert f'id="{row["introduction_id"]}"' not in page
    assert f"{row['helper_name']}</bdi>: accepted" in page
    person = client.get(f"/person/{row['seeker_id']}").text
    assert f"introduced to {row['helper_name']}" in person


def test_answers_survive_a_kith_run_refresh(client, home):
    accepted, dismissed = intros(home)["introduction_id"].to_list()
    post(client, accepted, "accept")
    post(client, dismissed, "dismiss")
    result = CliRunner().invoke(main, ["run", "--config", str(home.path),
                                       "--as-of", "2026-12-03"])
    assert result.exit_code == 0, result.output
    frame = intros(home)
    status = dict(zip(frame["introduction_id"], frame["status"], strict=True))
    assert status == {accepted: "accepted", dismissed: "dismissed"}
    assert frame["rank"].null_count() == 2  # nothing open is ranked
    csv = pl.read_csv(home.out / "worksheets" / "introductions.csv", infer_schema=False)
    assert csv.height == 0  # the worksheets show open ones only
    page = (home.out / "worksheets" / "introductions.html").read_text("utf-8")
    assert "2 more you accepted or dismissed are not shown" in page
    assert ledger(home).filter(pl.col("kind") == "gave").height == 1
    html = client.get("/introductions").text
    assert f'id="{accepted}"' not in html and f'id="{dismissed}"' not in html
    # and accepting again after the refresh still logs nothing
    post(client, accepted, "accept")
    assert ledger(home).filter(pl.col("kind") == "gave").height == 1


def test_a_dismissed_suggestion_makes_room_for_the_next_best(home, monkeypatch):
    monkeypatch.setattr("pipeline.enrich.introductions.HELPERS_PER_NEED", 1)
    run(home, home.inputs, home.out, as_of=AS_OF, stages=("outreach",))
    shown = intros(home).filter(pl.col("status") == "open")
    assert shown.height == 1
    intro_decisions.dismiss(home.files["notes"], shown.row(0, named=True), TODAY)
    run(home, home.inputs, home.out, as_of=AS_OF, stages=("outreach",))
    after = intros(home)
    assert after.filter(pl.col("status") == "open")["helper_id"].to_list() != \
        shown["helper_id"].to_list()
    assert after.filter(pl.col("status") == "dismissed").height == 1


@pytest.mark.parametrize("token", [None, "", "0" * 64])
def test_a_post_without_the_csrf_token_is_refused_and_logs_nothing(client, home, token):
    iid = first(home)["introduction_id"]
    data = {"action": "accept"} | ({} if token is None else {"csrf": token})
    r = client.post(f"/introductions/{iid}", data=data)
    assert r.status_code == 403 and "CSRF" in r.text
    assert ledger(home).height == 0
    assert not intro_decisions.decisions_path(home.files["notes"]).exists()


@pytest.mark.parametrize("headers", [{"host": "evil.example:8766"}, {"host": "attacker.test"},
                                     {"origin": "http://evil.example"}])
def test_a_foreign_host_or_origin_is_refused(client, home, headers):
    r = post(client, first(home)["introduction_id"], "accept", headers=headers)
    assert r.status_code == 403
    assert ledger(home).height == 0


def test_unknown_ids_and_actions_are_refused(client, home):
    assert post(client, "i_0000000000000000", "accept").status_code == 404
    assert post(client, first(home)["introduction_id"], "maybe").status_code == 400
    assert ledger(home).height == 0


def test_do_not_contact_is_never_suggested_nor_accepted(client, home):
    row = first(home)
    notes_file.set_note(home.files["notes"], row["helper_id"], row["helper_name"],
                        do_not_contact=True)
    # at once in serve, before any re-run
    assert f'id="{row["introduction_id"]}"' not in client.get("/introductions").text
    assert post(client, row["introduction_id"], "accept").status_code == 409
    assert ledger(home).height == 0
    # and in the next run's table
    run(home, home.inputs, home.out, as_of=AS_OF)
    assert row["helper_id"] not in intros(home)["helper_id"].to_list()
    # a seeker marked do-not-contact has no suggestions at all
    notes_file.set_note(home.files["notes"], row["seeker_id"], row["seeker_name"],
                        do_not_contact=True)
    run(home, home.inputs, home.out, as_of=AS_OF)
    assert intros(home).height == 0


def test_the_decisions_file_is_never_read_as_contacts(home):
    path = intro_decisions.decisions_path(home.files["notes"])
    intro_decisions.dismiss(home.files["notes"], first(home), TODAY)
    assert path.exists() and path in home.own_files()


def test_kith_forget_removes_them_from_introductions_and_your_answers(client, home):
    row = first(home)
    post(client, row["introduction_id"], "accept")
    result = CliRunner().invoke(main, ["forget", row["seeker_id"], "--yes",
                                       "--config", str(home.path)])
    assert result.exit_code == 0, result.output
    path = intro_decisions.decisions_path(home.files["notes"])
    assert row["seeker_id"] not in path.read_text("utf-8")
    for table in (home.out / "runs").rglob("introductions.parquet"):
        assert row["seeker_id"] not in pl.read_parquet(table)["seeker_id"].to_list()
    assert intros(home).height == 0


def test_the_person_page_lists_their_open_introductions_with_the_same_buttons(client, home):
    row = first(home)
    seeker = client.get(f"/person/{row['seeker_id']}").text
    assert f"needs <bdi>{NEED}</bdi>" in seeker and row["helper_name"] in seeker
    assert f'action="/introductions/{row["introduction_id"]}"' in seeker
    helper = client.get(f"/person/{row['helper_id']}").text
    assert "can help" in helper and f'action="/introductions/{row["introduction_id"]}"' in helper
    post(client, row["introduction_id"], "dismiss")
    assert f'action="/introductions/{row["introduction_id"]}"' not in \
        client.get(f"/person/{row['helper_id']}").text


def test_a_dismiss_alone_makes_the_next_run_recompute_the_worksheets(client, home):
    # nothing else changed: without the decisions file in the refresh fingerprint the run
    # would be reused as it was and the worksheets would keep suggesting it
    row = first(home)
    args = ["run", "--config", str(home.path), "--as-of", AS_OF.isoformat()]
    assert CliRunner().invoke(main, args).exit_code == 0  # records the refresh fingerprint
    run_id = json.loads((home.out / "manifest.json").read_text())["run_id"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert json.loads((home.out / "manifest.json").read_text())["run_id"] == run_id  # reused
    post(client, row["introduction_id"], "dismiss")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((home.out / "manifest.json").read_text())
    assert manifest["run_id"] != run_id and manifest["stages_run"] == ["outreach"]
    frame = intros(home)
    assert frame.filter(pl.col("introduction_id") == row["introduction_id"])["status"] \
        .to_list() == ["dismissed"]
    csv = pl.read_csv(home.out / "worksheets" / "introductions.csv", infer_schema=False)
    assert row["introduction_id"] not in csv["introduction_id"].to_list()

"""Telegram Desktop's "Export Telegram data" result.json (pipeline/formats/telegram.py), on
hand-made fictitious fixtures in the writer's shape (tests/fixtures/telegram/README.md)."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.formats.telegram import CHAT_EXPORT, DELETED_REASON, NOTHING, read
from pipeline.formats.telegram_chats import NO_NAME_REASON
from pipeline.stages.ingest_parse import Skip, parse_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
NOT_PEOPLE = {"Sasha Orlova", "Dacha Neighbours", "GIF Search", "Pavel Kuznetsov", "Alexei"}


def _parse(name: str):
    return parse_bytes((FIXTURES / name).read_bytes(), name, "utf-8")


def test_contacts_list_is_read_and_nothing_else():
    fmt, reason, parsed = _parse("result.json")
    assert (fmt, reason) == ("telegram_json", None)
    assert parsed.rows_total == 12  # 7 list entries, the owner, 4 personal-chat messages
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["source_row"] for r in rows] == [0, 1, 2, 4, 5, 6]
    assert {(r["source"], r["source_format"]) for r in rows} == {("telegram", "telegram_contacts")}
    assert [(r["given_name"], r["family_name"]) for r in rows] == [
        ("Олег", "Смирнов"), ("Ирина", None), ("Dmitry", "Volkov"), ("Taras", "Bondarenko"),
        ("Kate", "Lee 🌸"), ("Mama", None)]
    # a contact added by username has no number: a person by name, no phone invented
    assert rows[4]["phones"] == []
    assert rows[0]["connected_on"] == "2022-04-26T19:06:40"
    # the deleted contact (its dates only) is a reject with its position and reason
    rejects = parsed.rejects.sort("source_row").to_dicts()
    assert [(r["source_row"], r["reason"]) for r in rejects] == [
        (3, DELETED_REASON), (11, NO_NAME_REASON)]
    # the owner is owner rows, never a contact; frequent contacts and chats are nobody
    owner = parsed.owner.sort("kind").to_dicts()
    assert [(o["source_row"], o["kind"]) for o in owner] == [(7, "phone"), (7, "profile")]
    assert (owner[1]["first_name"], owner[1]["last_name"]) == ("Alexei", "Ivanov")
    shown = str(parsed.contacts.to_dicts())
    assert not any(name in shown for name in NOT_PEOPLE)
    assert "Привет" not in shown


def test_one_to_one_chats_are_interactions_and_other_chats_are_not_read():
    """kith reads LinkedIn's messages as interactions; a Telegram export's personal chats are
    the same evidence. Group chats, Saved Messages, bots and service messages (a call) are
    not read; a chat with a deleted account (no name) is a reject per message."""
    _, _, parsed = _parse("result.json")
    talks = parsed.interactions.sort("source_row").to_dicts()
    assert [(t["source_row"], t["direction"], t["counterpart_name"]) for t in talks] == [
        (8, "incoming", "Олег Смирнов"), (9, "outgoing", "Олег Смирнов"),
        (10, "incoming", "Олег Смирнов")]
    assert {(t["source"], t["source_format"], t["kind"]) for t in talks} == {
        ("telegram", "telegram_messages", "message")}
    assert talks[0]["occurred_raw"] == "2023-11-14 22:13:20 UTC"  # from date_unixtime
    assert talks[2]["detail"] == "Look: https://example.org/dacha tomorrow?"
    assert "Water is off" not in str(talks) and "note to self" not in str(talks)


def test_an_old_exports_numeric_from_id_gives_the_direction():
    """Exports before 2020 wrote `from_id` as the bare user id, and no `date_unixtime`."""
    doc = {"about": "x", "contacts": {"about": "x", "list": []},
           "chats": {"about": "x", "list": [{"name": "Ben Ito", "type": "personal_chat", "id": 7,
                                             "messages": [
                {"id": 1, "type": "message", "date": "2019-02-03T04:05:06", "from_id": 7,
                 "text": "hi"},
                {"id": 2, "type": "message", "date": "2019-02-03T04:06:00", "from_id": 1,
                 "text": "hello"}]}]}}
    _, _, parsed = read(json.dumps(doc))
    talks = parsed.interactions.sort("source_row")
    assert talks.select("source_row", "direction", "occurred_raw").rows() == [
        (0, "incoming", "2019-02-03T04:05:06"), (1, "outgoing", "2019-02-03T04:06:00")]


def test_the_writers_plus_is_dropped_only_from_numbers_it_made_invalid():
    """formatPhone puts `+` before every number not starting with 0: a phone-book number
    without its country code (`8 916…`) is written `+8916…`, no valid number; kith gets it
    without that `+`, and a valid international number as written."""
    _, _, parsed = _parse("result.json")
    phones = dict(zip(parsed.contacts["source_row"], parsed.contacts["phones"], strict=True))
    assert phones[0].to_list() == ["+7 916 555 01 01"]
    assert phones[1].to_list() == ["89165550102"]
    _, _, us = _parse("result_us_numbers_x_escape.json")
    got = us.contacts.sort("source_row")["phones"].to_list()
    assert got == [["+1 415 555 0131"], ["6505550132"], ["2125550133"], ["+49 151 55501340"]]


def test_the_writers_x_escape_does_not_lose_the_file():
    """The writer escapes a control character as `\\x0B`, which no JSON reader accepts."""
    text = (FIXTURES / "result_us_numbers_x_escape.json").read_text("utf-8")
    try:
        json.loads(text)
    except ValueError:
        pass
    else:  # pragma: no cover - the fixture must hold the escape
        raise AssertionError("fixture lost its \\x escape")
    fmt, reason, parsed = read(text)
    assert (fmt, reason) == ("telegram_json", None)
    assert parsed.contacts.height == 4


def test_a_field_a_later_writer_adds_does_not_lose_the_list():
    """The evidence is the document's top level and each entry's three contact fields, which
    the writer always writes; a field beside them (a later version's) is let be."""
    entry = {"user_id": 5, "first_name": "Ben", "last_name": "Ito", "phone_number": "",
             "birthday": "1990-01-02", "date": "2024-01-03T10:00:00", "date_unixtime": "1"}
    doc = {"about": "x", "contacts": {"about": "x", "list": [entry]}}
    fmt, reason, parsed = read(json.dumps(doc))
    assert parsed.contacts["given_name"].to_list() == ["Ben"]


def test_json_of_other_shapes_stays_skipped():
    """Skipped, and said to be contacts kith does not read as JSON (docs/realworld39b.md)."""
    for name in ("other_app_contacts.json", "lookalike_contacts_list.json"):
        fmt, reason, parsed = _parse(name)
        assert (fmt, parsed) == ("json", None), name
        assert isinstance(reason, Skip) and reason.startswith(
            "JSON data: 2 records with contact fields"), name


def test_telegram_exports_without_contacts():
    """Contacts not ticked: the owner (and one-to-one chats) are still read; an export with
    nothing kith reads, and one chat exported alone, are skipped with a reason."""
    fmt, reason, parsed = _parse("result_chats_only.json")
    assert (fmt, reason, parsed.rows_total) == ("telegram_json", None, 1)
    assert parsed.contacts.height == 0 and parsed.interactions.height == 0
    assert parsed.owner["kind"].to_list() == ["profile", "phone"]
    sessions_only = {"about": "x", "sessions": {"about": "x", "list": [{"platform": "Linux"}]}}
    assert read(json.dumps(sessions_only)) == ("telegram_json", NOTHING, None)
    fmt, reason, parsed = _parse("single_chat.json")
    assert (fmt, str(reason), parsed) == ("telegram_json", CHAT_EXPORT, None)


_name = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_entry = st.one_of(
    st.fixed_dictionaries({"date": st.just("2024-01-02T03:04:05"),
                           "date_unixtime": st.just("1704164645")}),
    st.fixed_dictionaries(
        {"first_name": _name, "last_name": _name,
         "phone_number": st.sampled_from(["", "+7 916 555 01 01", "+89165550102", "0401 555 010"]),
         "date": st.just("2024-01-02T03:04:05"), "date_unixtime": st.just("1704164645")},
        optional={"user_id": st.integers(1, 10**10)}),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_entry, max_size=12), st.booleans())
def test_every_list_entry_ends_a_person_or_a_reject(entries, with_owner):
    doc = {"about": "x", "contacts": {"about": "x", "list": entries}}
    if with_owner:
        doc["personal_information"] = {"user_id": 1, "first_name": "O", "last_name": "W",
                                       "phone_number": "+7 903 555 0100"}
    found = read(json.dumps(doc, ensure_ascii=False))
    assert found is not None
    fmt, reason, parsed = found
    if parsed is None:
        assert not entries and not with_owner and reason
        return
    people = set(parsed.contacts["source_row"])
    rejected = set(parsed.rejects["source_row"])
    assert not people & rejected
    assert people | rejected == set(range(len(entries)))
    for row in rejected:
        assert not any(str(entries[row].get(k, "")).strip()
                       for k in ("first_name", "last_name", "phone_number"))
    assert parsed.rows_total == len(entries) + with_owner
    assert set(parsed.owner["source_row"]) == ({len(entries)} if with_owner else set())


def test_kith_run_on_a_folder_with_a_result_json(tmp_path):
    inbox = tmp_path / "DataExport_2026-12-07"
    inbox.mkdir()
    shutil.copy(FIXTURES / "result.json", inbox / "result.json")
    shutil.copy(FIXTURES / "other_app_contacts.json", inbox / "contacts.json")
    home = tmp_path / "home"
    home.mkdir()
    with contextlib.chdir(home):
        res = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "kith"),
                                        "--as-of", "2026-12-07"])
    assert res.exit_code == 0, res.output
    assert "+7" not in res.output and "5550" not in res.output  # no number in the log
    out = tmp_path / "kith"
    files = pl.read_parquet(out / "files.parquet").sort("path")
    assert files.select("path", "format", "status").rows() == [
        ("contacts.json", "json", "skipped"), ("result.json", "telegram_json", "ingested")]
    records = pl.read_parquet(out / "records.parquet").sort("source_row")
    assert records["source_row"].to_list() == [0, 1, 2, 4, 5, 6]
    # the phone-book number without its country code is read by the book's region (RU)
    assert records["phones_e164"].to_list()[1] == ["+79165550102"]
    people = pl.read_parquet(out / "people.parquet")
    assert people.height == 6 and set(people["sources"].explode()) == {"telegram"}
    rejects = pl.read_parquet(out / "rejects.parquet").sort("source_row")
    assert rejects.select("source_file", "source_row", "reason").rows() == [
        ("result.json", 3, DELETED_REASON), ("result.json", 11, NO_NAME_REASON)]
    owner = pl.read_parquet(out / "owner.parquet")
    assert set(owner["kind"]) == {"profile", "phone"}
    # the personal chat's messages reach the contact by the chat's name
    oleg = people.filter(pl.col("display_name") == "Олег Смирнов").row(0, named=True)
    assert (oleg["messages_sent"], oleg["messages_received"]) == (1, 2)
    assert str(oleg["last_interaction"]) == "2023-11-15"


def test_an_export_cut_short_is_rejected_as_damaged_not_skipped_as_json():
    """A result.json whose download stopped mid-list does not parse: it was skipped as "JSON
    data" (the user's contacts dropped without a word in the rejects); it is a rejected
    Telegram export with where the JSON breaks (docs/fuzz31.md F1)."""
    fmt, reason, parsed = _parse("result_cut_short.json")
    assert fmt == "telegram_json" and parsed is None
    assert not isinstance(reason, Skip)
    assert "cut short or damaged" in reason and "line 46" in reason  # the end of the file
    # JSON of another shape that does not parse stays what it was: skipped as JSON data
    fmt, reason, _ = parse_bytes(b'{"name": "a", "items": [1, 2', "data.json", "utf-8")
    assert fmt == "json" and isinstance(reason, Skip)


def test_kith_run_counts_a_cut_short_export_as_a_rejected_file(tmp_path):
    shutil.copy(FIXTURES / "result_cut_short.json", tmp_path / "result.json")
    (tmp_path / "contacts.csv").write_text("First Name,Last Name,E-mail 1 - Value\n"
                                           "Ann,Lee,ann@example.org\n", "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(tmp_path), "--out", str(out), "--strict",
                                    "--as-of", "2026-11-22"])
    assert res.exit_code == 3, res.output
    files = pl.read_parquet(out / "files.parquet").filter(pl.col("path") == "result.json")
    assert files["status"].to_list() == ["rejected"]
    rejects = pl.read_parquet(out / "rejects.parquet").filter(pl.col("source_file") == "result.json")
    assert rejects.height == 1 and "cut short or damaged" in rejects["reason"][0]

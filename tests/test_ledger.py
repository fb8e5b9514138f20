"""ledger.csv: append-only entries, reciprocity flags, and what a logged talk changes."""

from __future__ import annotations

import codecs
import datetime as dt
import stat

import polars as pl
import pytest

from pipeline import schema
from pipeline.notes import ledger
from pipeline.notes.ledger import (
    ASK_FIRST,
    OWE,
    append_entry,
    apply_to_people,
    load_ledger,
    reciprocity,
)
from pipeline.notes.notes_file import load_notes, sync_notes
from pipeline.notes.notes_frame import NOTES

D = dt.date


def entries(*rows: tuple[str, str, D]) -> pl.DataFrame:
    """(person_id, kind, date) rows as load_ledger returns them."""
    return pl.DataFrame({
        "line": list(range(2, len(rows) + 2)), "date": [r[2] for r in rows],
        "person_id": [r[0] for r in rows], "name": [""] * len(rows),
        "kind": [r[1] for r in rows], "text": [""] * len(rows), "problem": [None] * len(rows),
    }, schema=ledger.LEDGER)


def test_append_creates_a_private_file_and_only_ever_appends(tmp_path):
    path = tmp_path / "ledger.csv"
    append_entry(path, "p_a", "Ann", "gave", "sent  the\nintro", D(2026, 1, 5))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_bytes()
    assert first.startswith(codecs.BOM_UTF8)
    assert first.decode("utf-8-sig").splitlines() == [
        "date,person_id,name,kind,text", "2026-01-05,p_a,Ann,gave,sent the intro"]
    append_entry(path, "p_b", "=cmd|' /C calc'!A0", "asked", "-for a referral", D(2026, 1, 6))
    second = path.read_bytes()
    assert second.startswith(first)  # nothing before the new line changed
    assert second.decode("utf-8").splitlines()[-1] == (
        "2026-01-06,p_b,'=cmd|' /C calc'!A0,asked,'-for a referral")


def test_append_after_a_user_edit_keeps_their_dialect_and_missing_final_newline(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("date;person_id;name;kind;text;my note\n2026-01-01;p_a;Ann;talked;lunch;ok",
                    "utf-8")
    append_entry(path, "p_a", "Ann", "gave", "book", D(2026, 1, 2))
    assert path.read_text("utf-8").splitlines() == [
        "date;person_id;name;kind;text;my note", "2026-01-01;p_a;Ann;talked;lunch;ok",
        "2026-01-02;p_a;Ann;gave;book;"]


def test_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="gave, asked, received, talked"):
        append_entry(tmp_path / "l.csv", "p_a", "Ann", "helped", "x", D(2026, 1, 1))


def test_load_marks_entries_it_cannot_count(tmp_path, caplog):
    path = tmp_path / "ledger.csv"
    path.write_text("date,person_id,name,kind,text\n"
                    "2026-01-01,p_a,Ann,GAVE,intro\n"
                    "someday,p_a,Ann,asked,x\n"
                    "2026-01-02,p_a,Ann,hugged,x\n"
                    "2026-01-03,,Ann,talked,x\n"
                    "1/4/2026,p_a,Ann,talked,'=not a formula\n", "utf-8")
    frame = load_ledger(path)
    assert frame["problem"].to_list() == [None, "no readable date",
                                          "kind is not one of gave, asked, received, talked",
                                          "no person_id", None]
    assert frame["kind"][0] == "gave" and frame["date"][4] == D(2026, 1, 4)
    assert frame["text"][4] == "=not a formula"
    assert "3 entries" in caplog.text
    assert ("line 3: no readable date; line 4: kind is not one of gave, asked, received, "
            "talked; line 5: no person_id") in caplog.text
    assert reciprocity(frame)["gives"].to_list() == [1]


def test_reciprocity_counts_balance_and_flags():
    frame = entries(
        ("p_asker", "asked", D(2026, 1, 1)), ("p_asker", "asked", D(2026, 2, 1)),
        ("p_asker", "gave", D(2026, 1, 15)),
        ("p_owed", "received", D(2026, 1, 3)), ("p_owed", "received", D(2026, 3, 3)),
        ("p_even", "gave", D(2026, 1, 1)), ("p_even", "asked", D(2026, 1, 2)),
        ("p_even", "received", D(2026, 1, 9)), ("p_even", "talked", D(2026, 1, 9)),
    )
    r = {row["person_id"]: row for row in reciprocity(frame).iter_rows(named=True)}
    assert r["p_asker"]["asks"] == 2 and r["p_asker"]["gives"] == 1
    assert r["p_asker"]["ask_first"] and r["p_asker"]["flag"] == ASK_FIRST
    assert r["p_asker"]["last_ask"] == D(2026, 2, 1) and r["p_asker"]["last_give"] == D(2026, 1, 15)
    assert r["p_owed"]["owes"] and r["p_owed"]["balance"] == -2
    assert r["p_owed"]["flag"] == OWE
    assert r["p_even"]["flag"] is None and r["p_even"]["balance"] == 0
    assert r["p_even"]["talks"] == 1 and r["p_even"]["last_talked"] == D(2026, 1, 9)
    assert list(reciprocity(frame).columns) == list(ledger.RECIPROCITY)


def _people(**cols) -> pl.DataFrame:
    return schema.conform(pl.DataFrame(cols), schema.PEOPLE)


def _notes(rows: dict[str, D | None]) -> pl.DataFrame:
    return pl.DataFrame({"person_id": list(rows), "follow_up": list(rows.values())},
                        schema={"person_id": pl.String, "follow_up": pl.Date}).with_columns(
        [pl.lit(None, dtype=t).alias(c) for c, t in NOTES.items()
         if c not in ("person_id", "follow_up")]).select(list(NOTES))


def test_a_talk_is_an_interaction_that_resets_the_follow_up():
    as_of = D(2026, 6, 1)
    ppl = _people(
        person_id=["p_talk", "p_old_talk", "p_typed", "p_future", "p_none"],
        last_interaction=[D(2025, 1, 1), D(2026, 5, 1), D(2025, 1, 1), D(2025, 1, 1), None],
        follow_up_due=[D(2025, 4, 1), D(2026, 7, 30), D(2025, 4, 1), D(2025, 4, 1), None],
        cadence_days=[90, 90, 90, 90, 30],
        dormant=[True, False, True, True, None],
    )
    led = entries(("p_talk", "talked", D(2026, 5, 20)), ("p_old_talk", "talked", D(2026, 1, 1)),
                  ("p_typed", "talked", D(2026, 5, 20)), ("p_future", "talked", D(2026, 9, 1)),
                  ("p_none", "talked", D(2026, 5, 30)), ("p_talk", "gave", D(2026, 5, 25)))
    notes = _notes({"p_typed": D(2026, 7, 4), "p_none": None})
    out = {r["person_id"]: r for r in apply_to_people(ppl, notes, led, as_of).iter_rows(named=True)}
    assert out["p_talk"]["last_interaction"] == D(2026, 5, 20)
    assert out["p_talk"]["follow_up_due"] == D(2026, 8, 18)  # talked + 90 days
    assert out["p_talk"]["dormant"] is False
    # an older talk does not move a newer interaction back
    assert out["p_old_talk"]["last_interaction"] == D(2026, 5, 1)
    assert out["p_old_talk"]["follow_up_due"] == D(2026, 7, 30)  # May 1st + 90 days
    # a follow-up date typed in the notes wins over the computed one
    assert out["p_typed"]["follow_up_due"] == D(2026, 7, 4)
    assert out["p_typed"]["last_interaction"] == D(2026, 5, 20)
    # a talk dated after as_of is a plan, not an interaction
    assert out["p_future"]["last_interaction"] == D(2025, 1, 1)
    assert out["p_future"]["dormant"] is True
    assert out["p_none"]["follow_up_due"] == D(2026, 6, 29)
    assert apply_to_people(ppl, notes, led, as_of).columns == ppl.columns


def test_merges_re_key_the_ledger_beside_the_notes(tmp_path):
    notes_path = tmp_path / "notes.csv"
    led = ledger.ledger_path(notes_path)
    ppl = schema.conform(pl.DataFrame({"person_id": ["p_a", "p_b"],
                                       "display_name": ["Ann", "Bob"]}), schema.PEOPLE)
    sync_notes(notes_path, ppl, schema.empty(schema.LINEAGE))
    append_entry(led, "p_b", "Bob", "received", "an intro", D(2026, 1, 1))
    append_entry(led, "p_a", "Ann", "gave", "a CV review", D(2026, 1, 2))
    lineage = pl.DataFrame({"previous_person_id": ["p_b"], "person_id": ["p_a"],
                            "change": ["merged"]}, schema=schema.LINEAGE)
    sync_notes(notes_path, ppl.filter(pl.col("person_id") == "p_a"), lineage)
    frame = load_ledger(led)
    assert frame["person_id"].to_list() == ["p_a", "p_a"]
    assert frame["text"].to_list() == ["an intro", "a CV review"]
    assert load_notes(notes_path)["person_id"].to_list() == ["p_a"]


def _apply_joining_everything(people, notes, led, as_of):
    """apply_to_people as it was written before it joined only the columns it reads: every
    people column through the joins (ledger.with_evidence), the rule's columns replaced."""
    from pipeline import keep_in_touch as touch
    from pipeline.notes.ledger import with_evidence
    from pipeline.tagging.rules import Dormant

    frame = with_evidence(people, notes, led, as_of)
    return frame.with_columns(touch.keep_in_touch(
        as_of, Dormant(), warm_once=pl.col("dormant").fill_null(False),
        related=pl.col("relationship") != "", typed=pl.col("_typed"))).select(people.columns)


@pytest.mark.parametrize("seed", range(12))
def test_apply_to_people_equals_joining_every_column(seed):
    """Only the columns the rule reads go through the joins; the result is what joining the
    whole table gives, a person listed twice in the notes included."""
    import random

    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(rng.randint(1, 30))]
    day = lambda: rng.choice([None, D(2025, 1, 1), D(2026, 3, 1), D(2026, 5, 30)])  # noqa: E731
    ppl = _people(
        person_id=ids, display_name=[f"N {i}" for i in ids],
        last_interaction=[day() for _ in ids], follow_up_due=[day() for _ in ids],
        cadence_days=[rng.choice([None, 30, 90]) for _ in ids],
        dormant=[rng.choice([None, True, False]) for _ in ids],
        messages_sent=[rng.randint(0, 2) for _ in ids],
        messages_received=[rng.randint(0, 2) for _ in ids],
        labels=[rng.choice([[], ["friends"]]) for _ in ids],
        sources=[rng.choice([["linkedin"], ["google"]]) for _ in ids])
    noted = rng.sample(ids, rng.randint(0, len(ids)))
    if noted and rng.random() < 0.3:
        noted.append(noted[0])  # listed twice
    notes = _notes({}).vstack(pl.DataFrame(
        {"person_id": noted, "follow_up": [day() for _ in noted],
         "need": [rng.choice([None, "", "a job"]) for _ in noted]},
        schema={"person_id": pl.String, "follow_up": pl.Date, "need": pl.String},
    ).with_columns([pl.lit(None, dtype=t).alias(c) for c, t in NOTES.items()
                    if c not in ("person_id", "follow_up", "need")]).select(list(NOTES)))
    led = entries(*[(rng.choice(ids), rng.choice(["talked", "gave"]), day() or D(2026, 9, 1))
                    for _ in range(rng.randint(0, 8))])
    for as_of in (D(2026, 6, 1), D(2025, 6, 1)):
        got = apply_to_people(ppl, notes, led, as_of)
        want = _apply_joining_everything(ppl, notes, led, as_of)
        assert got.schema == want.schema and got.equals(want), seed

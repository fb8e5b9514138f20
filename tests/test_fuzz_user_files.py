"""The user's own files under damage (docs/fuzz32.md): notes.csv, ledger.csv, decisions.toml,
targets and rules, damaged as a sync that stopped, a spreadsheet's re-save or a hand edit
leaves them, then read by the commands that read them. Exit 0-3 with a "kith: ..." sentence,
never a traceback; the file never overwritten with less than it held; notes escaped on every
page. tests/user_files_support.py holds the mutations and checks; the deep run, with `kith
run` on a real home, is bench/fuzz_user_files.py."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import polars as pl
import pytest
import user_files_support as uf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.errors import UsageProblem

FIXTURES = Path(__file__).parent / "fixtures" / "fuzz32"
HOME = FIXTURES / "home"  # the user's files of a data/sample home after build_home's steps
# the commands that read the user's files without a whole run (a run is the bench's)
QUICK = ("note", "show", "log", "decisions")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, list[str]]:
    """A home with the fixture's user files and a people table made from its notes (what
    `kith note`, `log` and `decisions` read), as test_notes_cli does."""
    home = tmp_path_factory.mktemp("fuzz32") / "home"
    shutil.copytree(HOME, home)
    (home / "kith.toml").write_text(uf.CONFIG, "utf-8")
    (home / "out").mkdir()
    text = (HOME / "notes.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    people = schema.conform(pl.DataFrame({"person_id": [r[0] for r in rows],
                                          "display_name": [r[1] for r in rows]}),
                            schema.PEOPLE)
    people.write_parquet(home / "out" / "people.parquet")
    ledger = (HOME / "ledger.csv").read_bytes().decode("utf-8-sig")
    pids = [r[1] for r in list(csv.reader(io.StringIO(ledger, newline="")))[1:]]
    return home, pids + [r[0] for r in rows if r[0] not in pids][:3]


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(uf.CSV_FILES), mutation=st.sampled_from(sorted(uf.CSV_MUTATIONS)),
       command=st.sampled_from(QUICK), seed=st.integers(0, 2**32))
def test_a_damaged_notes_file_or_ledger_is_read_or_refused_and_never_shrunk(
        base, tmp_path_factory, name, mutation, command, seed):
    home, pids = base
    work = tmp_path_factory.mktemp("case") / "home"
    assert uf.run_case(home, work, pids, name, mutation, command, seed) == []


@settings(max_examples=6, suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(uf.TOML_FILES), command=st.sampled_from(QUICK),
       seed=st.integers(0, 2**32))
def test_a_damaged_decisions_targets_rules_or_config_file_ends_in_a_sentence(
        base, tmp_path_factory, name, command, seed):
    home, pids = base
    work = tmp_path_factory.mktemp("case") / "home"
    assert uf.run_case(home, work, pids, name, "toml", command, seed) == []


# -- what the fuzz run found (docs/fuzz32.md) -------------------------------------------------

def test_a_notes_file_with_one_stray_cp1252_byte_keeps_the_users_utf8(tmp_path, caplog):
    """One cp1252 byte in a UTF-8 notes file made the whole file read as cp1252: "Zürich" was
    "ZÃ¼rich" on every page, and `kith note` wrote the mojibake back for good (G1)."""
    from pipeline.notes import notes_file

    path = tmp_path / "notes.csv"
    shutil.copy(FIXTURES / "notes_stray_cp1252.csv", path)
    notes = notes_file.load_notes(path).sort("person_id")
    assert notes["need"].to_list() == ["a flat in Zürich", ""]
    assert notes["offer"].to_list() == ["intro to Zoë", ""]
    assert notes["next_step"].to_list() == ["", "coffee at the café"]
    assert "line 3 holds a byte that is not UTF-8" in caplog.text
    notes_file.set_note(path, "p_bob", "Bob Roe", need="a lawyer")
    text = path.read_bytes().decode("utf-8-sig")  # strict: UTF-8 throughout
    assert "a flat in Zürich,intro to Zoë" in text and "coffee at the café" in text


def test_a_ledger_with_stray_cp1252_bytes_keeps_its_entries_when_kith_log_appends(tmp_path):
    """`kith log` rewrites a ledger that is not UTF-8 once as UTF-8: with one curly quote typed
    in cp1252, every accent in it became mojibake in that rewrite (G1)."""
    from pipeline.notes import ledger

    path = tmp_path / "ledger.csv"
    shutil.copy(FIXTURES / "ledger_stray_cp1252.csv", path)
    import datetime as dt

    ledger.append_entry(path, "p_ann", "Ann Lee", "talked", "lunch", dt.date(2026, 11, 5))
    text = path.read_bytes().decode("utf-8")
    assert "a book for Zoë" in text and "a \u201csmall\u201d favour" in text
    assert ledger.load_ledger(path)["text"].to_list() == [
        "a book for Zoë", "a \u201csmall\u201d favour", "lunch"]


@pytest.mark.parametrize(("fixture", "cut"), [
    ("ledger_cut_mid_quote.csv", "lunch at the"),
    ("ledger_cut_mid_quote_mid_utf8.csv", "lunch at the caf\ufffd")], ids=["mid_quote", "mid_utf8"])
def test_kith_log_on_a_ledger_cut_inside_a_quoted_cell_adds_an_entry_that_counts(
        tmp_path, caplog, fixture, cut):
    """A ledger whose last cell was cut inside its quotes (a sync that stopped): `kith log`
    said "Logged", but the entry was appended inside that open cell, so it was never counted
    nor shown (G2). The quote is closed first, the cell reading as it did, and the line
    named; a cut inside a character as well (the bench's truncate_mid_utf8) hid the open
    quote from the first fix."""
    import datetime as dt

    from pipeline.notes import ledger

    path = tmp_path / "ledger.csv"
    shutil.copy(FIXTURES / fixture, path)
    ledger.append_entry(path, "p_ann", "Ann Lee", "talked", "a call", dt.date(2026, 11, 20))
    got = ledger.load_ledger(path).select("line", "person_id", "kind", "text", "problem")
    assert got.rows() == [(2, "p_ann", "gave", "a book, signed", None),
                          (3, "p_bob", "talked", cut, None),
                          (4, "p_ann", "talked", "a call", None)]
    assert "line 3 ended inside a quoted cell" in caplog.text
    # a quote inside an unquoted cell (5" screen) is no open cell: nothing is added before
    path.write_text('date,person_id,name,kind,text\n2026-11-02,p_ann,Ann,gave,a 5" screen\n')
    ledger.append_entry(path, "p_ann", "Ann", "asked", "a lift", dt.date(2026, 11, 21))
    assert path.read_text().endswith('a 5" screen\n2026-11-21,p_ann,Ann,asked,a lift\n')


@pytest.mark.parametrize(("body", "said"), [
    (b"\x00" * 4096, "holds only NUL bytes (4,096; a crash or a sync that stopped"),
    (b"PK\x03\x04" + b"\x00" * 60, "is an Excel workbook or a zip, not a CSV file")],
    ids=["nuls", "workbook"])
@pytest.mark.parametrize("name", ["notes.csv", "ledger.csv"])
def test_a_notes_file_or_ledger_that_is_no_text_is_named_so_and_left_alone(base, tmp_path,
                                                                            name, body, said):
    """A notes file or ledger of NUL bytes (what a crash or a stopped sync leaves of a file
    being saved) or saved as a workbook was "has no person_id column" (G3)."""
    home, pids = base
    work = tmp_path / "home"
    shutil.copytree(home, work)
    (work / name).write_bytes(body)
    writes = ("note", pids[1], "--offer", "x") if name == "notes.csv" else \
        ("log", pids[1], "talked", "hi")
    for args in (writes, ("note", pids[1])):
        res = uf.invoke(work, *args)
        assert res.exit_code == 2 and f"kith: {work / name} {said}" in res.output
        assert "Restore it from a backup" in res.output
        assert (work / name).read_bytes() == body


def test_a_quote_typed_at_the_start_of_a_note_that_takes_in_the_rows_below_is_refused(
        tmp_path):
    """A `"` typed at the start of a cell in notes.csv, never closed, made the rows below it
    the text of that cell: Bob's need and follow-up read as "no notes yet", and a sync added
    blank rows for everyone below, their typed rows still inside the cell (G4). Refused with
    the line, the file untouched; a real note over several lines is still read."""
    from pipeline.notes import notes_file

    path = tmp_path / "notes.csv"
    shutil.copy(FIXTURES / "notes_stray_quote.csv", path)
    with pytest.raises(UsageProblem) as err:
        notes_file.load_notes(path)
    assert str(err.value) == (
        f"{path}: the cell that starts on line 2 opens a quote that is never closed where it "
        "should be (a \" typed at its start?), so the rows below it (line 3, for one) are read "
        "as its text and not as rows. Remove that quote, or type it twice (\"\"), and run "
        "again; kith will not touch the file until then.")
    before = path.read_bytes()
    with pytest.raises(UsageProblem):
        notes_file.set_note(path, "p_b0b5e2c4d6f8a1c3", "Bob Roe", offer="x")
    assert path.read_bytes() == before
    shutil.copy(FIXTURES / "notes_multiline_cell.csv", path)
    notes = notes_file.load_notes(path).sort("person_id")
    assert notes["need"].to_list()[0].startswith("a note over lines:")
    assert notes["need"].to_list()[1] == "a flat"


def test_kith_note_names_the_open_quote_instead_of_no_notes_yet(base, tmp_path):
    home, pids = base
    work = tmp_path / "home"
    shutil.copytree(home, work)
    rows = (work / "notes.csv").read_bytes().decode("utf-8-sig").split("\n")
    at = next(i for i, r in enumerate(rows) if r.startswith(pids[1]))
    cells = rows[at - 3].split(",")
    rows[at - 3] = ",".join([*cells[:2], '"typed with a quote', *cells[3:]])
    (work / "notes.csv").write_bytes("\n".join(rows).encode())
    res = uf.invoke(work, "note", pids[1])
    assert res.exit_code == 2, res.output
    assert f"the cell that starts on line {at - 2} opens a quote" in res.output


def test_serve_shows_why_a_damaged_notes_file_or_ledger_cannot_be_used(tmp_path):
    """kith serve on a home whose notes file or ledger is refused (NUL bytes here): every
    page and form reading it was a 500 Internal Server Error; now the sentence the CLI
    prints, on a 503 page (G5). The file is not touched."""
    import datetime as dt

    from starlette.testclient import TestClient

    from pipeline import config
    from pipeline.run import run
    from pipeline.serve.app import create_app
    from pipeline.serve.security import Guard

    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    shutil.copy(uf.ROOT / "tests" / "fixtures" / "exports" / "google.csv", home / "exports")
    (home / "kith.toml").write_text(uf.CONFIG, "utf-8")
    shutil.copytree(HOME, home, dirs_exist_ok=True)
    cfg = config.load(home / "kith.toml")
    run(cfg, cfg.inputs, cfg.out, as_of=dt.date(2026, 12, 1))
    pid = pl.read_parquet(cfg.out / "people.parquet")["person_id"].sort()[0]
    for name in ("notes.csv", "ledger.csv"):
        kept = (home / name).read_bytes()
        (home / name).write_bytes(b"\x00" * 64)
        guard = Guard(8766)
        app = create_app(cfg, cfg.out, guard, today=lambda: dt.date(2026, 12, 1))
        client = TestClient(app, base_url="http://127.0.0.1:8766",
                            raise_server_exceptions=False)
        client.get(f"/review?token={guard.token}")
        for r in (client.get(f"/person/{pid}"),
                  client.post(f"/person/{pid}/note", data={"csrf": guard.csrf, "offer": "x"})):
            assert r.status_code == 503, (name, r.status_code)
            assert f"{home / name} holds only NUL bytes" in r.text
        assert (home / name).read_bytes() == b"\x00" * 64
        (home / name).write_bytes(kept)


def test_a_column_kith_reads_named_twice_is_named_in_a_warning(tmp_path, caplog):
    """A second `Need` column (copied in a spreadsheet): kith reads the first, and the
    second's cells were ignored without a word (G6). Both columns are kept in the file."""
    from pipeline.notes import notes_file

    path = tmp_path / "notes.csv"
    shutil.copy(FIXTURES / "notes_two_need_columns.csv", path)
    assert notes_file.load_notes(path)["need"].to_list() == ["a flat"]
    assert (f"{path}: 2 columns are named need (columns 3, 12); kith reads column 3 only"
            in caplog.text)
    notes_file.set_note(path, "p_4a1e0c3b9d2f7a66", "Ann Lee", offer="x")
    assert "and a lawyer" in path.read_text("utf-8-sig")


@pytest.mark.parametrize(("fixture", "line", "columns"), [
    ("notes_header_sorted.csv", 2, "person_id, name, need"),
    ("ledger_header_sorted.csv", 3, "date, person_id, name")], ids=["notes", "ledger"])
def test_a_header_row_sorted_into_the_rows_is_named_and_the_file_left_alone(
        tmp_path, fixture, line, columns):
    """A spreadsheet sort that took the header row in with the others: the notes file had
    "no person_id column", and every ledger entry "no readable date" (G7). Now the line the
    header is on, and nothing written."""
    import datetime as dt

    from pipeline.notes import ledger, notes_file

    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    said = (f"{path}: its header row ({columns}, ...) is on line {line}, not the first (a sort "
            "that took it in?). Move it back to the top; kith will not touch the file until "
            "then.")
    load = notes_file.load_notes if fixture.startswith("notes") else ledger.load_ledger
    with pytest.raises(UsageProblem) as err:
        load(path)
    assert str(err.value) == said
    with pytest.raises(UsageProblem):
        if fixture.startswith("notes"):
            notes_file.set_note(path, "p_4a1e0c3b9d2f7a66", "Ann Lee", offer="x")
        else:
            ledger.append_entry(path, "p_4a1e0c3b9d2f7a66", "Ann Lee", "talked", "x",
                                dt.date(2026, 11, 20))
    assert path.read_bytes() == (FIXTURES / fixture).read_bytes()


def test_nul_bytes_in_a_notes_file_are_named_by_line_not_dropped_silently(tmp_path, caplog):
    """A few NULs (a crash or a stopped sync: a NUL-padded tail, one inside a cell) were read
    as characters: the tail became a row of NULs, the cell kept one, and kith wrote the file
    back without them and without a word (audit33, "found and left" 2). Now they are taken out
    and their lines named; every note is read and kept."""
    from pipeline.notes import notes_file

    path = tmp_path / "notes.csv"
    path.write_bytes(b"person_id,name,need,offer\r\np_ann,Ann Lee,a fl\x00at,\r\n"
                     b"p_bob,Bob Roe,,intro to Zo\xc3\xab\r\n" + b"\x00" * 64)
    notes = notes_file.load_notes(path).sort("person_id")
    assert notes["person_id"].to_list() == ["p_ann", "p_bob"]  # no row of NULs
    assert notes["need"].to_list() == ["a flat", ""]
    assert f"{path}: lines 2, 4 held NUL bytes" in caplog.text
    notes_file.set_note(path, "p_bob", "Bob Roe", need="a lawyer")
    text = path.read_bytes().decode("utf-8-sig")
    assert "\x00" not in text and "a flat" in text and "intro to Zoë" in text

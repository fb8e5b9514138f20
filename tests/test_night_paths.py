"""The shortcuts a re-dated night takes (pipeline/redate.py, pipeline/worksheets): each gives
what the general path gives on the same frames."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from tagging_frames import owner, rec, records, run_tag

from pipeline import schema
from pipeline.normalize import orgs
from pipeline.tagging import targets as targets_mod
from pipeline.tagging.stage import with_target_paths
from pipeline.worksheets import enrichment, plan
from pipeline.worksheets import rows as R


def _tagged():
    recs = [rec("b", "Bea Bloggs", org="Initech", title="Engineering Manager"),
            rec("a", "Al Able", "linkedin", org="Hooli", title="Recruiter",
                connected=dt.date(2024, 1, 2)),
            rec("c", "Cy Cole")]
    return run_tag(recs, own=owner(positions=[("Hooli", "2020-01-01", None)])), records(recs)


def test_no_targets_shortcut_equals_with_target_paths():
    """No targets: with_target_paths skips classifying the owner's titles; its people and
    (empty) paths are what the general computation gives, unsorted input included."""
    result, recs = _tagged()
    shuffled = result.people.sort("person_id", descending=True).with_columns(
        target_companies=pl.Series([["x"]] * result.people.height, dtype=schema.LS))
    got_people, got_paths = with_target_paths(shuffled, recs, owner(), [],
                                              pl.Series([], dtype=pl.String))
    want_paths = targets_mod.paths(shuffled, recs, [], exclude=pl.Series([], dtype=pl.String),
                                   owner_functions=targets_mod.owner_functions(owner(), []))
    want_people = schema.conform(shuffled.with_columns(
        target_companies=pl.lit([], dtype=schema.LS)), schema.PEOPLE).sort("person_id")
    assert got_people.equals(want_people) and got_people.schema == want_people.schema
    assert got_paths.equals(want_paths) and got_paths.schema == want_paths.schema
    assert got_people["target_companies"].to_list() == [[]] * 3


def _intro_inputs(org_keys: list[str | None]):
    recs = records([rec("a", "Al Able", org="ACME Inc.", title="Engineer"),
                    rec("b", "Bea Bloggs", org="The Initech Company", title="Engineer"),
                    rec("c", "Cy Cole", org="Hooli", title="Engineer")])
    ppl = run_tag(recs).people.with_columns(org_key=pl.Series(org_keys, dtype=pl.String))
    rows = R.base(ppl, schema.empty(_notes_schema()), schema.empty(_recip_schema()),
                  dt.date(2025, 6, 30))
    home = ppl.select("person_id", href=pl.lit("x.html#") + pl.col("person_id"))
    return rows, ppl, home


def _notes_schema():
    from pipeline.notes.notes_frame import NOTES
    return NOTES


def _recip_schema():
    from pipeline.notes.ledger import RECIPROCITY
    return RECIPROCITY


def test_intro_rows_key_only_the_organisations_missing_a_key(monkeypatch):
    """intro_rows keys an organisation only where the people table has no org_key: the keys
    it has are used as they are, a missing one is orgs.org_key's (the same introductions as
    when the table had that key)."""
    rows, ppl, home = _intro_inputs(["acme", None, "hooli"])
    keyed = ppl.with_columns(org_key=pl.Series(["acme", "initech", "hooli"]))
    # the rows are made from the people table intro_rows is given, as render makes them
    keyed_rows = rows.with_columns(org_key=keyed["org_key"])
    empty = pl.DataFrame(schema={"person_id": pl.String})
    want = enrichment.intro_rows(keyed_rows, keyed, empty, home)
    seen: list[list] = []
    key_series = orgs.org_key_series

    def counted(values):
        seen.append(values.to_list())
        return key_series(values)

    monkeypatch.setattr(orgs, "org_key_series", counted)
    got = enrichment.intro_rows(rows, ppl, empty, home)
    assert seen == [["The Initech Company"]]
    assert key_series(pl.Series(["The Initech Company"])).to_list() == ["initech"]
    assert got.equals(want)
    seen.clear()
    enrichment.intro_rows(keyed_rows, keyed, empty, home)
    assert seen == []  # every key present: nothing keyed


def test_intro_rows_take_the_people_columns_the_rows_carry():
    """The worksheets' rows carry the people's columns (rows.column_order): intro_rows takes
    title, organisation, roles and networks from them instead of joining the people table
    back; the introductions are those the join gives (rows without those columns)."""
    rows, ppl, home = _intro_inputs(["acme", "initech", "hooli"])
    rows = rows.with_columns(need=pl.Series(["an intro to Initech", "", ""]))
    empty = pl.DataFrame(schema={"person_id": pl.String})
    got = enrichment.intro_rows(rows, ppl, empty, home)
    narrow = rows.select("person_id", "name", "need", "offer", "dnc", "warmth_num", "last",
                         "org_title")
    want = enrichment.intro_rows(narrow, ppl, empty, home)
    assert got.height > 0 and got.equals(want)


def test_reconnect_rows_are_dormant_warmest_first_ties_in_page_order():
    """Dormant people without do-not-contact, warmest first, then latest contact, then name;
    exact ties keep the rows' (page) order, run after run."""
    n = 9
    rows = pl.DataFrame({
        "person_id": [f"p{i}" for i in range(n)],
        "sort_key": ["al", "al", "bo", "cy", "cy", "di", "ed", "fa", "gu"],
        "last": ["2025-01-01", "2025-01-01", "", "2025-03-01", "2025-03-01", "2024-01-01",
                 "2025-01-01", "2025-01-01", "2025-01-01"],
        "dnc": [False, False, False, False, False, False, True, False, False],
    })
    people = pl.DataFrame({
        "person_id": [f"p{i}" for i in reversed(range(n))],  # another order than the rows'
        "dormant": [True, None, True, True, True, True, True, True, True],
        "warmth": [1.0, 9.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
    })
    home = pl.DataFrame({"person_id": ["p3"], "href": ["peer.html#p3"]})
    got = R.reconnect_rows(rows, people, home)
    # p8 (warmth 1) last; p7 not dormant; p6 do-not-contact; p3/p4 and p0/p1 exact ties
    assert got["person_id"].to_list() == ["p3", "p4", "p0", "p1", "p5", "p2", "p8"]
    assert got["href"].to_list() == ["peer.html#p3", "", "", "", "", "", ""]
    assert got.columns == [*rows.columns, "href"]
    for _ in range(3):
        assert R.reconnect_rows(rows, people, home).equals(got)


def test_a_night_after_a_full_run_reads_no_dedupe_table_but_its_lineage(tmp_path, monkeypatch):
    """The first re-dated night after a full run rebuilds dedupe's lineage (the full run merged
    records) and writes that table alone: dedupe's other tables (a million records, millions
    of pairs at scale) stay unread on disk, hard-linked into the new run."""
    from click.testing import CliRunner

    from pipeline import refresh
    from pipeline.cli import main
    from pipeline.synth import generate

    exports, out = tmp_path / "exports", tmp_path / "out"
    generate(80, 3, exports, truth_path=tmp_path / "t.parquet",
             people_truth_path=tmp_path / "pt.parquet")

    def kith(day: str):
        res = CliRunner().invoke(main, ["run", str(exports), "--out", str(out), "--as-of", day],
                                 catch_exceptions=False)
        assert res.exit_code == 0, res.output

    kith("2026-01-01")
    assert not refresh.lineage_is_identity(out)  # a full run: the next night rebuilds it
    read: list[tuple[str, str]] = []
    get = refresh.StageTables.__getitem__

    def recorded(self, table):
        read.append((self._paths[table][0].parent.name, table))
        return get(self, table)

    monkeypatch.setattr(refresh.StageTables, "__getitem__", recorded)
    before = {p.name: p.stat().st_ino for p in (out / "current/stages/dedupe").iterdir()}
    kith("2026-01-02")
    report = json.loads((out / "current/manifest.json").read_text("utf-8"))
    assert "dedupe" not in report["stages_run"] and "tag" in report["stages_run"]
    dedupe_read = {t for stage, t in read if stage == "dedupe"}
    assert not dedupe_read & {"records", "pairs", "people"}, dedupe_read
    after = {p.name: p.stat().st_ino for p in (out / "current/stages/dedupe").iterdir()}
    # the lineage is written afresh; every other dedupe table is the full run's file
    assert {n for n in before if after.get(n) != before[n]} == {"lineage.parquet"}
    assert refresh.lineage_is_identity(out)


@given(n=st.integers(0, 40), size=st.integers(0, 12), week=st.integers(0, 200))
def test_plan_rotation_is_the_window_the_sort_gives(n, size, week):
    """plan.rotate takes this week's window as two slices; the rows are those its definition
    gives: every row numbered (i - start) mod n, sorted on that, the first size * 3, with start
    the week's place in a cycle of ceil(n / size) weeks."""
    frame = pl.DataFrame({"person_id": [f"p{i}" for i in range(n)],
                          "tags": [[str(i)] * (i % 3) for i in range(n)]},
                         schema={"person_id": pl.String, "tags": pl.List(pl.String)})
    got = plan.rotate(frame, size, week)
    if n <= size or size == 0:
        want = frame.head(size * 3)
    else:
        start = (week % -(-n // size)) * size
        want = (frame.with_columns(_rot=(pl.int_range(pl.len(), dtype=pl.Int64) - start) % n)
                .sort("_rot").head(size * 3).drop("_rot"))
    assert got.equals(want) and got.schema == want.schema

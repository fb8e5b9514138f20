"""End-to-end runs through the click CLI on a small export folder (tests/fixtures/exports)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import build_exports

from pipeline import __version__
from pipeline.cli import main
from pipeline.outputs import run_lock

TABLES = ("records", "people", "pairs", "review", "interactions", "owner", "rejects", "files")
EMAIL_OR_PHONE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d")


def kith(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def ran_home(first_runs, monkeypatch) -> Path:
    """A folder holding `exports`, `out` (their run), the run's `kith.toml` and `cwd`, the
    working folder that run had, which becomes the test's: the run made once in this module,
    a fresh copy per test (tests/home_copies.py)."""
    def make(work: Path) -> None:
        exports, out = build_exports(work / "exports"), work / "out"
        res = kith("run", str(exports), "--out", str(out), "--config", str(work / "none.toml"))
        assert res.exit_code == 2  # a named config that does not exist is a usage error
        (work / "kith.toml").write_text('[files]\ndecisions = "decisions.toml"\n')
        res = kith("run", str(exports), "--out", str(out), "--config", str(work / "kith.toml"))
        assert res.exit_code == 0, res.output

    return first_runs.fresh_in_cwd("ran", make, monkeypatch)


@pytest.fixture
def ran(ran_home) -> Path:
    return ran_home / "out"


@pytest.fixture
def exports(request, tmp_path) -> Path:
    """A test that starts from `ran` reads (and may add to) the exports that run read; any
    other test builds its own."""
    if "ran" in request.fixturenames:
        return request.getfixturevalue("ran_home") / "exports"
    return build_exports(tmp_path / "exports")


def people(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "people.parquet")


def test_version():
    res = kith("--version")
    assert res.exit_code == 0 and __version__ in res.output


def test_init_writes_commented_config_once(tmp_path):
    res = kith("init", str(tmp_path / "home"))
    assert res.exit_code == 0
    text = (tmp_path / "home" / "kith.toml").read_text()
    assert "default_region" in text and "notes" in text and text.count("#") > 5
    assert (tmp_path / "home" / "exports").is_dir()
    # the rules and the targets example arrive ready to edit, as shipped in configs/
    repo = Path(__file__).resolve().parents[1] / "configs"
    assert (tmp_path / "home" / "targets.toml").read_text() == (repo / "targets.toml").read_text()
    assert (tmp_path / "home" / "networks.toml").read_text() == \
        (repo / "networks.toml").read_text()
    assert kith("init", str(tmp_path / "home")).exit_code == 2


def test_invalid_config_is_exit_2(tmp_path, exports):
    bad = tmp_path / "kith.toml"
    bad.write_text('default_region = "Atlantis"\n')
    res = kith("run", str(exports), "--config", str(bad), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2 and "default_region" in res.output


def test_run_outputs_contract(ran):
    for name in TABLES:
        assert (ran / f"{name}.parquet").exists()
    manifest = (ran / "manifest.json").read_text()
    assert '"as_of"' in manifest and '"run_id"' in manifest and '"kith_version"' in manifest
    files = pl.read_parquet(ran / "files.parquet")
    status = dict(zip(files["path"], files["status"], strict=True))
    assert status["notes.txt"] == "skipped"  # a document, not an export
    assert status["Basic_LinkedInDataExport_01-15-2025.zip!Ad_Targeting.csv"] == "skipped"
    assert status["Basic_LinkedInDataExport_01-15-2025.zip!Connections.csv"] == "ingested"
    # nothing lost: every data row is in exactly one table
    for row in files.filter(pl.col("status") == "ingested").iter_rows(named=True):
        placed = row["rows_records"] + row["rows_interactions"] + row["rows_owner"] + \
            row["rows_rejected"]
        assert placed == row["rows_total"], row["path"]
    rejects = pl.read_parquet(ran / "rejects.parquet")
    ghost = rejects.filter(pl.col("source_file").str.ends_with("Connections.csv"))
    assert ghost["source_row"].to_list() == [4]


def test_one_person_across_three_sources(ran):
    p = people(ran)
    obrien = p.filter(pl.col("linkedin_slug") == "bill-obrien-42").row(0, named=True)
    assert obrien["record_count"] == 3
    assert obrien["sources"] == ["google", "linkedin", "vcard"]
    assert obrien["phones"] == ["+16175550142"]
    assert set(obrien["emails"]) == {"will.obrien@globex.com", "williamobrien@googlemail.com",
                                     "w.i.l.l.obrien+news@gmail.com"}
    assert obrien["organization"] == "Globex Corporation"  # LinkedIn's, the current one
    assert obrien["organization_record"] is not None


def test_household_and_namesakes_are_not_fused(ran):
    p = people(ran)
    names = p["display_name"].to_list()
    assert "Mary OBrien" in names and "Tom OBrien" in names
    assert p.filter(pl.col("display_name") == "Jane Smith").height == 2
    # the household link (a shared landline and family mailbox, nothing personal) is not
    # asked about: it is settled apart with its reason in pairs.parquet
    pairs = pl.read_parquet(ran / "pairs.parquet")
    settled = pairs.filter(pl.col("reason").str.contains("household"))
    assert settled.height >= 1 and set(settled["outcome"].to_list()) == {"distinct"}
    recs = pl.read_parquet(ran / "records.parquet").select("record_id", "display_name")
    names = settled.join(recs, left_on="record_id_l", right_on="record_id").join(
        recs, left_on="record_id_r", right_on="record_id", suffix="_r")
    assert {names["display_name"][0], names["display_name_r"][0]} == {"Mary OBrien", "Tom OBrien"}
    review = pl.read_parquet(ran / "review.parquet")
    assert "Mary OBrien" not in review["name_l"].to_list() + review["name_r"].to_list()


def test_logs_never_show_emails_or_phones(exports, tmp_path):
    res = CliRunner().invoke(main, ["-v", "run", str(exports), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0
    assert not EMAIL_OR_PHONE.search(res.stderr if hasattr(res, "stderr") else res.output)


def test_strict_exits_3_with_rejects(exports, tmp_path):
    res = kith("run", str(exports), "--out", str(tmp_path / "o"), "--strict")
    assert res.exit_code == 3


def test_no_usable_input_exits_1_and_keeps_previous_output(ran, tmp_path):
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.txt").write_text("hello")
    before = (ran / "people.parquet").read_bytes()
    res = kith("run", str(junk), "--out", str(ran))
    assert res.exit_code == 1 and "previous output" in res.output
    assert (ran / "people.parquet").read_bytes() == before


def test_locked_output_exits_75(exports, tmp_path):
    out = tmp_path / "o"
    with run_lock(out):
        res = kith("run", str(exports), "--out", str(out))
    assert res.exit_code == 75 and "try again" in res.output


def test_identical_inputs_give_identical_tables(exports, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert kith("run", str(exports), "--out", str(a), "--as-of", "2025-01-31").exit_code == 0
    assert kith("run", str(exports), "--out", str(b), "--as-of", "2025-01-31").exit_code == 0
    for name in TABLES:
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name


def test_stage_commands_rerun_one_stage(ran):
    assert kith("normalize", "--out", str(ran)).exit_code == 0
    assert kith("dedupe", "--out", str(ran)).exit_code == 0
    assert people(ran).height == 9


def test_explain_shows_records_pairs_and_reasons(ran):
    res = kith("explain", "Bill O'Brien", "--out", str(ran))
    assert res.exit_code == 0
    assert "3 records" in res.output and "weight" in res.output and "merge" in res.output
    assert kith("explain", "Jane Smith", "--out", str(ran)).exit_code == 2  # ambiguous
    assert kith("explain", "Nobody Atall", "--out", str(ran)).exit_code == 2


def test_merge_split_keep_apart_undo(ran):
    cfg = str(ran.parent / "kith.toml")
    res = kith("keep-apart", "Dana Scully", "Trunc Ated", "--out", str(ran), "--config", cfg)
    assert res.exit_code == 0, res.output
    res = kith("merge", "Mary OBrien", "Tom OBrien", "--out", str(ran), "--config", cfg)
    assert res.exit_code == 0, res.output
    merged = people(ran).filter(pl.col("display_name").str.contains("OBrien")
                                & pl.col("emails").list.contains("obrien.family@example.com"))
    assert merged.height == 1 and merged["record_count"][0] == 2
    listing = kith("decisions", "--config", cfg).output
    assert "1 " in listing and "NOT the same person" in listing and "same person as" in listing
    # split the merged household again: the record leaves, the id stays with the rest
    pid = merged["person_id"][0]
    rec = sorted(merged["record_ids"][0])[0]
    res = kith("split", pid, rec, "--out", str(ran), "--config", cfg)
    assert res.exit_code == 0, res.output
    assert people(ran).filter(pl.col("emails").list.contains("obrien.family@example.com")).height == 2
    # undo the merge decision (number 2): still apart because the split decision remains
    assert kith("undo", "2", "--out", str(ran), "--config", cfg).exit_code == 0
    assert "kith merge" not in kith("decisions", "--config", cfg).output
    assert kith("undo", "99", "--out", str(ran), "--config", cfg).exit_code == 2


def test_decisions_survive_a_fresh_run(ran, exports):
    cfg = str(ran.parent / "kith.toml")
    assert kith("merge", "Mary OBrien", "Tom OBrien", "--out", str(ran),
                "--config", cfg).exit_code == 0
    assert kith("run", str(exports), "--out", str(ran), "--config", cfg).exit_code == 0
    fam = people(ran).filter(pl.col("emails").list.contains("obrien.family@example.com"))
    assert fam.height == 1


def test_review_walks_the_queue(ran, exports):
    cfg = str(ran.parent / "kith.toml")
    # two records that share a name and nothing else: worth asking about
    (exports / "more.csv").write_text("First Name,Last Name,Labels\nLara,White,* myContacts\n"
                                      "Lara,White,* myContacts\n", encoding="utf-8")
    assert kith("run", str(exports), "--out", str(ran), "--config", cfg).exit_code == 0
    assert pl.read_parquet(ran / "review.parquet").height == 1
    res = kith("review", "--out", str(ran), "--config", cfg, input="d\n")
    assert res.exit_code == 0, res.output
    assert "1 decision(s) recorded" in res.output
    assert pl.read_parquet(ran / "review.parquet").height == 0


def test_export_round_trip(ran, tmp_path):
    for fmt in ("vcf", "csv"):
        target = tmp_path / f"people.{fmt}"
        res = kith("export", "--format", fmt, "--output", str(target), "--out", str(ran))
        assert res.exit_code == 0, res.output
        back = tmp_path / f"back_{fmt}"
        res = kith("run", str(target), "--out", str(back))
        assert res.exit_code == 0, res.output
        original = people(ran)
        again = people(back)
        assert again.height == original.height, fmt
        key = ["display_name", "linkedin_slug"]
        o = original.sort(key).select("display_name", pl.col("emails").list.sort(),
                                      pl.col("phones").list.sort(), "linkedin_slug")
        a = again.sort(key).select("display_name", pl.col("emails").list.sort(),
                                   pl.col("phones").list.sort(), "linkedin_slug")
        assert o.equals(a), fmt
    text = (tmp_path / "people.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in text  # formula neutralised in the CSV export

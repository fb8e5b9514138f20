"""A night where some contacts changed (rows edited, deleted and added in every source file):
the tag stage takes the roles of the titles the current run classified, the notes sync keeps
the rows it would not change, and the night's tables, kept tables, worksheets and notes file
are those of a `--full` run on the same inputs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental import home, kith_run

from pipeline.cli import main
from pipeline.enrich.roles import add_roles
from pipeline.notes.notes_file import set_note
from pipeline.synth import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_refresh import rewrite_member  # noqa: E402
from compare_homes import compare  # noqa: E402

DAY = dt.date(2025, 11, 20)


def _edit_rows(rows: list, rng: random.Random, share: float, edit) -> list:
    """About `share` of `rows`: a third edited, a third deleted, a third added as edited
    copies (bench/bench_refresh.py's 1%-changed night, any share)."""
    picked = rng.sample(range(len(rows)), min(len(rows), max(3, round(len(rows) * share))))
    third = len(picked) // 3
    edited, deleted, copied = picked[:third], set(picked[third:2 * third]), picked[2 * third:]
    out = [edit(r, k) if i in edited else r for k, (i, r) in enumerate(enumerate(rows))]
    return [r for i, r in enumerate(out) if i not in deleted] + [
        edit(rows[i], 100 + k) for k, i in enumerate(copied)]


def _edit_csv(text: str, column: str, rng: random.Random, share: float) -> str:
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("First Name")), 0)
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = rows[0], [r for r in rows[1:] if r]
    at = header.index(column) if column in header else len(header) - 1
    titles = ["Head of Sales", "Software Engineer", "Nurse", "", "Chief Llama Officer"]

    def edit(row: list[str], k: int) -> list[str]:
        row = list(row)
        row[at] = rng.choice(titles) if k % 2 else f"{row[at]} changed{k}".strip()
        return row
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *_edit_rows(body, rng, share,
                                                                         edit)])
    return "".join(line + "\n" for line in lines[:start]) + buf.getvalue()


def change_exports(folder: Path, rng: random.Random, share: float) -> None:
    """Rows edited, deleted and added in the Google CSV, the vCards and LinkedIn's
    Connections.csv."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".csv":
            path.write_text("\ufeff" + _edit_csv(path.read_text("utf-8-sig"), "Organization Title",
                                                 rng, share), "utf-8")
        elif path.suffix == ".vcf":
            cards = re.findall(r"BEGIN:VCARD.*?END:VCARD\r?\n?", path.read_text("utf-8"), re.S)
            out = _edit_rows(cards, rng, share, lambda c, k: c.replace(
                "END:VCARD", f"TITLE:Director {k}\r\nEND:VCARD", 1))
            path.write_text("".join(c if c.endswith("\n") else c + "\r\n" for c in out), "utf-8")
        elif path.suffix == ".zip":
            rewrite_member(path, "Connections.csv", lambda _, data: _edit_csv(
                data.decode("utf-8-sig"), "Position", rng, share).encode("utf-8"))


def synth_home(root: Path, seed: int) -> Path:
    exports = root / "exports"
    generate(60, seed, exports, truth_path=root / "truth.parquet",
             people_truth_path=root / "people_truth.parquet")
    return home(root, exports)


def some_notes(h: Path, rng: random.Random, n: int) -> None:
    """The user writes notes for `n` people (a follow-up date kith reads or not)."""
    people = pl.read_parquet(h / "out" / "people.parquet").select("person_id", "display_name")
    for pid, name in rng.sample(people.rows(), min(n, people.height)):
        follow = rng.choice([None, dt.date(2025, 12, 1)])
        set_note(h / "notes.csv", pid, name or "", need="an intro", follow_up=follow)


def assert_same_as_full(h: Path, twin: Path) -> None:
    assert compare(h / "out", twin / "out") == []
    assert (h / "notes.csv").read_bytes() == (twin / "notes.csv").read_bytes()


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(1, 10_000), share=st.sampled_from([0.01, 0.05, 0.2]),
       notes=st.integers(0, 6), days=st.integers(0, 2))
def test_changed_night_equals_a_full_run(seed, share, notes, days):
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        h = synth_home(root / "a", seed)
        kith_run(h, DAY, incremental=True)
        some_notes(h, rng, notes)
        change_exports(root / "a" / "exports", rng, share)
        twin = root / "twin"
        shutil.copytree(h, twin, symlinks=True)
        # the twin reads the same export folder: kith.toml names it by its absolute path
        night_day = DAY + dt.timedelta(days=days)
        full = kith_run(twin, night_day, incremental=False)
        night = kith_run(h, night_day, incremental=True)
        assert full.stages["tag"]["roles_known_titles"] == 0
        assert night.stages["tag"]["roles_known_titles"] > 0
        assert night.stages["outreach"]["notes_rows_kept"] > 0
        assert_same_as_full(h, twin)


def test_two_cli_runs_equal_a_full_run(tmp_path):
    """`kith run`, the exports change, `kith run` again; a twin runs `kith run --full`."""
    h = synth_home(tmp_path / "a", 3)
    runner = CliRunner()

    def kith(where: Path, day: dt.date, *extra: str) -> dict:
        res = runner.invoke(main, ["run", "--config", str(where / "kith.toml"), "--as-of",
                                   day.isoformat(), *extra], catch_exceptions=False)
        assert res.exit_code in (0, 3), res.output
        import json
        return json.loads((where / "out" / "manifest.json").read_text("utf-8"))

    kith(h, DAY)
    change_exports(tmp_path / "a" / "exports", random.Random(3), 0.05)
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    full = kith(twin, DAY + dt.timedelta(days=1), "--full")
    night = kith(h, DAY + dt.timedelta(days=1))
    assert full["stages"]["tag"]["roles_known_titles"] == 0
    assert night["stages"]["tag"]["roles_known_titles"] > 0
    assert_same_as_full(h, twin)


titles = st.sampled_from(["Head of Sales", "VP Engineering", "nurse", "123", "", "CEO",
                          "Software Engineer - Agriculteur", "Directrice d'école", None])


@settings(max_examples=100, deadline=None)
@given(now=st.lists(titles, max_size=12), before=st.lists(titles, max_size=12))
def test_roles_from_known_titles_equal_classifying_them(now, before):
    people = pl.DataFrame({"title": now}, schema={"title": pl.String})
    known = add_roles(pl.DataFrame({"title": before}, schema={"title": pl.String}))
    assert add_roles(people, known).equals(add_roles(people))

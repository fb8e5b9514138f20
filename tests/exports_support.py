"""Test support (not a test file): edits to the tests/fixtures/exports download folder, and a
bench generator's exports read by `kith run`."""

from __future__ import annotations

import contextlib
import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]


def this_tree_env(**extra: str) -> dict[str, str]:
    """The environment for a `python -m pipeline.cli` subprocess that runs this tree's kith:
    without PYTHONPATH it imports the venv's installed kith, which in a git worktree is
    another checkout's code."""
    import os

    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def assert_truth_names_every_row(truth: pl.DataFrame, written: dict[str, int]) -> None:
    """A generator's truth holds rows 0..n-1 of every file it wrote (`written`: file name ->
    data rows), and nothing else."""
    for name, n in written.items():
        rows = truth.filter(pl.col("source_file") == name)["source_row"].sort().to_list()
        assert rows == list(range(n)), name
    assert truth.height == sum(written.values())


def rows_written(out: Path, csvs: dict[str, str], vcards: tuple[str, ...]) -> dict[str, int]:
    """Data rows of each export file a generator wrote into `out` (for
    assert_truth_names_every_row): a CSV's records after its header, LinkedIn's Connections.csv
    after its Notes: preamble (`csvs`: file name -> encoding), a vCard file's cards."""
    rows = {}
    for name, encoding in csvs.items():
        with open(out / name, encoding=encoding, newline=None) as fh:  # universal newlines
            text = fh.read()
        if name == "Connections.csv":
            text = text.split("\n\n", 1)[1]  # the Notes: preamble
        rows[name] = sum(1 for _ in csv.reader(text.splitlines(keepends=True))) - 1
    for name in vcards:
        rows[name] = (out / name).read_text("utf-8").count("BEGIN:VCARD")
    return rows


def assert_seeded(generate, tmp_path: Path, files: tuple[str, ...]) -> None:
    """A generator's `generate(people, seed, out, truth)`: the same seed writes the same truth
    and the same bytes of every file in `files`; another seed another truth."""
    a = generate(300, 5, tmp_path / "a", tmp_path / "a.parquet")
    b = generate(300, 5, tmp_path / "b", tmp_path / "b.parquet")
    c = generate(300, 6, tmp_path / "c", tmp_path / "c.parquet")
    assert a.equals(b)
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert not a.equals(c)


def generated_and_read(tmp_path: Path, module: str, people: int, seed: int) -> Path:
    """`python -m MODULE` (a bench generator) writes exports and truth.parquet under
    `tmp_path`, then `kith run` reads them from a fresh home into tmp_path/kith: that folder.
    The generator runs as its command; kith in this process (CliRunner, as the other tests
    run it: a second interpreter only added its start-up)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path / "exports"
    subprocess.run([sys.executable, "-m", module, "--people", str(people), "--seed", str(seed),
                    "--out", str(out), "--truth", str(tmp_path / "truth.parquet")],
                   check=True, cwd=ROOT, capture_output=True)
    home = tmp_path / "home"
    home.mkdir()
    with contextlib.chdir(home):
        res = CliRunner().invoke(main, ["run", *map(str, sorted(out.iterdir())),
                                        "--out", str(tmp_path / "kith"), "--as-of", "2026-11-22"])
    assert res.exit_code == 0, res.output
    return tmp_path / "kith"


def edit_connections(exports: Path, old: str, new: str) -> None:
    """Replace text in the LinkedIn archive's Connections.csv, as a fresh export would."""
    archive = exports / "Basic_LinkedInDataExport_01-15-2025.zip"
    with zipfile.ZipFile(archive) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["Connections.csv"] = files["Connections.csv"].decode().replace(old, new).encode()
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def kith_run(tmp_path: Path, files: dict[str, str | bytes]):
    """`files` (name -> text or bytes) written to tmp_path/in, `kith run` on it (CliRunner,
    as-of 2026-12-06, output tmp_path/out), asserted to succeed: the CliRunner result."""
    from click.testing import CliRunner

    from pipeline.cli import main

    (tmp_path / "in").mkdir()
    for name, data in files.items():
        target = tmp_path / "in" / name
        target.write_bytes(data) if isinstance(data, bytes) else target.write_text(data, "utf-8")
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return res


def kith_in_home(home: Path, *args: str) -> str:
    """`kith ARGS --out home/out` run from `home` (the notes and ledger of a run_home home),
    asserted to succeed: its output."""
    from click.testing import CliRunner

    from pipeline.cli import main

    with contextlib.chdir(home):
        res = CliRunner().invoke(main, [*args, "--out", str(home / "out")])
    assert res.exit_code == 0, res.output
    return res.output


def run_home(home: Path, exports: Path) -> dict[str, str]:
    """`kith run` on `exports` from `home` (its data/notes.csv the notes; output home/out;
    as-of 2026-12-06), asserted to succeed: display name -> person id."""
    from click.testing import CliRunner

    from pipeline.cli import main

    with contextlib.chdir(home):
        res = CliRunner().invoke(main, ["run", str(exports), "--out", str(home / "out"),
                                        "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return person_ids(home)


def person_ids(home: Path) -> dict[str, str]:
    """display name -> person id, of the run published in home/out."""
    people = pl.read_parquet(home / "out" / "people.parquet")
    return dict(zip(people["display_name"], people["person_id"], strict=True))


def kith_records(tmp_path: Path, files: dict[str, str]) -> pl.DataFrame:
    """kith_run on `files`: the records table, by source file and row."""
    kith_run(tmp_path, files)
    return pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_file", "source_row")


# Ann Lee and Annie Lee-Smith, two people until an export holds one record with Ann's address
# and Annie's phone (merge_ann_into_annie); removing it splits them again (the notes and
# ledger tests of a merge undone).
ANN_GOOGLE = "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name\n"


def ann_and_annie(exports: Path) -> None:
    exports.mkdir()
    (exports / "a.csv").write_text(ANN_GOOGLE + "Ann,Lee,ann@a.example,,Acme\n"
                                   "Bob,Ray,bob@b.example,,Beta\n", "utf-8")
    (exports / "b.csv").write_text(
        ANN_GOOGLE + "Annie,Lee-Smith,ann@work.example,+14155550100,Gamma\n", "utf-8")


def merge_ann_into_annie(exports: Path) -> None:
    (exports / "c.csv").write_text(ANN_GOOGLE + "Ann,Lee,ann@a.example,+14155550100,Acme\n",
                                   "utf-8")


def run_fixtures(tmp_path: Path, fixtures: Path, *names: str) -> Path:
    """The named files of `fixtures` copied into a kith home's exports/ and run there as
    `kith run --config` does (the library call; as-of 2026-12-07): the output folder."""
    import datetime as dt
    import shutil

    from pipeline import config as config_mod
    from pipeline.run import run

    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    for name in names:
        shutil.copy(fixtures / name, home / "exports" / name)
    (home / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    cfg = config_mod.load(home / "kith.toml")
    run(cfg, cfg.inputs, cfg.out, as_of=dt.date(2026, 12, 7))
    return home / "out"

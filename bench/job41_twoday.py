"""job41 (docs/job41.md): a two-day scenario. Day 1: a generator's exports; day 2: the same
with 5% of LinkedIn connections given a new employer (Company), nothing else. Each tree
(main as a `git archive` copy, and a branch) runs `kith run` on both days in one home; prints
pairwise quality against the truth, the day-1 persons split on day 2, and whether the two
trees' first runs are the same files.

usage: python bench/job41_twoday.py WORK GEN PEOPLE SEED BASE_TREE BRANCH_TREE
(GEN: bench.gen5, bench.gen6, pipeline.synth, ...; run from a tree's root)"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_homes import compare  # noqa: E402
from quality import pairwise  # noqa: E402

PY = sys.executable
EMPLOYERS = ["Quillon", "Ardent Bay", "Morrow Pike", "Tessaline", "Corvane"]
KINDS = ["Labs", "Group", "Health", "Systems"]


def new_jobs(text: str, rng: random.Random, changed: list[str], where: str) -> str:
    """Connections.csv (its preamble kept) with 5% of rows given a new Company."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = rows[0], [r for r in rows[1:] if r]
    c = header.index("Company")
    for k, row in enumerate(body):
        if rng.random() < 0.05:
            row[c] = f"{rng.choice(EMPLOYERS)} {rng.choice(KINDS)}"
            changed.append(f"{where}#{k}")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    return "".join(line + "\n" for line in lines[:start]) + buf.getvalue()


def day2_exports(root: Path, day1: Path) -> tuple[Path, list[str]]:
    d2 = root / "day2"
    if d2.exists():
        return d2, json.loads((root / "changed.json").read_text())
    shutil.copytree(day1, d2)
    rng, changed = random.Random(7), []
    for plain in sorted(d2.rglob("Connections.csv")):
        plain.write_text(new_jobs(plain.read_text("utf-8-sig"), rng, changed, plain.name),
                         "utf-8")
    for z in sorted(d2.rglob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        for n in [n for n in members if n.endswith("Connections.csv")]:
            members[n] = new_jobs(members[n].decode("utf-8-sig"), rng, changed,
                                  f"{z.name}!{n}").encode("utf-8")
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, data in members.items():
                zf.writestr(n, data)
    (root / "changed.json").write_text(json.dumps(changed))
    return d2, changed


def kith_run(tree: str, exports: Path, out: Path, as_of: str, cwd: Path) -> None:
    subprocess.run([PY, "-m", "pipeline.cli", "run", *sorted(str(p) for p in exports.iterdir()),
                    "--out", str(out), "--as-of", as_of], check=True, cwd=cwd,
                   capture_output=True, env={**os.environ, "PYTHONPATH": tree,
                                             "KITH_TODAY": as_of})


def keyed(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "records.parquet").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_id").alias("cluster"))


def split_count(a: pl.DataFrame, b: pl.DataFrame) -> int:
    """Day-1 persons of 2+ rows whose rows are in 2+ persons on day 2."""
    j = a.join(b.rename({"cluster": "c2"}), on="key")
    per = j.group_by("cluster").agg(pl.col("c2").n_unique().alias("n"), pl.len().alias("rows"))
    return int(per.filter((pl.col("rows") > 1) & (pl.col("n") > 1)).height)


def one_tree(tree: str, base: Path, day1: Path, day2: Path, truth: pl.DataFrame) -> dict:
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    out, ex = base / "out", base / "exports"  # one exports folder, replaced between days
    shutil.copytree(day1, ex)
    kith_run(tree, ex, out, "2026-11-22", base)
    k1 = keyed(out)
    shutil.copytree(out, base / "out_day1", symlinks=True)
    shutil.rmtree(ex)
    shutil.copytree(day2, ex)
    kith_run(tree, ex, out, "2026-11-23", base)
    k2 = keyed(out)
    jobs = out / "state" / "job_changes.parquet"
    return {"day1": pairwise(k1, truth), "day2": pairwise(k2, truth),
            "split": split_count(k1, k2),
            "review1": pl.read_parquet(base / "out_day1" / "review.parquet").height,
            "review2": pl.read_parquet(out / "review.parquet").height,
            "job_pairs": pl.read_parquet(jobs).height if jobs.exists() else None}


def main(argv: list[str]) -> None:
    work, gen, people, seed, base_tree, branch_tree = argv
    root = Path(work) / f"{gen.split('.')[-1]}_{people}_s{seed}"
    day1 = root / "day1"
    if not (root / "truth.parquet").exists():
        subprocess.run([PY, "-m", gen, "--people", people, "--seed", seed, "--out", str(day1),
                        "--truth", str(root / "truth.parquet"),
                        "--people-truth", str(root / "pt.parquet")], check=True)
    truth = pl.read_parquet(root / "truth.parquet").filter(pl.col("kind") == "contact").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_key").alias("true_cluster"))
    day2, changed = day2_exports(root, day1)
    print(f"{root.name}: {len(changed)} LinkedIn rows given a new employer on day 2")
    for label, tree in (("base", base_tree), ("branch", branch_tree)):
        print(label, json.dumps(one_tree(tree, root / label, day1, day2, truth)), flush=True)
    print("first run base vs branch:", compare(root / "base" / "out_day1",
                                               root / "branch" / "out_day1"))


if __name__ == "__main__":
    main(sys.argv[1:])

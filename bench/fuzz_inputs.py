"""The long fuzz run of kith's input side (docs/fuzz31.md): real fixture and corpus files,
mutated (tests/fuzz_support.py), each read by stage 1 in a child process with a time limit.

    .venv/bin/python bench/fuzz_inputs.py --cases 2000 --seed 1 --out /tmp/fuzz31/run1
    flock /tmp/kith-heavy.lock .venv/bin/python bench/fuzz_inputs.py --big   # 50 MB fields

Every case is named by (seed file, mutation, seed), so a failure is remade exactly; its bytes
are kept under --out/failures/. Prints one line per failure and a count per mutation."""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import fuzz_support as fz  # noqa: E402

CONTAINERS = ("zipped", "broken_workbook")


def make_case(seed_file: Path, mutation: str, seed: int, big: bool) -> tuple[str, bytes]:
    rng = random.Random(seed)
    data = seed_file.read_bytes()
    if mutation == "zipped":
        inner = fz.BYTE_MUTATIONS[rng.choice(list(fz.BYTE_MUTATIONS))](data, rng) if (
            rng.random() < 0.5) else data
        return fz.zipped(seed_file.name, inner, rng)
    if mutation == "broken_workbook":
        return fz.broken_workbook(data, rng)
    if mutation == "huge_field" and big:
        return seed_file.name, fz.huge_field(data, rng, size=50_000_000)
    return seed_file.name, fz.BYTE_MUTATIONS[mutation](data, rng)


def run_case(args: tuple) -> tuple[str, list[str]]:
    seed_file, mutation, seed, big, keep, full = args
    try:
        name, body = make_case(Path(seed_file), mutation, seed, big)
    except Exception as exc:  # noqa: BLE001 - the harness's own bug: told, not a finding
        return "", [f"HARNESS {type(exc).__name__}: {exc}"[:300]]
    scratch = Path(keep).parent / "tmp"  # beside --out's failures, wherever --out is
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / name).write_bytes(body)
        try:
            problems = fz.check_ingest(folder)
            if full:  # the whole `kith run`: normalize (phone parsing), dedupe, outputs too
                problems += _kith_run(folder, Path(tmp) / "out")
        except BaseException as exc:  # noqa: BLE001 - anything escaping ingest is the finding
            problems = [f"ingest raised {type(exc).__name__}: {exc}"[:300],
                        traceback.format_exc()[-1500:]]
    if problems:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{mutation}-{seed}-{name}").write_bytes(body)
    return name, problems


def _kith_run(folder: Path, out: Path) -> list[str]:
    from click.testing import CliRunner

    from pipeline.cli import main as kith

    res = CliRunner().invoke(kith, ["run", str(folder), "--out", str(out), "--as-of",
                                    "2026-11-22"])
    return fz.check_run_output(res.exit_code, res.output)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--big", action="store_true", help="50 MB fields (huge_field only)")
    ap.add_argument("--run-every", type=int, default=10,
                    help="every Nth case also runs the whole `kith run` (0: never)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz31/run"))
    opts = ap.parse_args()
    opts.out.mkdir(parents=True, exist_ok=True)
    # the crash reports of `kith run` cases stay with the run, not in the user's state folder
    os.environ["XDG_STATE_HOME"] = str(opts.out / "state")
    seeds = fz.seed_files()
    mutations = ["huge_field"] if opts.big else [*fz.BYTE_MUTATIONS, *CONTAINERS]
    rng = random.Random(opts.seed)
    counts, failed = Counter(), []
    ctx = mp.get_context("spawn")
    pool = ctx.Pool(1, maxtasksperchild=50)
    for i in range(opts.cases):
        case = (str(rng.choice(seeds)), rng.choice(mutations), opts.seed * 1_000_000 + i,
                opts.big, str(opts.out / "failures"),
                bool(opts.run_every) and i % opts.run_every == 0)
        counts[case[1]] += 1
        pending = pool.apply_async(run_case, (case,))
        try:
            _, problems = pending.get(opts.timeout)
        except mp.TimeoutError:
            pool.terminate()
            pool = ctx.Pool(1, maxtasksperchild=50)
            problems = [f"no answer in {opts.timeout:.0f} s (a hang?)"]
        if problems:
            failed.append({"case": case[:3], "problems": problems})
            print(f"FAIL {case[1]} seed={case[2]} {Path(case[0]).name}: {problems[0]}", flush=True)
    pool.terminate()
    (opts.out / "failures.json").write_text(json.dumps(failed, indent=1))
    print(f"{opts.cases} cases, {len(failed)} failed; per mutation: {dict(counts)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The deep run of tests/test_fuzz_user_files.py (docs/fuzz32.md): the user's own files in a
real home (notes.csv, ledger.csv, decisions.toml, targets.toml, networks.toml, kith.toml)
damaged one at a time, then a command that reads them, and the contract checked.

    flock /tmp/kith-heavy.lock .venv/bin/python bench/fuzz_user_files.py --cases 300 --seed 1

A case is (file, mutation, command, seed): printed when it fails, and its damaged home kept
under --out/failures/. Homes are built once per --exports folder (data/sample by default).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import user_files_support as uf  # noqa: E402


def cases(rng: random.Random, n: int):
    commands = list(uf.commands(["p"] * 6))
    for _ in range(n):
        name = rng.choice(uf.CSV_FILES + uf.TOML_FILES)
        mutation = rng.choice(sorted(uf.CSV_MUTATIONS)) if name.endswith(".csv") else "toml"
        yield name, mutation, rng.choice(commands), rng.randrange(2**32)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--exports", type=Path, default=None, help="default: data/sample")
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz32/bench"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="home-", dir=args.out))
    started = time.monotonic()
    pids = uf.build_home(base / "home", args.exports)
    failed = ran = 0
    by_kind: dict[str, int] = {}
    for name, mutation, command, seed in cases(random.Random(args.seed), args.cases):
        work = Path(tempfile.mkdtemp(prefix="case-", dir=args.out)) / "home"
        try:
            problems = uf.run_case(base / "home", work, pids, name, mutation, command, seed)
        except Exception as exc:  # the harness itself must not stop the run
            problems = [f"{name}/{mutation}/{command}/{seed}: harness {exc!r}"]
        ran += 1
        key = f"{name}/{mutation}"
        by_kind[key] = by_kind.get(key, 0) + 1
        if problems:
            failed += 1
            print("\n".join(problems), flush=True)
            keep = args.out / "failures" / f"{name}-{mutation}-{command}-{seed}"
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(work, keep, ignore=shutil.ignore_patterns("exports", "out"))
        shutil.rmtree(work.parent, ignore_errors=True)
    for name in uf.CSV_FILES:  # the user saving the file while kith works on it
        for command in [c for c in uf.commands(pids) if c != "serve"]:
            work = Path(tempfile.mkdtemp(prefix="case-", dir=args.out)) / "home"
            problems = uf.concurrent_case(base / "home", work, pids, name, command)
            ran += 1
            failed += bool(problems)
            print("\n".join(problems), end="\n" if problems else "", flush=True)
            shutil.rmtree(work.parent, ignore_errors=True)
    shutil.rmtree(base, ignore_errors=True)
    print(f"{ran} cases, {failed} failed, {time.monotonic() - started:.0f} s; "
          f"{len(by_kind)} file/mutation kinds, {min(by_kind.values(), default=0)}-"
          f"{max(by_kind.values(), default=0)} cases each")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

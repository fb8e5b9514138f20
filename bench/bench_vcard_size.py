"""Which vCard reader is faster at which file size: the vectorised one (formats/vcard_fast)
against the Python one (formats/vcard), on the first N cards of a generated vCard file.

    .venv/bin/python bench/bench_vcard_size.py [--generator pipeline.synth_spec] [--people 10000]

Generates (or reuses, bench/out/vcard_size/<generator>) an export set, then reads files of
1 to 4,000 of its cards with each reader, in this process, one polars thread (as an ingest
worker), and prints CPU milliseconds per file. `vcard.FAST_MIN_CHARS` is set from this.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pipeline.formats import vcard  # noqa: E402

SIZES = (1, 10, 30, 100, 300, 1000, 2000, 4000)


def cards_of(generator: str, people: int) -> list[bytes]:
    folder = HERE / "out" / "vcard_size" / f"{generator.rsplit('.', 1)[-1]}_{people}"
    if not list(folder.glob("*.vcf")):
        subprocess.run([sys.executable, "-m", generator, "--people", str(people), "--seed", "5",
                        "--out", str(folder)], check=True, cwd=HERE.parent,
                       stdout=subprocess.DEVNULL)
    data = sorted(folder.glob("*.vcf"))[0].read_bytes()  # each generator names it its way
    return [b"BEGIN:VCARD" + c for c in data.split(b"BEGIN:VCARD")[1:]]


def cpu_ms(blob: bytes, fast: bool, reps: int) -> float:
    vcard.FAST, vcard.FAST_MIN_CHARS = fast, 0
    vcard.parse_vcard(blob)  # warm: imports, compiled patterns
    start = time.process_time()
    for _ in range(reps):
        vcard.parse_vcard(blob)
    return (time.process_time() - start) / reps * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generator", default="pipeline.synth_spec")
    ap.add_argument("--people", type=int, default=10000)
    args = ap.parse_args()
    cards = cards_of(args.generator, args.people)
    print(f"{args.generator}, {len(cards)} cards; load {open('/proc/loadavg').read().split()[0]}")
    print("| cards | KB | vectorised ms | Python ms |\n|---|---|---|---|")
    for n in (s for s in SIZES if s <= len(cards)):
        blob = b"".join(cards[:n])
        reps = max(3, 300 // n)
        fast, slow = cpu_ms(blob, True, reps), cpu_ms(blob, False, reps)
        print(f"| {n} | {len(blob) / 1024:.1f} | {fast:.2f} | {slow:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

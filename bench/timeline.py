"""Which cores a `kith run` keeps busy, a quarter second at a time: the main thread, the
process's other threads (polars' pool, the streaming engine, kith's writer threads) and child
processes (ingest's worker), with each stage's end marked. Wall minus CPU/2 is what two cores
leave unused; this says when.

    python bench/timeline.py TREE EXPORTS_DIR OUT_DIR [--bucket 0.25]

TREE goes on PYTHONPATH (a frozen `git archive` of the code under test); OUT_DIR is emptied
first; the run starts from a fresh empty home. Linux only (reads /proc/PID/task/*/stat).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")


def _cpu(stat_path: str) -> tuple[float, str] | None:
    """(user+sys seconds, thread name) of one /proc stat file, None once it is gone."""
    try:
        text = Path(stat_path).read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ, text[text.index("(") + 1:text.rindex(")")]


def _children(pid: int) -> list[str]:
    kids: list[str] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            kids += Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
    except OSError:
        pass
    return kids


def _sample(pid: int) -> tuple[dict, dict]:
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else []:
        got = _cpu(f"/proc/{pid}/task/{tid}/stat")
        if got:
            threads[tid] = got
    kids = {k: got[0] for k in _children(pid) if (got := _cpu(f"/proc/{k}/stat"))}
    return threads, kids


def record(tree: str, exports: Path, out: Path) -> tuple[list, list, float, int]:
    """Samples (seconds, threads, children), stage ends (seconds, name), wall, pid."""
    shutil.rmtree(out, ignore_errors=True)
    home = tempfile.mkdtemp(prefix="kith-timeline-")
    cmd = [sys.executable, "-m", "pipeline.cli", "run",
           *sorted(str(p) for p in exports.iterdir()), "--out", str(out),
           "--as-of", "2026-11-22", "-v"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=home, env=dict(os.environ, PYTHONPATH=tree),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list = []
    stop = threading.Event()

    def sampler() -> None:
        while not stop.is_set():
            samples.append((time.perf_counter() - t0, *_sample(proc.pid)))
            time.sleep(0.05)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    marks = []
    for line in proc.stderr:
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "kith:" and parts[-1] == "s" and parts[1].isalpha():
            marks.append((time.perf_counter() - t0, parts[1]))
    proc.wait()
    stop.set()
    thread.join()
    wall = time.perf_counter() - t0
    shutil.rmtree(home, ignore_errors=True)
    return samples, [*marks, (wall, "exit")], wall, proc.pid


def report(samples: list, marks: list, pid: int, bucket: float) -> None:
    buckets: dict[int, list[float]] = {}
    for prev, cur in zip(samples, samples[1:], strict=False):
        b = buckets.setdefault(int(cur[0] / bucket), [0.0, 0.0, 0.0])
        for tid, (sec, _name) in cur[1].items():
            if tid in prev[1]:
                b[0 if tid == str(pid) else 1] += sec - prev[1][tid][0]
        for kid, sec in cur[2].items():
            if kid in prev[2]:
                b[2] += sec - prev[2][kid]
    m = 0
    for b in sorted(buckets):
        main, threads, kids = (v / bucket for v in buckets[b])
        ends = ""
        while m < len(marks) and marks[m][0] <= (b + 1) * bucket:
            ends += f" <- {marks[m][1]} ends"
            m += 1
        total = main + threads + kids
        print(f"{b * bucket:6.2f} cores {total:4.2f}  main {main:4.2f}  threads {threads:4.2f}"
              f"  children {kids:4.2f}  {'#' * round(total * 10):20s}{ends}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree")
    ap.add_argument("exports", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--bucket", type=float, default=0.25)
    args = ap.parse_args()
    load = os.getloadavg()[0]
    samples, marks, wall, pid = record(args.tree, args.exports, args.out)
    report(samples, marks, pid, args.bucket)
    print(f"wall {wall:.2f} s, load {load:.2f} -> {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

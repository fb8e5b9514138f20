"""kith serve at scale: saving a note and opening a person page at 100,000 people.

    python bench/bench_serve.py [--people 100000] [--work bench/out/serve] [--saves 200]

Generates the exports with pipeline.synth (cached), runs `kith run` once, then drives the app
in-process through Starlette's TestClient (the whole request path: Host, token cookie, CSRF
check, form parsing, the notes library's lock and atomic rewrite, the person page's template):
- saving a note: POST /person/<id>/note for random people, each a real rewrite of notes.csv;
- a person page: GET /person/<id> for random people, right after saves (the notes and ledger
  caches reloaded) and in steady state.
Prints p50/p95/max in milliseconds as JSON and writes it to WORK/report.json. Goals from the
issue: note save p95 < 100 ms, person page < 200 ms. Run it under the shared heavy-job lock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import config  # noqa: E402
from pipeline.run import run  # noqa: E402
from pipeline.synth import generate  # noqa: E402

CONFIG = 'inputs = ["exports"]\nout = "out"\n[files]\nnotes = "notes.csv"\n' \
         'decisions = "decisions.toml"\nsuppress = "suppressed.toml"\n'


def _home(work: Path, people: int) -> config.Config:
    exports = work / "exports"
    if not (exports / ".done").exists():
        exports.mkdir(parents=True, exist_ok=True)
        generate(people, 13, exports, ("linkedin", "google", "vcard"), owner=True)
        (exports / ".done").write_text("ok")
    (work / "kith.toml").write_text(CONFIG, "utf-8")
    cfg = config.load(work / "kith.toml")
    if not (cfg.out / "people.parquet").exists():
        t0 = time.perf_counter()
        run(cfg, cfg.inputs, cfg.out)
        print(f"kith run: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return cfg


def _ms(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"n": len(ordered), "p50": round(statistics.median(ordered) * 1000, 1),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            "max": round(ordered[-1] * 1000, 1)}


def main() -> int:
    from starlette.testclient import TestClient

    from pipeline.serve.app import create_app
    from pipeline.serve.security import Guard

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "serve")
    ap.add_argument("--saves", type=int, default=200)
    a = ap.parse_args()
    cfg = _home(a.work, a.people)
    people = pl.read_parquet(cfg.out / "people.parquet")
    guard = Guard(8765)
    client = TestClient(create_app(cfg, cfg.out, guard), base_url="http://127.0.0.1:8765")
    client.get(f"/?token={guard.token}")
    rng = random.Random(7)
    nonce = time.time_ns()  # every save really changes the file, run after run
    ids = people["person_id"].to_list()

    t0 = time.perf_counter()
    client.get(f"/person/{ids[0]}")  # first page: reads the run's tables and notes.csv
    first_page = time.perf_counter() - t0

    saves, after_save, steady = [], [], []
    for i in range(a.saves):
        pid = rng.choice(ids)
        t0 = time.perf_counter()
        r = client.post(f"/person/{pid}/note", data={"csrf": guard.csrf,
                                                     "need": f"benchmark note {i} {nonce}"},
                        follow_redirects=False)
        saves.append(time.perf_counter() - t0)
        assert r.status_code == 303 and "Notes%20saved" in r.headers["location"], r.text[:200]
        t0 = time.perf_counter()
        assert client.get(f"/person/{pid}").status_code == 200
        after_save.append(time.perf_counter() - t0)
    for _ in range(a.saves):
        t0 = time.perf_counter()
        assert client.get(f"/person/{rng.choice(ids)}").status_code == 200
        steady.append(time.perf_counter() - t0)
    notes_rows = pl.read_csv(cfg.files["notes"], infer_schema=False).height
    report = {"date": dt.date.today().isoformat(), "people": people.height,
              "notes_rows": notes_rows, "first_person_page_s": round(first_page, 2),
              "note_save_ms": _ms(saves), "person_page_after_save_ms": _ms(after_save),
              "person_page_steady_ms": _ms(steady)}
    (a.work / "report.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

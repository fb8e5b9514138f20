"""python -m pipeline.synth_spec --people N | --records N --seed S --out DIR [--sources ...] [--owner]"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline.synth_spec import DEFAULT_SOURCES, SOURCES, generate, people_for_records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.synth_spec", description=__doc__)
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--people", type=int, help="number of contacts (the owner comes on top)")
    size.add_argument("--records", type=int, help="aim for about this many contact rows instead")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sources", default=",".join(DEFAULT_SOURCES),
                    help=f"comma-separated subset of {','.join(SOURCES)}")
    ap.add_argument("--owner", action="store_true", help="add Profile.csv and Positions.csv")
    ap.add_argument("--no-messages", action="store_true", help="no messages.csv / Invitations.csv")
    ap.add_argument("--photos", type=float, default=0.0,
                    help="share of iOS vCards with a full-size (~40 KB) photo")
    ap.add_argument("--truth", type=Path, help="record truth path (default OUT/truth.parquet)")
    ap.add_argument("--people-truth", type=Path, help="default OUT/people_truth.parquet")
    a = ap.parse_args(argv)
    sources = tuple(s.strip() for s in a.sources.split(",") if s.strip())
    bad = set(sources) - set(SOURCES)
    if bad or not sources:
        ap.error(f"unknown source(s): {', '.join(sorted(bad)) or '(none)'}")
    n = a.people if a.people is not None else people_for_records(a.records, sources)
    # The command line mirrors pipeline.synth's on purpose (benchmarks call both alike); the
    # code is not shared, so this generator stays independent of kith's own.
    t0 = time.perf_counter()
    counts = generate(n, a.seed, a.out, sources, owner_files=a.owner, messages=not a.no_messages, photos=a.photos,
                      truth_path=a.truth, people_truth_path=a.people_truth)
    counts["seconds"] = round(time.perf_counter() - t0, 2)
    print(json.dumps(counts, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

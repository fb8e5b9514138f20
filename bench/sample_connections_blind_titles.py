"""Draw a new blind set of real-world job titles from LinkedIn Connections exports that no
earlier set used, split in two halves before any title is looked at (issue 14).

    python bench/sample_connections_blind_titles.py OUT_DIR

The exports are real people's and carry no licence, so the drawn titles stay on this machine
(OUT_DIR, e.g. /work/rw-onet-titles); the repository keeps this sampler and the sha256 of each
labelled half, committed before the parser first runs on it (bench/bench_roles_realworld.py).

The rule, fixed and committed before any title was looked at:
- Sources: the file named `Connections.csv` of each repository in EXPORTS, at the commit
  given (fetched into /work/.mirror/<owner>+<name>/repo). None of them is among the sixteen
  exports of docs/realworld3.md that the five earlier real-world draws came from. They were
  picked from a listing of public repositories holding a `Connections.csv` by their names
  only, several of them because the name suggests a German, French or Spanish owner.
- Pool: every distinct `Position` (whitespace collapsed, compared case-insensitively).
- Order: the pool sorted, then shuffled with random.Random(SEED).
- Dropped, walking that order: a title within token-sort ratio 90 (folded) of a title of any
  labelled file of tests/fixtures/enrich/, of the BLS file, of the 160 Faker en_US titles
  looked at, or of the O*NET 27.0 alternate titles (then tried as a source of derived words,
  not adopted: README), as the earlier samplers drop near twins of what the parser has seen.
  The draw was made with the O*NET titles kept then as a fixture; they are now read from the
  mirrored repository they were taken from (ONET_SOURCE, the same file by its sha256), so
  nothing under the CC BY 4.0 licence is kept in the repository and the draw still repeats.
- Kept: the first DRAW titles; half A is the first DRAW // 2 of them (developed against),
  half B the rest (the blind figure, not looked at while the parser is changed).
Labelled by hand from the title alone with the conventions of SOURCES.md, `lang` included;
the measure is on kith's four languages (en, de, fr, es).
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from realworld3 import decode, header_and_rows  # noqa: E402
from sample_mimesis_titles import BLS, FIXTURES, NEAR  # noqa: E402
from sample_third_blind_titles import looked_at  # noqa: E402

from pipeline.normalize import fold_series  # noqa: E402

MIRROR = Path("/work/.mirror")
# O*NET 27.0 `Alternate Titles.txt` (CC BY 4.0, USDOL/ETA), as redistributed unchanged in
# this repository at this commit; read only to drop near twins, never copied here
ONET_SOURCE = ("SrivardhiniK/career-path-recommender", "532545b40765324b21208050df368ecd10a7e85b",
               "data/Alternate Titles.txt")
ONET_SHA256 = "c3adaa59500f4a18649d6f49ee8798fa6d2c03b7a0f6b0a1a2f064c5c95c9cf5"
EXPORTS = {  # repository -> commit whose Connections.csv is read
    "LauraKrone24/AbgabeDataVisualisation": "5f84a9df549a59a8577b12f62d02aad91548c148",
    "DelphineLeconte/Repo": "eee4604df91479edd30ea4a90e2ecdb4c6a329a2",
    "SergioPereiraLema/LinkedInAnalytics": "fffde5ef46e1cbc74a2c3cfcfadad0b46851e68a",
    "agutierrez11/Radar-comercial-linkedin": "7072cc562783110fd4e92e91e101ea45b18f0045",
    "cesarespnvll/NetLink": "2993fea1da100368932165ae5c5ce62ea23bbf71",
    "ariequeve/linkedin_connections_analysis": "550dad05a54f3d3294a0998b1c36be59fbe66c4a",
    "JasonToups/linkedin-export-sorting": "aafa9187db0fb638d44cac06902b8053e42d49e5",
    "TuckerRasbury/02_VisualizingMyLinkedinNetwork": "6c174794fb5b3b5e6d851b5798cf3e0349a812ef",
    "ericmpastore/linkedin_connections": "ea7ab976d25d05b4a7713083cf58a400d8980d6a",
    "leonswl/linkedin-network-analysis": "06bdfe5734af3bb6b04a0674f8f4b67e9106b799",
}
SEED, DRAW, CHUNK = 20261209, 480, 200


def onet_titles() -> pl.Series:
    """The O*NET 27.0 alternate titles (CC BY 4.0), from the mirrored ONET_SOURCE."""
    repo, commit, name = ONET_SOURCE
    git = MIRROR / repo.replace("/", "+") / "repo"
    raw = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{name}"],
                         check=True, capture_output=True).stdout
    if hashlib.sha256(raw).hexdigest() != ONET_SHA256:
        raise SystemExit(f"{name} of {repo}@{commit[:7]} is not the file the draw used")
    onet = pl.read_csv(io.BytesIO(raw), separator="\t", infer_schema=False, quote_char=None)
    return onet["Alternate Title"]


def _files(repo: str, commit: str) -> list[str]:
    git = MIRROR / repo.replace("/", "+") / "repo"
    names = subprocess.run(["git", "-C", str(git), "ls-tree", "-r", "--name-only", commit],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    return [n for n in names if n.split("/")[-1] == "Connections.csv"]


def positions() -> dict[str, tuple[str, str]]:
    """casefolded Position -> (Position, repository it was first seen in)."""
    seen: dict[str, tuple[str, str]] = {}
    for repo, commit in EXPORTS.items():
        git = MIRROR / repo.replace("/", "+") / "repo"
        for name in _files(repo, commit):
            raw = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{name}"],
                                 check=True, capture_output=True).stdout
            header, rows = header_and_rows(decode(raw))
            if "position" not in header:
                continue
            column = header.index("position")
            for row in rows:
                title = " ".join(row[column].split()) if column < len(row) else ""
                if title:
                    seen.setdefault(title.casefold(), (title, repo))
    return seen


def seen_keys() -> list[str]:
    labelled = [pl.read_csv(p, infer_schema=False)["title"]
                for p in sorted(FIXTURES.glob("titles*.csv"))]
    seen = [*labelled, pl.read_csv(BLS, infer_schema=False)["title"],
            pl.Series(looked_at()), onet_titles()]
    return fold_series(pl.concat(seen)).unique().to_list()


def draw() -> tuple[list[tuple[str, str]], int, int]:
    """(the kept (title, repository) in draw order, pool size, how many were dropped)."""
    pool = positions()
    order = sorted(pool)
    random.Random(SEED).shuffle(order)
    seen = seen_keys()
    kept: list[tuple[str, str]] = []
    dropped = 0
    for start in range(0, len(order), CHUNK):
        chunk = [pool[k] for k in order[start:start + CHUNK]]
        keys = fold_series(pl.Series([t for t, _ in chunk])).to_list()
        near = process.cdist(keys, seen, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR,
                             workers=1)
        for item, row in zip(chunk, near, strict=True):
            if row.any():
                dropped += 1
            elif len(kept) < DRAW:
                kept.append(item)
        if len(kept) >= DRAW:
            break
    return kept, len(pool), dropped


def main(out: Path) -> None:
    kept, pool, dropped = draw()
    out.mkdir(parents=True, exist_ok=True)
    for half, rows in (("A", kept[:DRAW // 2]), ("B", kept[DRAW // 2:])):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["title", "lang", "seniority", "function", "source"])
        for title, repo in sorted(rows):
            writer.writerow([title, "", "", "", f"connections:{repo}"])
        (out / f"titles_connections_{half}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    print(f"{pool} distinct titles; {len(kept)} kept, {dropped} dropped as near a seen title",
          file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Seniority and function on the hand-labelled real LinkedIn titles kept off the repository.

    python bench/bench_roles_realworld.py [FOLDER ...]   (default: FOLDERS)

The titles were drawn by bench/sample_realworld_titles.py from real people's exports that
carry no licence (docs/realworld3.md), so only their sha256 is committed (SOURCES.md and
docs/realworld3.md, before the parser first ran on each). This script reads the labelled
files that are present in the folder, says whether each is the committed one, and prints the
accuracy per language and on kith's four languages (en, de, fr, es), where kith claims to
read titles. A file absent on this machine is listed as such.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.enrich.roles import classify  # noqa: E402

# file -> sha256 committed before the parser ran on it
LABELLED = {
    "titles_realworld.csv": "6ebbad932a038e47649824063a1211e1dc21b9bb66a07f47598f8543b2259d8e",
    "titles_realworld2.csv": "ec4a700ba9163c756f788d6bc46193df8d42c489593273cb9935b25ec879df6d",
    "titles_realworld3.csv": "e4d09f857d65dfd34d722e19e126df5cc15b7dad6197c3c0e50eaf2ae9b515f7",
    "titles_realworld4.csv": "8a36e3eaa9b399ca20f08ff37a9960008f187e13fd5500786c104381f2db7736",
    "titles_realworld5.csv": "e51e8fc657cf002a8198f2d5be02d59e94cd7212e00eb9129d902818a68c1aa6",
    # bench/sample_connections_blind_titles.py (ten exports no earlier draw used), labelled
    # in two halves: A is developed against, B stays the blind figure
    "titles_connections_A.csv": "7469cdc5f11d649bbb1f80ee02d88af9cd3947a85eadf0a9df5a510a96b46a72",
    "titles_connections_B.csv": "d4b32950f1d22d80892330a88ad63b944190289f28eaf7555da25e02ce75c214",
}
FOLDERS = (Path("/work/rw3-titles"), Path("/work/rw-onet-titles"))
CLAIMED = ("en", "de", "fr", "es")


def scored(path: Path) -> pl.DataFrame:
    """The labelled titles with the parser's answers; a null answer counts as wrong."""
    labels = pl.read_csv(path, infer_schema=False)
    got = classify(labels["title"]).rename({"seniority": "seniority_got",
                                            "function": "function_got"})
    return labels.join(got, on="title", how="left").with_columns(
        *[(pl.col(c) == pl.col(f"{c}_got")).fill_null(False).alias(f"{c}_right")
          for c in ("seniority", "function")])


def line(name: str, part: pl.DataFrame) -> str:
    return (f"  {name:22} {part.height:4d}  {part['seniority_right'].mean():.3f}"
            f"  {part['function_right'].mean():.3f}")


def main(folders: list[Path]) -> None:
    for name, sha in LABELLED.items():
        path = next((f / name for f in folders if (f / name).exists()), folders[0] / name)
        if not path.exists():
            print(f"{name}: not on this machine")
            continue
        same = hashlib.sha256(path.read_bytes()).hexdigest() == sha
        print(f"{name}: {'the committed labels' if same else 'CHANGED since committed'}")
        print(f"  {'titles':22} {'n':>4}  senior.  function")
        joined = scored(path)
        print(line("all", joined))
        for (lang,), part in joined.sort("lang").group_by("lang", maintain_order=True):
            print(line(lang, part))
        print(line("kith's four languages", joined.filter(pl.col("lang").is_in(CLAIMED))))


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or list(FOLDERS))

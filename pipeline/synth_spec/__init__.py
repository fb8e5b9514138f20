"""A second export generator, written from the format specs (docs/formats.md) and
independent of `pipeline.synth`: other name frequencies, other quirks, no owner files unless
asked. It writes the exports one owner would download, and the truth:

``truth.parquet``: one row per data row (CSV) or card (vCard) of every file that holds people,
columns ``source_file`` (as kith names it: ``file`` or ``archive.zip!member``), ``source_row``
(0-based), ``person_key`` (null for ghost and system rows), ``true_networks`` (empty: this
generator does not model networks) and ``kind`` (contact | ghost | interaction | system | owner),
the shape `pipeline.synth` writes, so bench/quality.py scores either.
``people_truth.parquet``: one row per person (person_key, name, given, family, culture,
household, sources).

Pass truth paths outside OUT when kith will read the whole folder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.synth_spec import addressbooks, identifiers, linkedin, population, vcards, views
from pipeline.synth_spec.views import DEFAULT_SOURCES, SOURCES

EXPORT_DATE = date(2026, 10, 5)

__all__ = ["DEFAULT_SOURCES", "SOURCES", "generate", "people_for_records"]


def people_for_records(records: int, sources: tuple[str, ...] = DEFAULT_SOURCES) -> int:
    """How many people give about `records` contact rows with these sources."""
    return max(2, round(records / views.expected_rows_per_person(sources)) + 1)


def generate(n_people: int, seed: int, out_dir: Path, sources: tuple[str, ...] = DEFAULT_SOURCES,
             owner_files: bool = False, messages: bool = True, photos: float = 0.0,
             truth_path: Path | None = None,
             people_truth_path: Path | None = None) -> dict:
    """Write the exports of `n_people` contacts (plus the owner) to `out_dir`; return counts.

    `photos`: share of iOS vCards carrying a full-size photo (a big .vcf for few people)."""
    bad = set(sources) - set(SOURCES)
    if bad:
        raise ValueError(f"unknown source(s): {', '.join(sorted(bad))}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = n_people + 1
    people = population.build(n, rng)
    people = identifiers.assign(people, identifiers.organisations(rng, n), rng)
    members = views.memberships(n, sources, rng)
    truth = []
    for src in sources:
        v = views.view(people, src, members[src], rng)
        if src == "linkedin":
            truth.append(linkedin.write(people, v, out_dir, EXPORT_DATE, rng, messages, owner_files))
        elif src == "google":
            truth.append(addressbooks.google(v, out_dir, rng))
        elif src == "vcard":
            truth.append(vcards.write(v, out_dir, rng, photos))
        elif src == "outlook":
            truth.append(addressbooks.outlook(v, out_dir, rng))
        else:
            truth.append(addressbooks.crm(v, out_dir, rng))
    t = pl.concat(truth, how="vertical_relaxed")
    _write_truth(people, members, t, Path(truth_path or out_dir / "truth.parquet"),
                 Path(people_truth_path or out_dir / "people_truth.parquet"))
    kinds = t.group_by("kind").len().sort("kind")
    return {"people": n_people, "contact_records": int((t["kind"] == "contact").sum()),
            "rows": t.height, **{f"kind_{k}": c for k, c in kinds.iter_rows()},
            "files": sorted(p.name for p in out_dir.iterdir() if p.suffix != ".parquet")}


def _key(idx: pl.Expr) -> pl.Expr:
    return pl.when(idx == 0).then(pl.lit("owner")).when(idx > 0).then(
        pl.concat_str(pl.lit("q"), idx.cast(pl.String).str.zfill(7)))


def _write_truth(people: pl.DataFrame, members: dict, t: pl.DataFrame, path: Path,
                 people_path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    people_path.parent.mkdir(parents=True, exist_ok=True)
    t.select("source_file", pl.col("source_row").cast(pl.Int64),
             _key(pl.col("idx")).alias("person_key"),
             pl.lit([], dtype=pl.List(pl.String)).alias("true_networks"), "kind"
             ).write_parquet(path)
    in_src = pl.concat([pl.DataFrame({"idx": idx, "source": s}, schema={"idx": pl.Int64, "source": pl.String})
                        for s, idx in members.items()]
                       ).unique().group_by("idx").agg(pl.col("source").sort())
    people.select(
        "idx", _key(pl.col("idx")).alias("person_key"),
        pl.concat_str("given", "family", separator=" ").alias("name"), "given", "middle", "family",
        "maiden", "nick", "culture", "country", "household", "org_name", "email", "mobile",
    ).join(in_src, on="idx", how="left", maintain_order="left").with_columns(
        pl.col("source").fill_null([]).alias("sources")).drop("idx", "source").write_parquet(people_path)

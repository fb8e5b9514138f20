"""Issue 12, as properties over random books (pipeline.synth): a night whose exports changed
only some people's organisation and title splits nobody kith merged the day before; a night
where a record's e-mail became another person's is no job change, and kith may split it
(dedupe/job_change.py, docs/job41.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental import home, kith_run

from pipeline.synth import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_refresh import rewrite_member  # noqa: E402

DAY = dt.date(2025, 11, 20)
EMPLOYERS = ["Quillon Freight", "Ardent Bay Labs", "Morrow & Pike", "Tessaline Health"]
TITLES = ["Head of Product", "Staff Engineer", "Nurse Practitioner", "Account Director"]


def _csv_jobs(text: str, org: str, title: str, pick) -> str:
    """A contact CSV (a LinkedIn preamble kept) with the rows `pick` chooses given a new
    employer and title; every other byte of a row as it was."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = rows[0], [r for r in rows[1:] if r]
    o, t = header.index(org), header.index(title)
    for k, row in enumerate(body):
        job = pick(k)
        if job is not None:
            row[o], row[t] = job
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    return "".join(line + "\n" for line in lines[:start]) + buf.getvalue()


def change_jobs(exports: Path, rng: random.Random, share: float) -> int:
    """About `share` of the rows of every file (LinkedIn connections, Google CSV, vCards) get
    a new employer and title, nothing else; returns how many."""
    changed = 0

    def pick(_k: int):
        nonlocal changed
        if rng.random() >= share:
            return None
        changed += 1
        return rng.choice(EMPLOYERS), rng.choice(TITLES)

    for path in sorted(exports.iterdir()):
        if path.suffix == ".zip":
            rewrite_member(path, "Connections.csv", lambda _, data: _csv_jobs(
                data.decode("utf-8-sig"), "Company", "Position", pick).encode("utf-8"))
        elif path.suffix == ".csv":
            path.write_text("\ufeff" + _csv_jobs(path.read_text("utf-8-sig"),
                                                 "Organization Name", "Organization Title",
                                                 pick), "utf-8")
        elif path.suffix == ".vcf":
            cards = re.findall(r"BEGIN:VCARD.*?END:VCARD\r?\n?", path.read_text("utf-8"), re.S)
            out = []
            for k, card in enumerate(cards):
                job = pick(k)
                if job is not None:
                    card = re.sub(r"^(ORG|TITLE):.*\r?\n", "", card, flags=re.M).replace(
                        "END:VCARD", f"ORG:{job[0]}\r\nTITLE:{job[1]}\r\nEND:VCARD", 1)
                out.append(card)
            path.write_text("".join(out), "utf-8")
    return changed


def together(out: Path) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """Pairs of input rows (file, row) that are one person, by where the rows are: a
    changed row keeps its place, not always its record id."""
    recs = pl.read_parquet(out / "records.parquet").select(
        "person_id", pl.struct("source_file", "source_row").alias("row"))
    pairs = set()
    for rows in recs.group_by("person_id").agg("row")["row"].to_list():
        keys = sorted((r["source_file"], r["source_row"]) for r in rows)
        pairs |= {(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]}
    return pairs


def book(root: Path, seed: int, people: int) -> Path:
    exports = root / "exports"
    generate(people, seed, exports, truth_path=root / "truth.parquet",
             people_truth_path=root / "people_truth.parquet")
    return home(root, exports)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(1, 10_000), share=st.sampled_from([0.05, 0.2, 0.5]),
       days=st.integers(1, 3))
def test_a_night_of_job_changes_splits_nobody(seed, share, days):
    with tempfile.TemporaryDirectory() as tmp:
        h = book(Path(tmp), seed, 80)
        kith_run(h, DAY, incremental=True)
        before = together(h / "out")
        change_jobs(Path(tmp) / "exports", random.Random(seed), share)
        kith_run(h, DAY + dt.timedelta(days=days), incremental=True)
        assert before - together(h / "out") == set()
        # and the night after, over the same exports, keeps them
        kith_run(h, DAY + dt.timedelta(days=days + 1), incremental=True)
        assert before - together(h / "out") == set()


def _google_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    return rows[0], rows[1:]


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(1, 10_000))
def test_an_email_that_became_another_persons_is_no_job_change(seed):
    """A Google card merged on day 1 gets another person's e-mail address (and a new
    employer) on day 2: no pair of it is joined as a job change."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        h = book(Path(tmp), seed, 80)
        kith_run(h, DAY, incremental=True)
        google = Path(tmp) / "exports" / "contacts.csv"
        header, rows = _google_rows(google)
        mail = header.index("E-mail 1 - Value")
        recs = pl.read_parquet(h / "out" / "records.parquet")
        sizes = recs.group_by("person_id").agg(pl.len().alias("n"))
        merged = set(recs.join(sizes, on="person_id").filter(
            (pl.col("n") > 1) & (pl.col("source_file") == "contacts.csv"))["source_row"])
        victims = [i for i in sorted(merged) if rows[i][mail]]
        donors = [i for i, r in enumerate(rows) if r[mail]]
        if not victims or len(donors) < 2:
            return  # a book without such a card says nothing either way
        victim = rng.choice(victims)
        donor = rng.choice([i for i in donors if rows[i][mail] != rows[victim][mail]
                            and rows[i][header.index("Last Name")]
                            != rows[victim][header.index("Last Name")]])
        rows[victim][mail] = rows[donor][mail]
        rows[victim][header.index("Organization Name")] = EMPLOYERS[0]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header, *rows])
        google.write_text("\ufeff" + buf.getvalue(), "utf-8")
        kith_run(h, DAY + dt.timedelta(days=1), incremental=True)
        now = pl.read_parquet(h / "out" / "records.parquet")
        rid = now.filter((pl.col("source_file") == "contacts.csv")
                         & (pl.col("source_row") == victim))["record_id"][0]
        pairs = pl.read_parquet(h / "out" / "pairs.parquet").filter(
            (pl.col("record_id_l") == rid) | (pl.col("record_id_r") == rid))
        assert not pairs["reason"].str.starts_with("job change").any()
        jobs = pl.read_parquet(h / "out" / "state" / "job_changes.parquet")
        assert rid not in jobs["record_id_l"].to_list() + jobs["record_id_r"].to_list()

"""pipeline.incremental.worksheet_csv: the network CSVs of a re-dated night, rows copied from
the night before or encoded, byte for byte what polars writes for the whole frame."""

from __future__ import annotations

import random

import numpy as np
import polars as pl

from pipeline.incremental import worksheet_csv as W

NASTY = ["", "plain", "a,b", 'say "hi"', "two\nlines", "cr\r\nlf", "\n", '"', "=1+1",
         "trailing\n", "é ü 中文", "  spaced  ", ",\n,\"\r"]


def frame(n: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    return pl.DataFrame({c: [rng.choice(NASTY) + rng.choice(NASTY) for _ in range(n)]
                         for c in ("person_id", "name", "why")})


def test_encode_gives_polars_bytes_and_each_rows_length():
    f = frame(300, 1)
    data, lengths = W.encode(f, header=True)
    assert data == f.write_csv(include_bom=True).encode()
    header = len(data) - int(lengths.sum())
    assert data[:header] == f.head(0).write_csv(include_bom=True).encode()
    ends = header + np.cumsum(lengths)
    for i in range(f.height):  # every row's bytes are that row alone, as polars writes it
        row = data[ends[i] - lengths[i]:ends[i]]
        assert row == f.slice(i, 1).write_csv(include_header=False).encode()
    body, body_lengths = W.encode(f, header=False)
    assert body == data[header:] and np.array_equal(body_lengths, lengths)
    empty, none = W.encode(f.head(0), header=True)
    assert empty == f.head(0).write_csv(include_bom=True).encode() and len(none) == 0


def _night(folder, previous, dated, full: pl.DataFrame, at: np.ndarray):
    nets = W.NetworkCsv(folder, previous, dated)
    nets.write("peer", "peer.csv", lambda mask: full if mask is None else full.filter(
        pl.Series(mask)), at)
    return nets


def test_a_spliced_file_equals_the_file_written_in_full(tmp_path):
    """Night one writes in full and keeps the memo; night two changes some people's dated
    texts: the spliced file equals the whole frame written by polars; a night where nobody's
    text moved hard-links the file."""
    people = 200
    at = np.array(sorted(random.Random(3).sample(range(people), 150)))
    one, two, three = (tmp_path / n for n in ("one", "two", "three"))
    for d in (one, two, three):
        (d / "worksheets").mkdir(parents=True)
    dated = pl.DataFrame({"last": [f"{i} days ago" for i in range(people)]})
    rows = frame(people, 2)
    first = _night(one / "worksheets", None, dated, rows[at], at)
    assert first.spliced == 0 and first.rows_encoded == len(at)
    for rel, table in first.memo().items():
        (one / rel).parent.mkdir(parents=True, exist_ok=True)
        table.write_parquet(one / f"{rel}.parquet")
    moved = dated.with_columns(last=pl.when(pl.int_range(pl.len()) % 7 == 0)
                               .then(pl.lit("moved\nline")).otherwise(pl.col("last")))
    changed_rows = rows.with_columns(
        why=pl.when(pl.int_range(pl.len()) % 7 == 0).then(pl.lit('x,"\n')).otherwise("why"))
    second = _night(two / "worksheets", W.load(one), moved, changed_rows[at], at)
    assert second.spliced == 1 and 0 < second.rows_encoded < len(at)
    assert (two / "worksheets" / "peer.csv").read_bytes() == \
        changed_rows[at].write_csv(include_bom=True).encode()
    for rel, table in second.memo().items():
        (two / rel).parent.mkdir(parents=True, exist_ok=True)
        table.write_parquet(two / f"{rel}.parquet")
    third = _night(three / "worksheets", W.load(two), moved, changed_rows[at], at)
    assert third.rows_encoded == 0
    assert (three / "worksheets" / "peer.csv").stat().st_ino == \
        (two / "worksheets" / "peer.csv").stat().st_ino


def test_other_members_or_a_damaged_file_are_written_in_full(tmp_path):
    people = 50
    at = np.arange(people)
    rows = frame(people, 4)
    dated = pl.DataFrame({"last": ["a"] * people})
    one = tmp_path / "one"
    (one / "worksheets").mkdir(parents=True)
    first = _night(one / "worksheets", None, dated, rows, at)
    for rel, table in first.memo().items():
        (one / rel).parent.mkdir(parents=True, exist_ok=True)
        table.write_parquet(one / f"{rel}.parquet")
    with open(one / "worksheets" / "peer.csv", "ab") as fh:  # not the file the memo describes
        fh.write(b"x")
    for n, (members, damaged) in enumerate([(at, True), (at[:-1], False)]):
        if not damaged:
            with open(one / "worksheets" / "peer.csv", "rb+") as fh:
                fh.truncate(fh.seek(0, 2) - 1)
        folder = tmp_path / f"n{n}"
        folder.mkdir()
        night = _night(folder, W.load(one), dated, rows[members], members)
        assert night.spliced == 0 and night.rows_encoded == len(members)
        assert (folder / "peer.csv").read_bytes() == \
            rows[members].write_csv(include_bom=True).encode()


def _keep(night: W.NetworkCsv, run) -> None:
    for rel, table in night.memo().items():
        (run / rel).parent.mkdir(parents=True, exist_ok=True)
        table.write_parquet(run / f"{rel}.parquet")


def test_splices_of_any_changed_rows_equal_the_files_written_in_full(tmp_path):
    """Whichever rows change (the first, the last, every one, runs of neighbours, one in
    nine at random), night after night: each spliced file is the whole frame as polars
    writes it, and the lengths it keeps let the next night splice again."""
    people = 120
    at = np.arange(people)
    rng = random.Random(5)
    masks = [[i == 0 for i in at], [i == people - 1 for i in at], [True] * people,
             [i % 2 == 0 for i in at], [10 <= i < 40 or i >= 100 for i in at],
             [rng.random() < 1 / 9 for _ in at]]
    rows, dated = frame(people, 6), pl.DataFrame({"last": ["0"] * people})
    run = tmp_path / "n0"
    (run / "worksheets").mkdir(parents=True)
    _keep(_night(run / "worksheets", None, dated, rows, at), run)
    for n, mask in enumerate(masks, 1):
        picked = pl.Series(mask)
        dated = dated.with_columns(last=pl.when(picked).then(pl.lit(f"{n}\n,")).otherwise("last"))
        rows = rows.with_columns(why=pl.when(picked).then(pl.lit(f'"{n}"\r\n' * (n % 3)))
                                 .otherwise("why"))
        before, run = run, tmp_path / f"n{n}"
        (run / "worksheets").mkdir(parents=True)
        night = _night(run / "worksheets", W.load(before), dated, rows, at)
        assert night.spliced == 1 and night.rows_encoded == sum(mask)
        assert (run / "worksheets" / "peer.csv").read_bytes() == \
            rows.write_csv(include_bom=True).encode()
        _keep(night, run)

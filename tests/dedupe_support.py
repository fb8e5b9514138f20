"""Helpers for the dedupe tests: records from a few fields, a scored pair, a book of filler
people to give a test pair a realistic prior."""

from __future__ import annotations

import functools

import polars as pl

from pipeline import schema
from pipeline.dedupe import compare, features


def records(rows: list[dict]) -> pl.DataFrame:
    """Normalised records from a few fields (the rest null)."""
    cols = {k: [r.get(k) for r in rows] for k in (
        "given_key", "family_key", "middle_name", "linkedin_slug", "org_key", "birthday_year",
        "birthday_month", "birthday_day", "city", "street_key", "postcode_key", "title")}
    frame = pl.DataFrame({
        "record_id": [f"r_{i:04d}" for i in range(len(rows))],
        "source": [r.get("source", "google") for r in rows],
        "source_file": [r.get("source_file", "f.csv") for r in rows],
        "source_row": list(range(len(rows))),
        "display_name": [f"{r.get('given_key')} {r.get('family_key')}" for r in rows],
        "email_keys": [r.get("emails", []) for r in rows],
        "phones_e164": [r.get("phones", []) for r in rows],
        **cols,
    }, schema_overrides={"email_keys": pl.List(pl.String), "phones_e164": pl.List(pl.String),
                         "birthday_year": pl.Int32, "birthday_month": pl.Int32,
                         "birthday_day": pl.Int32, "linkedin_slug": pl.String,
                         "org_key": pl.String, "city": pl.String, "street_key": pl.String,
                         "postcode_key": pl.String, "family_key": pl.String, "title": pl.String,
                         "given_key": pl.String, "middle_name": pl.String})
    return schema.conform(frame, schema.RECORDS)


def scored_pair(left: dict, right: dict, feats: pl.DataFrame | None = None) -> pl.DataFrame:
    """The scored pair of two records, with both records' feature columns. `feats`: the two
    records' features when the caller has built them already (features.build of the same
    records, which is deterministic)."""
    if feats is None:
        feats = features.build(records([left, right]))
    pairs = pl.DataFrame({"l": [0], "r": [1], "rule": ["test"]},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    return compare.score(pairs, feats)


def scored_in_book(pairs: tuple[tuple[dict, dict], ...], others: list[dict]) -> pl.DataFrame:
    """Each (left, right) pair scored within one book that also holds `others` (so term
    frequencies and priors are those of a real book, not of two records)."""
    rows = list(others)
    for a, b in pairs:
        rows += [a, b]
    feats = features.build(records(rows))
    idx = dict(zip(feats["record_id"].to_list(), feats["idx"].to_list(), strict=True))
    ids = [f"r_{len(others) + i:04d}" for i in range(2 * len(pairs))]
    frame = pl.DataFrame({"l": [idx[i] for i in ids[0::2]], "r": [idx[i] for i in ids[1::2]],
                          "rule": ["test"] * len(pairs)},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    return compare.score(frame, feats)


def invented_word(i: int, length: int) -> str:
    """A pronounceable word, distinct for each i below 17 ** length: an invented name."""
    letters = "bcdfghjklmnprstvz"
    out = ""
    for _ in range(length):
        i, k = divmod(i, len(letters))
        out += letters[k] + "aeiou"[k % 5]
    return out


@functools.cache
def filler(n: int) -> tuple[dict, ...]:
    """n people with distinct invented names and nothing shared: a book whose prior is that
    of n records (-log2(N)), so a test pair is scored as in a real book of that size."""
    return tuple({"given_key": invented_word(i, 4), "family_key": invented_word(i * 13 + 5, 5)}
                 for i in range(n))


def first_pass_share(feats, seed: int, share: float):
    """(codes, every candidate pair, a random `share` of them standing for the first pass's
    pairs): the set-up of the second pass's tests (test_dedupe_rescore, test_dedupe_fast15)."""
    import random

    from pipeline.dedupe import blocking, stage

    codes, _, _ = stage.blocked(feats)
    pairs, _ = blocking.candidate_pairs(codes.features, copies=True)
    rng = random.Random(seed)
    first = pairs.filter(pl.Series([rng.random() < share for _ in range(pairs.height)],
                                   dtype=pl.Boolean))
    return codes, pairs, first


def together(*rows: dict, book: int = 3_000) -> list[bool]:
    """For each row after the first: is it the first row's person, deduplicated in a book of
    `book` filler people."""
    from pipeline.dedupe.stage import dedupe

    result = dedupe(records([*rows, *filler(book)]))
    ids = result.records.sort("record_id")["person_id"].to_list()
    return [ids[i] == ids[0] for i in range(1, len(rows))]


def people_with_copies(seed: int, people: int, person, copies: tuple[int, int],
                       email_share: float, renamed_share: float, given: list) -> pl.DataFrame:
    """Features of a book where each of `people` people (`person(rng, i)`: their fields) has
    `copies` (low, high) records in files f0-f2, some with one of two e-mail addresses of
    theirs, some with another given name from `given` (several records a person raise the
    prior: dedupe's second pass)."""
    import random

    rng = random.Random(seed)
    rows = []
    for i in range(people):
        own = person(rng, i)
        for k in range(rng.randint(*copies)):
            row = dict(own, source_file=f"f{rng.randint(0, 2)}.csv")
            if rng.random() < email_share:
                row["emails"] = [f"p{i}.{k % 2}@example.org"]
            if rng.random() < renamed_share:
                row["given_key"] = rng.choice(given)
            rows.append(row)
    return features.build(records(rows))

"""One order for the review queue everywhere it is listed (docs/left34.md item 1; user34: the
worksheets' review.html sorted the pairs by weight, `kith review` walked them by rank, "most
valuable first").

Expected before running: data/sample leaves five pairs to review whose rank (likelihood x
importance) is not their weight order (Nancy Wright / Steffi Klotz is second by value but
fourth by weight); review.html, review.csv, `kith review` and serve's Review page all list the
pairs in review.parquet's rank order.
"""

from __future__ import annotations

import csv
import re

import polars as pl
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from pipeline.cli import main
from pipeline.serve.app import create_app
from pipeline.serve.security import Guard

PORT = 8766


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


def ranked(home) -> pl.DataFrame:
    review = pl.read_parquet(home.out / "review.parquet").sort("rank")
    assert review.height >= 3, "the sample should leave pairs to review"
    by_weight = review.sort("weight", descending=True)["rank"].to_list()
    assert by_weight != review["rank"].to_list(), "the sample's ranks should differ from weights"
    return review


def test_the_worksheets_list_the_pairs_in_the_queue_order(home):
    review = ranked(home)
    expected = [f"kith merge {a} {b}" for a, b in
                review.select("person_id_l", "person_id_r").iter_rows()]
    sheets = home.out / "current" / "worksheets"
    page = (sheets / "review.html").read_text("utf-8")
    assert re.findall(r"kith merge p_\w+ p_\w+", page) == expected
    # the page's first sort choice is the order it is written in
    assert re.search(r'<select id="sort"><option value="rank:asc:num">', page)
    with (sheets / "review.csv").open(encoding="utf-8") as f:
        assert [row["merge_command"] for row in csv.DictReader(f)] == expected


def test_kith_review_and_serve_ask_the_pairs_in_the_same_order(home):
    review = ranked(home)
    recs = pl.read_parquet(home.out / "records.parquet")
    name = dict(recs.select("record_id", "display_name").iter_rows())
    expected = [(name[a], name[b]) for a, b in
                review.select("record_id_l", "record_id_r").iter_rows()]
    res = CliRunner().invoke(main, ["review", "--config", str(home.path), "--limit", "30"],
                             input="k\n" * review.height, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    left = re.findall(r"^  L: ([^|]*?) \|", res.output, re.M)
    right = re.findall(r"^  R: ([^|]*?) \|", res.output, re.M)
    assert list(zip(left, right, strict=True)) == expected

    guard = Guard(PORT)
    with TestClient(create_app(home, home.out, guard),
                    base_url=f"http://127.0.0.1:{PORT}") as c:
        c.get(f"/?token={guard.token}")
        page = c.get("/review").text
    shown = re.findall(r'id="pair-([^"]+)"', page)
    pairs = [f"{a}-{b}" for a, b in review.select("record_id_l", "record_id_r").iter_rows()]
    assert shown == pairs[:len(shown)] and shown

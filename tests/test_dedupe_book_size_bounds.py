"""One field's weight is bounded by the book's size, not by a constant (docs/recall1m.md).

The prior of a pair is -log2(N) (tables.prior_weight). A field's weight was clipped at 16 bits
and a value's frequency floored at 1e-5 whatever the book's size: past 65,536 records the
prior fell below what one field could say, so one exact personal e-mail (log2(0.45 / 1e-6) =
18.8 bits) weighed 16 against a prior of -20 at a million records, below the review band,
and a family name only the pair's two records carry (1/500,000 of a million records' family
names) counted as one in 100,000. The bound now follows the prior: max(16, log2 N), and the
least frequency is one record's, min(1e-5, 1 / N); a book up to 65,536 records weighs as
before."""

from __future__ import annotations

import math

import polars as pl
import pytest
from dedupe_support import invented_word, records

from pipeline import schema
from pipeline.dedupe import compare, model
from pipeline.dedupe.stage import dedupe
from pipeline.dedupe.thresholds import Thresholds


def _weight(field: str, level: str, n_records: int, tf: float | None = None) -> float:
    frame = pl.DataFrame({f"{field}_level": [level], "tf": [tf]},
                         schema={f"{field}_level": model.LEVEL, "tf": pl.Float64})
    tf_col = "tf" if model.M[field][level][1] is None else None
    return frame.select(compare.field_weight(field, tf_col, n_records)).item()


@pytest.mark.parametrize("n", [2, 3_111, 38_670, 50_511, 65_536])
def test_a_book_up_to_65536_records_keeps_the_constant_bounds(n):
    assert model.field_bounds(n) == (model.MAX_FIELD_WEIGHT, model.MIN_TF_U)
    assert _weight("email", "exact", n) == model.MAX_FIELD_WEIGHT
    assert _weight("family", "exact", n, tf=2 / n) == pytest.approx(
        min(model.MAX_FIELD_WEIGHT, max(0.0, math.log2(0.82 * n / 2))))


def test_one_exact_personal_email_is_not_below_review_at_a_million_records():
    n = 1_000_000
    weight = _weight("email", "exact", n)
    assert weight == pytest.approx(math.log2(0.45 / 1e-6))  # its m / u, no longer cut at 16
    assert compare.prior_weight(n) + weight > Thresholds().review


def test_a_family_name_two_records_of_a_million_carry_weighs_its_frequency():
    n = 1_000_000
    rare = _weight("family", "exact", n, tf=2 / (0.8 * n))
    assert rare == pytest.approx(math.log2(0.82 * 0.8 * n / 2))  # 18.3 bits, was 16
    # a name a hundred records carry is weighed as before
    common = _weight("family", "exact", n, tf=100 / (0.8 * n))
    assert common == pytest.approx(math.log2(0.82 * 0.8 * n / 100))
    assert common < model.MAX_FIELD_WEIGHT


def test_the_bound_never_exceeds_the_prior_it_answers():
    # one field at its bound at most offsets the prior: a merge still needs a second field
    for n in (70_000, 200_000, 1_000_000, 5_000_000):
        most, least = model.field_bounds(n)
        assert most + compare.prior_weight(n) <= 1e-9
        assert least == pytest.approx(min(model.MIN_TF_U, 1 / n))


# A book past 65,536 records: invented people whose given names come from 200 names (one of
# them "marta": a common given name, ~7 bits) and whose family names are their own.
BOOK = 120_000


def _filler() -> pl.DataFrame:
    given = ["marta" if i % 200 == 0 else invented_word(i % 200, 3) for i in range(BOOK)]
    frame = pl.DataFrame({"given_key": given,
                          "family_key": [invented_word(i * 7 + 3, 6) for i in range(BOOK)]})
    i = pl.int_range(BOOK, eager=True)
    frame = frame.with_columns(pl.lit("google").alias("source"),
                               pl.lit("filler.csv").alias("source_file"),
                               i.alias("source_row"),
                               (pl.lit("x_") + i.cast(pl.String).str.zfill(7)).alias("record_id"))
    return schema.conform(frame, schema.RECORDS)


def test_a_married_name_and_one_personal_mobile_join_in_a_large_book():
    # Marta's card from before her marriage and her card after it: one personal mobile, one
    # given name, two family names. At 120,000 records the mobile (log2(0.5 / 2e-6) = 17.9
    # bits) weighed 16 against a prior of -16.9: 2.0, in the review band, and in a book
    # this size the review queue's 200 pairs settle the rest apart. Now 16.9: 2.9, joined.
    # A household's landline with two different given names stays two people (the
    # given-name guard, conflicts.py), in a large book as in a small one.
    cards = records([
        {"given_key": "marta", "family_key": "kowalczyk", "phones": ["+48601234567"]},
        {"given_key": "marta", "family_key": "nowicka", "phones": ["+48601234567"]},
        {"given_key": "tomasz", "family_key": "zielinski", "phones": ["+48221234567"]},
        {"given_key": "agata", "family_key": "zielinski", "phones": ["+48221234567"]},
    ])
    result = dedupe(pl.concat([cards, _filler()]))
    person = dict(result.records.filter(pl.col("record_id").str.starts_with("r_")).select(
        "record_id", "person_id").iter_rows())
    assert person["r_0000"] == person["r_0001"]
    assert person["r_0002"] != person["r_0003"]
    pair = result.pairs.filter((pl.col("record_id_l") == "r_0000")
                               & (pl.col("record_id_r") == "r_0001"))
    assert pair["weight"].item() >= Thresholds().merge

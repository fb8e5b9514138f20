"""Round 31 (docs/adversarial31.md, P1): the nightly run stopped with a polars panic
("pyo3_runtime.PanicException: assertion failed: i < self.len()") in the introductions the
morning after a user noted a third offer: four people with a need, three with an offer, the
first offer short ("review her CV") and the two that matched long. polars 2.1's pl.format
panicked on the offers of the cross join once filtered. Fails on main."""

from __future__ import annotations

import polars as pl

from pipeline.enrich import introductions as intro


def test_offers_short_then_long_do_not_stop_the_run():
    needs = pl.DataFrame({"seeker_id": ["p_a", "p_b", "p_c"],
                          "need_words": [["plumber"], ["backend", "engineers"], ["hiring"]]})
    helpers = pl.DataFrame({
        "person_id": ["p_x", "p_y", "p_z"],
        "offer": ["review her CV", "my list of backend folks and their CVs",
                  "<script>alert(1)</script> share my hiring notes"]})
    hits = intro._offer_hits(needs, helpers)
    assert hits.sort("seeker_id").select("seeker_id", "helper_id", "reason").rows() == [
        ("p_b", "p_y", "you noted they offer: my list of backend folks and their CVs"),
        ("p_c", "p_z", "you noted they offer: <script>alert(1)</script> share my hiring notes")]

"""A whole Korean name alone in one vCard N slot is split as the full name is (docs/left34.md
item 4; script34 "left": `N:이지은;;;;` beside `FN:이지은` kept family "이지은", key "ijieun",
while the same name as FN alone or in a CSV's full-name column is 이 + 지은, lee / jieun).

Expected before running (fixtures tests/fixtures/left34, fictitious): 이지은 and 박민준 (whole
name in N's family or given slot) and 최동우 (empty N, FN only) get the keys lee / jieun,
park / minjun, choi / dongwoo, and each is a candidate pair with the LinkedIn row of the same
name and organisation whose names agree exactly; Moreau (a Latin word alone in N) keeps family "Moreau"; 엄마 (two
syllables) stays whole as before; 大輔 and 由美子 alone in N's given field stay given names.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.exports_support import kith_run

HERE = Path(__file__).parent / "fixtures" / "left34"


def test_a_whole_hangul_name_in_one_n_slot_is_split_like_the_full_name(tmp_path):
    kith_run(tmp_path, {"Connections.csv": (HERE / "Connections.csv").read_bytes(),
                        "phone.vcf": (HERE / "whole_in_n.vcf").read_bytes()})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    keys = {r["display_name"]: (r["family_key"], r["given_key"], r["family_clean"])
            for r in records.filter(pl.col("source") == "vcard").iter_rows(named=True)}
    assert keys["이지은"] == ("lee", "jieun", "이")
    assert keys["박민준"] == ("park", "minjun", "박")
    assert keys["최동우"] == ("choi", "dongwoo", "최")
    assert keys["Moreau"] == ("moreau", None, "Moreau")
    assert keys["엄마"][2] == "엄마"
    # a Han given name alone in N's given field stays a given name (gen5's first-name cards;
    # a Japanese given name may be three kanji)
    for given in ("大輔", "由美子"):
        assert keys[given][0] is None and keys[given][1] is not None, given
    # a small book: name and organisation are all each pair shares, so the pair is a
    # candidate whose names agree exactly (merged or in the review queue, as script34's are)
    record = dict(records.select("display_name", "record_id").iter_rows())
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    for latin, hangul in (("Jieun Lee", "이지은"), ("Minjun Park", "박민준"),
                          ("Dongwoo Choi", "최동우")):
        ids = {record[latin], record[hangul]}
        pair = pairs.filter(pl.col("record_id_l").is_in(ids) & pl.col("record_id_r").is_in(ids))
        assert pair.select("given_level", "family_level").rows() == [("exact", "exact")], latin
        assert pair["outcome"].item() in ("merge", "review"), latin

"""An id merged away nights ago still names its survivor (doc31's audit: only the current
run's merges did, or ones your notes or ledger recorded). A script or an old worksheet keeps
the id for weeks; the lookup now reads the lineage of every kept run (`keep_runs`), newest
first, and follows later merges from there."""

from __future__ import annotations

import polars as pl
from test_adversarial25_cli import _two_ann_lees, kith


def test_an_id_merged_away_two_nights_ago_names_its_survivor(tmp_path):
    config, ann1, ann2 = _two_ann_lees(tmp_path)
    assert kith(tmp_path, "merge", ann1, ann2, "--config", str(config)).exit_code == 0
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    survivor = people.filter(pl.col("display_name") == "Ann Lee")["person_id"].item()
    gone = ({ann1, ann2} - {survivor}).pop()
    for night in ("2026-12-07", "2026-12-08"):  # two later nights: the merge is not theirs
        res = kith(tmp_path, "run", "--config", str(config), "--as-of", night, "--full")
        assert res.exit_code == 0, res.output
    lineage = pl.read_parquet(tmp_path / "out" / "current" / "stages" / "dedupe"
                              / "lineage.parquet")
    assert gone not in lineage["previous_person_id"].to_list()
    res = kith(tmp_path, "note", gone, "--need", "x", "--config", str(config))
    assert res.exit_code == 2, res.output
    assert f"merged into Ann Lee ({survivor}); use that id" in res.output
    assert not (tmp_path / "notes.csv").exists() or "need" not in \
        (tmp_path / "notes.csv").read_text("utf-8").split("\n", 1)[1]

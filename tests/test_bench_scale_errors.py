"""bench/scale_errors.py: a missed pair no blocking rule proposed is classed by why -- a
shared key whose block was over the rule's cap, or no shared key. Fictitious names."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from dedupe_support import records

from pipeline.dedupe import features

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import scale_errors  # noqa: E402


def _why(rows: list[dict], pairs: list[tuple[int, int]]) -> list[str]:
    feats = features.build(records(rows))
    frame = pl.DataFrame({"l": [p[0] for p in pairs], "r": [p[1] for p in pairs]},
                         schema={"l": pl.UInt32, "r": pl.UInt32})
    why = scale_errors.why_not_candidate(feats, frame)
    return why.sort("l", "r")["why"].to_list()


def test_a_name_block_over_its_cap_is_named():
    # 17 cards of one name: the name rule's block (cap 15) is dropped, so is every other
    # rule's that the name alone keys; the first rule in RULES order is reported
    rows = [{"given_key": "wiremu", "family_key": "tahupotiki"} for _ in range(17)]
    assert _why(rows, [(0, 1)]) == ["cap: name"]


def test_a_pair_sharing_no_key_says_so():
    rows = [{"given_key": "wiremu", "family_key": "tahupotiki"},
            {"given_key": "ngaio", "family_key": "marsh-kereama"}]
    assert _why(rows, [(0, 1)]) == ["no key"]


def test_a_loose_key_within_its_cap_is_the_budget():
    # "tahupotiki" and "tahuoptiki": the same letters (name_letters, a loose rule), and
    # nothing a strict rule keys on (the given names share no group or initial)
    rows = [{"given_key": "wiremu", "family_key": "tahupotiki"},
            {"given_key": "hemi", "family_key": "tahuoptiki"}]
    assert _why(rows, [(0, 1)]) == ["budget: name_letters"]

"""ids.assign: a new person's id is its smallest record id's; an id some earlier person had
is salted instead, and a person overlapping a previous one keeps that one's id."""

import polars as pl

from pipeline.dedupe import ids


def _clusters() -> pl.DataFrame:
    return pl.DataFrame({"record_id": ["r_aa", "r_bb", "r_cc", "r_dd", "r_ee"],
                         "cluster": [1, 2, 3, 3, 4]},
                        schema={"record_id": pl.String, "cluster": pl.UInt32})


def _ids(frame: pl.DataFrame) -> dict[str, str]:
    return dict(frame.select("record_id", "person_id").rows())


def test_first_run_ids_are_the_smallest_record_ids():
    got = ids.assign(_clusters(), None)
    assert got["record_id"].to_list() == _clusters()["record_id"].to_list()
    assert _ids(got) == {"r_aa": "p_aa", "r_bb": "p_bb", "r_cc": "p_cc", "r_dd": "p_cc",
                         "r_ee": "p_ee"}


def test_ids_earlier_people_had_are_salted_and_overlaps_keep_theirs():
    previous = pl.DataFrame({"record_id": ["r_zz", "r_yy", "r_dd"],
                             "person_id": ["p_aa", "p_bb", "p_old"]})
    got = _ids(ids.assign(_clusters(), previous))
    assert got["r_cc"] == got["r_dd"] == "p_old"  # overlaps the previous p_old
    assert got["r_ee"] == "p_ee"
    # p_aa and p_bb were retired persons' ids: never reused
    assert got["r_aa"] == ids._derived("r_aa", 1) and got["r_bb"] == ids._derived("r_bb", 1)
    assert len(set(got.values())) == 4

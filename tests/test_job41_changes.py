"""`kith changes` words for a split, kept checked now that the two walks that showed them
(user39's Sabine, user40's Karim) no longer split (docs/job41.md): a part split off a
person is listed under split, by its organisation, and not also as someone new."""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.changes import compute


def _people(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return schema.conform(pl.DataFrame(
        {"person_id": [r[0] for r in rows], "display_name": [r[1] for r in rows],
         "organization": [r[2] for r in rows], "org_key": [r[2].lower() for r in rows]}),
        schema.PEOPLE)


def test_a_part_split_off_is_listed_by_its_organisation_and_not_as_new():
    before = _people([("p_a", "Ines Varga", "Lumen"), ("p_b", "Otto Reyes", "Kelp")])
    after = _people([("p_a", "Ines Varga", "Lumen"), ("p_c", "Ines Varga", "Brightwater"),
                     ("p_b", "Otto Reyes", "Kelp"), ("p_d", "Noor Amini", "Kelp")])
    lineage = schema.conform(pl.DataFrame({
        "previous_person_id": ["p_a", "p_a", "p_b"], "person_id": ["p_a", "p_c", "p_b"],
        "change": ["split", "split", "same"]}), schema.LINEAGE)
    out = compute(before, after, lineage, None, schema.empty(schema.INTERACTIONS))
    rows = {(r["change"], r["person_id"]): r["detail"] for r in out.iter_rows(named=True)}
    assert rows[("split", "p_a")] == "Ines Varga (p_a) split; the part at Lumen keeps the id"
    assert rows[("split", "p_c")] == ("Ines Varga (p_a) split; the part at Brightwater is now "
                                      "p_c (one person? kith merge p_a p_c)")
    assert rows[("new", "p_d")] == "new in your exports"
    assert ("new", "p_c") not in rows

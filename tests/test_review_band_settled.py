"""The review queue asks only what an answer could change. A pair in the review band that
the conflict rule would refuse were it strong (clearly different given names with no
personal identifier, a Jr. beside a Sr., two LinkedIn profiles) is settled apart with that
reason, as a refused strong link is. Found on a real awards dinner's table plan (names and
companies, docs/realworld19.md R2): 70 of its 90 review pairs were spouses and relatives at
one company ("Tim Ferguson" / "Melissa Ferguson"), a surname and an employer shared."""

from __future__ import annotations

import polars as pl
from exports_support import kith_run

# A table plan of strangers at their own companies: enough rows that a rare surname and a
# rare employer shared put a couple in the review band (the prior is -log2 of the records).
GIVEN = ["Aoife", "Brendan", "Ciaran", "Dervla", "Eoin", "Fionnuala", "Grainne", "Hugh",
         "Ita", "Jarlath", "Kieran", "Lorcan", "Maeve", "Niall", "Oisin", "Padraig", "Roisin",
         "Sadhbh", "Tadhg", "Una"]
FAMILY = ["Achterberg", "Bexley", "Crowther", "Dunphy", "Esmonde", "Fennelly", "Garrihy",
          "Hennigan", "Iremonger", "Jephson"]


def _strangers() -> list[str]:
    return [f"{g},{f},{f} {g} Ltd,{i % 9 + 1}"
            for i, (g, f) in enumerate((g, f) for f in FAMILY for g in GIVEN[:6])]


def _plan(*rows: str) -> str:
    return "First Name,Last Name,Company,Table\n" + "\n".join([*_strangers(), *rows]) + "\n"


def _queue(tmp_path) -> set[frozenset[str]]:
    review = pl.read_parquet(tmp_path / "out" / "review.parquet")
    return {frozenset(r) for r in review.select("name_l", "name_r").rows()}


def test_a_couple_at_one_company_is_no_question(tmp_path):
    kith_run(tmp_path, {"table_plan.csv": _plan(
        "Tim,Ferguson,Acme Robotics,10", "Melissa,Ferguson,Acme Robotics,10",
        "Katie,Tiernan,Acme Robotics,11", "Catherine,Tiernan,Globex Partners,11",
        "Ellen,Doyle,Brightwater Labs,12", "Ellen,Kavanagh Jones,Brightwater Labs,12")})
    queue = _queue(tmp_path)
    assert frozenset({"Tim Ferguson", "Melissa Ferguson"}) not in queue
    # a nickname at another company and a name changed at one company are real questions
    assert frozenset({"Katie Tiernan", "Catherine Tiernan"}) in queue
    assert frozenset({"Ellen Doyle", "Ellen Kavanagh Jones"}) in queue
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    names = pl.read_parquet(tmp_path / "out" / "records.parquet").select(
        "record_id", "display_name")
    couple = pairs.join(names.rename({"record_id": "record_id_l", "display_name": "l"}),
                        on="record_id_l").join(
        names.rename({"record_id": "record_id_r", "display_name": "r"}), on="record_id_r"
    ).filter(pl.col("l").str.ends_with("Ferguson") & pl.col("r").str.ends_with("Ferguson"))
    # the couple was a review-band pair, and says why it was settled
    assert couple.select("outcome", "reason").rows() == [
        ("distinct", "settled apart: different given names sharing only what a household or "
                     "colleagues share (a home, a phone, a mailbox, a surname, an employer)")]
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert people.height == 66


def test_a_personal_identifier_keeps_the_question(tmp_path):
    """Different given names with one full birthday in common: a person the guard would not
    join alone, but one a user may know (a second given name in use), so it stays asked."""
    header = "First Name,Last Name,Company,Birthday\n"
    rows = [f"{r.rsplit(',', 1)[0]}," for r in _strangers()]
    kith_run(tmp_path, {"guests.csv": header + "\n".join([
        *rows, "Tim,Ferguson,Acme Robotics,1980-04-12",
        "Melissa,Ferguson,Acme Robotics,1980-04-12"]) + "\n"})
    assert frozenset({"Tim Ferguson", "Melissa Ferguson"}) in _queue(tmp_path)

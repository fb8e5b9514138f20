"""Records with little on them (no e-mail or phone): a record saved under one name only
("Bryant"), which is the other record's family name, and a 1 January birthday standing in for
a birth year."""

from __future__ import annotations

import polars as pl
from dedupe_support import records, scored_in_book

from pipeline.dedupe import blocking, compare, features, stage

OTHERS = 60


def _book(*pairs: tuple[dict, dict]) -> pl.DataFrame:
    """Each pair scored within one book of sixty other people in other towns."""
    return scored_in_book(pairs, [{"given_key": f"g{i}", "family_key": f"f{i}",
                                   "city": f"town {i}"} for i in range(OTHERS)])


def _levels(p: pl.DataFrame, field: str) -> list[str]:
    return [str(v) for v in p[f"{field}_level"].to_list()]


WALTER = {"given_key": "walter", "family_key": "bryant", "city": "sheffield"}
LONE = {"given_key": "bryant", "family_key": None, "city": "sheffield"}


def test_a_lone_name_that_is_the_other_family_name_is_family_evidence_either_way_round():
    p = _book((LONE, WALTER), (WALTER, LONE))
    assert _levels(p, "family") == ["lone", "lone"]
    # the one name is not a given name: "bryant" against "walter" says nothing about it
    assert _levels(p, "given") == ["null", "null"]
    w = p["family_weight"].to_list()
    assert w[0] > 0 and w[0] == w[1]
    assert p["weight"][0] == p["weight"][1]


def test_a_lone_name_weighs_by_the_family_name_frequency_and_less_than_a_full_match():
    smiths = [({"given_key": f"s{i}", "family_key": "smith", "city": f"c{i}"},
               {"given_key": f"t{i}", "family_key": "smith", "city": f"d{i}"}) for i in range(2)]
    p = _book((LONE, WALTER), ({"given_key": "smith", "family_key": None},
                               {"given_key": "ann", "family_key": "smith"}),
              (WALTER, {**WALTER, "given_key": "wally"}), *smiths)
    assert _levels(p, "family")[:3] == ["lone", "lone", "exact"]
    rare, common, full = p["family_weight"].to_list()[:3]
    assert rare > common > 0
    assert full > rare  # m of "lone" (0.1) is below m of "exact" (0.82)


def test_a_lone_name_equal_to_the_other_given_name_is_no_lone_family_match():
    p = _book(({"given_key": "walter", "family_key": None}, WALTER),
              (LONE, {**WALTER, "family_key": "brant"}))
    assert _levels(p, "family") == ["null", "null"]
    assert _levels(p, "given") == ["exact", "different"]


def test_blocking_pairs_a_lone_name_with_its_family_name_in_one_town_only():
    rows = [LONE, WALTER, {**WALTER, "city": "leeds"}, {"given_key": "bryant", "family_key": "x",
                                                        "city": "sheffield"}]
    feats = features.build(records(rows))
    rule = next(r for r in blocking.RULES if r.name == "lone_name_city")
    codes = set(blocking.rule_pairs(feats, rule)["lr"].to_list())
    ids = feats["record_id"].to_list()
    want = (ids.index("r_0000"), ids.index("r_0001"))
    assert codes == {min(want) * (1 << 32) + max(want)}
    # a block larger than the rule's cap proposes nothing
    crowd = [LONE] + [{**WALTER, "given_key": f"g{i}"} for i in range(rule.cap)]
    assert blocking.rule_pairs(features.build(records(crowd)), rule).height == 0


def test_a_one_name_card_joins_its_person_and_a_one_name_card_of_a_namesake_town_does_not():
    born = {"birthday_year": 1813, "birthday_month": 1, "birthday_day": 1}
    rows = [{**WALTER, **born}, {**LONE, **born},
            {**LONE, "city": "leeds", "birthday_year": 1901, "birthday_month": 5,
             "birthday_day": 9}]
    rows += [{"given_key": f"g{i}", "family_key": f"f{i}", "city": f"town {i}"}
             for i in range(40)]
    res = stage.dedupe(records(rows))
    person = dict(zip(res.records["record_id"].to_list(), res.records["person_id"].to_list(),
                      strict=True))
    assert person["r_0000"] == person["r_0001"]
    assert person["r_0002"] != person["r_0000"]


def test_a_first_of_january_birthday_weighs_less_than_another_shared_date():
    """1 January is where records that know only the birth year put the date."""
    born = {"birthday_year": 1852, "birthday_month": 1, "birthday_day": 1}
    other = {"birthday_year": 1852, "birthday_month": 6, "birthday_day": 14}
    p = _book(({**WALTER, **born}, {**WALTER, **born}), ({**WALTER, **other}, {**WALTER, **other}),
              ({**WALTER, **born}, {**WALTER, **other}))
    assert _levels(p, "birthday") == ["jan_first", "exact", "different"]
    jan, full, diff = p["birthday_weight"].to_list()
    assert full > jan > 0 > diff


def _personal_ids(born: dict) -> int:
    from pipeline.dedupe import conflicts

    rows = [{**WALTER, **born}, {**WALTER, "given_key": "margaret", **born}]
    feats = features.build(records(rows))
    pair = pl.DataFrame({"l": [0], "r": [1], "rule": ["t"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    p = compare.score(pair, feats)
    p = compare.with_sides(p, feats, [c for c in conflicts.VERDICT_INPUTS
                                      if c not in ("idx", "given_key", "family_key")])
    verdicts = conflicts.pair_verdicts(p)
    assert verdicts["given_conflict"].item() is True
    return conflicts.link_overrides(p, verdicts, overwhelming=30.0)["personal_ids"].item()


def test_a_shared_first_of_january_is_no_personal_identifier_against_a_given_name():
    assert _personal_ids({"birthday_year": 1852, "birthday_month": 1, "birthday_day": 1}) == 0
    assert _personal_ids({"birthday_year": 1852, "birthday_month": 6, "birthday_day": 14}) == 1

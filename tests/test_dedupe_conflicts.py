"""The clustering conflict rule (one definition, two forms that agree), the given-name guard
that protects households but not identities, and the nickname table it relies on."""

from __future__ import annotations

import numpy as np
import polars as pl
from dedupe_support import records, scored_pair
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import cluster, compare, conflicts, features
from pipeline.dedupe.nicknames import nickname_groups, share_group

OVERWHELMING = 10.0

GIVEN = ["jacqueline", "jackie", "anna", "kyle", "olivia", "ilivoa", "nicole", "nicholas",
         "robert", "wei", "zhang", "giuseppe", "beppe", "erika", "baker", "j", None]
FAMILY = ["gomes", "smith", "zhang", "baker", None]
PHONES = [[], ["+14155550134"], ["+447911123456"]]  # a US landline-or-mobile, a UK mobile
EMAILS = [[], ["home@x.org"], ["jgomes@gmail.com"], ["thesmiths@gmail.com"]]


@st.composite
def record(draw) -> dict:
    row = {"given_key": draw(st.sampled_from(GIVEN)), "family_key": draw(st.sampled_from(FAMILY)),
           "phones": draw(st.sampled_from(PHONES)), "emails": draw(st.sampled_from(EMAILS)),
           "linkedin_slug": draw(st.sampled_from([None, None, "in-a", "in-b"]))}
    if draw(st.booleans()):
        row.update(birthday_year=draw(st.sampled_from([1980, 1981, 1990])),
                   birthday_month=draw(st.sampled_from([1, 2, 12])),
                   birthday_day=draw(st.sampled_from([1, 2, 12])))
    return row


@settings(max_examples=150, deadline=None)
@given(left=record(), right=record(), weight=st.floats(-5, 30))
def test_the_vectorised_and_the_cluster_form_of_the_rule_agree_on_random_pairs(left, right,
                                                                               weight):
    """pair_conflicts (a link between two single records, polars) and the greedy check
    (two clusters' stored verdicts, aggregated, refused in Python) give the same reason."""
    # the features built once for both forms (each built its own: ~10% of this test's time)
    feats = features.build(records([left, right]))
    p = scored_pair(left, right, feats).with_columns(pl.lit(weight).alias("weight"))
    vectorised = cluster.pair_conflicts(p, OVERWHELMING).to_list()[0]
    store = cluster.VerdictStore.within(feats, np.zeros(2, dtype=np.int64), np.arange(2))
    link = cluster.links(p, OVERWHELMING).select(conflicts.LINK_COLUMNS).to_dicts()[0]
    scalar = conflicts.refusal(conflicts.aggregate(store.between([0], [1])), link)
    assert vectorised == scalar


VERDICT = st.sampled_from([True, False, None])


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(*[VERDICT] * len(conflicts.VERDICTS), st.booleans(),
                               st.booleans()), min_size=1, max_size=20))
def test_refusal_and_refusal_expr_are_built_from_one_table(rows):
    frame = pl.DataFrame(rows, schema=[*conflicts.VERDICTS, *conflicts.LINK_COLUMNS],
                         orient="row")
    got = frame.select(conflicts.refusal_expr())["conflict"].to_list()
    n = len(conflicts.VERDICTS)
    want = [conflicts.refusal(dict(zip(conflicts.VERDICTS, r[:n], strict=True)),
                              dict(zip(conflicts.LINK_COLUMNS, r[n:], strict=True)))
            for r in rows]
    assert got == want


def test_aggregate_needs_every_comparable_cross_pair_to_conflict():
    v = np.array([[1, 0, 1, 0, -1, 1, 1], [0, 0, -1, -1, -1, 1, -1],
                  [-1, 1, -1, 1, -1, -1, -1]], dtype=np.int8)
    assert conflicts.aggregate(v) == {"profile_conflict": False, "household_conflict": False,
                                      "generation_conflict": True,
                                      "generation_in_file_conflict": False,
                                      "birthday_conflict": False, "given_conflict": True,
                                      "source_conflict": True}


def verdict(left: dict, right: dict, weight: float | None = None) -> str | None:
    p = scored_pair(left, right)
    if weight is not None:
        p = p.with_columns(pl.lit(weight).alias("weight"))
    return cluster.pair_conflicts(p, OVERWHELMING).to_list()[0]


GOMES = {"family_key": "gomes", "org_key": "acme", "birthday_year": 1984, "birthday_month": 3,
         "birthday_day": 9, "emails": ["jgomes@gmail.com"], "phones": ["+14155550134"]}


def test_a_nickname_the_package_knows_is_no_conflict():
    assert verdict({"given_key": "jacqueline", **GOMES}, {"given_key": "jackie", **GOMES}) is None


def test_two_personal_identifiers_outweigh_an_unknown_given_name():
    """Same full birthday and an e-mail that names the person: one person whose records
    disagree on the given name (a name the nickname table does not know)."""
    kg = {**GOMES, "emails": ["kgomes@gmail.com"]}
    assert verdict({"given_key": "korfaard", **kg}, {"given_key": "kofi", **kg}) is None
    one = {**GOMES, "emails": ["kgomes@gmail.com"], "birthday_year": None}
    assert verdict({"given_key": "korfaard", **one}, {"given_key": "kofi", **one}) == \
        "clearly different given names"


def test_a_household_landline_and_family_mailbox_never_outweigh_different_given_names():
    home = {"family_key": "smith", "phones": ["+14155550134"], "emails": ["thesmiths@gmail.com"],
            "street": "12 Main Street", "postcode": "02134"}
    assert verdict({"given_key": "anna", **home}, {"given_key": "kyle", **home},
                   weight=40.0) == "clearly different given names"


def test_one_personal_identifier_is_not_enough():
    twins = {"family_key": "smith", "phones": ["+14155550134"], "birthday_year": 1990,
             "birthday_month": 5, "birthday_day": 4}
    assert verdict({"given_key": "anna", **twins}, {"given_key": "kyle", **twins}) == \
        "clearly different given names"


def test_a_mobile_number_counts_as_personal_a_north_american_number_does_not():
    uk = {"family_key": "smith", "phones": ["+447911123456"], "birthday_year": 1990,
          "birthday_month": 5, "birthday_day": 4}
    assert verdict({"given_key": "anna", **uk}, {"given_key": "kyle", **uk}) is None


def test_names_person_tells_a_personal_mailbox_from_a_family_one():
    names = conflicts._names_person
    assert names("jacqueline.gomes", "jacqueline", "gomes")
    assert names("jgomes", "jackie", "gomes")
    assert names("gomesj", "jackie", "gomes")
    assert not names("thegomes", "jackie", "gomes")
    assert not names("gomesfamily", "jackie", "gomes")
    assert not names("home", "jackie", "gomes")


def test_typos_swaps_and_prefixes_are_not_different_names():
    assert verdict({"given_key": "olivia", "family_key": "smith", "phones": ["+1415555013"]},
                   {"given_key": "ilivoa", "family_key": "smith", "phones": ["+1415555013"]}) \
        is None
    assert verdict({"given_key": "wei", "family_key": "zhang"},
                   {"given_key": "zhang", "family_key": "wei"}) is None
    assert verdict({"given_key": "chris", "family_key": "hall"},
                   {"given_key": "christopher", "family_key": "hall"}) is None


def test_a_name_that_is_a_word_of_the_other_given_name_is_no_conflict():
    """A middle name written into the given-name field before the name the person goes by:
    the Vietnamese Van / Thi ("Van An" / "An"), "John Paul" / "Paul". Part of a word is no
    excuse ("Anh" is not "An"), nor is a name that only shares a word with the other."""
    home = {"family_key": "nguyen", "phones": ["+84912345678"]}
    for one, other in (("van an", "an"), ("thi lan", "lan"), ("john paul", "paul"),
                       ("an", "van an")):
        assert verdict({"given_key": one, **home}, {"given_key": other, **home}) is None, one
    for one, other in (("van anh", "an"), ("thi lan", "lana"), ("lan anh", "an")):
        assert verdict({"given_key": one, **home}, {"given_key": other, **home}) == \
            "clearly different given names", one


def test_initials_are_compared_by_their_first_letter_not_refused():
    """"J. R. Smith" and "John Smith" with one address: initials, not a different name (the
    pair was refused as "clearly different given names", its key "j r" two letters long)."""
    same = {"family_key": "smith", "emails": ["jr.smith@example.com"]}
    assert verdict({"given_key": "j r", **same}, {"given_key": "john", **same}) is None
    pair = scored_pair({"given_key": "j r", **same}, {"given_key": "john", **same})
    assert str(pair["given_level"][0]) == "initial"
    pair = scored_pair({"given_key": "j r", **same}, {"given_key": "mary", **same})
    assert str(pair["given_level"][0]) == "different"


def test_letters_in_another_order_do_not_make_a_given_name_a_family_name():
    """Erika and Baker share four letters: not a swap (it once excused a household)."""
    assert verdict({"given_key": "ruben", "family_key": "baker", "phones": ["+14155550134"]},
                   {"given_key": "erika", "family_key": "baker", "phones": ["+14155550134"]}) \
        == "clearly different given names"


def test_nickname_groups_come_from_the_package_with_kiths_groups_on_top():
    table = nickname_groups()
    assert "jacqueline" in table["jackie"]  # the package (English)
    assert share_group("liam", "william") and share_group("bill", "william")
    assert share_group("beppe", "giuseppe")  # kith's Italian forms on top
    assert share_group("sasha", "alexander")
    assert share_group("nacho", "ignacio") and share_group("enzo", "vincenzo")
    assert share_group("matze", "matthias") and share_group("kasia", "katarzyna")
    assert share_group("tono", "antonio")  # "Toño", folded as names are
    assert not share_group("nicole", "nicholas")


def test_street_and_postcode_keys_and_their_comparison():
    from pipeline.normalize.addresses import postcode_key, street_key

    frame = pl.DataFrame({"s": ["12 Main Street", "12 main st.", "Hauptstraße 5", ""],
                          "p": ["sw1a 1aa", "SW1A1AA", "10115", " "]})
    keys = frame.select(street_key(pl.col("s")), postcode_key(pl.col("p")))
    assert keys["s"].to_list() == ["12 main st", "12 main st", "hauptstrasse 5", None]
    assert keys["p"].to_list() == ["SW1A1AA", "SW1A1AA", "10115", None]
    p = scored_pair({"given_key": "ann", "family_key": "lee", "street_key": "12 main st",
                     "postcode_key": "SW1A1AA"},
                    {"given_key": "ann", "family_key": "lee", "street_key": "12 mian st",
                     "postcode_key": "SW1A1AA"})
    assert p["street_level"].cast(pl.String).to_list() == ["jw_high"]
    assert p["postcode_level"].cast(pl.String).to_list() == ["exact"]


def test_an_email_that_spells_the_name_counts_only_where_a_name_is_missing():
    kk = {"emails": ["kkabelham@example.org"]}
    p = scored_pair({"given_key": "korfaard", "family_key": "kabelham"}, {**kk})
    assert p["email_name_level"].cast(pl.String).to_list() == ["spells_name"]
    p = scored_pair({"given_key": "korfaard", "family_key": "kabelham"},
                    {"given_key": "k", "family_key": "kabelham", **kk})
    assert p["email_name_level"].cast(pl.String).to_list() == ["null"]


def test_a_work_domain_that_names_the_organisation():
    p = scored_pair({"given_key": "kevin", "family_key": "obrien",
                     "emails": ["kobrien@cyberdyne.ai"]},
                    {"given_key": "kevin", "family_key": "obrien", "org_key": "cyberdyne systems"})
    assert p["domain_org_level"].cast(pl.String).to_list() == ["matches"]
    assert compare.M["domain_org"]["matches"][0] > 0


def test_middle_names_compatible_initials_and_different():
    from dedupe_support import records as recs

    frame = recs([{"given_key": "ethan", "family_key": "hunt"}] * 4).with_columns(
        pl.Series("middle_name", ["Marie", "M.", "Paul", None]))
    feats = features.build(frame)
    pairs = pl.DataFrame({"l": [0, 0, 0], "r": [1, 2, 3], "rule": ["t"] * 3},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    levels = compare.score(pairs, feats)["middle_level"].cast(pl.String).to_list()
    assert levels == ["initial", "different", "null"]


def test_an_email_only_record_is_blocked_with_the_person_its_address_spells():
    from pipeline.dedupe import blocking

    feats = features.build(records([
        {"given_key": "korfaard", "family_key": "kabelham"},
        {"emails": ["k.kabelham@example.org"]},
        {"given_key": "kim", "family_key": "kabelham", "emails": ["kkabelham@example.net"]}]))
    rule = next(r for r in blocking.RULES if r.name == "email_spells_name")
    codes = blocking.rule_pairs(feats, rule)["lr"].to_list()
    idx = dict(zip(feats["record_id"].to_list(), feats["idx"].to_list(), strict=True))

    def code(x: str, y: str) -> int:
        a, b = sorted((idx[x], idx[y]))
        return (a << 32) + b

    # the e-mail-only record meets both people its address can spell; the two named records
    # do not offer their own addresses (the name rules compare them)
    assert sorted(codes) == sorted([code("r_0000", "r_0001"), code("r_0001", "r_0002")])

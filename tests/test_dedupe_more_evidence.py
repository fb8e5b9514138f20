"""Evidence added for issue 12's 20,000-person books and the public sets: the job title."""

from __future__ import annotations

import polars as pl
from dedupe_support import records, scored_in_book

from pipeline.dedupe import compare, conflicts, features
from pipeline.dedupe.compare import with_sides


def level(p: pl.DataFrame, field: str) -> str:
    return p[f"{field}_level"].cast(pl.String).item()


OTHERS = 60


def _book(*pairs: tuple[dict, dict]) -> pl.DataFrame:
    """Each pair scored within one book of sixty other people with other titles and towns."""
    return scored_in_book(pairs, [{"given_key": f"g{i}", "family_key": f"f{i}",
                                   "title": f"title {i}", "city": f"town {i}"}
                                  for i in range(OTHERS)])


def test_a_job_title_is_compared_as_words_and_weighs_by_its_rarity():
    left = {"given_key": "divya", "family_key": "singh", "org_key": "crescent",
            "title": "Sr. Data Engineer, Platform", "source": "linkedin"}
    p = _book((left, {**left, "org_key": "sirius", "title": "sr data engineer platform",
                      "source": "google"}),
              (left, {**left, "org_key": "sirius", "title": "Sales Director", "source": "google"}),
              (left, {**left, "org_key": "sirius", "title": None, "source": "google"}))
    same, other, missing = p[0], p[1], p[2]
    assert (level(same, "title"), level(other, "title"), level(missing, "title")) == (
        "exact", "different", "null")
    assert same["title_weight"].item() > 0 > other["title_weight"].item()
    assert missing["title_weight"].item() == 0
    # a different title costs less than a shared one gains: people are promoted and retitled
    assert same["title_weight"].item() > -other["title_weight"].item()
    assert same["weight"].item() > missing["weight"].item() > other["weight"].item()


def test_a_common_title_says_less_than_a_rare_one_and_never_counts_against():
    engineer = {"given_key": "a", "family_key": "b", "title": "Software Engineer"}
    rare = {"given_key": "c", "family_key": "d", "title": "Glassblower"}
    w = _book((engineer, engineer), (engineer, engineer), (rare, rare))["title_weight"].to_list()
    assert 0 < w[0] < w[2]
    # a title most of a small book shares: no evidence either way, not evidence against
    crowd = [{"given_key": f"g{i}", "family_key": "x", "title": "Engineer"} for i in range(4)]
    feats = features.build(records(crowd))
    pair = pl.DataFrame({"l": [0], "r": [1], "rule": ["t"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    assert compare.score(pair, feats)["title_weight"].item() == 0


def test_a_misspelt_city_is_its_own_level_between_the_same_and_another():
    left = {"given_key": "freya", "family_key": "shah", "city": "London"}
    p = _book((left, {**left, "city": "Lonnod"}), (left, {**left, "city": "London"}),
              (left, {**left, "city": "Leeds"}))
    assert [str(v) for v in p["city_level"].to_list()] == ["jw_high", "exact", "different"]
    w = p["city_weight"].to_list()
    assert w[1] > w[0] > 0 > w[2]
    # a typo of the city most of the book lives in says nothing
    crowd = [{"given_key": f"g{i}", "family_key": "x", "city": "London"} for i in range(6)]
    feats = features.build(records([*crowd, {**left, "city": "Lonnod"}]))
    pair = pl.DataFrame({"l": [0], "r": [6], "rule": ["t"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    scored = compare.score(pair, feats)
    assert str(scored["city_level"].item()) == "jw_high" and scored["city_weight"].item() == 0


def test_given_and_family_names_swapped_and_misspelt():
    p = _book(({"given_key": "graice", "family_key": "morrison"},
               {"given_key": "morriwon", "family_key": "grace"}),
              # swapped without a typo: the exact swap, as before
              ({"given_key": "wei", "family_key": "zhang"},
               {"given_key": "zhang", "family_key": "wei"}),
              # two other people whose names only resemble each other's the other way round
              ({"given_key": "maria", "family_key": "rossi"},
               {"given_key": "ross", "family_key": "mario"}))
    levels = list(zip([str(v) for v in p["given_level"].to_list()],
                      [str(v) for v in p["family_level"].to_list()], strict=True))
    assert levels[0] == ("jw_high", "swapped")
    assert levels[1] == ("exact", "swapped")
    # maria/mario and rossi/ross are within JW_HIGH of each other: a typo each way is a swap;
    # the pair still needs more than its names to merge
    assert levels[2] == ("jw_high", "swapped")
    assert p["weight"].to_list()[0] < p["weight"].to_list()[1]


def test_a_given_name_like_the_shared_family_name_is_no_swap():
    """ "Tranng Tran" once excused every other Tran (its given name is nearly the family name
    they share) and chained four different people into one."""
    phone = {"phones": ["+14155550134"]}
    assert _given_conflict({"given_key": "tranng", "family_key": "tran", **phone},
                           {"given_key": "raul", "family_key": "tran", **phone})
    assert _given_conflict({"given_key": "tran", "family_key": "tran", **phone},
                           {"given_key": "raul", "family_key": "tran", **phone})
    # a swap, even with the other name replaced or misspelt, is still one person's names
    assert not _given_conflict({"given_key": "harley", "family_key": "lowe", **phone},
                               {"given_key": "lowe", "family_key": "ebony", **phone})
    assert not _given_conflict({"given_key": "harry", "family_key": "tippins", **phone},
                               {"given_key": "tippins", "family_key": "hacry", **phone})
    assert not _given_conflict({"given_key": "smith", **phone},
                               {"given_key": "john", "family_key": "smith", **phone})


def _given_conflict(left: dict, right: dict) -> bool:
    feats = features.build(records([left, right]))
    pair = with_sides(pl.DataFrame({"l": [0], "r": [1]}, schema={"l": pl.UInt32, "r": pl.UInt32}),
                      feats, conflicts.VERDICT_INPUTS)
    return bool(conflicts.pair_verdicts(pair)["given_conflict"].fill_null(False).item())


def test_one_file_listing_two_people_by_a_name_keeps_them_two():
    from dedupe_support import scored_pair

    from pipeline.dedupe import cluster

    def refusal(left: dict, right: dict) -> str | None:
        return cluster.pair_conflicts(scored_pair(left, right), 10.0).to_list()[0]

    smith = {"given_key": "peter", "family_key": "smith", "org_key": "sirius",
             "title": "Engineer", "source_file": "contacts.csv"}
    one = {**smith, "emails": ["psmith@sirius.com"], "phones": ["+14155550134"]}
    two = {**smith, "emails": ["peter.smith@gmail.com"], "phones": ["+14155550199"]}
    assert refusal(one, two) == "one file lists them as two people"
    # a second card that repeats a number, or a card in another file, may be the same person
    assert refusal(one, {**two, "phones": ["+14155550134"]}) is None
    assert refusal(one, {**two, "source_file": "phone.vcf"}) is None
    # a card without a phone number cannot be told apart this way
    assert refusal(one, {**two, "phones": []}) is None
    # a phone's address book with two entries under one name and two numbers, no e-mail:
    # two people to the person who saved them (a real 2,279-entry export held classmates and
    # help lines this way, docs/realworld5.md); a shared e-mail still says one person
    athira = {"given_key": "athira", "family_key": "tanur", "source_file": "google.csv"}
    first = {**athira, "phones": ["+919847000367"]}
    second = {**athira, "phones": ["+919847000643"]}
    assert refusal(first, second) == "one file lists them as two people"
    assert refusal({**first, "emails": ["athira@example.in"]},
                   {**second, "emails": ["athira@example.in"]}) is None
    # e-mail only on both sides (work and home address of one person) is not refused
    assert refusal({**athira, "emails": ["a@work.example"]},
                   {**athira, "emails": ["a@home.example"]}) is None

"""A nickname never says more than the name written alike on both records
(pipeline/dedupe/nickname_weight.py). "Bill" / "William" weighed a fixed 6.1 bits while
"William" / "William" weighs by William's share of the book: where William is common the
nickname weighed more than the name itself. Fictitious people, written for kith."""

from __future__ import annotations

import math

import polars as pl
from dedupe_support import filler, invented_word, scored_in_book

from pipeline.dedupe import nickname_weight
from pipeline.dedupe.model import M

LINKEDIN = {"source": "linkedin", "source_file": "Connections.csv"}
OUTLOOK = {"source": "outlook", "source_file": "outlook.csv"}
# a book of 2,000 people where 80 are called William (3.8% of the given names)
COMMON = [*filler(2000),
          *({"given_key": "william", "family_key": invented_word(i + 500, 6)} for i in range(80))]


def _given_weights(book: list[dict]) -> dict[str, float]:
    """The given name's weight of "Bill Zorbakin" / "William Zorbakin" and of "William
    Quendrel" twice, each a LinkedIn row against an Outlook card, in `book` (two family names,
    so that neither file shows a name twice: that would be two namesakes, tables._namesake_cap)."""
    one, two = {"family_key": "zorbakin"}, {"family_key": "quendrel"}
    p = scored_in_book((({**LINKEDIN, **one, "given_key": "bill"},
                         {**OUTLOOK, **one, "given_key": "william"}),
                        ({**LINKEDIN, **two, "given_key": "william"},
                         {**OUTLOOK, **two, "given_key": "william"})), book)
    return dict(zip([str(v) for v in p["given_level"]], p["given_weight"], strict=True))


def test_a_nickname_of_a_common_name_weighs_no_more_than_the_name_itself():
    """Fails on main: the nickname weighed 6.1 bits, the name written alike ~4.5."""
    w = _given_weights(COMMON)
    assert set(w) == {"nickname", "exact"}
    assert w["nickname"] <= w["exact"] + 1e-9
    assert w["nickname"] < math.log2(M["given"]["nickname"][0] / M["given"]["nickname"][1])


def test_a_rare_name_keeps_its_nickname_weight():
    """Passes on main and branch: where nobody else is William the nickname weighs the
    model's fixed log2(m / u), less than the name written alike."""
    w = _given_weights(list(filler(2000)))
    fixed = math.log2(M["given"]["nickname"][0] / M["given"]["nickname"][1])
    assert w["nickname"] == fixed
    assert w["exact"] > fixed


def test_only_the_nickname_level_is_bounded():
    """Unit: the bound reads the commoner name's frequency and touches no other level."""
    p = pl.DataFrame({"given_level": ["nickname", "exact", "nickname", "jw_high"],
                      "given_weight": [6.1, 4.0, 6.1, 5.0],
                      "tf": [0.05, 0.05, 0.0001, 0.05]})
    out = p.select(nickname_weight.given_weight("tf", 16.0, 1e-5))["given_weight"].to_list()
    assert out[0] == math.log2(M["given"]["exact"][0] / 0.05)
    assert out[1:] == [4.0, 6.1, 5.0]

"""A given name with no family name to compare is never enough alone to join two records
(pipeline.dedupe.tables._given_name_cap): its weight is capped where it makes a match as
likely as not, so something else must agree. In a guest list of seven given names the prior,
-log2(7), let a nickname group alone join Marie, Maria and Mariah, Joy and Joyce, Diana and
Diane (docs/realworld17.md W7's leftover). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from dedupe_support import scored_pair
from exports_support import kith_run

GUESTS = "Name,Email\n" + "".join(
    f"{g},{g.lower()}.pending@wedding.example\n"
    for g in ("Marie", "Maria", "Mariah", "Joyce", "Joy", "Diana", "Diane"))


def test_a_small_guest_list_keeps_each_given_name_its_own_person(tmp_path: Path):
    kith_run(tmp_path, {"guests.csv": GUESTS})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    assert people.height == 7
    # the nickname pairs are left to the user, not dropped: the same names may be one guest
    nick = pairs.filter(pl.col("given_level") == "nickname")
    assert nick.height == 4 and set(nick["outcome"]) == {"review"}


def test_a_given_name_and_a_shared_mobile_still_join_in_a_small_book(tmp_path: Path):
    book = ("Name,Phone\nBill,+1 415 555 0134\nWilliam,+1 (415) 555-0134\nDiane,+1 415 555 0188\n"
            "Joyce,+1 415 555 0199\n")
    kith_run(tmp_path, {"phone.csv": book})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert people.height == 3


def test_the_cap_is_minus_the_prior_and_binds_only_without_a_family_name():
    given_only = scored_pair({"given_key": "marie"}, {"given_key": "maria"})
    # two records: prior -1, so the nickname's 6.1 bits are capped at 1
    assert given_only["given_weight"].item() == 1.0
    named = scored_pair({"given_key": "marie", "family_key": "dupont"},
                        {"given_key": "maria", "family_key": "dupont"})
    assert named["given_weight"].item() > 6.0
    one_named = scored_pair({"given_key": "marie"}, {"given_key": "maria", "family_key": "dupont"})
    assert one_named["given_weight"].item() == 1.0

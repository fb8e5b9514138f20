"""A near e-mail address is a typo of the other only where it cannot be the two records'
own different names: a guest list gave each guest a placeholder address made from the given
name (marie.pending@, maria.pending@, mariah.pending@), and the "typo" level joined Marie,
Maria and Mariah (docs/realworld17.md W7). Where the given names differ, the near address
repeats them (pipeline.dedupe.similarity.email_typo). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

from exports_support import kith_records
from test_dedupe_evidence import level, scored_pair

# the real list's shape: 110 guests by given name; 40 here (in a book of a handful of records
# the prior is weak enough for a nickname alone to join two given names: not this rule's case)
OTHERS = ("Aaron Bianca Carlos Dmitri Elena Fatima Gustav Hiro Ingrid Jamal Kofi Leila Magnus "
          "Nadia Oscar Priya Quentin Rosa Stefan Tamar Ulrich Vera Wendell Ximena Yusuf Zora "
          "Anders Beatriz Cosmin Delphine Emeka Farah Gunnar").split()
GUESTS = ("Name,Email\n" + "".join(
    f"{g},{g.lower()}.pending@wedding.example\n"
    for g in ("Marie", "Maria", "Mariah", "Joyce", "Joy", "Diana", "Diane", *OTHERS)))


def test_guests_named_apart_are_not_joined_by_their_near_addresses(tmp_path: Path):
    records = kith_records(tmp_path, {"guests.csv": GUESTS})
    assert records.height == 40 and records["person_id"].n_unique() == 40


def test_near_addresses_of_two_given_names_are_no_typo():
    p = scored_pair({"given_key": "marie", "emails": ["marie.pending@wedding.example"]},
                    {"given_key": "maria", "emails": ["maria.pending@wedding.example"]})
    assert level(p, "email") == "different"


def test_a_typo_where_a_name_is_missing_is_still_one():
    # the same given name, or none on one side: the address's typo is the only difference
    same = scored_pair({"given_key": "evie", "emails": ["evied62@bishop.info"]},
                       {"given_key": "evie", "emails": ["evieed62@bishop.info"]})
    assert level(same, "email") == "typo"
    unnamed = scored_pair({"emails": ["evied62@bishop.info"]},
                          {"given_key": "evie", "emails": ["evieed62@bishop.info"]})
    assert level(unnamed, "email") == "typo"

"""A name with its umlauts spelled out (Mueller for Müller, Joergensen for Jørgensen, Aaberg
for Åberg), as systems without those letters write it, is a spelling of the same name: the
"jw_high" level, not "jw_mid" (kith's keys write ü as u, so muller / mueller were a letter
apart at 0.917, just under JW_HIGH). similarity._spelled_out."""

from __future__ import annotations

import polars as pl
import pytest
from dedupe_support import scored_pair
from exports_support import kith_run


@pytest.mark.parametrize(("field", "one", "other"), [
    ("family_key", "mueller", "muller"),
    ("family_key", "joergensen", "jorgensen"),
    ("family_key", "aaberg", "aberg"),
    ("family_key", "schaefer", "schafer"),
    ("given_key", "juergen", "jurgen"),
    ("given_key", "soeren", "soren"),
])
def test_a_spelled_out_umlaut_is_the_same_name(field, one, other):
    base = {"given_key": "anna", "family_key": "lang"}
    level = field.replace("_key", "_level")
    pair = scored_pair({**base, field: one}, {**base, field: other})
    assert str(pair[level][0]) == "jw_high", (one, other)


@pytest.mark.parametrize(("one", "other"), [("mueller", "miller"), ("rueda", "rada"),
                                            ("boehm", "bohn")])
def test_other_near_names_keep_their_band(one, other):
    base = {"given_key": "anna"}
    pair = scored_pair({**base, "family_key": one}, {**base, "family_key": other})
    assert str(pair["family_level"][0]) != "jw_high", (one, other)


def test_anna_mueller_and_anna_mueller_at_one_employer_are_one_person(tmp_path):
    kith_run(tmp_path, {
        "contacts.csv": "First Name,Last Name,Organization Name\nAnna,Müller,Siemens\n"
                        "Jonas,Weber,Bosch\n",
        "phone.vcf": "BEGIN:VCARD\nVERSION:3.0\nFN:Anna Mueller\nN:Mueller;Anna;;;\n"
                     "ORG:Siemens\nEND:VCARD\n"})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert sorted(people["record_count"].to_list()) == [1, 2]
    joined = people.filter(pl.col("record_count") == 2)
    assert joined["family_name"].to_list()[0] in ("Müller", "Mueller")

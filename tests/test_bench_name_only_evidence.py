"""bench/name_only_evidence.py on hand-made pairs: which evidence each column reads, so that
the tables of docs/prec39.md mean what they say. Fictitious people, numbers and domains."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import name_only_evidence as ev  # noqa: E402


def test_a_country_from_calling_codes_and_country_domains_only():
    assert ev._country(["+33612345678"], ["ana@beispiel.de"]) == ["DE", "FR"]
    # .com, .io say nothing of a country; .uk is Great Britain's
    assert ev._country([], ["ana@example.com", "ana@example.io"]) == []
    assert ev._country(None, ["ana@example.co.uk"]) == ["GB"]


def _pair(**sides) -> dict:
    base = {"truth": True, "source": "google", "ne": 0, "np": 0, "city": None, "region": None,
            "country": None, "ctry": [], "department": None, "n_name": 2, "n_file": 1,
            "dom": [], "ow": [], "hd": [], "birthday_year": None}
    row = {"truth": sides.pop("truth", True), "title_level": sides.pop("title_level", "null")}
    for s in "lr":
        mine = {k[:-2]: v for k, v in sides.items() if k.endswith(f"_{s}")}
        row |= {f"{k}_{s}": mine.get(k, v) for k, v in base.items() if k != "truth"}
    return row


def test_each_column_reads_its_evidence():
    rows = [
        # two address books, both reachable, another country; a work domain that is not the
        # other's employer; handle digits that are not the other's birth year
        _pair(source_l="google", source_r="outlook", ne_l=1, np_r=1, ctry_l=["FR"],
              ctry_r=["DE"], dom_l=["kalvor"], ow_r=["brindle"], hd_l=["83"],
              birthday_year_r=1961, truth=False),
        # a LinkedIn row beside a card: the same city written in two cases, the same employer
        _pair(source_l="linkedin", source_r="vcard", city_l="Lyon", city_r="LYON",
              dom_r=["kalvor"], ow_l=["kalvor"], hd_r=["61"], birthday_year_l=1961),
    ]
    e = ev.evidence(pl.DataFrame(rows))
    first, second = e.row(0, named=True), e.row(1, named=True)
    assert first["two address books"] and first["both carry a contact point"]
    assert first["country of number or domain"] == "different"
    assert first["work domain vs organisation"] == "disagree"
    assert first["handle digits vs birth year"] == "disagree"
    assert first["city"] == "one or none"
    assert not second["two address books"] and not second["both carry a contact point"]
    assert second["city"] == "same"
    assert second["work domain vs organisation"] == "agree"
    assert second["handle digits vs birth year"] == "agree"
    assert second["country of number or domain"] == "one or none"

"""Organisation from a work e-mail: filled with provenance, never from a personal provider,
never from a domain several organisations share."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline import schema
from pipeline.enrich.org_domain import domain_organizations, fill_organizations, spells


def people(rows: list[tuple]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """people and their records (one a person; e-mail keys are lower case, as normalised)."""
    frame = pl.DataFrame(
        {"person_id": [r[0] for r in rows], "organization": [r[1] for r in rows],
         "org_key": [r[1].lower() if r[1] else None for r in rows]},
        schema={"person_id": pl.String, "organization": pl.String, "org_key": pl.String})
    recs = pl.DataFrame(
        {"person_id": [r[0] for r in rows], "record_id": [f"r_{r[0]}" for r in rows],
         "email_keys": [[e.lower() for e in r[2]] for r in rows]},
        schema={"person_id": pl.String, "record_id": pl.String, "email_keys": schema.LS})
    return frame, recs


def test_fills_from_a_work_domain_with_provenance_and_keeps_record_values():
    frame = people([
        ("p1", "Hooli", ["sam@hooli.com"]),
        ("p2", "Hooli", ["ann@HOOLI.com", "ann@gmail.com"]),
        ("p3", None, ["dana@gmail.com", "dana@hooli.com"]),  # the work address is second
        ("p4", None, ["kim@elsewhere.org"]),
    ])
    out = fill_organizations(*frame).sort("person_id")
    assert out["organization"].to_list() == ["Hooli", "Hooli", "Hooli", None]
    assert out["org_key"].to_list() == ["hooli", "hooli", "hooli", None]
    assert out["organization_source"].to_list() == [
        "record", "record", "work e-mail domain hooli.com", None]


def test_personal_providers_never_name_an_organisation():
    frame = people([
        ("p1", "Hooli", ["sam@gmail.com"]),
        ("p2", "Hooli", ["ann@gmail.com"]),
        ("p3", None, ["dana@gmail.com"]),
        ("p4", "Globex", ["x@globexmail.example"]),
        ("p5", None, ["y@globexmail.example"]),
    ])
    out = fill_organizations(*frame).sort("person_id")
    assert out["organization"][2] is None
    assert out["organization"][4] == "Globex"
    # A provider listed only in the networks file's personal_domains is honoured too.
    out = fill_organizations(*frame, frozenset({"globexmail.example"})).sort("person_id")
    assert out["organization"][4] is None


def test_a_domain_shared_by_several_organisations_names_none():
    frame = people([
        ("p1", "Hooli", ["a@cowork.example"]),
        ("p2", "Globex", ["b@cowork.example"]),
        ("p3", None, ["c@cowork.example"]),
    ])
    assert domain_organizations(*frame, frozenset()).height == 0
    assert fill_organizations(*frame).sort("person_id")["organization"][2] is None


def test_two_thirds_agreement_is_enough():
    frame = people([
        ("p1", "Hooli", ["a@hooli.com"]), ("p2", "Hooli", ["b@hooli.com"]),
        ("p3", "Hooli Labs", ["c@hooli.com"]), ("p4", None, ["d@hooli.com"]),
    ])
    assert fill_organizations(*frame).sort("person_id")["organization"][3] == "Hooli"


def test_one_colleague_on_a_domain_that_does_not_spell_the_employer_is_not_enough():
    one = people([("p1", "Alphabet", ["ann@family.example"]),
                  ("p2", None, ["bo@family.example"])])
    assert fill_organizations(*one).sort("person_id")["organization"][1] is None
    two = people([("p1", "Alphabet", ["ann@family.example"]),
                  ("p3", "Alphabet", ["cy@family.example"]),
                  ("p2", None, ["bo@family.example"])])
    assert fill_organizations(*two).sort("person_id")["organization"][1] == "Alphabet"


@pytest.mark.parametrize(("domain", "key", "expected"), [
    ("hooli.com", "hooli", True), ("mail.hooli.co.uk", "hooli", True),
    ("acme-corp.de", "acme corporation", True), ("globex.com", "initech", False),
    ("family.example", "alphabet", False), ("co.uk", "co", False), ("hooli.com", None, False),
    ("hoolimail.com", "hooli labs", True), ("example.org", "variance example pvt", False),
])
def test_spells(domain, key, expected):
    assert spells(domain, key) is expected


def test_example_domains_name_no_organisation():
    frame = people([("p1", "Hooli", ["a@example.com"]), ("p2", "Hooli", ["b@example.com"]),
                    ("p3", None, ["c@example.com"])])
    assert fill_organizations(*frame).sort("person_id")["organization"][2] is None

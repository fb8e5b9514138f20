"""user41: the owner's own card under her name with one of two surnames (Spanish usage: Profile.csv
"Lucía Fernández Ortega", a meetup list "Lucía Fernández"), only where the card has no e-mail
or phone: a namesake in her address book has a way to reach and is someone else."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.tagging import evidence


def _owner(first: str, last: str) -> evidence.Owner:
    owner = pl.DataFrame({"kind": ["profile"], "first_name": [first], "last_name": [last]})
    return evidence.owner_facts(owner, frozenset())


def _records(rows: list[dict]) -> pl.DataFrame:
    base = {"email_keys": [], "phones_e164": [], "source_format": "csv"}
    return schema.conform(pl.DataFrame([base | r for r in rows]), schema.RECORDS)


def test_her_first_surname_alone_is_her_on_a_list_but_not_on_a_card_with_a_phone():
    me = _owner("Lucía", "Fernández Ortega")
    assert me.short_keys == ("lucia fernandez",)
    records = _records([
        {"person_id": "p_list", "name_key": "lucia fernandez"},  # the meetup row
        {"person_id": "p_full", "name_key": me.name_key},  # her full name, as before
        {"person_id": "p_namesake", "name_key": "lucia fernandez",
         "phones_e164": ["+34600000099"]},  # another Lucía Fernández in her phone
        {"person_id": "p_connection", "name_key": "lucia fernandez",
         "source_format": "linkedin_connections"},
        {"person_id": "p_other", "name_key": "lucia herrero"},
    ])
    assert evidence.owner_people(records, me).to_list() == ["p_full", "p_list"]


def test_one_surname_or_a_particle_adds_no_short_name():
    assert _owner("Ana", "Iglesias").short_keys == ()
    assert _owner("María", "de la Fuente").short_keys == ()


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["Lucía", "María José", "Ana"]),
       st.lists(st.sampled_from(["García", "López", "Ortega", "Pérez"]), min_size=2, max_size=3))
def test_the_short_name_is_always_her_first_given_name_and_first_surname(first, surnames):
    me = _owner(first, " ".join(surnames))
    fold = {"Lucía": "lucia", "María José": "maria", "Ana": "ana", "García": "garcia",
            "López": "lopez", "Ortega": "ortega", "Pérez": "perez"}
    expected = f"{fold[first]} {fold[surnames[0]]}"
    assert me.short_keys == (() if expected == me.name_key else (expected,))

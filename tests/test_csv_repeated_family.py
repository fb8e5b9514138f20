"""A first-name cell holding the whole name beside its own family-name column ("Ilaria
Borza,Borza" in a real awards dinner's table plan, docs/realworld19.md R2) was shown as
"Ilaria Borza Borza" (csvnames.without_repeated_family). Fixture written for kith in the
shape of that table plan (First Name, Last Name, Company, Table)."""

from __future__ import annotations

from exports_support import kith_records
from test_addressbook import HERE, parse

FIXTURE = HERE / "table_plan_first_name_holds_full_name.csv"


def test_the_family_name_is_cut_from_the_first_name():
    fmt, p = parse(FIXTURE.name)
    rows = p.contacts.sort("source_row")
    assert rows["given_name"].to_list()[:5] == [
        "Michelle", "Ilaria", "Claire", "Ryan", "Anna Maria"]  # "Maria Lee" is not its end
    assert rows["family_name"].to_list()[:5] == [
        "Regazzoli Stone", "Borza", "Wright", "Lumor", "Maria Lee"]


def test_kith_shows_each_guest_once_named(tmp_path):
    records = kith_records(tmp_path, {"table_plan.csv": FIXTURE.read_text("utf-8")})
    assert records["display_name"].to_list() == [
        "Michelle Regazzoli Stone", "Ilaria Borza", "Claire Wright", "Ryan Lumor",
        "Anna Maria Maria Lee", "Revive Active", "Revive Active"]
    # two seats for the same company, no names: two people, nothing says they are one
    assert records["person_id"].n_unique() == 7

"""bench/gen6_errors: an error pair goes to the class of the data shape that explains it, in
the documented order (a quirk gen6 recorded on either record first, then what the records
share)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from gen6_errors import merge_class, miss_class  # noqa: E402


def rec(given, family, quirks="", org=None, src="iCloud vCards.vcf", mails=(), phones=(),
        who="p1"):
    return {"given_key": given, "family_key": family, "org_key": org, "source_file": src,
            "quirks": quirks, "email_keys": list(mails), "phones_e164": list(phones),
            "true_cluster": who}


def test_a_recorded_quirk_names_the_miss_before_what_the_keys_show():
    a = rec("anna", "kowalska", src="Connections.csv")
    b = rec("anna", "nowak", quirks="maiden_name,typo_key", src="00001.vcf")
    assert miss_class(a, b, {}) == "maiden vs married name"
    c = rec("nguyen", "thao", quirks="family_first")
    assert miss_class(rec("thao", "nguyen"), c, {}).startswith("family name first")


def test_misses_without_a_quirk_fall_to_what_the_records_share():
    li = rec("rahul", "menon", org="acme", src="Connections.csv")
    assert miss_class(li, rec("rahul", "menon"), {}).startswith("same name, a LinkedIn row")
    kate = rec("kate", "wilson", quirks="nickname")
    assert miss_class(rec("katherine", "wilson"), kate, {}).startswith("nickname")
    assert miss_class(rec("kevin", "zhang", quirks="nickname"), rec("zhiwei", "zhang"),
                      {"adopted_english_name": True}).startswith("adopted English name")
    moved = miss_class(rec("amy", "lee", org="a"), rec("amy", "lee", org="b"),
                       {"changed_employer": True})
    assert moved.startswith("same name, job change")


def test_false_merges_by_household_role_address_and_name():
    house = {"household_id": "h1"}
    people = {"p1": house, "p2": house, "p3": {"role_email": True}, "p4": {}}
    a = rec("jose", "ramos", mails=["x"], who="p1")
    b = rec("sergio", "ramos", mails=["x"], who="p2")
    assert merge_class(a, b, people).startswith("household: shared")
    c = rec("ann", "lee", mails=["info"], who="p3")
    d = rec("bo", "chan", mails=["info"], who="p4")
    assert merge_class(c, d, people).startswith("colleagues sharing a role address")
    e, f = rec("ming", "li", who="p3"), rec("ming", "li", who="p4")
    assert merge_class(e, f, people).startswith("namesakes")

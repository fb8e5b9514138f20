"""people.build: a person with one record is built from it directly, exactly as the group
of a person with several records would be built."""

import datetime as dt

import polars as pl

from pipeline import schema
from pipeline.dedupe import people


def _records() -> pl.DataFrame:
    rows = [
        # p_a: alone, duplicate and invalid addresses, an empty organisation, labels unsorted
        {"person_id": "p_a", "record_id": "r_1", "source": "google", "display_name": "Ann Lee",
         "given_clean": "Ann", "family_clean": "Lee", "organization": "", "title": "CTO",
         "emails": [" Ann@X.org", "ann@x.org", "bad@", None], "emails_invalid": ["bad@"],
         "phones_e164": ["+15550001", "+15550001"], "labels_clean": ["b", "a", "b", None],
         "city": "Oslo", "birthday_month": 3, "birthday_day": 9, "linkedin_slug": "ann-lee",
         "connected_on_date": dt.date(2020, 1, 2)},
        # p_b: two records, LinkedIn's organisation and name order
        {"person_id": "p_b", "record_id": "r_3", "source": "linkedin", "display_name": "Bob Ray",
         "given_clean": "Bob", "family_clean": "Ray", "organization": "Acme",
         "emails": ["bob@acme.com"], "phones_e164": [], "labels_clean": [],
         "birthday_year": 1980, "birthday_month": 1, "birthday_day": 1},
        {"person_id": "p_b", "record_id": "r_2", "source": "vcard", "display_name": "Bobby",
         "given_clean": "Bobby", "organization": "Acme Inc", "emails": ["BOB@acme.com", "b@y.z"],
         "labels_clean": ["friends"], "city": "Rome", "birthday_month": 1, "birthday_day": 1},
        # p_c: alone, almost nothing known (null lists, no name)
        {"person_id": "p_c", "record_id": "r_4", "source": "csv", "phones_e164": ["+15550002"]},
        # p_d: alone, nulls everywhere but the source
        {"person_id": "p_d", "record_id": "r_5", "source": "outlook", "emails": [],
         "display_name": "", "birthday_year": 1990, "birthday_month": 5, "birthday_day": 6},
    ]
    return schema.conform(pl.DataFrame(rows, infer_schema_length=None), schema.RECORDS)


def test_one_record_people_match_the_grouped_build():
    records = _records()
    got = people.build(records)
    grouped = people._finished(people._grouped(people._prepared(records)))
    assert got.equals(grouped)
    assert got["person_id"].to_list() == ["p_a", "p_b", "p_c", "p_d"]
    a = got.row(0, named=True)
    assert a["emails"] == ["ann@x.org"] and a["phones"] == ["+15550001"]
    assert a["labels"] == ["a", "b"] and a["organization_record"] is None
    assert a["title_record"] == "r_1" and a["record_ids"] == ["r_1"]
    assert got.row(1, named=True)["record_ids"] == ["r_2", "r_3"]
    assert got.row(2, named=True)["display_name"] == "+15550002"


def test_only_one_record_people_and_only_groups():
    records = _records()
    alone = records.filter(pl.col("person_id") != "p_b")
    assert people.build(alone).equals(
        people._finished(people._grouped(people._prepared(alone))))
    group = records.filter(pl.col("person_id") == "p_b")
    assert people.build(group).height == 1

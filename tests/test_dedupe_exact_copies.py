"""Copies of a record in one file (a sync tool that duplicates every contact) are one person,
however many: pipeline/dedupe/copies.py."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner
from dedupe_support import records
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_dedupe_cluster import address_book

from pipeline.cli import main
from pipeline.dedupe import copies
from pipeline.dedupe.stage import dedupe

CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;John;;;\r\nFN:John Smith\r\n"
        "EMAIL:john.smith@example.org\r\nTEL;TYPE=CELL:+1 415 555 0134\r\nEND:VCARD\r\n")
OTHERS = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};Ann;;;\r\nFN:Ann {family}\r\n"
                 f"EMAIL:ann.{family.lower()}@example.org\r\nEND:VCARD\r\n"
                 for family in ("Ortega", "Lindqvist", "Okafor", "Brandt"))


def _run(tmp_path, text: str):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "phone.vcf").write_text(text, newline="")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(exports), "--out", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


def test_sixty_copies_of_one_card_are_one_person_with_every_copy_explained(tmp_path):
    # over every blocking rule's cap and the cluster's 40 records: before, 60 people
    out = _run(tmp_path, CARD * 60 + OTHERS)
    recs = pl.read_parquet(out / "records.parquet")
    assert recs.height == 64
    assert pl.read_parquet(out / "people.parquet").height == 5
    john = recs.filter(pl.col("display_name") == "John Smith")
    assert john["person_id"].n_unique() == 1 and john.height == 60
    pairs = pl.read_parquet(out / "pairs.parquet")
    copy_rows = pairs.filter(pl.col("rule") == copies.COPY_RULE)
    first = john["record_id"].min()
    assert copy_rows.height == 59
    assert set(copy_rows["record_id_l"]) == {first}
    assert set(copy_rows["record_id_r"]) == set(john["record_id"]) - {first}
    assert (copy_rows["outcome"] == "merge").all() and copy_rows["weight"].is_null().all()
    # after the scored pairs (still in record-id order), in record-id order themselves
    keys = pairs.select(pl.concat_str("record_id_l", "record_id_r")).to_series()
    scored = pairs["rule"] != copies.COPY_RULE
    assert scored.arg_true().max() < (~scored).arg_true().min()
    assert keys.filter(scored).is_sorted() and keys.filter(~scored).is_sorted()
    res = CliRunner().invoke(main, ["explain", "John Smith", "--out", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "60 records" in res.output and copies.COPY_REASON in res.output


def test_a_copy_must_be_the_same_in_every_column_and_in_the_same_file():
    rows = [{"given_key": "john", "family_key": "smith", "phones": ["+14155550134"]},
            {"given_key": "john", "family_key": "smith", "phones": ["+14155550134"]},
            {"given_key": "john", "family_key": "smith", "phones": ["+14155550134"],
             "org_key": "acme"},  # one more column filled: not a copy
            {"given_key": "john", "family_key": "smith", "phones": ["+14155550134"],
             "source_file": "other.csv"},  # the same card in another export: compared
            {"given_key": "lara", "family_key": "white"},
            {"given_key": "lara", "family_key": "white"}]  # a name alone: maybe namesakes
    recs = records(rows)
    keep, copied = copies.split(recs)
    assert copied.to_dicts() == [{"record_id": "r_0001", "representative": "r_0000"}]
    assert recs.filter(keep)["record_id"].to_list() == ["r_0000", "r_0002", "r_0003", "r_0004",
                                                        "r_0005"]
    assert copies.without(recs).equals(recs.filter(keep))


@settings(max_examples=40, deadline=None)
@given(rows=address_book(), picks=st.lists(st.integers(0, 11), min_size=1, max_size=6))
def test_adding_copies_never_changes_who_is_who(rows, picks):
    # copies of records with an identifier (a name alone may be two namesakes: compared)
    identified = [i for i, r in enumerate(rows)
                  if r.get("emails") or r.get("phones") or r.get("linkedin_slug")]
    assume(identified)
    picks = [identified[i % len(identified)] for i in picks]
    base = dedupe(records(rows))
    with_copies = rows + [rows[i] for i in picks]
    got = dedupe(records(with_copies))
    person = dict(zip(got.records["record_id"], got.records["person_id"], strict=True))
    # each added copy is with the record it copies (or a copy of it drawn before)
    for k, i in enumerate(picks):
        copy_id, original_id = f"r_{len(rows) + k:04d}", f"r_{i:04d}"
        assert person[copy_id] == person[original_id]
    # and the records that were there group as before
    def groups(result, ids):
        by = result.records.filter(pl.col("record_id").is_in(ids))
        return sorted(sorted(g) for g in by.group_by("person_id").agg("record_id")["record_id"]
                      .to_list())
    ids = [f"r_{i:04d}" for i in range(len(rows))]
    assert groups(got, ids) == groups(base, ids)


def test_copies_of_a_card_whose_only_number_is_invalid_are_one_person(tmp_path):
    # helper rw11's eleventh collection: a phone book repeating cards whose number no region
    # reads (no country code, not a US number) was listed once per copy
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okoro;Ada;;;\r\nFN:Ada Okoro\r\n"
            "TEL;TYPE=CELL:0803 555\r\nEND:VCARD\r\n")
    out = _run(tmp_path, card * 45 + OTHERS)
    recs = pl.read_parquet(out / "records.parquet")
    ada = recs.filter(pl.col("display_name") == "Ada Okoro")
    assert ada.height == 45 and ada["phones_e164"].list.len().max() == 0
    assert ada["phones_invalid"].list.len().min() == 1
    assert ada["person_id"].n_unique() == 1
    assert pl.read_parquet(out / "people.parquet").height == 5

"""Stage 2 entry points: schema conformance, names in context, labels, stable ids."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.stages.normalize import (
    labels_clean,
    normalize_interactions,
    normalize_owner,
    normalize_records,
)

ARCHIVE = "Basic_LinkedInDataExport_12-05-2022.zip!Connections.csv"


def contacts() -> pl.DataFrame:
    rows = schema.RowBuilder(schema.CONTACTS_RAW)
    li = {"source": "linkedin", "source_format": "linkedin_connections", "source_file": ARCHIVE}
    rows.add(**li, source_row=0, given_name="Jane 🚀", family_name="Doe, MBA",
             linkedin_url="https://www.linkedin.com/in/Jane-Doe-%C3%A51234/",
             organization="Acme, Inc.", connected_on="07 Feb 2026")
    rows.add(**li, source_row=1, connected_on="07 Feb 2026")  # two "ghost" rows
    rows.add(**li, source_row=2, connected_on="07 Feb 2026")
    rows.add(source="google", source_file="contacts.csv", source_row=0, full_name="Smith, John",
             emails=["John.Smith+x@googlemail.com", "junk"],
             phones=["(415) 555-0134 x12", "020 7946 0958"],
             labels=["* myContacts", "Friends", "* starred", "friends ", "My Contacts"],
             birthday="--0415", urls=["linkedin.com/in/jsmith?trk=1"])
    rows.add(source="vcard", source_file="a.vcf", source_row=0, full_name="王小明",
             organization="株式会社テスト", birthday="1604-08-20")
    rows.add(source="vcard", source_file="a.vcf", source_row=1, nickname="Bobby",
             emails=["bob@x.com"])
    rows.add(source="vcard", source_file="a.vcf", source_row=2, organization="Initech LLC")
    rows.add(source="outlook", source_file="o.csv", source_row=0, given_name="Dr. Anna",
             middle_name="Maria", family_name="Karlsson (she/her)", birthday="0/0/00")
    return rows.frame()


def test_records_conform_to_schema_and_keep_order():
    raw = contacts()
    out = normalize_records(raw)
    assert out.schema == pl.Schema(schema.RECORDS)
    assert out.select(list(schema.CONTACTS_RAW)).equals(raw)
    assert out["record_id"].n_unique() == out.height
    assert all(re.fullmatch(r"r_[0-9a-f]{16}", r) for r in out["record_id"])
    assert (out["person_id"].str.slice(2) == out["record_id"].str.slice(2)).all()
    for col in ("email_keys", "emails_invalid", "phones_e164", "phone_extensions",
                "phones_invalid", "labels_clean"):
        assert out[col].null_count() == 0, col


def test_record_values():
    out = normalize_records(contacts())
    cols = ["display_name", "given_clean", "family_clean", "name_key", "org_key",
            "linkedin_slug", "birthday_year", "birthday_month", "birthday_day"]
    got = out.select(cols).rows()
    assert got == [
        ("Jane Doe", "Jane", "Doe", "jane doe", "acme", "jane-doe-å1234", None, None, None),
        (None, None, None, None, None, None, None, None, None),
        (None, None, None, None, None, None, None, None, None),
        ("John Smith", "John", "Smith", "john smith", None, "jsmith", None, 4, 15),
        # a whole Chinese name split after its family name (cjk_names, realworld22 (b))
        ("王小明", "小明", "王", "xiaoming wang", "zhushihuishetesuto", None, None, 8, 20),
        ("Bobby", None, None, None, None, None, None, None, None),
        ("Initech LLC", None, None, None, "initech", None, None, None, None),
        ("Anna Maria Karlsson", "Anna", "Karlsson", "anna karlsson", None, None, None, None,
         None),
    ]
    google = out.row(3, named=True)
    assert google["email_keys"] == ["johnsmith@gmail.com"]
    assert google["emails_invalid"] == ["junk"]
    assert google["phones_e164"] == ["+14155550134"] and google["phone_extensions"] == ["12"]
    assert google["phones_invalid"] == ["020 7946 0958"]
    assert google["labels_clean"] == ["friends"]
    assert out["connected_on_date"].to_list()[:3] == [dt.date(2026, 2, 7)] * 3


def test_default_region_applies_to_national_numbers():
    out = normalize_records(contacts(), default_region="GB")
    assert out.row(3, named=True)["phones_e164"] == ["+442079460958"]


def test_record_id_is_deterministic_and_ignores_the_file_path():
    raw = contacts()
    first = normalize_records(raw)["record_id"]
    assert normalize_records(raw)["record_id"].equals(first)
    # A newer LinkedIn archive has another date in its name: same records, same ids.
    renamed = raw.with_columns(pl.col("source_file").str.replace("12-05-2022", "01-31-2026"))
    assert normalize_records(renamed)["record_id"].equals(first)
    # Row order does not matter either (ghost rows are interchangeable, so compare sets).
    shuffled = normalize_records(raw.reverse())["record_id"]
    assert sorted(shuffled) == sorted(first)
    # Content does.
    changed = raw.with_columns(pl.col("family_name").replace("Doe, MBA", "Dough"))
    assert normalize_records(changed)["record_id"][0] == first[0]  # keyed on the slug
    changed = raw.with_columns(pl.col("nickname").replace("Bobby", "Rob"))
    assert normalize_records(changed)["record_id"][5] == first[5]  # keyed on the e-mail


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ann", "Bo", "Cy"]), st.sampled_from(["X", "Y"]),
                          st.sampled_from(["a.csv", "b.csv", "2026/c.csv"])),
                min_size=1, max_size=12),
       st.text(alphabet="abc/-_0123456789", min_size=1, max_size=12))
def test_record_ids_unique_and_path_independent(people, prefix):
    frame = pl.DataFrame(
        {"source": "google", "source_file": [f for _, _, f in people],
         "source_row": list(range(len(people))), "given_name": [g for g, _, _ in people],
         "family_name": [f for _, f, _ in people]})
    ids = normalize_records(frame)["record_id"]
    assert ids.n_unique() == len(people)
    moved = frame.with_columns((prefix + "/" + pl.col("source_file")).alias("source_file"))
    assert normalize_records(moved)["record_id"].equals(ids)


def test_labels_clean():
    labels = pl.Series([["* myContacts", "Zeta", "* starred", "zeta ", "  Alpha", "Starred"],
                        None, [], ["* coworkers"]], dtype=schema.LS)
    assert labels_clean(labels).to_list() == [["alpha", "zeta"], [], [], ["coworkers"]]


def test_interactions():
    rows = schema.RowBuilder(schema.INTERACTIONS_RAW)
    base = {"source": "linkedin", "source_file": "x.zip!messages.csv", "kind": "message",
            "direction": "incoming"}
    rows.add(**base, source_row=0, occurred_raw="2024-12-16 18:24:37 UTC",
             counterpart_name="Jane Doe, MBA",
             counterpart_url="https://www.linkedin.com/in/jane-doe-%C3%A51234", detail="hi")
    rows.add(**base, source_row=1, occurred_raw="2024-12-16 18:24:37 UTC",
             counterpart_name="Jane Doe, MBA",
             counterpart_url="https://www.linkedin.com/in/jane-doe-%C3%A51234", detail="hi")
    rows.add(source="linkedin", source_file="x.zip!Invitations.csv", source_row=0,
             kind="invitation", direction="outgoing", occurred_raw="1/8/18, 6:14 PM",
             counterpart_name="Dr. 王小明")
    raw = rows.frame()
    out = normalize_interactions(raw)
    assert out.schema == pl.Schema(schema.INTERACTIONS)
    assert out["interaction_id"].n_unique() == 3
    assert out["occurred_at"].to_list() == [
        dt.datetime(2024, 12, 16, 18, 24, 37, tzinfo=dt.UTC)] * 2 + [
        dt.datetime(2018, 1, 8, 18, 14, tzinfo=dt.UTC)]
    assert out["counterpart_slug"].to_list() == ["jane-doe-å1234", "jane-doe-å1234", None]
    assert out["counterpart_key"].to_list() == ["jane doe", "jane doe", "xiaoming wang"]
    moved = raw.with_columns(pl.col("source_file").str.replace("x.zip", "y.zip"))
    assert normalize_interactions(moved)["interaction_id"].equals(out["interaction_id"])
    respelled = raw.with_columns(pl.col("counterpart_url").str.replace(
        "https://www.linkedin.com/in/", "www.linkedin.com/in/"))
    assert normalize_interactions(respelled)["interaction_id"].equals(out["interaction_id"])


def test_owner():
    rows = schema.RowBuilder(schema.OWNER_RAW)
    rows.add(source_file="p.csv", source_row=0, kind="position", organization="The Acme Company",
             started_raw="Jun 2018", finished_raw="")
    rows.add(source_file="e.csv", source_row=0, kind="education", organization="MIT",
             started_raw="2004", finished_raw="Sep 2008")
    out = normalize_owner(rows.frame())
    assert out.schema == pl.Schema(schema.OWNER)
    assert out.select("org_key", "started_on", "finished_on").rows() == [
        ("acme", dt.date(2018, 6, 1), None), ("mit", dt.date(2004, 1, 1), dt.date(2008, 9, 1))]


def test_empty_frames():
    assert normalize_records(schema.empty(schema.CONTACTS_RAW)).schema == pl.Schema(
        schema.RECORDS)
    assert normalize_interactions(schema.empty(schema.INTERACTIONS_RAW)).height == 0
    assert normalize_owner(schema.empty(schema.OWNER_RAW)).height == 0


def test_ids_hashed_early_equal_ids_hashed_late():
    """Ids hashed while phones parse are reused only where the final key text is the same."""
    from pipeline.stages.normalize import _record_natural_key, stable_hex

    frame = pl.DataFrame({
        "source": ["google"] * 5,
        "source_file": ["b.csv", "a.csv", "a.csv", "a.csv", "a.csv"],
        "source_row": [0, 0, 1, 2, 3],
        "given_name": ["Ann"] * 5,
        # row 1's only phone is invalid: its key equals rows 0 and 3 (no phone) -> occurrences
        "phones": [[], ["020 7946 0958"], ["+14155550134"], None, ["+14155550134"]],
    }, schema_overrides={"phones": schema.LS})
    out = normalize_records(frame)
    late = stable_hex(out, _record_natural_key(), ["source"])
    assert ("r_" + late).equals(out["record_id"])
    assert out["record_id"].n_unique() == 5


def test_a_phone_number_typed_as_the_name_is_the_phone_not_a_name():
    """A contact saved on a phone under its number (docs/realworld7.md C1: `9818962667` as
    the first name): shown as typed, read as the row's phone, and no name key, so two such
    contacts are not namesakes and a number-named card meets the card that lists the number."""
    rows = schema.RowBuilder(schema.CONTACTS_RAW)
    g = {"source": "google", "source_file": "contacts.csv"}
    rows.add(**g, source_row=0, given_name="(415) 555-0134")
    rows.add(**g, source_row=1, given_name="415 555 0199", phones=["+1 415 555 0199"])
    rows.add(**g, source_row=2, full_name="+1 415-555-0142")
    rows.add(**g, source_row=3, given_name="Agent 007", phones=["415 555 0100"])
    rows.add(**g, source_row=4, given_name="007", family_name="Bond")
    got = normalize_records(rows.frame()).select(
        "display_name", "given_key", "family_key", "phones", "phones_e164").to_dicts()
    assert [r["display_name"] for r in got] == [
        "(415) 555-0134", "415 555 0199", "+1 415-555-0142", "Agent 007", "007 Bond"]
    assert [r["phones_e164"] for r in got] == [
        ["+14155550134"], ["+14155550199"], ["+14155550142"], ["+14155550100"], []]
    assert [r["given_key"] for r in got] == [None, None, None, "agent 007", None]
    assert got[4]["family_key"] == "bond"
    assert [r["phones"] for r in got][:3] == [None, ["+1 415 555 0199"], None]  # as written


def test_an_email_typed_as_the_name_is_the_rows_email():
    """A CRM list whose first name is the address (docs/realworld14.md H1, HubSpot): the
    address is the row's e-mail, read, compared and shown as one, once, even when the e-mail
    column is empty; the name fields keep what was typed; an "@" in a name is no address."""
    rows = schema.RowBuilder(schema.CONTACTS_RAW)
    g = {"source": "hubspot", "source_file": "hubspot.csv"}
    rows.add(**g, source_row=0, given_name="maria.garcia@example.org")
    rows.add(**g, source_row=1, given_name=" John.Smith@Acme.com ",
             emails=["john.smith@acme.com"])
    rows.add(**g, source_row=2, full_name="kim@lee.kr", emails=["kim.lee@work.kr"])
    rows.add(**g, source_row=3, given_name="Ana", family_name="ana@silva.pt")
    rows.add(**g, source_row=4, given_name="Bo @ Acme", family_name="Berg")
    got = normalize_records(rows.frame()).select(
        "display_name", "given_name", "emails", "email_keys").to_dicts()
    assert [r["email_keys"] for r in got] == [
        ["maria.garcia@example.org"], ["john.smith@acme.com"],
        ["kim.lee@work.kr", "kim@lee.kr"], ["ana@silva.pt"], []]
    assert [r["emails"] for r in got] == [
        ["maria.garcia@example.org"], ["john.smith@acme.com"],
        ["kim.lee@work.kr", "kim@lee.kr"], ["ana@silva.pt"], None]
    assert got[0]["display_name"] == "maria.garcia@example.org"
    assert got[0]["given_name"] == "maria.garcia@example.org"  # as typed
    assert got[4]["display_name"] == "Bo @ Acme Berg"


def test_a_lone_initial_is_shown_only_when_nothing_else_names_the_row():
    """HubSpot rows whose first name is the address and last name one letter (docs/
    realworld14.md H1) were shown as "D": an initial names no one, so the fallbacks come
    first (organisation, e-mail, phone); with none of them the initial is still shown, and a
    one-character name in a script with no initials ("李") is a name."""
    rows = schema.RowBuilder(schema.CONTACTS_RAW)
    g = {"source": "hubspot", "source_file": "hubspot.csv"}
    rows.add(**g, source_row=0, given_name="jdoe@acme.com", family_name="D")
    rows.add(**g, source_row=1, given_name="É.", organization="Initech")
    rows.add(**g, source_row=2, full_name="K", phones=["+1 415 555 0134"])
    rows.add(**g, source_row=3, family_name="D")
    rows.add(**g, source_row=4, full_name="李", emails=["li@example.cn"])
    rows.add(**g, source_row=5, given_name="Al", family_name="B", emails=["al@b.org"])
    got = normalize_records(rows.frame())
    assert got["display_name"].to_list() == [
        "jdoe@acme.com", "Initech", "+1 415 555 0134", "D", "李", "Al B"]
    assert got["family_clean"].to_list()[0] == "D"  # the name itself is kept for dedupe


def test_a_russian_full_name_in_the_family_slot_is_read_as_a_full_name():
    """A Russian converter's vCard N holds "Surname Given Patronymic" in the family slot
    (docs/realworld7.md V2): given, patronymic (middle) and family name are read from it; a
    family slot of several words without a patronymic stays the family name."""
    rows = schema.RowBuilder(schema.CONTACTS_RAW)
    v = {"source": "vcard", "source_file": "a.vcf"}
    rows.add(**v, source_row=0, family_name="Иванов Иван Иванович", full_name="Иванов Иван Иванович")
    rows.add(**v, source_row=1, family_name="Петрова Анна Сергеевна")
    rows.add(**v, source_row=2, family_name="Петрова", given_name="Анна")
    rows.add(**v, source_row=3, family_name="Garcia Lopez")
    got = normalize_records(rows.frame()).select(
        "display_name", "given_key", "family_key", "family_name").rows()
    assert got == [("Иван Иванович Иванов", "ivan", "ivanov", "Иванов Иван Иванович"),
                   ("Анна Сергеевна Петрова", "anna", "petrova", "Петрова Анна Сергеевна"),
                   ("Анна Петрова", "anna", "petrova", "Петрова"),
                   ("Garcia Lopez", None, "garcia lopez", "Garcia Lopez")]

"""A follow-up for someone with no interaction on record (a path into a target company, an
address-book label, a follow-up date you typed) is a first contact: the plan says "Get in
touch", and the drafted message never recalls "our last conversation (a while)" that never
took place. [first_contact] in drafts.toml is used instead of any template that cites the last
contact; a drafts file from before it gets kith's own (pipeline/enrich/drafts.py)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from click.testing import CliRunner
from exports_support import kith_run

from pipeline.cli import main
from pipeline.enrich import drafts

BUILTIN = drafts.load(None)
VALUES = {"name": "Ann Lee", "given_name": "Ann", "need": "", "action": "Follow up",
          "my_name": "Pat Owner"}


def test_no_contact_on_record_gets_the_first_contact_draft():
    subject, body = drafts.draft(BUILTIN, "follow_up", {**VALUES, "last_contact": ""})
    assert (subject, body.splitlines()[0]) == ("Hello", "Hi Ann,")
    assert "last conversation" not in body and "a while" not in body
    subject, body = drafts.draft(BUILTIN, "follow_up", {**VALUES, "last_contact": "2026-01-01"})
    assert subject == "Following up"
    assert "Following up on our last conversation (2026-01-01)." in body


def test_every_template_citing_the_last_contact_is_replaced_and_only_those():
    for section, template in BUILTIN.items():
        subject, body = drafts.draft(BUILTIN, section, {**VALUES, "last_contact": None})
        if "{last_contact}" in template["subject"] + template["body"]:
            assert subject == BUILTIN["first_contact"]["subject"], section
        else:
            assert subject == template["subject"], section
        assert "(a while)" not in body, section


def test_a_drafts_file_from_before_first_contact_gets_kiths_own(tmp_path):
    own = tmp_path / "drafts.toml"
    own.write_text('[default]\nsubject = "Hey"\nbody = "Hi {first_name}, since {last_contact}?"\n'
                   '[follow_up]\nsubject = "Again"\nbody = "Back to {last_contact}."\n', "utf-8")
    templates = drafts.load(own)
    assert drafts.draft(templates, "follow_up", {**VALUES, "last_contact": ""})[0] == "Hello"
    assert drafts.draft(templates, "owe", {**VALUES, "last_contact": ""})[0] == "Hello"
    assert drafts.draft(templates, "follow_up", {**VALUES, "last_contact": "2026-01-01"}) == (
        "Again", "Back to 2026-01-01.")
    own.write_text(own.read_text("utf-8") + '[first_contact]\nsubject = "Nice to meet"\n'
                   'body = "Hi {first_name}."\n', "utf-8")
    assert drafts.draft(drafts.load(own), "follow_up", {**VALUES, "last_contact": ""}) == (
        "Nice to meet", "Hi Ann.")


CONTACTS = ("First Name,Last Name,E-mail 1 - Value\n"
            "Ann,Lee,ann@lee.example\n"
            "Bob,Ray,bob@ray.example\n")
CONNECTIONS = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               "Bob,Ray,https://www.linkedin.com/in/bobray,bob@ray.example,Acme,Engineer,"
               "01 Jan 2024\n")
MESSAGES = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
            "DATE,SUBJECT,CONTENT,FOLDER\n"
            "c1,,Bob Ray,https://www.linkedin.com/in/bobray,Pat Owner,"
            "https://www.linkedin.com/in/patowner,2026-06-01 10:00:00 UTC,,hello,INBOX\n"
            # a second conversation: the owner is who takes part in every one
            "c2,,Pat Owner,https://www.linkedin.com/in/patowner,Cy Doe,"
            "https://www.linkedin.com/in/cydoe,2026-05-01 10:00:00 UTC,,hi,SENT\n")


def test_the_plan_and_its_drafts_for_a_first_contact_and_a_follow_up(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the notes file: ./data/notes.csv
    kith_run(tmp_path, {"contacts.csv": CONTACTS, "Connections.csv": CONNECTIONS,
                        "messages.csv": MESSAGES})
    out = str(tmp_path / "out")
    for who in ("Ann Lee", "Bob Ray"):
        res = CliRunner().invoke(main, ["note", who, "--follow-up", "2026-12-07", "--out", out])
        assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", out,
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    last = dict(zip(people["display_name"], people["last_interaction"], strict=True))
    assert last == {"Ann Lee": None, "Bob Ray": dt.date(2026, 6, 1)}
    plan = pl.read_csv(tmp_path / "out" / "worksheets" / "plan.csv")
    action = dict(zip(plan["name"], plan["action"], strict=True))
    assert action == {"Ann Lee": "Get in touch", "Bob Ray": "Follow up"}
    res = CliRunner().invoke(main, ["plan", "--messages", "--out", out])
    assert res.exit_code == 0, res.output
    assert "last conversation (a while)" not in res.output
    assert "Following up on our last conversation (2026-06-01)." in res.output
    # Ann is in the user's Google contacts, no LinkedIn connection: kith has no date, but the
    # user knows her ([saved_contact]; [first_contact] is for LinkedIn strangers: user39)
    assert "I would like to catch up" in res.output
    assert "I don't think we have properly talked yet" not in res.output

"""user41: a draft recalls "our last conversation" only after a message or a logged talk. Tomás
Rey's one contact was an invitation Lucía sent in 2022 without a message; on main his draft
said "Following up on our last conversation (2022-04-15)" in `kith plan --messages` and in the
worksheets' e-mail links."""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich import drafts
from pipeline.worksheets import enrichment

FIX = Path(__file__).parent / "fixtures" / "user41"


def _kith(*args: str) -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False,
                             env={"KITH_TODAY": "2026-12-07"})
    assert res.exit_code == 0, res.output
    return res.output


def test_recalled_contact_needs_a_message_or_a_talk():
    assert drafts.recalled_contact("2022-04-15", 0, None) == ""  # an invitation, say
    assert drafts.recalled_contact("2022-04-15", 0, 0) == ""
    assert drafts.recalled_contact("2026-10-03", 2, None) == "2026-10-03"
    assert drafts.recalled_contact("2026-12-07", 0, 1) == "2026-12-07"  # a logged talk
    assert drafts.recalled_contact(None, 3, 0) == ""


def test_the_plan_drafts_no_conversation_from_an_invitation(tmp_path):
    home = tmp_path / "home"
    _kith("init", str(home))
    shutil.copytree(FIX / "week1", home / "exports", dirs_exist_ok=True)
    (home / "targets.toml").write_text('[[target]]\ncompany = "Top Doctors"\n', "utf-8")
    cfg = str(home / "kith.toml")
    _kith("run", "--config", cfg, "--as-of", "2026-12-07")
    out = _kith("plan", "--config", cfg, "--messages")
    items = {b.split(". ", 1)[1].split(":", 1)[0]: b
             for b in re.split(r"\n(?=\s*\d+\. )", out) if re.match(r"\s*\d+\. ", b)}
    tomas = items["Tomás Rey"]
    assert "our last conversation" not in tomas
    assert "I don't think we have properly talked yet" in tomas
    claire = items["Claire Dubois"]  # she wrote back
    assert "Following up on our last conversation (2026-10-03)" in claire


def test_the_worksheets_mail_link_drafts_the_same():
    rows = pl.DataFrame({"person_id": ["p_t", "p_c", "p_l"],
                         "last": ["2022-04-15", "2026-10-03", "2026-12-01"],
                         "talks": [None, None, 1]}, schema_overrides={"talks": pl.Int64})
    people = pl.DataFrame({"person_id": ["p_t", "p_c", "p_l"],
                           "given_name": ["Tomás", "Claire", "Lola"],
                           "nickname": [None, None, None], "sources": [["linkedin"]] * 3,
                           "messages_sent": [0, 1, 0], "messages_received": [0, 1, 0]},
                          schema_overrides={"nickname": pl.String})
    outreach = [{"person_id": p, "name": p, "section": "follow_up", "action": "Follow up",
                 "email": f"{p}@example.com"} for p in ("p_t", "p_c", "p_l")]
    enrichment.add_drafts(outreach, rows, people, None, "Lucía")
    body = {it["person_id"]: urllib.parse.unquote(it["mailto"]) for it in outreach}
    assert "our last conversation" not in body["p_t"]
    assert "our last conversation (2026-10-03)" in body["p_c"]
    assert "our last conversation (2026-12-01)" in body["p_l"]  # a talk she logged

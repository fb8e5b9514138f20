"""Round 29 (docs/adversarial29.md, leftover (b)): a drafted message is addressed to its
subject, so nothing you noted about them goes into it. On main `kith plan --messages`, its
--ics events and the worksheets' e-mail links quoted your `need` note to the person it is
about ("You mentioned you need a data engineering job; going through a divorce, keep quiet;
I may be able to help."), and a drafts.toml using {action} quoted your next step too."""

from __future__ import annotations

import re
import urllib.parse

import polars as pl
from click.testing import CliRunner
from icalendar import Calendar
from serve_home import AS_OF

from pipeline.cli import main
from pipeline.enrich import drafts
from pipeline.notes import notes_file
from pipeline.run import run

NEED = "a data engineering job; going through a divorce, keep quiet"
NEXT = "ask if his team is shrinking, he is worried about layoffs"
SECRETS = ("divorce", "layoffs", "keep quiet")
# a user's own templates that name every placeholder a note could reach
OWN = ('[default]\nsubject = "Re: {action}"\n'
       'body = "Hi {first_name},\\n{action}\\nAbout {need}. {need_line}\\n{my_name}"\n')


def _noted_home(sample_homes):
    """The sample home; the first two follow-ups with an e-mail address get a need and a next
    step noted (and a date, to stay in the plan); drafts.toml uses {action} and {need}."""
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    mailable = plan.filter(pl.col("email").fill_null("") != "").head(2).to_dicts()
    assert len(mailable) == 2
    for row, cells in zip(mailable, ({"need": NEED}, {"next_step": NEXT}), strict=True):
        notes_file.set_note(cfg.files["notes"], row["person_id"], row["name"],
                            follow_up=AS_OF.isoformat(), **cells)
    (folder / "drafts.toml").write_text(OWN, "utf-8")
    run(cfg, cfg.inputs, cfg.out, as_of=AS_OF)
    return cfg, [r["name"] for r in mailable]


def _clean(text: str) -> bool:
    return not any(s in text for s in SECRETS)


def test_no_draft_quotes_your_notes_to_their_subject(sample_homes):
    cfg, names = _noted_home(sample_homes)
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    ics = folder / "week.ics"
    res = CliRunner().invoke(main, ["plan", "--messages", "--ics", str(ics), *conf])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    for name in names:
        at = next(i for i, x in enumerate(lines) if re.match(rf"\s*\d+\. {name}:", x))
        # the plan's own line is yours: it says what you noted
        assert not _clean(lines[at])
        message = []
        for x in lines[at + 1:]:
            if re.match(r"\s*\d+\. ", x):
                break
            message.append(x)
        assert any("Subject:" in x for x in message)
        assert _clean("\n".join(message)), "\n".join(message)
    events = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
              if any(n in str(e.get("SUMMARY")) for n in names)]
    assert len(events) == 2
    for e in events:
        assert _clean(urllib.parse.unquote(str(e.get("URL"))))
    index = (cfg.out / "worksheets" / "index.html").read_text("utf-8")
    links = [urllib.parse.unquote(m) for m in re.findall(r'href="(mailto:[^"]*\?[^"]*)"', index)]
    assert len(links) >= 2 and all(_clean(x) for x in links)


def test_a_need_they_stated_is_named_and_a_noted_one_is_not():
    own = {"default": {"subject": "x {action}", "body": "{need_line}"}}
    said = {"name": "Hal Ng", "need": "a new role (Open to work)", "action": "Follow up"}
    assert drafts.draft(own, "follow_up", said, [""]) == (
        "x Follow up", "You mentioned you need a new role (Open to work); I may be able to help.")
    noted = {**said, "need": NEED, "action": f"Follow up: {NEXT}"}
    assert drafts.draft(own, "follow_up", noted, [NEED, NEXT.upper()]) == ("x", "")
    # a need only partly yours (your words inside it) is still withheld
    assert drafts.draft(own, "x", {**said, "need": f"{NEED} (and more)"}, [NEED])[1] == ""
    # a short note hides only its own words ("no" is not in "now" or "Follow")
    assert drafts.draft(own, "x", {**said, "need": "a new role (now open)"}, ["no", "  "]) == (
        "x Follow up", "You mentioned you need a new role (now open); I may be able to help.")

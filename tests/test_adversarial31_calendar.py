"""Round 31 (docs/adversarial31.md, T10): the --ics calendar is one a person imports into a
calendar they may share or forward, so it holds none of your notes and is private by default.
On main each event's SUMMARY was the plan's own line ("Return the favour: CV help, her mum is
ill: Rosa Vidal"), no event had CLASS:PRIVATE (a shared calendar shows public events' titles)
and the file was written with the process's umask (0644 here), while the worksheets are 0600."""

from __future__ import annotations

import re
import stat

import polars as pl
from click.testing import CliRunner
from icalendar import Calendar
from serve_home import AS_OF

from pipeline.cli import main
from pipeline.enrich import calendar
from pipeline.notes import notes_file
from pipeline.run import run

NEED = "CV help, her mum is ill"
NEXT = "ask if his team is shrinking, he is worried about layoffs"
OFFER = "lend him my 'Designing Data' book"
SECRETS = ("mum is ill", "layoffs", "Designing Data")


def _noted_home(sample_homes):
    """The sample home; the first three plan items get a need, a next step and an offer
    noted (with a date, to stay in the plan)."""
    cfg = sample_homes.home()
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False).head(3)
    assert plan.height == 3
    for row, cells in zip(plan.to_dicts(), ({"need": NEED}, {"next_step": NEXT},
                                            {"offer": OFFER, "need": NEED}), strict=True):
        notes_file.set_note(cfg.files["notes"], row["person_id"], row["name"],
                            follow_up=AS_OF.isoformat(), **cells)
    run(cfg, cfg.inputs, cfg.out, as_of=AS_OF)
    return cfg, plan["name"].to_list()


def test_the_calendar_holds_none_of_your_notes_and_is_private(sample_homes):
    cfg, names = _noted_home(sample_homes)
    folder = cfg.path.parent  # the home's folder
    ics = folder / "week.ics"
    res = CliRunner().invoke(main, ["plan", "--ics", str(ics), "--config",
                                    str(folder / "kith.toml")])
    assert res.exit_code == 0, res.output
    # the plan's own lines, which are for you, still say what you noted
    mine = [x for x in res.output.splitlines() if re.match(r"\s*\d+\. ", x)]
    assert sum(any(s in x for s in SECRETS) for x in mine) >= 2
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == len(mine)
    ours = [e for e in events if any(str(e["SUMMARY"]).endswith(f": {n}") for n in names)]
    assert len(ours) == 3
    for e in events:
        text = " ".join(str(e.get(p, "")) for p in ("SUMMARY", "DESCRIPTION", "URL"))
        assert not any(s in text for s in SECRETS), text
        assert str(e["CLASS"]) == "PRIVATE"
    assert stat.S_IMODE(ics.stat().st_mode) == 0o600


def test_a_summary_keeps_the_verb_and_the_company_without_the_note():
    private = (NEED, NEXT, OFFER, "asked: 2026-12-08")
    cases = {
        f"Follow up: {NEXT} (they need: {NEED})": "Follow up",
        f"Offer help first ({NEED}), then ask about Cascade": "Offer help first, then ask about Cascade",
        f"Return the favour: {NEED}": "Return the favour",
        f"Help with what they need first ({NEED}), then ask for a referral at Cascade":
            "Help with what they need first, then ask for a referral at Cascade",
        f"Reconnect and offer: {OFFER}": "Reconnect and offer",
        "Referral at Cascade: asked: 2026-12-08; follow it through":
            "Referral at Cascade; follow it through",
        "Ask what they need, then ask for a referral at Cascade":
            "Ask what they need, then ask for a referral at Cascade",
        f"Get in touch; done for now: note {NEED[:7]}": f"Get in touch; done for now: note {NEED[:7]}",
        f"Follow up: call about {NEXT} soon": "Follow up: call about … soon",
    }
    for action, summary in cases.items():
        assert calendar.summary(action, private) == summary, action
    # a note of nothing but spaces hides nothing
    assert calendar.summary("Follow up", ("  ", "")) == "Follow up"

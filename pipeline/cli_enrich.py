"""CLI commands for the enrichment outputs: plan (with --ics), introductions, companies.

They read the published tables of the last run (and the worksheets' plan and introductions
CSV); `kith companies --add NAME` writes targets.toml. Names and actions go to stdout; e-mail
addresses appear only inside the .ics file you asked for, never on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click
import polars as pl

from pipeline import clock
from pipeline.cli_base import common, load_config, main, out_dir, read_config, read_output
from pipeline.enrich import drafts, intro_asks, intro_decisions
from pipeline.enrich.companies import TargetExists, add_target
from pipeline.enrich.introductions import OPEN
from pipeline.errors import Failed, UsageProblem
from pipeline.notes import ledger as ledger_mod
from pipeline.notes import since_run
from pipeline.notes.notes_file import load_notes
from pipeline.tagging.rules import Dormant, RulesError, load_rules
from pipeline.textio import one_line
from pipeline.worksheets import plan as plan_mod
from pipeline.worksheets import plan_noted


def _worksheet_csv(out: Path, name: str) -> pl.DataFrame:
    path = out / "worksheets" / name
    if not path.exists():
        raise Failed(f"{path} not found; run `kith run` first.")
    return pl.read_csv(path, infer_schema=False, encoding="utf8")


def run_as_of(out: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(json.loads((out / "manifest.json").read_text())["as_of"])
    except (OSError, KeyError, ValueError):
        return clock.today()


def _my_name(out: Path) -> str:
    path = out / "owner.parquet"
    return drafts.sender_name(pl.read_parquet(path)) if path.exists() else ""


def _since_run(cfg, out: Path, plan: pl.DataFrame, people: pl.DataFrame
               ) -> tuple[dict, pl.DataFrame, dict[str, int]]:
    """since_run.states of the plan's people (your notes and ledger since the run), the
    follow-ups your notes made due since (plan_noted: plan.csv's rows), and person_id -> the
    talks you logged (drafts.recalled_contact), read from the files as they are now."""
    notes_path = cfg.files.get("notes")
    if notes_path is None or not notes_path.exists():
        return {}, plan.clear(), {}
    try:
        rule = load_rules(cfg.files.get("networks")).dormant
    except (RulesError, OSError):
        rule = Dormant()  # the plan still shows; a run reports the rules file's problem
    mine = people.filter(pl.col("person_id").is_in(plan["person_id"].implode()))
    entries = ledger_mod.load_ledger(ledger_mod.ledger_path(notes_path))
    as_of = run_as_of(out)
    today = max(clock.today(), as_of)
    notes = load_notes(notes_path)
    noted = plan_noted.follow_ups(people, notes, entries, as_of, today, rule,
                                  plan)
    talks = entries.filter((pl.col("kind") == "talked") & pl.col("problem").is_null()
                           ).group_by("person_id").len()
    return since_run.states(mine, notes, entries, today, rule), noted, dict(talks.iter_rows())


def plan_items(out: Path, templates: dict, cfg=None) -> list[dict]:
    """The last run's plan (worksheets/plan.csv) with due dates, last contact, needs and a
    drafted message per item; with `cfg`, your notes and ledger since the run applied (a
    person marked do-not-contact since is left out, one done since says so)."""
    plan = _worksheet_csv(out, "plan.csv")
    people = read_output(out, "people")
    # without a config the ledger is not read: a talk logged is not known from an invitation
    states, noted, talks = (_since_run(cfg, out, plan, people) if cfg is not None
                            else ({}, None, None))
    plan = plan.filter(~pl.col("person_id").is_in(
        [p for p, state in states.items() if state is None]))
    if noted is not None and noted.height:  # first: your own promises, as the run puts them
        plan = plan_noted.first(pl.concat([noted.select(*plan.columns, "noted_due"), plan],
                                          how="diagonal"))
    # a run published by a kith before people.nickname (schema 7) is read as it is
    people = people.select("person_id", "given_name", pl.col("nickname") if "nickname" in
                           people.columns else pl.lit(None, pl.String).alias("nickname"),
                           "last_interaction", "follow_up_due", drafts.in_your_book(),
                           (pl.col("messages_sent").fill_null(0)
                            + pl.col("messages_received").fill_null(0)).alias("_messages"))
    intro = out / "worksheets" / "introductions.csv"
    needs = (pl.read_csv(intro, infer_schema=False).select(
        pl.col("seeker_id").alias("person_id"), "need").unique("person_id")
        if intro.exists() else pl.DataFrame(schema={"person_id": pl.String, "need": pl.String}))
    sections = {v: k for k, v in plan_mod.TITLES.items()}
    me = _my_name(out)
    private = _noted(cfg, plan)
    frame = plan.join(people, on="person_id", how="left").join(needs, on="person_id", how="left")
    items = []
    for r in frame.iter_rows(named=True):
        section = sections.get(r["section"], r["section"])
        last = r["last_interaction"].isoformat() if r["last_interaction"] else ""
        if talks is not None:
            last = drafts.recalled_contact(last, r["_messages"], talks.get(r["person_id"]))
        subject, body = drafts.draft(templates, section, {
            "name": r["name"], "given_name": r["given_name"], "nickname": r["nickname"],
            "last_contact": last, "in_your_book": r["in_your_book"],
            "need": r["need"], "action": r["action"], "my_name": me},
            private.get(r["person_id"], ()))
        done = states.get(r["person_id"]) or ""
        # the why is the run's: once done since, say so, or "overdue since .., last contact
        # .." sits beside "done for now" as if it were still true (user34)
        why = f"at the last run: {r['why']}" if done and r["why"] else r["why"]
        items.append({"person_id": r["person_id"], "name": r["name"], "section": section,
                      "private": private.get(r["person_id"], ()),
                      "action": r["action"] + (f"; {done}" if done else ""), "why": why,
                      "due": r.get("noted_due") or (r["follow_up_due"].isoformat()
                                                    if r["follow_up_due"] else ""),
                      "subject": subject, "body": body,
                      "mailto": drafts.mailto(r["email"], subject, body) if r["email"] else ""})
    return items


def _noted(cfg, plan: pl.DataFrame) -> dict[str, tuple[str, ...]]:
    """person_id -> the texts of your notes about them (drafts.PRIVATE_NOTES), from the notes
    file as it is now: a draft addressed to them quotes none of it."""
    path = cfg.files.get("notes") if cfg is not None else None
    if path is None or not path.exists():
        return {}
    notes = load_notes(path).filter(pl.col("person_id").is_in(plan["person_id"].implode()))
    cols = [c for c in drafts.PRIVATE_NOTES if c in notes.columns]
    return {r[0]: tuple(t for t in r[1:] if t) for r in
            notes.select("person_id", *[pl.col(c).cast(pl.String) for c in cols]).iter_rows()}


def _drafts_path(cfg, given: str | None) -> Path | None:
    if given:
        return Path(given)
    targets = cfg.files.get("targets")
    return targets.parent / "drafts.toml" if targets else None


@main.command("plan")
@click.option("--ics", "ics", type=click.Path(dir_okay=False),
              help="Write this week's plan as an iCalendar file to import anywhere.")
@click.option("--drafts", "drafts_file", type=click.Path(dir_okay=False),
              help="Message templates (default: drafts.toml beside the targets file).")
@click.option("--messages", is_flag=True,
              help="Show each person's drafted message (subject and text) below them.")
@common
def plan_cmd(ics, drafts_file, messages, out, config_path):
    """This week's outreach plan, with a drafted message per person (shown with
    --messages, in the worksheets' e-mail links and in the --ics events)."""
    cfg, out = read_config(config_path, out)
    try:
        templates = drafts.load(_drafts_path(cfg, drafts_file))
    except drafts.DraftError as exc:
        raise UsageProblem(f"configuration error: {exc}") from exc
    items = plan_items(out, templates, cfg)
    for i, it in enumerate(items, start=1):
        click.echo(f"{i:2d}. {one_line(it['name'])}: {one_line(it['action'])}  "
                   f"({one_line(it['why'])})")
        if messages:
            text = [f"Subject: {it['subject']}", "", *it["body"].split("\n")]
            click.echo("\n".join(f"      {line}".rstrip() for line in text) + "\n")
    if not items:
        click.echo("Nothing pressing this week.")
    if ics:
        from pipeline.enrich import calendar  # icalendar: ~0.06 s only --ics needs

        data = calendar.build(items, run_as_of(out))
        try:
            _write_private(Path(ics), data)
        except OSError as exc:
            raise Failed(f"could not write {ics} ({exc.strerror}).") from exc
        click.echo(f"kith: {len(items)} events written to {ics}", err=True)


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` readable by you alone, as the worksheets are (0600): the calendar names
    the people you plan to contact and their drafted messages."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), 0o600)  # a file there before keeps its mode otherwise
        fh.write(data)


@main.command("introductions")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--messages", is_flag=True,
              help="Show each introduction's two asks (double opt-in): to the one who can "
                   "help first, then, once they agree, to the one who needs it.")
@common
def introductions_cmd(limit, messages, out, config_path):
    """Introductions you could make: who needs what, and who can help."""
    cfg, out = read_config(config_path, out)
    found = _worksheet_csv(out, "introductions.csv")
    rows = _answered_since(cfg, found)
    # needs or offers noted since the run are matched by the next one, not here
    noted_since = since_run.written_since_run(cfg.files.get("notes"), out, "notes")
    if found.height and rows.height == 0:
        click.echo("No open introductions: the last run's are answered, or about someone "
                   "marked do-not-contact since.")
    elif rows.height == 0 and noted_since:
        click.echo("No introductions yet: your notes changed since the last run; `kith run` "
                   "matches what people need against what others offer.")
    elif rows.height == 0:
        click.echo("No introductions yet: note what people need (kith note NAME --need ..) "
                   "and what they offer (--offer ..).")
    elif noted_since:
        click.echo("The last run's introductions; your notes changed since it: `kith run` "
                   "brings them in.")
    shown = rows.head(limit)
    asks = _intro_asks(cfg, out, shown) if messages and shown.height else {}
    for rank, r in enumerate(shown.iter_rows(named=True), start=1):
        work = f" ({one_line(r['helper_work'])})" if r["helper_work"] else ""
        click.echo(f"{rank:>3}. {one_line(r['seeker_name'])} needs {one_line(r['need'])} "
                   f"-> {one_line(r['helper_name'])}{work}\n     {one_line(r['reason'])}")
        for label, (subject, body) in asks.get(r["introduction_id"], []):
            text = [label, f"Subject: {subject}", "", *body.split("\n")]
            click.echo("\n".join(f"      {line}".rstrip() for line in text) + "\n")


def _intro_asks(cfg, out: Path, rows: pl.DataFrame) -> dict[str, list]:
    """introduction_id -> [(label, (subject, body))]: the ask to the helper, then the one to
    the seeker (intro_asks.asks: neither quotes your notes about either)."""
    try:
        templates = drafts.load(_drafts_path(cfg, None))
    except drafts.DraftError as exc:
        raise UsageProblem(str(exc)) from exc
    names = intro_asks.people_names(read_output(out, "people"))
    ids = pl.concat([rows["seeker_id"], rows["helper_id"]]).unique()
    noted = _noted(cfg, pl.DataFrame({"person_id": ids}))
    me, out_asks = _my_name(out), {}
    for r in rows.iter_rows(named=True):
        private = noted.get(r["seeker_id"], ()) + noted.get(r["helper_id"], ())
        out_asks[r["introduction_id"]] = [
            (f"First ask {one_line(r['helper_name'])}:" if to == "helper"
             else f"Once they agree, ask {one_line(r['seeker_name'])}:", (subject, body))
            for to, subject, body in intro_asks.asks(templates, r, names, private, me)]
    return out_asks


def _answered_since(cfg, rows: pl.DataFrame) -> pl.DataFrame:
    """The run's open introductions without those answered since (Accept or Dismiss in kith
    serve: introduction_decisions.csv) and without people marked do-not-contact since, as
    kith serve shows them (on main both were still listed until the next run)."""
    notes_path = cfg.files.get("notes")
    if notes_path is None or not notes_path.exists() or rows.height == 0:
        return rows
    # a decisions file kith cannot read stops with its DecisionFileError (a usage problem)
    answered = intro_decisions.load(intro_decisions.decisions_path(notes_path))
    closed = answered.filter(pl.col("status") != OPEN)["introduction_id"]
    dnc = since_run.do_not_contact_in(notes_path)
    return rows.filter(~pl.col("introduction_id").is_in(closed.implode())
                       & ~pl.col("seeker_id").is_in(dnc.implode())
                       & ~pl.col("helper_id").is_in(dnc.implode()))


@main.command("companies")
@click.option("--add", "add", metavar="NAME", help="Add NAME to your targets file.")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True)
@common
def companies_cmd(add, limit, out, config_path):
    """Organisations your people work at now or worked at before."""
    cfg = load_config(config_path)
    if add is not None:
        path = cfg.files.get("targets")
        try:
            add_target(path, add)
        except TargetExists as exc:
            raise UsageProblem(str(exc)) from exc
        except (RulesError, OSError) as exc:
            raise UsageProblem(f"could not add the target: {exc}") from exc
        click.echo(f"Added {add.strip()!r} to {path}; `kith dedupe` or the next run "
                   "shows its warm paths.")
        return
    rows = read_output(out_dir(out, cfg), "companies")
    dnc = since_run.do_not_contact_in(cfg.files.get("notes"))
    if dnc.len():
        rows = rows.with_columns(pl.when(pl.col("warmest_person_id").is_in(dnc.implode()))
                                 .then(None).otherwise(pl.col("warmest_name"))
                                 .alias("warmest_name"))
    for r in rows.head(limit).iter_rows(named=True):
        target = f"  [target: {r['target']}]" if r["target"] else ""
        warm = f"{r['warmest']:.0f}" if r["warmest"] is not None else "-"
        warmest = f"warmest {one_line(r['warmest_name'])} ({warm})" if r["warmest_name"] else \
            "warmest not shown (do not contact)"
        networks = f"; {', '.join(r['networks'])}" if r["networks"] else ""
        click.echo(f"{one_line(r['organization'])}: {r['people_now']} now, {r['people_before']} "
                   f"before; {warmest}{networks}{target}")
    if rows.height > limit:
        click.echo(f"... and {rows.height - limit} more (companies.parquet, "
                   "worksheets/companies.csv)")

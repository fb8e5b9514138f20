"""CLI commands for the user's own notes: `kith note` and `kith log`.

Both write only the user's files (notes.csv and ledger.csv beside it) and never the outputs:
the worksheets pick the change up on the next run. A person is named the way `kith explain`
takes them (person id, record id, or a name matched fuzzily); an ambiguous name is a usage
error (exit 2) that lists the candidates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import polars as pl

from pipeline import clock
from pipeline.cli_base import common, main, read_config, read_output
from pipeline.errors import with_prefix
from pipeline.keep_in_touch import next_follow_up
from pipeline.lookup import AmbiguousError, LookupError_, find_person, fold, gone_id_message
from pipeline.notes import ledger as ledger_mod
from pipeline.notes import notes_file, steps
from pipeline.notes.cells import typed_id
from pipeline.notes.userfile import referral_stage


def _notes_path(cfg) -> Path:
    return Path(cfg.files["notes"])


def _resolve(people: pl.DataFrame, query: str, notes_path: Path, out: Path
             ) -> tuple[str, str, dict | None]:
    """(person_id, name, people row or None). A person gone from the exports can still be
    named by id when the notes file has them."""
    try:
        # a name as written first: "Dana Whitlow", gone tonight with the export that held
        # her, was matched fuzzily to Dora Whitlow, and her note written on Dora's row
        row = find_person(people, query, fuzzy=False)
        return row["person_id"], row["display_name"] or row["person_id"], row
    except LookupError_ as exc:
        pid = typed_id(query)
        if pid.startswith("p_") and notes_path.exists():
            known = notes_file.load_notes(notes_path).filter(pl.col("person_id") == pid)
            if known.height:
                return pid, known["name"][0], None
        if exc.pid is None:
            gone = _gone_named(query, notes_path)
            if gone is not None:
                return (*gone, None)
            row = find_person(people, query)
            return row["person_id"], row["display_name"] or row["person_id"], row
        if not exc.pid.startswith("p_"):
            raise
        # an id a merge took away: name the survivor rather than write to an id nobody has
        raise LookupError_(gone_id_message(out, exc.pid, people, notes_path), exc.pid) from exc


def _gone_named(query: str, notes_path: Path) -> tuple[str, str] | None:
    """(person id, name) of the one person gone from the exports whose notes row has exactly
    this name; several: ambiguous (exit 2), listed by id."""
    if not notes_path.exists():
        return None
    notes = notes_file.load_notes(notes_path)
    hit = notes.filter(pl.col("kith_status").str.starts_with("gone")
                       & (pl.col("name").map_elements(fold, return_dtype=pl.String)
                          == fold(query)))
    if hit.height == 0:
        return None
    if hit["person_id"].n_unique() > 1:
        raise AmbiguousError(query.strip(), [(pid, name, "no longer in your exports")
                                             for pid, name in hit.select("person_id", "name")
                                             .unique(maintain_order=True).iter_rows()])
    click.echo(f"kith: {hit['name'][0]} is no longer in your exports; your notes are kept.",
               err=True)
    return hit["person_id"][0], hit["name"][0]


def _referrer(people: pl.DataFrame, query: str) -> str:
    """"Name (p_id)" for a contact; the text as typed for someone outside the contacts."""
    try:
        row = find_person(people, query)
    except AmbiguousError as exc:
        raise with_prefix(exc, "--referred-by: ") from exc
    except LookupError_:
        click.echo(f"kith: '{query}' is not one of your contacts; stored as typed.", err=True)
        return query.strip()
    return f"{row['display_name']} ({row['person_id']})"


def _referral(value: str | None) -> str | None:
    if value is not None and referral_stage(value) is None:
        raise click.BadParameter("start with one of: asked, agreed, submitted, outcome "
                                 "(e.g. 'outcome: offer')")
    return value


def _show(name: str, pid: str, notes_path: Path) -> None:
    notes = notes_file.load_notes(notes_path) if notes_path.exists() else None
    mine = notes.filter(pl.col("person_id") == pid) if notes is not None else None
    click.echo(f"{name} ({pid})")
    if mine is None or mine.height == 0:
        click.echo("  no notes yet")
    else:
        r = mine.row(0, named=True)
        for key in ("need", "offer", "next_step", "follow_up_text", "referral_status",
                    "referred_by", "kith_flag"):
            if r[key]:
                click.echo(f"  {key.replace('_text', '')}: {r[key]}")
        if r["do_not_contact"]:
            click.echo("  do not contact")
    ledger_path = ledger_mod.ledger_path(notes_path)
    if ledger_path.exists():
        entries = ledger_mod.load_ledger(ledger_path).filter(pl.col("person_id") == pid)
        for e in entries.sort("date", "line").iter_rows(named=True):
            click.echo(f"  {e['date']}  {e['kind']:<8} {e['text']}")


@main.command("note")
@click.argument("person")
@click.option("--need", help="What they need (a job, an introduction, advice...).")
@click.option("--offer", help="What they can offer others (skills, contacts, help): "
              "introductions match it with other people's needs.")
@click.option("--next", "next_step", help="Your next step with them.")
@click.option("--follow-up", "follow_up", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Follow-up date (YYYY-MM-DD); wins over the computed one.")


@click.option("--referral", callback=lambda _c, _p, v: _referral(v),
              help="Referral status: asked, agreed, submitted or outcome[: text].")


@click.option("--referred-by", "referred_by", help="Who referred you to them (a name).")
@click.option("--do-not-contact/--contact-ok", "do_not_contact", default=None,
              help="Keep them out of every outreach plan (or allow contact again).")


@common
def note_cmd(person, need, offer, next_step, follow_up, referral, referred_by,
             do_not_contact, out, config_path):
    """Write what PERSON needs, what they can offer, and your next step into your notes file.

    With no options, show PERSON's notes and ledger entries."""
    cfg, out = read_config(config_path, out)
    people = read_output(out, "people")
    path = _notes_path(cfg)
    pid, name, _ = _resolve(people, person, path, out)
    values = {"need": need, "offer": offer, "next_step": next_step,
              "follow_up": follow_up.date() if follow_up else None,
              "referral_status": referral,
              "referred_by": _referrer(people, referred_by) if referred_by else None,
              "do_not_contact": do_not_contact}
    if all(v is None for v in values.values()):
        _show(name, pid, path)
        return
    replaced = notes_file.set_note(path, pid, name, **values)
    click.echo(f"Noted for {name} ({pid}) in {path}.")
    for key, old in replaced.items():
        click.echo(f"  {key} was: {old}")


@main.command("log")
@click.argument("person")
@click.argument("kind", type=click.Choice(ledger_mod.KINDS))
@click.argument("text", nargs=-1, required=True)
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date of the entry (default: today).")


@common
def log_cmd(person, kind, text, on, out, config_path):
    """Log what you gave PERSON, asked of them, received from them, or that you talked.

    A `talked` entry counts as an interaction: it resets the follow-up. Dated today, it is
    also your noted next step done: the step leaves your notes and is kept in the entry."""
    cfg, out = read_config(config_path, out)
    people = read_output(out, "people")
    notes_path = _notes_path(cfg)
    pid, name, row = _resolve(people, person, notes_path, out)
    today = clock.today()
    day = on.date() if on else today
    path = ledger_mod.ledger_path(notes_path)
    step = steps.log_talk(notes_path, pid, name, kind, " ".join(text), day, today)
    click.echo(f"Logged for {name} ({pid}): {day} {kind}.")
    if step:
        click.echo(f"Next step done: {step} (cleared from your notes, kept in this entry; "
                   f"still to do? `kith note {pid} --next \"...\"`).")
    elif kind == "talked" and day < today and steps.noted_step(notes_path, pid):
        click.echo("Your noted next step stays (the talk is dated before today); clear it with "
                   f"`kith note {pid} --next \"\"` once it is done.")
    _advise(kind, pid, day, row, notes_path, path)


def _advise(kind: str, pid: str, day: dt.date, row: dict | None, notes_path: Path,
            ledger_path: Path) -> None:
    """What the entry means for the practice: the next follow-up, or give before asking."""
    if day > clock.today():
        # a run reads an entry dated after its as-of as a plan, not as what happened (ledger.
        # with_evidence): a follow-up counted from it would be a promise kith does not keep
        click.echo(f"{day} is after today: kith reads the entry as a plan, not as something "
                   "that happened, until that day (a typo? fix the date in "
                   f"{ledger_path.name}).")
        return
    if kind == "talked":
        typed = None
        if notes_path.exists():
            mine = notes_file.load_notes(notes_path).filter(pl.col("person_id") == pid)
            typed = mine["follow_up"][0] if mine.height else None
        if typed is not None:
            click.echo(f"Your notes set the follow-up to {typed}, which wins; change it with "
                       f"`kith note {pid} --follow-up YYYY-MM-DD`.")
        elif row and row.get("cadence_days"):
            # a logged talk makes a relationship, so the cadence applies from now on
            due = next_follow_up(day, int(row["cadence_days"]), None)
            click.echo(f"Next follow-up: {due} (every {row['cadence_days']} days).")
    elif kind == "asked":
        recip = ledger_mod.reciprocity(ledger_mod.load_ledger(ledger_path), clock.today())
        mine = recip.filter(pl.col("person_id") == pid)
        if mine.height and mine["ask_first"][0]:
            click.echo(f"You have asked {mine['asks'][0]}x and given {mine['gives'][0]}x: "
                       "offer help before your next ask.")

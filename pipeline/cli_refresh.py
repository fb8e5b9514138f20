"""CLI commands for the nightly refresh: changes, status, schedule, forget."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import click

from pipeline import schedule as sched
from pipeline import schema
from pipeline.cli_base import (
    common,
    config_opt,
    debug_opt,
    from_stage,
    load_config,
    main,
    read_config,
    read_output,
    run,
)
from pipeline.errors import KithError, Locked, UsageProblem, with_prefix
from pipeline.outputs import run_lock

HISTORY = "history.jsonl"


def record_history(out: Path, entry: dict) -> None:
    """One line per run attempt, whatever its outcome (kith status reads it)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        path = out / HISTORY
        # never through a link: kith makes this file itself, so a link was planted
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, sort_keys=True) + "\n")
    except OSError:
        pass  # an unwritable folder was already reported by the run itself


def recorded_run(cfg, out: Path, stages, runner=run, **run_kwargs):
    """Run `stages` for a command that changed your decisions (merge, tag, undo, review,
    forget, ...) and put the attempt in history.jsonl as `kith run` and serve's re-runs do,
    so `kith status` lists the run that became current. A held lock is the other run's to
    record."""
    started = time.time()
    entry = {"started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "command": click.get_current_context().info_name, "stages": list(stages)}
    try:
        report = runner(cfg, [], out, stages=stages, **run_kwargs)
    except Locked:
        raise
    except BaseException as exc:
        code = exc.exit_code if isinstance(exc, KithError) else 1
        entry.update(outcome="failed", exit_code=code, seconds=round(time.time() - started, 2))
        record_history(out, entry)
        raise
    entry.update(outcome="ok", exit_code=0, run_id=report.run_id, counts=report.counts,
                 seconds=round(time.time() - started, 2))
    record_history(out, entry)
    return report


@main.command("changes")
@common
def changes_cmd(out, config_path):
    """What changed in the last refresh: new, back, gone, merged, split, job changes, messages."""
    cfg, out = read_config(config_path, out)
    changes = read_output(out, "changes")
    for line in _missing_exports(out):
        click.echo(line)
    if changes.height == 0:
        click.echo("Nothing to compare with: the last run was the first (or its predecessor "
                   "was unreadable); the next run lists what changed." if _no_previous_run(out)
                   else "No changes since the previous run.")
        return
    for change, group in changes.group_by("change", maintain_order=True):
        click.echo(f"{change[0]} ({group.height}):")
        for r in group.iter_rows(named=True):
            click.echo(f"  {r['display_name'] or r['person_id']}: {r['detail']}")


def _no_previous_run(out: Path) -> bool:
    """The current run's changes stage had no earlier run's people to compare with."""
    try:
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        return bool(manifest["stages"]["changes"].get("no_previous_run"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _missing_exports(out: Path) -> list[str]:
    """A kind of export that gave contacts on the run before the current one and gives none
    now (the Google CSV taken out of the folder for a night): its people are "gone", and
    employers or merges that came from it change, so the changes that follow are read in
    that light. By format, not path: a re-download is often named after its date."""
    import polars as pl

    try:
        current = (out / "current").resolve()
        runs = sorted(p for p in (out / "runs").iterdir() if p.is_dir() and p.name < current.name)
        if not runs:
            return []
        cols = ["path", "format", "rows_records"]
        before = pl.read_parquet(runs[-1] / "files.parquet", columns=cols)
        now = pl.read_parquet(current / "files.parquet", columns=cols)
    except (OSError, pl.exceptions.PolarsError):
        return []
    had = before.filter(pl.col("rows_records") > 0)
    gone = had.join(now.filter(pl.col("rows_records") > 0), on="format", how="anti")
    lines = []
    for fmt, group in gone.group_by("format", maintain_order=True):
        files = ", ".join(sorted(group["path"].to_list()))
        lines.append(f"missing: {files} ({fmt[0]}) gave {group['rows_records'].sum()} "
                     "contacts on the previous run and no export of that kind did this run; "
                     "the people only in it are listed as gone (your notes are kept) and "
                     "come back when it is back.")
    return lines


@main.command("status")
@click.option("--last", default=10, show_default=True, help="How many runs to list.")
@common
def status_cmd(last, out, config_path):
    """The last runs: when, outcome, counts and durations."""
    cfg, out = read_config(config_path, out)
    path = out / HISTORY
    if not path.exists():
        click.echo(f"No runs recorded in {out}.")
        return
    lines = path.read_text("utf-8").splitlines()[-last:]
    for line in lines:
        try:
            e = json.loads(line)
        except json.JSONDecodeError:
            continue
        counts = e.get("counts") or {}
        what = ", ".join(f"{counts[k]} {k}" for k in ("people", "records", "rejects")
                         if k in counts)
        click.echo(f"{e.get('started_at', '?'):<27} {e.get('command', ''):<10} "
                   f"{e.get('outcome', '?'):<8} exit {e.get('exit_code', '?'):<3} "
                   f"{e.get('seconds', 0):>7.1f}s  {what}")
    current = out / "current"
    if current.exists():
        click.echo(f"current: {os.readlink(current)}")


CRON_LOG = "kith-cron.log"


@main.command("schedule")
@click.option("--at", "at", default="02:30", show_default=True, help="Time of day, HH:MM.")
@click.option("--install", is_flag=True, help="Write the scheduler files for this system.")
@config_opt
@debug_opt
def schedule_cmd(at, install, config_path):
    """Print (or install) a nightly `kith run` for systemd, cron and launchd."""
    cfg = load_config(config_path)
    if cfg.path is None:
        raise UsageProblem("a nightly run needs a config file (kith init, then --config).")
    try:
        hour, minute = sched.parse_time(at)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from exc
    exe = Path(sys.executable).with_name("kith")
    command = [str(exe if exe.exists() else Path(sys.argv[0]).resolve()), "run",
               "--config", str(cfg.path.resolve())]
    try:
        plan = sched.Plan(hour, minute, command, cfg.path.resolve().parent)
    except ValueError as exc:  # a path no scheduler file can quote
        raise UsageProblem(str(exc)) from exc
    lock = cfg.out.resolve().parent / ".kith-cron.lock"  # kith takes its own lock inside
    log = cfg.out.resolve().parent / CRON_LOG  # the last night's messages, to look at
    if not install:
        for name, text in sched.systemd_units(plan).items():
            click.echo(f"# ~/.config/systemd/user/{name}\n{text}")
        click.echo(f"# cron (crontab -e):\n{sched.cron_line(plan, lock, log)}\n")
        click.echo(f"# ~/Library/LaunchAgents/{sched.LAUNCHD_LABEL}.plist (macOS)\n"
                   f"{sched.launchd_plist(plan)}")
        return
    kind = sched.system_kind()
    if kind == "cron":
        click.echo("No systemd or launchd here: add this line with `crontab -e`:")
        click.echo(sched.cron_line(plan, lock, log))
        return
    written, how = sched.install(plan, Path.home(), kind)
    for path in written:
        click.echo(f"Wrote {path}")
    click.echo(f"Enable it with: {how}")


@main.command("forget")
@click.argument("who")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@common
def forget_cmd(who, yes, out, config_path):
    """Remove WHO from the outputs, kept runs, notes and ledger, and from future runs."""
    from pipeline.cli_people import person_or_exit
    from pipeline.forget import forget  # imported here: `kith run` does not need them

    cfg, out = read_config(config_path, out)
    person = person_or_exit(out, who, cfg.files.get("notes"))
    if not yes:
        click.confirm(f"Forget {person['display_name']} ({person['person_id']}) "
                      "everywhere kith keeps data?", abort=True)
    notes = cfg.files["notes"]
    with run_lock(out):
        result = forget(out, person["person_id"], cfg.files["suppress"],
                        [notes, notes.with_name("ledger.csv"),
                         notes.with_name(schema.INTRO_DECISIONS_FILE)])
    try:
        recorded_run(cfg, out, from_stage("dedupe"))
    except KithError as exc:
        raise with_prefix(exc, "forgotten, but the outputs could not be rebuilt: ") from exc
    click.echo(f"Forgot {person['person_id']}: {result.tables_rewritten} tables rewritten, "
               f"{result.note_rows} note/ledger rows removed, {result.keys} keys suppressed.")
    if result.sources:
        click.echo("Your export files still hold them (kith ignores them from now on): "
                   + ", ".join(result.sources))

"""The `kith` command: the run commands (run, ingest, normalize, dedupe, init), thin over
pipeline.run; every other command's module is imported when it is asked for.

Exit codes and error rendering: pipeline.errors and pipeline.cli_base.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import startup

if __name__ == "__main__" or Path(sys.argv[0]).name == "kith":
    # before the imports below: a first run's ingest worker starts up alongside them
    startup.prestart_ingest_worker(sys.argv[1:])

import click  # noqa: E402

from pipeline import config as config_mod
from pipeline.cli_base import (
    as_of_opt,
    common,
    config_opt,
    debug_enabled,
    debug_opt,
    from_stage,
    load_config,
    main,
    out_dir,
    out_opt,
    run,
    strict_opt,
)
from pipeline.cli_refresh import record_history
from pipeline.errors import (
    EXIT_OK,
    EXIT_STRICT,
    EXIT_USAGE,
    KithError,
    Locked,
    UsageProblem,
    with_prefix,
)
from pipeline.progress import Progress

if TYPE_CHECKING:
    from pipeline.run import RunReport


def _progress() -> Progress | None:
    """A line per stage on a terminal; silent under cron unless -v; -q silences it."""
    obj = click.get_current_context().find_root().obj or {}
    return Progress.for_cli(verbose=obj.get("verbose", False), quiet=obj.get("quiet", False))


def _set_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), param.name: True}


_quiet_opt = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_flag,
                          help="No progress lines.")
_verbose_opt = click.option("-v", "--verbose", is_flag=True, expose_value=False,
                            callback=_set_flag, help="Progress lines even when not on a terminal.")


def _verbosity(f):
    """-q and -v after the command name too (`kith run -q`), as before it (`kith -q run`)."""
    return _quiet_opt(_verbose_opt(f))


def _n(count: int, one: str, many: str | None = None) -> str:
    """'1 file', '2 files': the summary counts read as sentences."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


_CUT_ZIP = "A zip archive cut short"  # pipeline.zipcut's and pipeline.inputs' sentences


def _summarise(report: RunReport) -> None:
    files = report.files
    if files is not None:
        by_status = {s: files.filter(files["status"] == s).height
                     for s in ("ingested", "skipped", "rejected")}
        click.echo(
            f"kith: {_n(files.height, 'file')}: {by_status['ingested']} ingested, "
            f"{by_status['skipped']} skipped, {by_status['rejected']} rejected", err=True)
        # files read with something to know (NULs removed, a header and no rows): no data shown
        noted = files.filter((files["status"] == "ingested") & files["reason"].is_not_null())
        for path, reason in noted.select("path", "reason").head(5).iter_rows():
            click.echo(f"kith:   {path}: {reason}", err=True)
        # an export cut short (a download that stopped) is read in part: said on every run,
        # with what was read and what was not (member names only, masked)
        cut = files.filter((files["status"] == "rejected")
                           & files["reason"].str.starts_with(_CUT_ZIP))
        for path, reason in cut.select("path", "reason").iter_rows():
            click.echo(f"kith:   {path}: {reason}", err=True)
    if report.counts:
        c = report.counts
        click.echo(f"kith: {_n(c['records'], 'contact record')} -> "
                   f"{_n(c['people'], 'person', 'people')} "
                   f"({_n(c['review'], 'pair')} to review); "
                   f"{_n(c['interactions'], 'interaction')}, {_n(c['owner'], 'owner row')}, "
                   f"{_n(c['rejects'], 'reject')}", err=True)
    norm = report.stages.get("normalize", {})
    if norm.get("phone_region_second"):
        click.echo(f"kith: phone numbers without a country code that are not valid in "
                   f"{norm['phone_region']} read as {norm['phone_region_second']} "
                   f"({norm['phone_region_reason']})", err=True)
    elif norm.get("phone_region_doubtful"):
        # only an inferred choice is doubtful, and inference tries the US first; its region is
        # the US or region.NONE ("ZZ": no national number read), which the reason explains
        click.echo(f"kith: most phone numbers without a country code are not valid in US "
                   f"({norm['phone_region_reason']})", err=True)
    if norm.get("phone_region_files"):  # files whose own numbers chose another reading
        apart = norm["phone_region_files"]
        click.echo(f"kith: {_n(len(apart), 'file')} read under other regions: "
                   + ", ".join(f"{Path(f).name} ({'none read' if k == 'ZZ' else k})"
                               for f, k in sorted(apart.items())),
                   err=True)
    if norm.get("phones_scientific"):
        n = norm["phones_scientific"]
        click.echo(f"kith: {_n(n, 'phone number')} saved by a spreadsheet in scientific "
                   "notation (like 4.15555E+09) could not be read: the digits were lost when "
                   "the file was saved; export it again and do not save it from Excel "
                   "(or format the column as text first)", err=True)
    lists = report.stages.get("tag", {}).get("untagged_lists") or {}
    for path, n in sorted(lists.items()):  # a file's name, no personal data
        click.echo(f"kith: {_n(n, 'person', 'people')} of {path} in no network: a `file` rule "
                   "in networks.toml puts a list's people in one (its comments show how)",
                   err=True)
    if report.n_rejects:
        # Reasons are sentences without personal data; excerpts stay in rejects.parquet.
        # an archive cut short is told above, with the files: not again here
        rejects = report.rejects if files is None else report.rejects.filter(
            ~report.rejects["reason"].str.starts_with(_CUT_ZIP))
        top = (rejects.group_by("reason").len().sort(["len", "reason"],
                                                     descending=[True, False]).head(8))
        for reason, n in top.iter_rows():
            click.echo(f"kith:   {n} x {reason}", err=True)
        click.echo(f"kith: details in {report.out / 'rejects.parquet'}", err=True)


def _execute(cfg, inputs, out, stages, as_of, strict, incremental: bool = False) -> None:
    """Run the stages; every attempt, whatever its outcome, goes to history.jsonl."""
    started = time.time()
    entry = {"started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "command": click.get_current_context().info_name, "stages": list(stages)}

    def record(outcome: str, code: int, report: RunReport | None = None) -> None:
        entry.update(outcome=outcome, exit_code=code, seconds=round(time.time() - started, 2))
        if report is not None:
            entry.update(run_id=report.run_id, counts=report.counts)
        record_history(out, entry)

    try:
        try:
            report = run(cfg, inputs, out, as_of=as_of, stages=stages, debug=debug_enabled(),
                         progress=_progress(), incremental=incremental)
        finally:
            startup.drop_ingest_worker()  # started for an ingest that did not run
    except Locked:
        raise  # the other run records its own attempt
    except KithError as exc:
        record("failed", exc.exit_code)
        if exc.exit_code == EXIT_USAGE:
            raise with_prefix(exc, "configuration error: ") from exc
        raise with_prefix(exc, "failed: ", " The previous output, if any, is unchanged.") \
            from exc
    except Exception:
        record("failed", 1)
        raise
    if report.reused:
        click.echo("kith: no input changed since the last run; its outputs stay current.",
                   err=True)
    elif report.reused_stages:
        click.echo(f"kith: inputs of {', '.join(report.reused_stages)} unchanged; "
                   "those stages were taken from the last run.", err=True)
    _summarise(report)
    click.echo(f"kith: outputs in {out}/", err=True)
    index = out / "worksheets" / "index.html"
    if "outreach" in stages and index.exists():  # where a person starts: say it at the end
        click.echo(f"kith: worksheets: {index} (or `{_serve_hint(cfg, out)}` "
                   "to work in them in a browser)", err=True)
    code = EXIT_STRICT if strict and report.n_rejects else EXIT_OK
    record("ok", code, report)
    if code:
        sys.exit(code)


def _serve_hint(cfg, out: Path) -> str:
    """The `kith serve` line for this run. Serve writes notes and decisions to the files the
    config names, so a run that read a config must send serve to the same one: `--out` alone
    makes serve fall back to ./kith.toml or the built-in files of the working directory."""
    if cfg.path is None:
        return f"kith serve --out {shlex.quote(str(out))}"
    hint = f"kith serve --config {shlex.quote(str(cfg.path))}"
    if Path(out).resolve() != Path(cfg.out).resolve():
        hint += f" --out {shlex.quote(str(out))}"
    return hint


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False), default=".")
@debug_opt
def init_cmd(folder: str) -> None:
    """Create a home FOLDER with a commented kith.toml and an exports/ folder."""
    path = config_mod.init_home(Path(folder))
    click.echo(f"Created {path}. Put your exports in {path.parent / 'exports'} and run:")
    click.echo(f"  kith run --config {path}")


def _inputs(inputs: tuple[str, ...], cfg: config_mod.Config) -> list[Path]:
    paths = [Path(i) for i in inputs] or cfg.inputs
    if not paths:
        raise UsageProblem("no INPUT given and none in the config.")
    return paths


@main.command("dedupe")
@_verbosity
@common
@as_of_opt
def dedupe_cmd(out, config_path, as_of) -> None:
    """Re-run dedupe and the stages after it (after editing decisions or thresholds)."""
    cfg = load_config(config_path)
    _execute(cfg, [], out_dir(out, cfg), from_stage("dedupe"), as_of.date() if as_of else None,
             False)


@main.command("run")
@click.argument("inputs", nargs=-1, type=click.Path())
@common
@as_of_opt
@strict_opt
@_verbosity
@click.option("--full", is_flag=True,
              help="Recompute every stage, even those whose inputs did not change.")
def run_cmd(inputs, out, config_path, as_of, strict, full) -> None:
    """Read every export under INPUT... (files, folders, zip archives) and build all outputs."""
    cfg = load_config(config_path)
    _execute(cfg, _inputs(inputs, cfg), out_dir(out, cfg), from_stage("ingest"),
             as_of.date() if as_of else None, strict, incremental=not full)


@main.command("ingest")
@_verbosity
@click.argument("inputs", nargs=-1, type=click.Path())
@common
@strict_opt
def ingest_cmd(inputs, out, config_path, strict) -> None:
    """Re-run stage 1 only: read the exports into DIR/stages/ingest/."""
    cfg = load_config(config_path)
    _execute(cfg, _inputs(inputs, cfg), out_dir(out, cfg), ("ingest",), None, strict)


@main.command("normalize")
@_verbosity
@common
@as_of_opt
def normalize_cmd(out, config_path, as_of) -> None:
    """Re-run normalize and the stages after it, from DIR/stages/ingest/."""
    cfg = load_config(config_path)
    _execute(cfg, [], out_dir(out, cfg), from_stage("normalize"),
             as_of.date() if as_of else None, False)


# Every other command module registers its commands on `main` when imported: on demand
# (pipeline.cli_base.COMMANDS).

__all__ = ["main", "config_opt", "out_opt"]


if __name__ == "__main__":
    main()

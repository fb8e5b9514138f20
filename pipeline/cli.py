"""The `kith` command: a thin click layer over pipeline.run.

Exit codes (every command): 0 done; 1 failed (no usable input, output not writable; the
previous output is kept); 2 usage or configuration error; 3 done with rejects under --strict;
75 another run holds the lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from pathlib import Path

import click

from pipeline import (
    __version__,
    cli_batch,
    cli_enrich,
    cli_networks,
    cli_notes,
    cli_people,
    cli_refresh,
)
from pipeline import config as config_mod
from pipeline.cli_refresh import record_history
from pipeline.dedupe.decisions import DecisionError
from pipeline.notes.notes_file import NotesError
from pipeline.outputs import LockedError, OutputError
from pipeline.run import ORDER, NoInputError, RunReport, from_stage, run
from pipeline.tagging.rules import RulesError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STRICT, EXIT_LOCKED = 0, 1, 2, 3, 75

log = logging.getLogger("kith")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="kith: %(message)s",
        stream=sys.stderr,
        force=True,
    )


def _load_config(path: str | None) -> config_mod.Config:
    try:
        return config_mod.load(Path(path) if path else None)
    except config_mod.ConfigError as exc:
        click.echo(f"kith: configuration error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _out_dir(out: str | None, cfg: config_mod.Config) -> Path:
    return Path(out) if out else cfg.out


def _progress():
    """A progress callback for long reads; silent when stderr is not a terminal (cron)."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        click.echo(f"\rkith: read {done}/{total} files", nl=done == total, err=True)

    return report


def _summarise(report: RunReport) -> None:
    files = report.files
    if files is not None:
        by_status = {s: files.filter(files["status"] == s).height
                     for s in ("ingested", "skipped", "rejected")}
        click.echo(
            f"kith: {files.height} files: {by_status['ingested']} ingested, "
            f"{by_status['skipped']} skipped, {by_status['rejected']} rejected", err=True)
    if report.counts:
        c = report.counts
        click.echo(f"kith: {c['records']} contact records -> {c['people']} people "
                   f"({c['review']} pairs to review); {c['interactions']} interactions, "
                   f"{c['owner']} owner rows, {c['rejects']} rejects", err=True)
    if report.n_rejects:
        # Reasons are sentences without personal data; excerpts stay in rejects.parquet.
        top = (report.rejects.group_by("reason").len().sort(["len", "reason"],
                                                             descending=[True, False]).head(8))
        for reason, n in top.iter_rows():
            click.echo(f"kith:   {n} x {reason}", err=True)
        click.echo(f"kith: details in {report.out / 'rejects.parquet'}", err=True)


def _execute(cfg, inputs, out, stages, as_of, strict, debug) -> None:
    started = time.time()
    entry = {"started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "command": click.get_current_context().info_name, "stages": list(stages)}

    def finish(outcome: str, code: int, report: RunReport | None = None) -> None:
        entry.update(outcome=outcome, exit_code=code, seconds=round(time.time() - started, 2))
        if report is not None:
            entry.update(run_id=report.run_id, counts=report.counts)
        if outcome != "locked":
            record_history(out, entry)
        if code:
            sys.exit(code)

    try:
        report = run(cfg, inputs, out, as_of=as_of, stages=stages, debug=debug,
                     progress=_progress())
    except LockedError as exc:
        click.echo(f"kith: {exc}", err=True)
        finish("locked", EXIT_LOCKED)
    except (RulesError, DecisionError, NotesError) as exc:
        click.echo(f"kith: configuration error: {exc}", err=True)
        finish("failed", EXIT_USAGE)
    except (NoInputError, OutputError) as exc:
        click.echo(f"kith: failed: {exc} The previous output, if any, is unchanged.", err=True)
        finish("failed", EXIT_FAILED)
    except Exception:
        if debug:
            raise
        click.echo("kith: failed with an internal error; run again with --debug for the "
                   "traceback. The previous output, if any, is unchanged.", err=True)
        finish("failed", EXIT_FAILED)
    _summarise(report)
    click.echo(f"kith: outputs in {out}/", err=True)
    code = EXIT_STRICT if strict and report.n_rejects else EXIT_OK
    finish("ok", code, report)


_config_opt = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                           help="Config file (default: ./kith.toml, else built-in defaults).")
_out_opt = click.option("--out", "out", type=click.Path(file_okay=False),
                        help="Output folder (default: from the config).")
_debug_opt = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
_strict_opt = click.option("--strict", is_flag=True, help="Exit with 3 when any record is rejected.")


def _as_of_opt(f):
    return click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                        help="Date the outputs are computed against (default: today).")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kith")
@click.option("-v", "--verbose", is_flag=True, help="More detail on stderr.")
def main(verbose: bool) -> None:
    """kith: turn contact exports into a deduplicated, tagged network."""
    _setup_logging(verbose)


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False), default=".")
def init_cmd(folder: str) -> None:
    """Create a home FOLDER with a commented kith.toml and an exports/ folder."""
    try:
        path = config_mod.init_home(Path(folder))
    except config_mod.ConfigError as exc:
        click.echo(f"kith: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"Created {path}. Put your exports in {path.parent / 'exports'} and run:")
    click.echo(f"  kith run --config {path}")


def _inputs(inputs: tuple[str, ...], cfg: config_mod.Config) -> list[Path]:
    paths = [Path(i) for i in inputs] or cfg.inputs
    if not paths:
        click.echo("kith: no INPUT given and none in the config.", err=True)
        sys.exit(EXIT_USAGE)
    return paths


@main.command("dedupe")
@_out_opt
@_config_opt
@_debug_opt
def dedupe_cmd(out, config_path, debug) -> None:
    """Re-run dedupe and the stages after it (after editing decisions or thresholds)."""
    cfg = _load_config(config_path)
    _execute(cfg, [], _out_dir(out, cfg), from_stage("dedupe"), None, False, debug)


@main.command("run")
@click.argument("inputs", nargs=-1, type=click.Path())
@_out_opt
@_config_opt
@_as_of_opt
@_strict_opt
@_debug_opt
def run_cmd(inputs, out, config_path, as_of, strict, debug) -> None:
    """Read every export under INPUT... (files, folders, zip archives) and build all outputs."""
    cfg = _load_config(config_path)
    _execute(cfg, _inputs(inputs, cfg), _out_dir(out, cfg), ORDER,
             as_of.date() if as_of else None, strict, debug)


@main.command("ingest")
@click.argument("inputs", nargs=-1, type=click.Path())
@_out_opt
@_config_opt
@_strict_opt
@_debug_opt
def ingest_cmd(inputs, out, config_path, strict, debug) -> None:
    """Re-run stage 1 only: read the exports into DIR/stages/ingest/."""
    cfg = _load_config(config_path)
    _execute(cfg, _inputs(inputs, cfg), _out_dir(out, cfg), ("ingest",), None, strict, debug)


@main.command("normalize")
@_out_opt
@_config_opt
@_as_of_opt
@_debug_opt
def normalize_cmd(out, config_path, as_of, debug) -> None:
    """Re-run normalize and the stages after it, from DIR/stages/ingest/."""
    cfg = _load_config(config_path)
    _execute(cfg, [], _out_dir(out, cfg), from_stage("normalize"), as_of.date() if as_of else None,
             False, debug)


cli_people.register(main, _load_config, _out_dir, _config_opt, _out_opt, run)
cli_refresh.register(main, _load_config, _out_dir, _config_opt, _out_opt, run)
cli_networks.register(main, _load_config, _out_dir, _config_opt, _out_opt, run)
cli_notes.register(main, _load_config, _out_dir, _config_opt, _out_opt)
cli_batch.register(main, _load_config, _out_dir, _config_opt, _out_opt)
cli_enrich.register(main, _load_config, _out_dir, _config_opt, _out_opt)


if __name__ == "__main__":
    main()

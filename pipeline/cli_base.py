"""The `kith` command group and what every command shares: options, config loading, and the
one place where errors become messages and exit codes (see pipeline.errors).

Command modules (cli.py, cli_people.py, cli_networks.py, ...) define their commands at module
level with `@main.command(...)`, thin over library functions. pipeline.cli holds the run
commands; the others' modules are imported when one of their commands is asked for (COMMANDS),
so that `kith run` does not import the web server, the calendar reader and the rest.
"""

from __future__ import annotations

import errno
import importlib
import logging
import select
import sys
from pathlib import Path

import click
import polars as pl

from pipeline import __version__
from pipeline import config as config_mod
from pipeline.errors import (
    EXIT_FAILED,
    INTERNAL_ERROR,
    INTERNAL_ERROR_AT,
    Failed,
    is_internal,
    with_prefix,
)

DEBUG_KEY = "kith.debug"


# Command -> the module (pipeline.<module>) that defines it, besides pipeline.cli's own.
COMMANDS = {
    "batch-env": "cli_batch", "batch": "cli_batch",
    "plan": "cli_enrich", "introductions": "cli_enrich", "companies": "cli_enrich",
    "networks": "cli_networks", "tag": "cli_networks", "targets": "cli_networks",
    "dormant": "cli_networks",
    "note": "cli_notes", "log": "cli_notes",
    "explain": "cli_people", "merge": "cli_people", "keep-apart": "cli_people",
    "split": "cli_people", "decisions": "cli_people", "undo": "cli_people",
    "review": "cli_people", "export": "cli_people",
    "changes": "cli_refresh", "status": "cli_refresh", "schedule": "cli_refresh",
    "forget": "cli_refresh",
    "serve": "cli_serve",
}


_DISK_FULL = ("no space left on device", "os error 28", "disk quota exceeded")


def disk_full(exc: BaseException) -> bool:
    """Whether the error, or one it came from, is a full disk (errno ENOSPC or EDQUOT, or a
    library's message carrying it: polars raises ComputeError "... (os error 28)")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(m in str(exc).lower() for m in _DISK_FULL):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class KithGroup(click.Group):
    """Renders every failure in one place: kith's errors (click exceptions with their exit
    code) by click itself, file-system errors as one sentence (exit 1), anything else as an
    internal error (exit 1; the traceback in a crash report, pipeline/crash.py, and on
    stderr only under --debug).

    Imports a command's module when the command is looked up (COMMANDS)."""

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"pipeline.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(COMMANDS.values())):
            importlib.import_module(f"pipeline.{module}")
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except OSError as exc:
            if ctx.meta.get(DEBUG_KEY) or _reader_gone(exc):
                raise  # click ends quietly when the reader of stdout has gone
            where = f" ({exc.filename})" if exc.filename else ""
            raise Failed(f"failed: {exc.strerror or exc}{where}. The previous output, if any, "
                         "is unchanged.") from exc
        except BaseException as exc:
            if not is_internal(exc) or ctx.meta.get(DEBUG_KEY):
                raise
            if disk_full(exc):  # polars and pyarrow report it as their own error, not OSError
                raise Failed("failed: the disk is full (no space left on device). The previous "
                             "output, if any, is unchanged.") from exc
            from pipeline import crash

            report = crash.write_report(exc)
            if report is None:
                click.echo(f"kith: {INTERNAL_ERROR}", err=True)
            else:
                click.echo(f"kith: {INTERNAL_ERROR_AT.format(kind=type(exc).__name__, report=report)}",
                           err=True)
            sys.exit(EXIT_FAILED)


def _reader_gone(exc: OSError) -> bool:
    """`kith plan | head`: head read its lines and closed the pipe (not a failure of kith)."""
    if exc.errno != errno.EPIPE or not hasattr(select, "poll"):
        return False
    try:  # a pipe with no reader left polls as an error (a worker's pipe is not stdout)
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(ev & (select.POLLERR | select.POLLHUP) for _, ev in poll.poll(0))
    except (AttributeError, OSError, ValueError):
        return False


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="kith: %(message)s", stream=sys.stderr, force=True)


def _set_debug(ctx: click.Context, _param, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG_KEY] = True
    return value


@click.group(cls=KithGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kith")
@click.option("-v", "--verbose", is_flag=True, help="More detail on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
@click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, is_eager=True,
              help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """kith: turn contact exports into a deduplicated, tagged network."""
    ctx.obj = {**(ctx.obj or {}), "verbose": verbose, "quiet": quiet}  # progress lines
    _setup_logging(verbose)


config_opt = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                          help="Config file (default: ./kith.toml, else built-in defaults).")
def text_folder(_ctx, _param, value: str | None) -> str | None:
    """An output folder whose name is UTF-8: polars and pyarrow take paths as text and fail
    on a name holding other bytes (a folder named in Latin-1 on an older system)."""
    try:
        value is None or value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise click.BadParameter("the folder's name is not UTF-8 text, and kith's table "
                                 "library cannot write there: choose or rename the folder.") from exc
    return value


out_opt = click.option("--out", "out", type=click.Path(file_okay=False), callback=text_folder,
                       help="Output folder (default: from the config).")
debug_opt = click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug,
                         help="Show tracebacks of internal errors.")
strict_opt = click.option("--strict", is_flag=True,
                          help="Exit with 3 when any record is rejected.")


def as_of_opt(f):
    return click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                        help="Date the outputs are computed against (default: today).")(f)


def common(f):
    """--out, --config and --debug, which every command that reads the outputs takes."""
    return out_opt(config_opt(debug_opt(f)))


def debug_enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(DEBUG_KEY))


def run(*args, **kwargs):
    """pipeline.run.run, imported when a command first runs the stages: the stages' modules
    (and numpy, pyarrow's compute, ...) are ~0.25 CPU-s that `kith --help`, which imports
    every command module for its list, and the commands that only read outputs do not need.
    Command modules call this one (tests replace it on their module: `cli.run`)."""
    from pipeline.run import run as run_stages

    return run_stages(*args, **kwargs)


def from_stage(name: str) -> tuple[str, ...]:
    """pipeline.stage_runs.from_stage, imported on use (see run)."""
    from pipeline.stage_runs import from_stage as stages_from

    return stages_from(name)


def load_config(path: str | None) -> config_mod.Config:
    try:
        return config_mod.load(Path(path) if path else None)
    except config_mod.ConfigError as exc:
        raise with_prefix(exc, "configuration error: ") from exc


def out_dir(out: str | None, cfg: config_mod.Config) -> Path:
    return Path(out) if out else cfg.out


def read_config(config_path: str | None, out: str | None) -> tuple[config_mod.Config, Path]:
    """(config, output folder) of a command that reads a run's outputs. Given --out and no
    --config, the notes, ledger and the other own files are the ones that run was made with
    (its manifest records them): `kith note --out BATCH/owners/<id>/out` writes that owner's
    notes, not the working folder's data/notes.csv. A --config given wins."""
    cfg = load_config(config_path)
    folder = out_dir(out, cfg)
    if out and not config_path:
        cfg = config_mod.with_run_files(cfg, folder)
    return cfg, folder


def read_output(out: Path, name: str) -> pl.DataFrame:
    """A published table; a missing or damaged one is one sentence (exit 1)."""
    path = out / f"{name}.parquet"
    if not path.exists():
        raise Failed(f"{path} not found; run `kith run` first.")
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise Failed(f"{path} cannot be read ({type(exc).__name__}); run `kith run` again to "
                     "rebuild the outputs.") from exc

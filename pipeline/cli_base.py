"""The `kith` command group and what every command shares: options, config loading, and the
one place where errors become messages and exit codes (see pipeline.errors).

Command modules (cli.py, cli_people.py, cli_networks.py, ...) define their commands at module
level with `@main.command(...)`, thin over library functions; pipeline.cli imports them all.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
import polars as pl

from pipeline import __version__
from pipeline import config as config_mod
from pipeline.errors import EXIT_FAILED, INTERNAL_ERROR, Failed, with_prefix

DEBUG_KEY = "kith.debug"


class KithGroup(click.Group):
    """Renders every failure in one place: kith's errors (click exceptions with their exit
    code) by click itself, file-system errors as one sentence (exit 1), anything else as an
    internal error (exit 1; the traceback only under --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except OSError as exc:
            if ctx.meta.get(DEBUG_KEY):
                raise
            where = f" ({exc.filename})" if exc.filename else ""
            raise Failed(f"failed: {exc.strerror or exc}{where}. The previous output, if any, "
                         "is unchanged.") from exc
        except Exception:
            if ctx.meta.get(DEBUG_KEY):
                raise
            click.echo(f"kith: {INTERNAL_ERROR}", err=True)
            sys.exit(EXIT_FAILED)


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
@click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, is_eager=True,
              help="Show tracebacks of internal errors.")
def main(verbose: bool) -> None:
    """kith: turn contact exports into a deduplicated, tagged network."""
    _setup_logging(verbose)


config_opt = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                          help="Config file (default: ./kith.toml, else built-in defaults).")
out_opt = click.option("--out", "out", type=click.Path(file_okay=False),
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


def load_config(path: str | None) -> config_mod.Config:
    try:
        return config_mod.load(Path(path) if path else None)
    except config_mod.ConfigError as exc:
        raise with_prefix(exc, "configuration error: ") from exc


def out_dir(out: str | None, cfg: config_mod.Config) -> Path:
    return Path(out) if out else cfg.out


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

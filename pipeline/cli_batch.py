"""`kith batch OWNERS_DIR --out DIR`: kith for many owners at once (see pipeline/batch/).

Exit codes: 0 done (failed owners, if any, are in DIR/manifest.json and on stderr); 1 no owner
folder found, or DIR could not be written; 2 usage error (bad folders or options, invalid batch
config, --engine spark without PySpark/Java, Spark executors that cannot run kith - one
sentence naming the missing module or folder, before any owner is scheduled); 3 some owner failed, under --strict; 75 another
batch holds DIR's lock.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import clock
from pipeline import progress as progress_mod
from pipeline.cli_base import (
    config_opt,
    debug_enabled,
    debug_opt,
    load_config,
    main,
    out_dir,
    text_folder,
)
from pipeline.errors import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_STRICT,
    Failed,
    KithError,
    UsageProblem,
    like,
)


def _n(count: int, one: str) -> str:
    """'1 owner', '2 owners': the summary reads as sentences, as `kith run`'s (cli._n)."""
    return f"{count} {one if count == 1 else one + 's'}"


def _progress():
    """A count of finished owners on a terminal; silent otherwise (cron, CI) and under
    `kith -q` ("No progress lines", as for `kith run`)."""
    quiet = (click.get_current_context().find_root().obj or {}).get("quiet")
    if quiet or not progress_mod.stderr_is_terminal():
        return None
    done = [0]

    def report(res: dict) -> None:
        done[0] += 1
        click.echo(f"\rkith: {_n(done[0], 'owner')} done", nl=False, err=True)

    return report


def _summarise(report) -> None:
    s = report.manifest["summary"]
    click.echo(f"kith: {_n(s['owners'], 'owner')}: {s['ok']} ran, {s['unchanged']} unchanged, "
               f"{s['failed']} failed; {_n(s['records_processed'], 'record')} in {s['seconds']} s "
               f"({s['records_per_second']} records/s)", err=True)
    for owner_id, reason in sorted(report.failed.items()):
        # a reason's lines after its sentence (each input file and why it was not read) go
        # under the owner's line
        click.echo(f"kith:   {owner_id}: " + reason.replace("\n", "\n    "), err=True)
    warm = report.manifest["warm_paths"]
    click.echo(f"kith: warm paths: {_n(warm['rows'], 'row')} from "
               f"{_n(len(warm['owners_opted_in']), 'opted-in owner')}", err=True)
    if report.manifest["removed"]:
        click.echo(f"kith: removed the outputs of {_n(len(report.manifest['removed']), 'owner')} "
                   "whose folder is gone", err=True)
    click.echo(f"kith: outputs in {report.root}/ (manifest.json)", err=True)


def _conf_pairs(pairs) -> dict[str, str]:
    conf = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip().startswith("spark."):
            raise UsageProblem(f"--spark-conf takes KEY=VALUE with a spark.* key, not {pair!r}.")
        conf[key.strip()] = value.strip()
    return conf


@main.command("batch-env")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--python-prefix", help="Where the executors' Python 3 lives (the prefix, "
                                      "e.g. /usr), when not where this one does.")
def batch_env_cmd(archive, python_prefix) -> None:
    """Build ARCHIVE (.tar.gz or .tgz): kith and its dependencies packed with venv-pack, for
    `kith batch --engine spark --env-archive ARCHIVE` on a cluster whose executors do not have
    kith. Needs pip access to the package index (or its cache)."""
    from pipeline.batch.ship import build_env_archive

    try:
        path = build_env_archive(Path(archive), python_prefix,
                                 say=lambda msg: click.echo(f"kith: {msg}", err=True))
    except OSError as exc:
        raise Failed(f"building the environment archive failed ({exc}).") from exc
    size = path.stat().st_size / 2**20
    click.echo(f"kith: {path} ({size:.0f} MiB); pass it as --env-archive {path}", err=True)


# --out is required here (a batch never defaults to the config's single-user folder), so
# the shared --out option is not used.
@main.command("batch")
@click.argument("owners_dir", type=click.Path(file_okay=False))
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, callback=text_folder,
              help="The batch's output folder (a folder of its own).")


@config_opt
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local",
              show_default=True, help="local: worker processes here; spark: PySpark.")


@click.option("--master", help="Spark master URL (--engine spark), e.g. local[2], "
                               "spark://host:7077 (default: local[*]).")


@click.option("--env-archive", "env_archive", envvar="KITH_SPARK_ENV_ARCHIVE",
              help="Ship kith to the Spark executors: a packed environment made by "
                   "`kith batch-env` (a local path or a URI executors can read); for a "
                   "cluster whose executors do not have kith installed.")
@click.option("--spark-conf", "spark_conf", multiple=True, metavar="KEY=VALUE",
              help="A Spark setting for the session (repeatable), e.g. "
                   "spark.executor.memory=4g.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Owners run at once by --engine local (default: the number of cores).")


@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date the outputs are computed against (default: today).")


@click.option("--force", is_flag=True, help="Run every owner, changed or not.")
@click.option("--strict", is_flag=True, help="Exit with 3 when any owner failed.")
@debug_opt
def batch_cmd(owners_dir, out, config_path, engine, master, env_archive, spark_conf, workers,
              as_of, force, strict) -> None:
    """Run kith for every owner folder in OWNERS_DIR (OWNERS_DIR/<owner_id>/: that owner's
    exports and optional kith.toml) into DIR, partitioned by owner.

    An owner opts in to the shared warm-paths view with an OPT_IN file in their folder or
    `share_warm_paths = true` in their kith.toml. Owners whose inputs and config did not
    change since their last successful batch are skipped (--force runs them anyway)."""
    from pipeline.batch.driver import run_batch

    if master and engine != "spark":
        raise UsageProblem("--master is for --engine spark.")
    if (env_archive or spark_conf) and engine != "spark":
        raise UsageProblem("--env-archive and --spark-conf are for --engine spark.")
    conf = _conf_pairs(spark_conf)
    if workers and engine != "local":
        raise UsageProblem("--workers is for --engine local (Spark sizes itself from --master).")
    debug = debug_enabled()
    cfg = load_config(config_path)
    root = out_dir(out, cfg)
    progress = _progress()
    try:
        report = run_batch(Path(owners_dir), Path(root), engine=engine, master=master,
                           batch_cfg=cfg, as_of=as_of.date() if as_of else clock.today(),
                           workers=workers, force=force, debug=debug,
                           on_result=progress, spark_conf=conf, env_archive=env_archive)
    except KithError as exc:
        message = exc.message.replace("kith run", "kith batch")
        raise like(exc, f"failed: {message}" if exc.exit_code == EXIT_FAILED else message) \
            from exc
    except OSError as exc:
        raise Failed(f"failed: the output could not be written ({exc}).") from exc
    except Exception as exc:
        if not debug and type(exc).__name__ in ("PySparkRuntimeError", "Py4JError",
                                                "Py4JNetworkError"):
            raise UsageProblem(f"Spark could not start ({type(exc).__name__}); is Java 17+ "
                               "installed and --master reachable?") from exc
        raise
    if progress:  # the counter's line ends
        click.echo("", err=True)
    _summarise(report)
    sys.exit(EXIT_STRICT if strict and report.failed else EXIT_OK)

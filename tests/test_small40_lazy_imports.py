"""`kith --help` and the package imports load only what they use (docs/small40.md).

`kith --help` imports every command module to list its commands; the stages (pipeline.run and
what it imports: numpy, the dedupe and tagging stages), the web server's starlette and the
calendar's icalendar were ~0.4 CPU-s of its ~1 s that no listing needs. Checked in a fresh
interpreter: this test process has imported everything already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import pipeline.tagging
from pipeline.cli import main
from pipeline.cli_base import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pipeline.run", "pipeline.stage_runs", "pipeline.tagging.stage", "pipeline.dedupe.stage",
         "numpy", "starlette", "icalendar", "jinja2")


def _modules_after(code: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_help_lists_every_command_without_importing_the_stages():
    loaded = _modules_after("from pipeline.cli import main\n"
                            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    # every command module was imported for the list, and the list has every command
    assert {f"pipeline.{m}" for m in COMMANDS.values()} <= loaded
    listing = CliRunner().invoke(main, ["--help"]).output
    for name in [*COMMANDS, "run", "ingest", "normalize", "dedupe", "init"]:
        assert f"\n  {name} " in listing, name


def test_the_config_does_not_import_the_tag_stage():
    loaded = _modules_after("import pipeline.config")
    assert "pipeline.tagging.rules" in loaded  # the config reads the rules' types
    assert not loaded & {"pipeline.tagging.stage", "numpy"}


def test_the_tagging_package_still_exports_its_names():
    from pipeline.tagging import rules, stage, targets

    for name, module in (("Rules", rules), ("RulesError", rules), ("load_rules", rules),
                         ("TagResult", stage), ("tag", stage), ("Target", targets),
                         ("load_targets", targets)):
        assert getattr(pipeline.tagging, name) is getattr(module, name)
    assert sorted(pipeline.tagging.__all__) == sorted(
        ["Rules", "RulesError", "Target", "TagResult", "load_rules", "load_targets", "tag"])
    try:
        pipeline.tagging.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")

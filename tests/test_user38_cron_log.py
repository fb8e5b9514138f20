"""The crontab line `kith schedule` prints keeps the night's messages in kith-cron.log beside
the output folder (docs/user38.md, week 4). It sent them to /dev/null: a nightly run that
failed on a typo in kith.toml ("unknown setting(s) defualt_region (did you mean
default_region?)", exit 2) left nothing anywhere, and the outputs silently stopped
refreshing. The line is run here as cron would (/bin/sh, no terminal)."""

from __future__ import annotations

import subprocess

from click.testing import CliRunner

from pipeline.cli import main


def test_a_failed_night_under_cron_leaves_its_message_in_the_log(tmp_path):
    home = tmp_path / "my kith 100%"
    assert CliRunner().invoke(main, ["init", str(home)]).exit_code == 0
    toml = home / "kith.toml"
    res = CliRunner().invoke(main, ["schedule", "--config", str(toml)])
    assert res.exit_code == 0, res.output
    line = next(x for x in res.output.splitlines() if x.startswith("30 2 * * * "))
    command = line.split(" ", 5)[5].replace("\\%", "%")
    text = toml.read_text("utf-8")
    toml.write_text(text.replace('default_region = "auto"', 'defualt_region = "US"'), "utf-8")
    ran = subprocess.run(["/bin/sh", "-c", command], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 2 and ran.stdout == ran.stderr == ""
    log = (home / "kith-cron.log").read_text("utf-8")
    assert log.startswith("kith: configuration error: ") and "defualt_region" in log
    assert "did you mean default_region?" in log and "Traceback" not in log
    # the next night, mended: the log holds that night's summary only
    toml.write_text(text, "utf-8")
    ran = subprocess.run(["/bin/sh", "-c", command], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=120)
    log = (home / "kith-cron.log").read_text("utf-8")
    assert "defualt_region" not in log and "kith:" in log

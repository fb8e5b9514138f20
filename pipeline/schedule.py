"""Nightly refresh: the systemd user timer, cron line and launchd agent that run `kith run`.

kith does not keep a daemon of its own: the conventional scheduler of each system runs it, and
kith's own lock (exit 75) keeps two runs from overlapping.
"""

from __future__ import annotations

import platform
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

NAME = "kith-refresh"
LAUNCHD_LABEL = "org.kith.refresh"


@dataclass(frozen=True)
class Plan:
    hour: int
    minute: int
    command: list[str]  # absolute kith executable + arguments
    workdir: Path

    def __post_init__(self) -> None:
        for part in [*self.command, str(self.workdir)]:
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in part):
                raise ValueError(f"{part!r} holds a line break or another control character, "
                                 "which no scheduler file can quote: move the kith home to a "
                                 "folder without one.")

    @property
    def shell(self) -> str:
        return " ".join(shlex.quote(c) for c in self.command)

    @property
    def systemd(self) -> str:
        """The command as ExecStart reads it: each word in double quotes, with systemd's own
        escapes (\\ and \" in quotes, %% for a specifier's %, $$ for a variable's $);
        shell quoting left `%h` or `${X}` in a path to be expanded by systemd."""
        return " ".join(_systemd_word(c) for c in self.command)


def _systemd_word(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _specifiers(escaped).replace("$", "$$") + '"'


def _specifiers(text: str) -> str:
    """A value systemd reads with specifiers (WorkingDirectory, ExecStart): % as %%."""
    return text.replace("%", "%%")


def parse_time(text: str) -> tuple[int, int]:
    try:
        hh, mm = text.split(":")
        hour, minute = int(hh), int(mm)
    except ValueError as exc:
        raise ValueError(f"--at takes HH:MM (24-hour clock), not {text!r}.") from exc
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"--at takes HH:MM (24-hour clock), not {text!r}.")
    return hour, minute


def systemd_units(plan: Plan) -> dict[str, str]:
    service = f"""[Unit]
Description=kith nightly refresh of contact exports

[Service]
Type=oneshot
WorkingDirectory={_specifiers(str(plan.workdir))}
ExecStart={plan.systemd}
# Exit 75 means another kith run held the lock: not a failure worth an alert.
SuccessExitStatus=3 75
Nice=10
"""
    timer = f"""[Unit]
Description=Run kith nightly at {plan.hour:02d}:{plan.minute:02d}

[Timer]
OnCalendar=*-*-* {plan.hour:02d}:{plan.minute:02d}:00
# Catch up after the machine was off or asleep at that time.
Persistent=true
RandomizedDelaySec=120

[Install]
WantedBy=timers.target
"""
    return {f"{NAME}.service": service, f"{NAME}.timer": timer}


def cron_line(plan: Plan, lock: Path, log: Path | None = None) -> str:
    """The crontab line. With `log`, the night's messages (stderr: the summary, or why the run
    failed: a typo in kith.toml, a missing export) are kept there, replaced each night; cron
    otherwise mails them, or drops them (>/dev/null 2>&1) and a failing night leaves nothing."""
    # cron ends the command at a bare % (the rest becomes its input), quoted or not: \%
    errors = f"2>{shlex.quote(str(log))}" if log is not None else "2>&1"
    line = (f"cd {shlex.quote(str(plan.workdir))} && "
            f"flock -n {shlex.quote(str(lock))} {plan.shell} >/dev/null {errors}")
    return f"{plan.minute} {plan.hour} * * * " + line.replace("%", "\\%")


def launchd_plist(plan: Plan) -> str:
    args = "\n".join(f"    <string>{_xml(c)}</string>" for c in plan.command)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
{args}
  </array>
  <key>WorkingDirectory</key>
  <string>{_xml(str(plan.workdir))}</string>
  <key>StartCalendarInterval</key>
  <dict>
    <key>Hour</key>
    <integer>{plan.hour}</integer>
    <key>Minute</key>
    <integer>{plan.minute}</integer>
  </dict>
</dict>
</plist>
"""


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def system_kind() -> str:
    if platform.system() == "Darwin":
        return "launchd"
    if platform.system() == "Linux" and shutil.which("systemctl"):
        return "systemd"
    return "cron"


def install(plan: Plan, home: Path, kind: str) -> tuple[list[Path], str]:
    """Write the scheduler files for `kind`; returns (files written, how to enable them)."""
    if kind == "systemd":
        folder = home / ".config" / "systemd" / "user"
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in systemd_units(plan).items():
            (folder / name).write_text(text, "utf-8")
            written.append(folder / name)
        return written, (f"systemctl --user daemon-reload && systemctl --user enable --now "
                         f"{NAME}.timer   (check with: systemctl --user list-timers {NAME})")
    if kind == "launchd":
        folder = home / "Library" / "LaunchAgents"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{LAUNCHD_LABEL}.plist"
        target.write_text(launchd_plist(plan), "utf-8")
        return [target], f"launchctl load -w {target}"
    raise ValueError("cron has no file of kith's to install: add the printed line with crontab -e")

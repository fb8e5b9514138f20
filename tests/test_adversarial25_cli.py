"""Adversarial round 25 (docs/adversarial25.md): the commands a person types: export, the
scheduler files, the config file, and commands given an ambiguous or outdated WHO."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import click
import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import schedule as sched
from pipeline.cli import main

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,"
          "Organization 1 - Title\n")


def kith(home: Path, *args: str, input: str | None = None):
    with contextlib.chdir(home):
        return CliRunner().invoke(main, list(args), input=input)


def run_home(home: Path, exports: Path) -> dict[str, str]:
    res = kith(home, "run", str(exports), "--out", str(home / "out"), "--as-of", "2026-12-06")
    assert res.exit_code == 0, res.output
    return names(home)


def names(home: Path) -> dict[str, str]:
    people = pl.read_parquet(home / "out" / "people.parquet")
    return dict(zip(people["person_id"], people["display_name"], strict=True))


def _suffixed_home(home: Path) -> None:
    exports = home / "exports"
    exports.mkdir()
    (exports / "g.csv").write_text(
        GOOGLE + "Zoë,\"Smith, Jr\",zoe@c.example,,\"Foo, Bar; Baz\\Qux\",CTO\n"
        "Tom,Baker III,tom@d.example,,\"Org\nwith a line break\",\n"
        "Ann,Lee,ann@a.example,+14155550101,Acme,Engineer\n", "utf-8")
    run_home(home, exports)


@pytest.mark.parametrize("fmt", ["vcf", "csv"])
def test_an_export_read_back_gives_the_same_names(first_runs, fmt):
    """kith reading its own export back gives the same people. A generational suffix ("Zoë
    Smith Jr.") is part of the name kith shows but of neither the given nor the family name:
    on main the CSV had no Name Suffix and the vCard's N no suffix, so the CSV read back as
    "Zoë Smith" (the vCard kept it only through FN)."""
    home = first_runs.fresh("suffixed", _suffixed_home)  # run once per module, copied in place
    first = names(home)
    out = home / f"people.{fmt}"
    res = kith(home, "export", "--format", fmt, "--output", str(out), "--out",
               str(home / "out"))
    assert res.exit_code == 0, res.output
    again = home / "again"
    (again / "exports").mkdir(parents=True)
    shutil.copy(out, again / "exports" / out.name)
    second = run_home(again, again / "exports")
    assert sorted(second.values()) == sorted(first.values())
    assert "Zoë Smith Jr." in second.values()
    if fmt == "vcf":
        assert b"\r\nN:Smith;Zo\xc3\xab;;;Jr.\r\n" in out.read_bytes()
    else:
        rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
        zoe = next(r for r in rows if r["First Name"] == "Zoë")
        assert (zoe["Last Name"], zoe["Name Suffix"]) == ("Smith", "Jr.")


HOSTILE = 'my "home" $HOME ${USER} 100%h %z é\'q\\x'


def _systemd_words(line: str) -> list[str]:
    """ExecStart's words as systemd reads them (systemd.service(5), "Command lines"): double
    quoted words with \\\\ and \\" escapes, then %% -> % and $$ -> $. A lone % or $ (a
    specifier or a variable) is taken as not quoted: the test fails on it."""
    words = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
    assert " ".join(f'"{w}"' for w in words) == line, line
    out = []
    for w in words:
        w = re.sub(r"\\(.)", r"\1", w)
        assert not re.search(r"(?<!%)%(?!%)", w.replace("%%", "")), w
        assert "$" not in w.replace("$$", ""), w
        out.append(w.replace("%%", "%").replace("$$", "$"))
    return out


def test_the_systemd_unit_and_the_crontab_line_run_the_same_command(tmp_path):
    """A home folder whose path holds spaces, quotes, $, %, a backslash and non-ASCII. On
    main the unit's ExecStart was shell-quoted: systemd expands %h (the home folder) and
    ${USER} inside it and fails on %z; the crontab line's % ended the command there."""
    home = tmp_path / HOSTILE
    home.mkdir()
    command = ["/usr/bin/printf", "[%s]\\n", "run", "--config", str(home / "kith.toml")]
    plan = sched.Plan(2, 30, command, home)
    unit = sched.systemd_units(plan)["kith-refresh.service"]
    exec_start = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1)
    assert _systemd_words(exec_start) == command
    workdir = re.search(r"^WorkingDirectory=(.*)$", unit, re.M).group(1)
    assert workdir.replace("%%", "%") == str(home) and "%" not in workdir.replace("%%", "")
    line = sched.cron_line(plan, home / ".lock")
    fields = line.split(" ", 5)
    assert fields[:5] == ["30", "2", "*", "*", "*"]
    # cron: a \% is a %, a bare % ends the command; the rest goes to /bin/sh -c
    assert not re.search(r"(?<!\\)%", fields[5])
    shell = fields[5].replace("\\%", "%").replace(">/dev/null 2>&1", "")
    ran = subprocess.run(["/bin/sh", "-c", shell], capture_output=True, text=True, check=True)
    assert ran.stdout == "".join(f"[{c}]\n" for c in command[2:])
    if shutil.which("systemd-analyze"):  # systemd's own reading of the unit's specifiers
        path = tmp_path / "kith-refresh.service"
        path.write_text(unit, "utf-8")
        checked = subprocess.run(["systemd-analyze", "verify", str(path)],
                                 capture_output=True, text=True, timeout=60)
        assert "specifier" not in checked.stderr, checked.stderr


def test_a_home_path_with_a_line_break_is_refused_by_schedule(tmp_path):
    home = tmp_path / "two\nlines"
    home.mkdir()
    (home / "kith.toml").write_text('inputs = ["exports"]\n', "utf-8")
    res = kith(tmp_path, "schedule", "--config", str(home / "kith.toml"))
    assert res.exit_code == 2 and "line break" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(("toml", "line", "named"), [
    ('out = "o"\n[limits]\nmax_file_mb = inf\n', 3, "limits.max_file_mb"),
    ('out = "o"\n[limits]\nmax_zip_total_mb = nan\n', 3, "limits.max_zip_total_mb"),
    ('[limits]\nmax_file_mb = true\n', 2, "limits.max_file_mb"),
    ('# thresholds\n[dedupe]\nmerge_threshold = nan\n', 3, "dedupe.merge_threshold"),
    ('[dedupe]\nreview_threshold = -inf\n', 2, "dedupe.review_threshold"),
    ('[dedupe]\n\nreview_limit = true\n', 3, "dedupe.review_limit"),
    ('[dedupe]\nreview_limit = -1\n', 2, "dedupe.review_limit"),
    ('out = "o"\n\ndefault_region = "XX"\n', 3, "default_region"),
    ('out = "o"\nkep_runs = 3\n', 2, "kep_runs"),
])
def test_a_bad_value_in_kith_toml_is_named_with_its_line(tmp_path, toml, line, named):
    """On main an infinite or NaN size limit crashed every command (OverflowError,
    ValueError); NaN or infinite thresholds and `true` as a count were taken (NaN merges
    nothing, true is 1); no message said on which line the value was."""
    (tmp_path / "kith.toml").write_text(toml, "utf-8")
    res = kith(tmp_path, "status", "--config", str(tmp_path / "kith.toml"))
    assert res.exit_code == 2, res.output
    assert f"kith.toml, line {line}: " in res.output and named in res.output
    assert "internal error" not in res.output


def test_a_kith_toml_saved_with_a_byte_order_mark_is_read(tmp_path):
    """Windows Notepad saves UTF-8 with a BOM: on main "not valid TOML (Invalid statement)"."""
    (tmp_path / "kith.toml").write_bytes(b'\xef\xbb\xbfout = "elsewhere"\n')
    res = kith(tmp_path, "status", "--config", str(tmp_path / "kith.toml"))
    assert res.exit_code == 0, res.output
    assert "elsewhere" in res.output
    (tmp_path / "kith.toml").write_bytes('out = "o"\n'.encode("utf-16"))
    res = kith(tmp_path, "status", "--config", str(tmp_path / "kith.toml"))
    assert res.exit_code == 2 and "save it as UTF-8" in res.output


SAME = '[[decision]]\nid = {id}\nkind = "same"\na = "email:a@x.example"\nb = "email:b@x.example"\n'
APART = ('[[decision]]\nid = 1\nkind = "different"\na = "email:c@x.example"\n'
         'b = "email:d@x.example"\n')


def test_undo_of_a_number_two_hand_copied_decisions_share_removes_neither(tmp_path):
    """A block copied by hand keeps its id: on main `kith undo 1` said "Removed decision 1
    (same ...)" and removed the other one, a keep-apart, too."""
    path = tmp_path / "decisions.toml"
    path.write_text(SAME.format(id=1) + APART, "utf-8")
    (tmp_path / "kith.toml").write_text('[files]\ndecisions = "decisions.toml"\n', "utf-8")
    before = path.read_bytes()
    res = kith(tmp_path, "undo", "--config", str(tmp_path / "kith.toml"), "1")
    assert res.exit_code == 2, res.output
    assert "have the number 1" in res.output and "different email:c@x.example" in res.output
    assert path.read_bytes() == before


def test_a_decision_id_typed_as_text_is_named_not_a_crash(tmp_path):
    (tmp_path / "decisions.toml").write_text(SAME.format(id='"x"'), "utf-8")
    (tmp_path / "kith.toml").write_text('[files]\ndecisions = "decisions.toml"\n', "utf-8")
    res = kith(tmp_path, "decisions", "--config", str(tmp_path / "kith.toml"))
    assert res.exit_code == 2, res.output
    assert "decision 1: id must be a whole number" in res.output


@pytest.mark.parametrize("ending", ["eof", "ctrl-c"])
def test_a_review_cut_short_applies_the_answers_given(tmp_path, ending, monkeypatch,
                                                     sample_homes):
    """`printf 's\\n' | kith review` (the answers run out) or Ctrl+C at the second pair: the
    first answer is in decisions.toml and, as after [q]uit, in the outputs. On main the walk
    ended "Aborted!" (exit 1) with the decision recorded but not applied: the pair was still
    in the review queue."""
    from pipeline.dedupe import decisions as dec

    home = sample_homes.home()
    before = pl.read_parquet(home.out / "review.parquet")
    assert before.height >= 2
    if ending == "ctrl-c":
        answers = iter(["s"])

        def prompt(*args, **kwargs):
            try:
                return next(answers)
            except StopIteration:
                raise click.Abort() from KeyboardInterrupt()

        monkeypatch.setattr(click, "prompt", prompt)
    res = kith(tmp_path, "review", "--config", str(home.path), input="s\n")
    assert res.exit_code == 0, res.output
    assert "1 decision(s) recorded." in res.output
    assert [d.kind for d in dec.load(home.files["decisions"])] == ["same"]
    first = before.row(0, named=True)  # the pair the walk showed first
    after = pl.read_parquet(home.out / "review.parquet")
    assert after.filter((pl.col("record_id_l") == first["record_id_l"])
                        & (pl.col("record_id_r") == first["record_id_r"])).height == 0


def _two_ann_lees(tmp_path: Path) -> tuple[Path, str, str]:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "g.csv").write_text(
        GOOGLE + "Ann,Lee,ann1@a.example,,Acme,Engineer\nAnn,Lee,ann2@b.example,,Beta,\n"
        "Bob,Ray,bob@g.example,,Gamma,Recruiter\nCy,Nobody,cy@x.example,,,\n", "utf-8")
    (tmp_path / "kith.toml").write_text(
        'inputs = ["exports"]\nout = "out"\n[files]\nnotes = "notes.csv"\n'
        'decisions = "decisions.toml"\n', "utf-8")
    ids = run_home(tmp_path, exports)
    ann1, ann2 = sorted(p for p, n in ids.items() if n == "Ann Lee")
    return tmp_path / "kith.toml", ann1, ann2


def _two_ann_lees_copy(first_runs) -> tuple[Path, Path, str, str]:
    """_two_ann_lees's home, run once per module and copied where it was made for each test
    (tests/home_copies.py): (home, its kith.toml, the two Ann Lees' ids)."""
    home = first_runs.fresh("two-ann-lees", _two_ann_lees)
    ann1, ann2 = sorted(p for p, n in names(home).items() if n == "Ann Lee")
    return home, home / "kith.toml", ann1, ann2


def test_a_command_given_a_merged_away_id_names_the_survivor(first_runs):
    """Two Ann Lees merged by a decision: the id that went away (from an old worksheet, a
    script) was "No person with id ..." on main, leaving the user to search. Every command
    now names the survivor and still refuses: it never acts on someone unasked."""
    home, config, ann1, ann2 = _two_ann_lees_copy(first_runs)
    ambiguous = kith(home, "note", "Ann Lee", "--need", "x", "--config", str(config))
    assert ambiguous.exit_code == 2 and ann1 in ambiguous.output and ann2 in ambiguous.output
    res = kith(home, "merge", ann1, ann2, "--config", str(config))
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(home / "out" / "people.parquet")
    survivor = people.filter(pl.col("display_name") == "Ann Lee")["person_id"].to_list()
    assert len(survivor) == 1
    gone = ({ann1, ann2} - set(survivor)).pop()
    notes = home / "notes.csv"
    before = notes.read_bytes()
    for args in (["note", gone, "--need", "x"], ["log", gone, "gave", "x"],
                 ["networks", gone], ["tag", gone, "--add", "peer"],
                 ["keep-apart", gone, "Bob Ray"], ["forget", gone, "--yes"]):
        res = kith(home, *args, "--config", str(config))
        assert res.exit_code == 2, (args, res.output)
        assert f"merged into Ann Lee ({survivor[0]}); use that id" in res.output, args
    assert notes.read_bytes() == before
    assert not (home / "ledger.csv").exists()


def test_networks_shows_a_typed_follow_up_without_a_cadence(first_runs):
    """A follow-up date typed in the notes of someone in no network (no cadence): on main
    "(every None days)"."""
    home, config, ann1, _ = _two_ann_lees_copy(first_runs)
    kith(home, "note", "Cy Nobody", "--follow-up", "2026-12-20", "--config", str(config))
    run_home(home, home / "exports")
    res = kith(home, "networks", "Cy Nobody", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert "None" not in res.output and "follow up by 2026-12-20" in res.output


def test_targets_refuses_a_negative_limit(first_runs):
    """`kith targets --limit -1` cut each list by one and said "(--limit 0 shows all)"."""
    home, config, _, _ = _two_ann_lees_copy(first_runs)
    (home / "targets.toml").write_text('[[target]]\ncompany = "Acme"\n', "utf-8")
    config.write_text(config.read_text("utf-8") + 'targets = "targets.toml"\n', "utf-8")
    res = kith(home, "targets", "--limit", "-1", "--config", str(config))
    assert res.exit_code == 2 and "--limit" in res.output
    assert kith(home, "targets", "--limit", "0", "--config", str(config)).exit_code == 0

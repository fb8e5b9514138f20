"""An output folder another user can write in (sec32): they could plant symlinks there that
kith follows when it writes (history.jsonl appended to, .kith.lock chmod-ed, cache/ holding
parsed contacts). kith refuses such a folder before writing anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.outputs import OutputError, run_lock

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "contacts.vcf"


def _planted(tmp_path: Path, mode: int) -> tuple[Path, Path, Path]:
    """DIR with `mode`, and the symlinks another user would plant in it."""
    out = tmp_path / "shared"
    out.mkdir()
    out.chmod(mode)
    victim = tmp_path / "victim.txt"
    victim.write_text("the other file\n")
    victim.chmod(0o644)
    elsewhere = tmp_path / "attacker-cache"
    elsewhere.mkdir()
    (out / "history.jsonl").symlink_to(victim)
    (out / ".kith.lock").symlink_to(victim)
    (out / "cache").symlink_to(elsewhere)
    return out, victim, elsewhere


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o757])
def test_a_run_into_a_folder_others_can_write_is_refused_and_writes_nothing(tmp_path, mode):
    out, victim, elsewhere = _planted(tmp_path, mode)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "contacts.vcf").write_bytes(SAMPLE.read_bytes())
    r = CliRunner().invoke(main, ["run", str(inputs), "--out", str(out)])
    assert r.exit_code == 1, r.output
    assert "can be written by other users" in r.output and "chmod go-w" in r.output
    assert victim.read_text() == "the other file\n"  # nothing appended through the link
    assert victim.stat().st_mode & 0o777 == 0o644  # nor chmod-ed through .kith.lock
    assert list(elsewhere.iterdir()) == []  # no parsed contacts in the planted cache
    assert sorted(p.name for p in out.iterdir()) == [".kith.lock", "cache", "history.jsonl"]


def test_a_folder_writable_by_your_own_group_is_accepted(tmp_path):
    """User-private groups (umask 002) make a folder 0775 with your own group: no one else."""
    out = tmp_path / "mine"
    out.mkdir()
    os.chown(out, -1, os.getegid())
    out.chmod(0o775)
    with run_lock(out):
        pass
    assert (out / ".kith.lock").exists()


def test_a_private_folder_is_accepted_and_a_group_writable_foreign_group_is_not(tmp_path):
    out = tmp_path / "private"
    out.mkdir(mode=0o700)
    with run_lock(out):
        pass
    if os.geteuid() != 0:
        pytest.skip("giving a folder another group needs root")
    other = tmp_path / "team"
    other.mkdir()
    os.chown(other, -1, os.getegid() + 1)
    other.chmod(0o770)
    with pytest.raises(OutputError, match="other users"), run_lock(other):
        pass


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text("the other file\n")
    victim.chmod(0o644)
    return victim


def test_a_link_planted_at_the_decisions_temporary_name_is_not_written_through(tmp_path):
    """decisions.toml is replaced through decisions.toml.tmp, a fixed name: a link planted
    there (a home folder others can write in) had the decisions written into, and chmod-ed,
    the file it names."""
    from pipeline.dedupe import decisions as dec

    home = tmp_path / "home"
    home.mkdir()
    victim = _victim(tmp_path)
    (home / "decisions.toml.tmp").symlink_to(victim)
    dec.add(home / "decisions.toml", "same", "email:a@example.org",
            "email:b@example.org")
    assert victim.read_text() == "the other file\n"
    assert victim.stat().st_mode & 0o777 == 0o644
    assert [d.kind for d in dec.load(home / "decisions.toml")] == ["same"]
    assert not (home / "decisions.toml").is_symlink()


def test_a_link_planted_at_the_notes_temporary_name_is_not_written_through(tmp_path):
    """notes.csv is replaced through .notes.csv.tmp-PID (a PID is easy to guess)."""
    from pipeline.notes import notes_file

    home = tmp_path / "home"
    home.mkdir()
    victim = _victim(tmp_path)
    (home / f".notes.csv.tmp-{os.getpid()}").symlink_to(victim)
    notes_file.set_note(home / "notes.csv", "p_0123456789abcdef", "Test Person",
                        need="a plumber")
    assert victim.read_text() == "the other file\n"
    assert "a plumber" in (home / "notes.csv").read_text("utf-8-sig")

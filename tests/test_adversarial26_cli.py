"""Round 26: `kith keep-apart A B` when A and B are one person (after `kith merge A B`)
recorded `different` with the same key twice, which keeps nothing apart
(docs/adversarial26.md)."""

from __future__ import annotations

import contextlib

from click.testing import CliRunner
from exports_support import ann_and_annie
from exports_support import run_home as _run

from pipeline.cli import main
from pipeline.dedupe import decisions as dec


def _kith(home, *args):
    with contextlib.chdir(home):
        return CliRunner().invoke(main, [*args, "--out", str(home / "out")])


def test_keep_apart_of_one_person_is_refused_and_merge_of_one_is_a_no_op(tmp_path):
    ann_and_annie(tmp_path / "exports")
    _run(tmp_path, tmp_path / "exports")
    assert _kith(tmp_path, "merge", "Ann Lee", "Bob Ray").exit_code == 0
    path = next(tmp_path.rglob("decisions.toml"))
    before = path.read_bytes()
    res = _kith(tmp_path, "keep-apart", "Ann Lee", "Bob Ray")
    assert res.exit_code == 2, res.output
    assert "are one person now" in res.output and "kith split" in res.output
    assert path.read_bytes() == before
    again = _kith(tmp_path, "merge", "Bob Ray", "Ann Lee")
    assert again.exit_code == 0, again.output
    assert "already one person" in again.output
    assert [d.kind for d in dec.load(path)] == ["same"]

"""Subprocess tests run this tree's kith, not the venv's installed one (round 26's leftover c:
in a git worktree `python -m pipeline.cli` imported the main checkout's code)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from exports_support import this_tree_env

ROOT = Path(__file__).resolve().parents[1]


def test_a_subprocess_with_this_tree_env_imports_this_tree(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True, env=this_tree_env(),
                          check=True)
    assert Path(proc.stdout.strip()).resolve().is_relative_to(ROOT / "pipeline")

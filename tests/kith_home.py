"""A home as README's first steps make it (`kith init`, the exports put in, one `kith run`), and
a `kith` command run against its config: shared by the first-week walks' tests (test_first_week,
test_plan_noted, test_user36_walk, ...).

`first_home`: that home made once per test module (for the same exports, date and companies)
and copied for each test to the one place it was made (tests/home_copies.py)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main


def kith(config: Path, *args: str) -> str:
    """`kith ARGS --config CONFIG`, which must succeed; its output."""
    r = CliRunner().invoke(main, [*args, "--config", str(config)])
    assert r.exit_code == 0, r.output
    return r.output


def init_home(folder: Path, exports: list[Path], as_of: str,
              companies: tuple[str, ...] = ()) -> Path:
    """`kith init FOLDER`, the `exports` copied into its exports/, the target `companies` added
    (`kith companies --add`), one run: its kith.toml."""
    r = CliRunner().invoke(main, ["init", str(folder)])
    assert r.exit_code == 0, r.output
    for path in exports:
        shutil.copy(path, folder / "exports" / path.name)
    config = folder / "kith.toml"
    for company in companies:
        kith(config, "companies", "--add", company)
    kith(config, "run", "--as-of", as_of)
    return config


def first_home(first_runs, exports: list[Path], as_of: str,
               companies: tuple[str, ...] = ()) -> Path:
    """What `init_home(FOLDER, exports, as_of, companies)` gives, FOLDER a fixed folder of the
    module (`first_runs`, conftest.py): made once, a fresh copy for each call."""
    key = hashlib.sha256(repr(([str(p) for p in exports], as_of, companies)).encode())
    work = first_runs.fresh(key.hexdigest()[:16], lambda w: init_home(
        w / "home", exports, as_of, companies))
    return work / "home" / "kith.toml"

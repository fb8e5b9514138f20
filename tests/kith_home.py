"""A home as README's first steps make it (`kith init`, the exports put in, one `kith run`), and
a `kith` command run against its config: shared by the first-week walks' tests (test_first_week,
test_plan_noted, test_user36_walk)."""

from __future__ import annotations

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

"""Test support (not a test file): edits to the tests/fixtures/exports download folder."""

from __future__ import annotations

import zipfile
from pathlib import Path


def edit_connections(exports: Path, old: str, new: str) -> None:
    """Replace text in the LinkedIn archive's Connections.csv, as a fresh export would."""
    archive = exports / "Basic_LinkedInDataExport_01-15-2025.zip"
    with zipfile.ZipFile(archive) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["Connections.csv"] = files["Connections.csv"].decode().replace(old, new).encode()
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)

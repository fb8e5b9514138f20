"""A nightly `kith batch` treats each owner as `kith run` treats its own folder: an owner whose
exports did not change is re-dated (only tag, changes and outreach run; pipeline/redate.py),
an owner whose exports changed runs from the first stage they reach, and `--force` recomputes
every stage. Whatever the path, every owner's published tables, run tables and worksheets are
those of that owner's own `kith run` on the first day and `kith run --full` on the next
(tests/test_incremental.py checks the same of `kith run` alone)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from test_batch_group_dedupe import _assert_same_as_solo, _csv

from pipeline import config as config_mod
from pipeline import synth, synth_spec
from pipeline.batch import layout, run_batch
from pipeline.batch.driver import _absolute
from pipeline.run import run

DAY1, DAY2 = dt.date(2025, 12, 1), dt.date(2025, 12, 2)
EARLY = ("ingest", "normalize", "dedupe")  # the stages a re-dated night takes as they were
EDITED = "csvowner"  # whose exports change overnight


def _owners(base: Path) -> Path:
    owners = base / "owners"
    with contextlib.redirect_stdout(io.StringIO()):
        synth.generate(45, 31, owners / "syn")
        synth_spec.generate(30, 32, owners / "spec")
        synth.generate(25, 33, owners / "nolinkedin", sources=("google", "vcard"))
    _csv(owners / EDITED, ["Ada,Lovelace,ada@example.org,(415) 555-0134,Analytical",
                           "Tom,Hill,tom@hill.com,(415) 555-0199,Hill Inc",
                           "Thomas,Hill,tom@hill.com,,Hill Inc"])
    return owners


def _edit(owners: Path) -> None:
    """Overnight one owner's export gains a contact and changes one's employer."""
    path = owners / EDITED / "contacts.csv"
    text = path.read_text().replace("Analytical", "Babbage Ltd")
    path.write_text(text + "Bo,Chen,bo@chen.io,212.555.0140,Chen Co\n")


def _solo(owners: Path, ref: Path, as_of: dt.date, full: bool) -> None:
    """Each owner's own `kith run` (the library call the CLI makes) into ref/<owner>."""
    for folder in sorted(owners.iterdir()):
        job = layout.prepare(folder, ref / "_plan", _absolute(config_mod.Config()), as_of, "b")
        run(job.cfg, job.inputs, ref / folder.name, as_of=as_of, ingest_workers=1,
            incremental=not full)


def _stages(root: Path) -> dict[str, set[str]]:
    owners = json.loads((root / "manifest.json").read_text())["owners"]
    return {oid: set(json.loads(e["stages"]) if isinstance(e["stages"], str) else e["stages"])
            for oid, e in owners.items()}


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """(owners, the solo reference after day 2, the batch's folder after each night)."""
    base = tmp_path_factory.mktemp("nights")
    owners, ref = _owners(base), base / "ref"
    _solo(owners, ref, DAY1, full=False)
    batch, forced = base / "batch", base / "forced"
    for root in (batch, forced):
        report = run_batch(owners, root, as_of=DAY1, workers=2)
        assert report.manifest["summary"]["failed"] == 0
    _edit(owners)
    _solo(owners, ref, DAY2, full=True)
    stages = {}
    for root, force in ((batch, False), (forced, True)):
        report = run_batch(owners, root, as_of=DAY2, workers=2, force=force)
        assert report.manifest["summary"]["failed"] == 0
        stages[root.name] = _stages(root)
    return owners, ref, batch, forced, stages


def _redated_from(root: Path, oid: str) -> str | None:
    """The date the owner's current run re-dated its tag tables from (None: a full tag)."""
    run_manifest = root / "owners" / oid / "out" / "current" / "manifest.json"
    return json.loads(run_manifest.read_text())["stages"]["tag"].get("redated_from")


def test_a_night_re_dates_the_unchanged_owners_and_reruns_the_changed_one(nights):
    owners, _ref, batch, forced, stages = nights
    night = stages["batch"]
    assert set(night) == {p.name for p in owners.iterdir()}
    for oid, ran in night.items():
        if oid == EDITED:
            assert set(EARLY) <= ran, ran  # its exports changed: read again
            assert _redated_from(batch, oid) is None
        else:
            assert "tag" in ran and not ran & set(EARLY), (oid, ran)
            assert _redated_from(batch, oid) == DAY1.isoformat()
        assert _redated_from(forced, oid) is None


def test_force_recomputes_every_stage(nights):
    *_rest, stages = nights
    for oid, ran in stages["forced"].items():
        assert set(EARLY) <= ran and "tag" in ran, (oid, ran)


@pytest.mark.parametrize("which", ["batch", "forced"])
def test_every_owner_gets_its_own_full_run_of_the_night(nights, which):
    owners, ref, batch, forced, _stages = nights
    root = batch if which == "batch" else forced
    for folder in sorted(owners.iterdir()):
        _assert_same_as_solo(root, ref, folder.name)

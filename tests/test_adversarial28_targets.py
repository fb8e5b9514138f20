"""Round 28 (docs/adversarial28.md): a target path through someone marked do-not-contact.
The worksheets' targets page leaves them out; on main `kith targets` and kith serve's Targets
page listed them, first when they were the best path, even after the next run."""

from __future__ import annotations

import datetime as dt

import polars as pl
from click.testing import CliRunner
from serve_home import signed_in

from pipeline.cli import main
from pipeline.notes import notes_file


def test_no_path_through_someone_marked_do_not_contact(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    paths = pl.read_parquet(cfg.out / "targets.parquet").sort("target", "rank")
    best = paths.row(0, named=True)
    second = paths.filter(pl.col("target") == best["target"]).row(1, named=True)
    notes_file.set_note(cfg.files["notes"], best["person_id"], best["display_name"],
                        do_not_contact=True)
    res = CliRunner().invoke(main, ["targets", "--limit", "0", *conf])
    assert res.exit_code == 0, res.output
    assert best["display_name"] not in res.output
    assert f"1. {second['display_name']} (" in res.output  # ranked again
    with signed_in(cfg, 8765, dt.date(2026, 12, 1)) as client:
        page = client.get("/targets").text
        assert f'/person/{best["person_id"]}"' not in page
        assert f'/person/{second["person_id"]}"' in page
        # unticked again (the notes file changed): the path is back at once
        notes_file.set_note(cfg.files["notes"], best["person_id"], best["display_name"],
                            do_not_contact=False)
        assert f'/person/{best["person_id"]}"' in client.get("/targets").text


def test_no_dormant_tie_to_revive_through_do_not_contact(sample_homes):
    """`kith dormant` and serve's Reconnect page listed a dormant tie marked do-not-contact
    (the worksheets' reconnect page left them out)."""
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    dormant = pl.read_parquet(cfg.out / "people.parquet").filter(
        pl.col("dormant").fill_null(False)).sort("warmth", descending=True)
    assert dormant.height >= 2
    quiet, other = dormant.row(0, named=True), dormant.row(1, named=True)
    notes_file.set_note(cfg.files["notes"], quiet["person_id"], quiet["display_name"],
                        do_not_contact=True)
    res = CliRunner().invoke(main, ["dormant", *conf])
    assert res.exit_code == 0, res.output
    assert quiet["display_name"] not in res.output and other["display_name"] in res.output
    with signed_in(cfg, 8765, dt.date(2026, 12, 1)) as client:
        page = client.get("/reconnect").text
        assert f'/person/{quiet["person_id"]}"' not in page
        assert f'/person/{other["person_id"]}"' in page

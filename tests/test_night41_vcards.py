"""A changed vCard file on a refresh is read card by card (pipeline.incremental.vcards): the
cards its previous version held come from that version's cached parse, only the others are
parsed, and the file's rows are those of parsing it whole (docs/night41.md)."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import mock

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline import cache
from pipeline import config as config_mod
from pipeline.formats import vcard
from pipeline.incremental import vcards
from pipeline.inputs import Limits, Source, sha256
from pipeline.run import run
from pipeline.stages import ingest
from pipeline.stages.ingest_parse import parse_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from compare_homes import compare  # noqa: E402

NAMES = ["Ada Lovelace", "José Núñez", "Zoë O'Brien", "李 小龙", "Bill", "", "Anne-Marie Dupont"]
ORGS = ["", "Acme", "Société Générale", "Initech"]


@st.composite
def cards(draw) -> str:
    kind = draw(st.sampled_from(["person", "person", "person", "empty", "group", "bare"]))
    lines = ["BEGIN:VCARD", "VERSION:" + draw(st.sampled_from(["3.0", "2.1", "4.0"]))]
    if kind == "person":
        name = draw(st.sampled_from(NAMES))
        lines.append(f"FN:{name}")
        if draw(st.booleans()):
            lines.append(f"EMAIL;TYPE=INTERNET:{draw(st.sampled_from(['a', 'b', 'c']))}"
                         f"{draw(st.integers(0, 9))}@example.org")
        if draw(st.booleans()):
            lines.append(f"TEL;TYPE=CELL:+44 20 7946 {draw(st.integers(1000, 1099))}")
        if org := draw(st.sampled_from(ORGS)):
            lines.append(f"ORG:{org}")
        if draw(st.booleans()):
            lines.append("NOTE:" + draw(st.sampled_from(["met at a party", "x\\ny", "café"])))
    elif kind == "group":
        lines += ["FN:Book club", "X-ADDRESSBOOKSERVER-KIND:group"]
    elif kind == "bare":
        lines.append("NOTE:only a note")
    lines.append("END:VCARD")
    return "\n".join(lines) + "\n"


def _file(cs: list[str], crlf: bool, junk: bool) -> bytes:
    text = "".join(cs)
    if junk:  # text outside any card: a piece of two segments, never read apart
        text = text.replace("END:VCARD\nBEGIN", "END:VCARD\nstray text\nBEGIN", 1)
    return (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


def _one(folder: Path, name: str, data: bytes, cache_dir: Path, previous: str | None):
    path = folder / name
    path.write_bytes(data)
    return ingest.ingest_one(Source(name, str(path)), Limits(), "auto", cache_dir=cache_dir,
                             previous=previous)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(cards(), min_size=1, max_size=14),
       edits=st.lists(st.tuples(st.sampled_from(["edit", "delete", "add", "move"]),
                                st.integers(0, 100), cards()), max_size=5),
       crlf=st.booleans(), junk=st.booleans(), fast=st.booleans())
def test_a_changed_vcard_file_reads_as_a_whole_parse(before, edits, crlf, junk, fast):
    after = list(before)
    for op, at, card in edits:
        i = at % max(1, len(after))
        if op == "edit" and after:
            after[i] = card
        elif op == "delete" and len(after) > 1:
            del after[i]
        elif op == "add":
            after.insert(i, card)
        elif op == "move" and after:
            after.append(after.pop(i))
    old, new = _file(before, crlf, False), _file(after, crlf, junk)
    parsed_sizes = []
    real = vcard.parse_vcard

    def spy(data, *a):
        parsed_sizes.append(len(data))
        return real(data, *a)

    # fast: the vectorised reader reads every size (its rows are the Python reader's); every
    # vCard's entry kept (a small one is not: it is read again as fast as an entry loads)
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(cache, "SMALL_VCARD_BYTES", 0), \
            mock.patch.object(vcard, "FAST_MIN_CHARS", 0 if fast else vcard.FAST_MIN_CHARS):
        folder, cache_dir = Path(tmp), Path(tmp) / "cache"
        _one(folder, "phone.vcf", old, cache_dir, None)
        with mock.patch.object(vcards.vcard, "parse_vcard", spy):
            got = _one(folder, "phone.vcf", new, cache_dir, sha256(old))
        whole = parse_file(new, "phone.vcf", "auto", False)
    assert (got.row["format"], got.row["status"], got.row["reason"]) == (
        whole.fmt, whole.status, whole.reason)
    assert got.parsed.rows_total == whole.parsed.rows_total
    assert got.parsed.encoding == whole.parsed.encoding
    for name in ("contacts", "rejects", "interactions", "owner"):
        assert_frame_equal(getattr(got.parsed, name).drop("source_file"),
                           getattr(whole.parsed, name).drop("source_file", strict=False),
                           check_dtypes=False)
    if old != new and not junk:  # read card by card: never more than the cards not seen before
        unseen = sum(len((c.replace("\n", "\r\n") if crlf else c).encode("utf-8"))
                     for c in after if c not in before)
        assert sum(parsed_sizes) <= unseen + 2


def test_a_piece_of_two_segments_keeps_no_digests(tmp_path, monkeypatch):
    """A file with text between two cards: its pieces are not one card each, so its next
    version is parsed whole."""
    data = _file(["BEGIN:VCARD\nFN:A\nEND:VCARD\n", "BEGIN:VCARD\nFN:B\nEND:VCARD\n"],
                 False, True)
    monkeypatch.setattr(cache, "SMALL_VCARD_BYTES", 0)
    _one(tmp_path, "a.vcf", data, tmp_path / "cache", None)
    assert not list((tmp_path / "cache").rglob(vcards.CARDS_FILE))
    assert not vcards.can_reparse(tmp_path / "cache", sha256(data), "auto")


def _home(home: Path, exports: Path | None = None) -> Path:
    """A home whose kith.toml reads its own exports folder (a copied home reads its own)."""
    if exports is not None:
        shutil.copytree(exports, home / "exports")
    (home / "kith.toml").write_text(f'inputs = ["{home / "exports"}"]\nout = "{home / "out"}"\n'
                                    '[files]\nnotes = "notes.csv"\n')
    return home


def _run(home: Path, day: dt.date, incremental: bool = True) -> None:
    cfg = config_mod.load(home / "kith.toml")
    run(cfg, cfg.inputs, cfg.out, as_of=day, incremental=incremental)


def test_a_night_reads_only_the_changed_cards_and_equals_a_full_run(tmp_path):
    """`kith run`, 1 card in 20 of a phone's vCard file edited, deleted or added, then a
    night and a `--full` twin: every table and worksheet the same, and the night parsed only
    the new cards."""
    from pipeline.synth_spec import generate

    exports = tmp_path / "exports"
    generate(600, 7, exports, ("vcard", "google"), owner_files=False, messages=False,
             truth_path=tmp_path / "t.parquet", people_truth_path=tmp_path / "p.parquet")
    home = _home(tmp_path / "home", exports)
    _run(home, dt.date(2026, 12, 7))
    vcf = next((home / "exports").glob("*.vcf"))
    text = vcf.read_bytes().decode("utf-8")
    found = text.split("END:VCARD")
    rng = random.Random(3)
    body = [c + "END:VCARD" for c in found[:-1]]
    for i in rng.sample(range(len(body)), max(3, len(body) // 20)):
        body[i] = body[i].replace("END:VCARD", "NOTE:changed\r\nEND:VCARD") if i % 3 else ""
    body.append(body[1].replace("END:VCARD", "NOTE:a copy\r\nEND:VCARD"))
    vcf.write_bytes(("".join(body) + found[-1]).encode("utf-8"))
    twin = tmp_path / "twin"
    shutil.copytree(home, twin, symlinks=True)
    _home(twin)

    sizes = []
    real = vcard.parse_vcard
    with mock.patch.object(vcards.vcard, "parse_vcard",
                           lambda data, *a: sizes.append(len(data)) or real(data, *a)):
        _run(home, dt.date(2026, 12, 8))
    _run(twin, dt.date(2026, 12, 8), incremental=False)
    assert sizes and sum(sizes) < vcf.stat().st_size / 5  # the new cards only
    assert compare(home / "out", twin / "out") == []
    assert pl.read_parquet(home / "out" / "records.parquet").height > 500

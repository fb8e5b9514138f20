"""Input walking: folders, zips (nested, hostile), exclusions, limits."""

import io
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.inputs import InputError, Limits, read_bytes, walk


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_folder_walk_is_sorted_and_relative(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.csv").write_text("a")
    (tmp_path / "a.vcf").write_text("b")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    w = walk([tmp_path], [], Limits())
    assert [s.rel_path for s in w.sources] == ["a.vcf", "b/x.csv"]
    assert [(p.rel_path, p.status) for p in w.problems] == [(".DS_Store", "skipped")]


def test_excluded_paths_are_never_read(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.parquet").write_bytes(b"PAR1")
    (tmp_path / "notes.csv").write_text("person_id,need\n")
    (tmp_path / "c.csv").write_text("x")
    w = walk([tmp_path], [out, tmp_path / "notes.csv"], Limits())
    assert [s.rel_path for s in w.sources] == ["c.csv"]
    assert w.problems == []


def test_zip_members_are_named_with_bang_and_nested_zips_read(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.vcf", b"BEGIN:VCARD\nEND:VCARD\n")
    z = make_zip(tmp_path / "export.zip", {
        "Connections.csv": b"First Name\n",
        "Jobs/Saved Jobs.csv": b"x",
        "inner.zip": inner.getvalue(),
        "../../escape.csv": b"y",
        "__MACOSX/._Connections.csv": b"junk",
    })
    w = walk([z], [], Limits())
    names = [s.rel_path for s in w.sources]
    assert "export.zip!Connections.csv" in names
    assert "export.zip!Jobs/Saved Jobs.csv" in names
    assert "export.zip!inner.zip!deep.vcf" in names
    # a hostile member name is only a label: nothing is extracted anywhere
    assert "export.zip!../../escape.csv" in names
    assert not (tmp_path.parent / "escape.csv").exists()
    deep = next(s for s in w.sources if s.rel_path.endswith("deep.vcf"))
    assert read_bytes(deep, Limits()).startswith(b"BEGIN:VCARD")
    assert [p.status for p in w.problems] == ["skipped"]


def test_zip_bomb_is_refused_fast_with_bounded_memory(tmp_path):
    z = make_zip(tmp_path / "bomb.zip", {"Connections.csv": b"\0" * (20 << 20)})
    limits = Limits(max_zip_ratio=100)
    w = walk([z], [], limits)
    (src,) = w.sources
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="zip bomb"):
        read_bytes(src, limits)
    assert time.perf_counter() - t0 < 2


def test_member_over_size_limit_is_refused(tmp_path):
    z = make_zip(tmp_path / "big.zip", {"a.csv": bytes(range(256)) * 8192},
                 compression=zipfile.ZIP_STORED)
    limits = Limits(max_file_bytes=1 << 20)
    (src,) = walk([z], [], limits).sources
    with pytest.raises(InputError, match="larger than"):
        read_bytes(src, limits)


def test_corrupt_zip_is_a_problem_not_a_crash(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04" + b"garbage" * 10)
    w = walk([bad], [], Limits())
    assert w.sources == []
    assert w.problems[0].status == "rejected"
    assert "zip" in w.problems[0].reason


def test_missing_input_is_reported(tmp_path):
    w = walk([tmp_path / "nope"], [], Limits())
    assert w.problems[0].reason == "Input path does not exist."


def _count_opens(monkeypatch) -> list[int]:
    opened = [0]
    real = zipfile.ZipFile

    class Counting(real):
        def __init__(self, *args, **kwargs):
            opened[0] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    return opened


def test_an_archive_is_opened_once_for_all_its_members_not_once_per_member(tmp_path, monkeypatch):
    # opening a zip parses its whole central directory: once per member made a Takeout-sized
    # archive (20,000 files) quadratic, hours instead of seconds
    from pipeline.inputs import close_archives

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        for k in range(50):
            zf.writestr(f"in/{k}.vcf", f"BEGIN:VCARD\nFN:Inner {k}\nEND:VCARD\n")
    members = {f"cards/{k:03d}.vcf": f"BEGIN:VCARD\nFN:Card {k}\nEND:VCARD\n".encode()
               for k in range(300)}
    z = make_zip(tmp_path / "many.zip", {**members, "nested.zip": inner.getvalue()})
    sources = walk([z], [], Limits()).sources
    assert len(sources) == 350
    close_archives()  # the walk read the nested archive through the outer one, kept open
    opened = _count_opens(monkeypatch)
    try:
        got = {s.rel_path: read_bytes(s, Limits()) for s in sources}
    finally:
        close_archives()
    assert opened[0] == 2  # the archive, and the nested one inside it
    assert got["many.zip!cards/007.vcf"] == members["cards/007.vcf"]
    assert got["many.zip!nested.zip!in/49.vcf"] == b"BEGIN:VCARD\nFN:Inner 49\nEND:VCARD\n"


def test_an_archive_changed_between_reads_is_read_afresh(tmp_path):
    from pipeline.inputs import close_archives

    z = make_zip(tmp_path / "e.zip", {"a.csv": b"old", "b.csv": b"x"})
    first = walk([z], [], Limits()).sources
    assert read_bytes(first[0], Limits()) == b"old"
    time.sleep(0.01)
    make_zip(tmp_path / "e.zip", {"a.csv": b"new content", "b.csv": b"x"})
    try:
        assert read_bytes(walk([z], [], Limits()).sources[0], Limits()) == b"new content"
    finally:
        close_archives()

"""zip32 left: a LinkedIn export cut short inside a good zip (a folder of exports zipped,
whose export had stopped downloading) was rejected whole, its 10 whole connections lost. The
inner archive is walked as an archive on disk is (pipeline.zipsalvage), from its bytes.
Archives built in the test (tests/test_zip_cut.py's fictitious LinkedIn export)."""

from __future__ import annotations

import io
import zipfile

import pytest
from test_zip_cut import CONNECTIONS, FIRST, KIND_IDS, KINDS, NAME, export, spans

from pipeline.inputs import Limits, close_archives, file_bytes, walk

OUTER = "exports-backup.zip"


def _outer(inner: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"linkedin/{NAME}", inner)
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return buf.getvalue()


def _cut_in_messages(streamed: bool, method: int) -> bytes:
    body = export(streamed, method)
    start, _, end = spans(body)["messages.csv"]
    return body[:(start + end) // 2]


@pytest.mark.parametrize(("streamed", "method"), KINDS, ids=KIND_IDS)
def test_a_cut_export_inside_a_good_zip_gives_back_its_whole_members(tmp_path, streamed,
                                                                     method):
    """Fails on main: the inner archive was one reject, Connections.csv not read."""
    (tmp_path / OUTER).write_bytes(_outer(_cut_in_messages(streamed, method),
                                          {"notes.txt": b"my exports\n"}))
    limits = Limits()
    found = walk([tmp_path / OUTER], [], limits)
    inner = f"{OUTER}!linkedin/{NAME}"
    read = {s.rel_path: file_bytes(s, limits) for s in found.sources}
    close_archives()
    assert read == {f"{OUTER}!notes.txt": b"my exports\n",
                    f"{inner}!Connections.csv": CONNECTIONS}
    problems = {p.rel_path: p.reason for p in found.problems}
    assert "inside this member" in problems[f"{inner}!messages.csv"]
    assert problems[inner].startswith("A zip archive cut short at byte ")
    assert "1 whole member read (Connections.csv)" in problems[inner]


def test_the_connections_of_the_inner_export_become_records(tmp_path):
    from pipeline.stages.ingest import ingest

    (tmp_path / OUTER).write_bytes(_outer(_cut_in_messages(False, zipfile.ZIP_DEFLATED)))
    res = ingest([tmp_path / OUTER], [], Limits(), workers=1)
    files = dict(res.files.select("path", "status").rows())
    inner = f"{OUTER}!linkedin/{NAME}"
    assert files == {inner: "rejected", f"{inner}!Connections.csv": "ingested",
                     f"{inner}!messages.csv": "rejected"}
    assert sorted(res.contacts["given_name"].to_list()) == sorted(FIRST)


def test_a_zip_inside_the_cut_inner_export_is_still_rejected(tmp_path):
    nested = export(members={"Connections.csv": CONNECTIONS, "inner.zip": export()})
    start, _, end = spans(nested)["inner.zip"]
    (tmp_path / OUTER).write_bytes(_outer(nested[:end - 5]))  # the cut inside inner.zip
    found = walk([tmp_path / OUTER], [], Limits())
    inner = f"{OUTER}!linkedin/{NAME}"
    assert [s.rel_path for s in found.sources] == [f"{inner}!Connections.csv"]
    assert any(p.rel_path == f"{inner}!inner.zip" for p in found.problems)

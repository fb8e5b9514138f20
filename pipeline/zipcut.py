"""A zip export cut short (a download that stopped): its whole members are read, the rest told.

pipeline.zipsalvage finds the members; here they become inputs like a good zip's members
(the same checks: a name met twice, hidden files, encryption) and rejects: the member the cut
falls in, each damaged member, and a reject for the archive itself that says where it stops,
which members were read and which were not. An archive on disk or inside a good zip is
salvaged (only the innermost archive may be cut short: a zip inside a zip cut short is
rejected, see _add_members).
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import PurePosixPath

from pipeline.crash import mask
from pipeline.inputs import InputError, Limits, Problem, Source, Walk, is_zip
from pipeline.zipsalvage import Bounds, Cut, Scan, Unreadable, member_bytes, scan

# members that make an archive an office document: a workbook cut short is no folder of files
_OFFICE = ("[Content_Types].xml", "mimetype")
_NAMED = 8  # members named in the archive's sentence; the rest counted


def bounds(limits: Limits) -> Bounds:
    return Bounds(limits.max_file_bytes, limits.max_zip_total_bytes, limits.max_zip_ratio)


def add(out: Walk, src: Source, limits: Limits, whole_reason: str,
        data: bytes | None = None) -> None:
    """The members of the archive src (no directory) as sources and problems; `data`: its
    bytes when it is a member of another zip (else it is read on disk); `whole_reason` when
    nothing in it can be read."""
    try:
        if data is not None:
            found = scan(io.BytesIO(data), len(data), bounds(limits))
        else:
            with open(src.disk_path, "rb") as fh:
                found = scan(fh, os.fstat(fh.fileno()).st_size, bounds(limits))
    except OSError as exc:
        out.problems.append(Problem(src.rel_path, f"Cannot read the file ({exc.strerror})."))
        return
    names = [m.header.name for m in found.members] + [n for n, _ in found.bad]
    if found.cut_member is not None:
        names.append(found.cut_member)
    if not names or any(n in _OFFICE for n in names):
        out.problems.append(Problem(src.rel_path, whole_reason))
        return
    read = _add_members(out, src, found)
    not_read = [n for n, _ in found.bad]
    for name, reason in found.bad:
        out.problems.append(Problem(f"{src.rel_path}!{name}", f"{reason[0].upper()}{reason[1:]}."))
    if found.cut_member is not None:
        not_read.append(found.cut_member)
        out.problems.append(Problem(f"{src.rel_path}!{found.cut_member}", (
            f"The zip archive is cut short at byte {found.size}, inside this member: "
            "download the export again to read it.")))
    out.problems.append(Problem(src.rel_path, sentence(found, read, not_read)))


def _add_members(out: Walk, src: Source, found: Scan) -> list[str]:
    """The whole members as sources, in name order as a good zip's; the names read."""
    read = []
    last = {m.header.name: m for m in found.members}
    for m in sorted(found.members, key=lambda m: (m.header.name, m.header.offset)):
        name = m.header.name
        rel = f"{src.rel_path}!{name}"
        path = PurePosixPath(name)
        if name.endswith("/") and m.size == 0:
            continue  # a folder entry
        if last[name] is not m:
            out.problems.append(Problem(f"{rel} (an earlier member of that name)", (
                "The archive holds another member of the same name after this one; kith "
                "reads the last one only (a damaged or appended-to zip).")))
        elif path.name.startswith(".") or "__MACOSX" in path.parts:
            out.problems.append(Problem(rel, "Hidden or macOS metadata file in the archive.",
                                        "skipped", m.size, kind="hidden"))
        elif is_zip(m.head):
            out.problems.append(Problem(rel, (
                "A zip inside a zip archive that is cut short; kith does not read it. "
                "Download the export again to read it.")))
        else:
            out.sources.append(Source(rel, src.disk_path, (*src.members, name),
                                      salvaged_at=m.header.offset))
            read.append(name)
    return read


def sentence(found: Scan, read: list[str], not_read: list[str]) -> str:
    """The archive's reject: where it stops, what was read, what was not. Member names are
    masked (a vCard per contact can be named by an e-mail address or a phone number)."""
    where = f"A zip archive cut short at byte {found.size} (a download or copy that stopped?)"
    if found.stop_reason not in ("", "cut", "limit"):
        where = f"{where}, damaged at byte {found.stopped_at} ({mask(found.stop_reason)})"
    got = f"{len(read)} whole member{'' if len(read) == 1 else 's'} read{_names(read, ' (', ')')}"
    if not found.stop_reason:  # the walk reached the directory: every member was seen
        missing = f"; not read: {_names(not_read)}" if not_read else ""
        return (f"{where}: its directory is cut short, after every member; {got}{missing}. "
                "Download it again to be sure nothing else is missing.")
    rest = ("any member after it" if found.cut_member is not None
            else f"any member from byte {found.stopped_at} on")
    lost = f"{_names(not_read)}, {rest}" if not_read else rest
    return (f"{where}: {got}; not read: {lost}. Download the export "
            "again to read them.")


def _names(names: list[str], before: str = "", after: str = "") -> str:
    if not names:
        return ""
    shown = ", ".join(mask(n) for n in names[:_NAMED])
    more = f" and {len(names) - _NAMED} more" if len(names) > _NAMED else ""
    return f"{before}{shown}{more}{after}"


class _Inner:
    """The last cut-short archive read from inside another zip, kept: its members are read
    one by one, and reading the archive out of its zip again for each would be n squared."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: tuple[tuple, bytes] | None = None

    def archive(self, src: Source, limits: Limits) -> bytes:
        from pipeline.inputs import file_bytes

        st = os.stat(src.disk_path)
        key = (src.disk_path, st.st_size, st.st_mtime_ns, st.st_ino, src.members[:-1])
        with self.lock:
            if self.kept is None or self.kept[0] != key:
                self.kept = None  # the old bytes go before the new are read
                self.kept = (key, file_bytes(Source(src.rel_path, src.disk_path,
                                                    src.members[:-1]), limits))
            return self.kept[1]


_INNER = _Inner()


def forget() -> None:
    """Let go of the kept archive (pipeline.inputs.close_archives)."""
    with _INNER.lock:
        _INNER.kept = None


def read(src: Source, limits: Limits) -> bytes:
    """The bytes of a member found by the salvage walk, checked again."""
    try:
        if len(src.members) > 1:  # in an archive inside a zip
            inner = io.BytesIO(_INNER.archive(src, limits))
            return member_bytes(inner, src.salvaged_at or 0, bounds(limits))
        with open(src.disk_path, "rb") as fh:
            return member_bytes(fh, src.salvaged_at or 0, bounds(limits))
    except Cut as exc:
        raise InputError("The zip archive is cut short inside this member (it changed since "
                         "it was listed?): download the export again to read it.") from exc
    except Unreadable as exc:
        raise InputError(f"Corrupt zip member ({exc}).") from exc

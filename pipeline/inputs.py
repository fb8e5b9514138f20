"""Finding input files: plain files, folders (walked recursively) and zip archives.

Zip members are read in memory, never extracted, so a member name like ``../../etc/x`` cannot
escape anywhere; it is only a label. Each member is read in chunks against a size budget and a
compression-ratio bound, so a zip bomb is refused after reading at most the budget.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from pipeline.formats import workbook
from pipeline.input_types import (  # noqa: F401 - re-exported: importers of inputs keep them
    MISSING,
    OUTPUT_MARK,
    OWN_OUTPUT,
    InputError,
    Limits,
    Problem,
    Source,
    Walk,
)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(head: bytes) -> bool:
    return head[:4] in ZIP_MAGIC


def _read_head(path: Path, n: int = 4) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def walk(inputs: list[Path], exclude: list[Path], limits: Limits) -> Walk:
    """Every file under the INPUTs, in a deterministic order, zip members expanded.

    Paths in `exclude` (the output folder, the user's notes and decisions) are kith's own
    files and are never ingested.
    """
    out = Walk()
    is_excluded = excluder(exclude)
    for root in inputs:
        root = Path(root)
        if not root.exists():
            out.problems.append(Problem(text_name(str(root)), MISSING))
            continue
        if root.is_file():
            _add_file(out, root, text_name(root.name), limits)
            continue
        if (root / OUTPUT_MARK).is_file():  # `kith batch ~/kith`: its owner "out"
            out.problems.append(Problem(text_name(str(root)), OWN_OUTPUT, "skipped",
                                        kind="kith_output"))
            continue
        outputs: list[Path] = []
        for p in folder_files(root, is_excluded, outputs):
            _add_file(out, p, text_name(p.relative_to(root).as_posix()), limits)
        out.problems += [Problem(text_name(d.relative_to(root).as_posix()), OWN_OUTPUT,
                                 "skipped", kind="kith_output") for d in outputs]
    return out


def text_name(name: str) -> str:
    """A file name as text for tables and messages. A name that is not UTF-8 (a folder copied
    from an older system in Latin-1) reaches Python with its bytes as surrogates, which no
    table can hold: those bytes are written as \\xNN, so two such names stay apart."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def excluder(exclude: list[Path]) -> Callable[[Path], bool]:
    """Whether a path is (inside) one of `exclude`, links resolved. A path that cannot be
    resolved (a link that loops) is nobody's own file: the walk reports it as unreadable."""
    excluded = [p.resolve() for p in exclude]

    def is_excluded(p: Path) -> bool:
        try:
            rp = p.resolve()
        except (OSError, RuntimeError):  # 3.11 raises RuntimeError for a loop, 3.13 OSError
            return False
        return any(rp == e or e in rp.parents for e in excluded)

    return is_excluded


def folder_files(root: Path, is_excluded, outputs: list[Path] | None = None) -> Iterator[Path]:
    """The files under a folder in the order kith reads them: sorted, links to folders not
    followed, kith's own files left out (the refresh fingerprint walks the same way), and the
    folders kith wrote a run to (`outputs` gets them)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dpath = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not is_excluded(dpath / d))
        found = [d for d in dirnames if (dpath / d / OUTPUT_MARK).is_file()]
        dirnames[:] = [d for d in dirnames if d not in found]
        if outputs is not None:
            outputs.extend(dpath / d for d in found)
        for name in sorted(filenames):
            p = dpath / name
            if not is_excluded(p):
                yield p


def _add_file(out: Walk, path: Path, rel: str, limits: Limits) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        out.problems.append(Problem(rel, f"Cannot read the file ({exc.strerror})."))
        return
    if not stat.S_ISREG(st.st_mode):
        out.problems.append(Problem(rel, "Not a regular file.", status="skipped", kind="special"))
        return
    if path.name.startswith("."):
        out.problems.append(
            Problem(rel, "Hidden file (name starts with a dot).", "skipped", st.st_size, kind="hidden")
        )
        return
    try:
        head = _read_head(path)
    except OSError as exc:
        out.problems.append(Problem(rel, f"Cannot read the file ({exc.strerror})."))
        return
    # An archive is bounded by what it expands to (checked per member), a plain file by size.
    cap = limits.max_zip_total_bytes if is_zip(head) else limits.max_file_bytes
    if st.st_size > cap:
        out.problems.append(
            Problem(rel, f"File is larger than the {cap >> 20} MB limit.", size=st.st_size)
        )
        return
    if is_zip(head):
        _add_zip(out, Source(rel, str(path)), limits, depth=1)
    else:
        out.sources.append(Source(rel, str(path)))


def _member_names(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return sorted((i for i in zf.infolist() if not i.is_dir()), key=lambda i: i.filename)


def _add_zip(out: Walk, src: Source, limits: Limits, depth: int) -> None:
    if depth > limits.max_zip_depth:
        out.problems.append(Problem(src.rel_path, "Zip archives nested too deeply."))
        return
    data = None
    try:
        data = read_bytes(src, limits) if src.members else None
        zf = zipfile.ZipFile(io.BytesIO(data) if data is not None else src.disk_path)
    except (zipfile.BadZipFile, OSError, InputError, EOFError, ValueError) as exc:
        if _cut_short(exc):  # its whole members can still be read (on disk or in a zip)
            from pipeline import zipcut

            zipcut.add(out, src, limits, _unreadable_zip(exc), data)
        else:
            out.problems.append(Problem(src.rel_path, _unreadable_zip(exc)))
        return
    with zf:
        office = workbook.package(zf)
        if office is not None:
            _add_office(out, src, zf, office, limits)
            return
        total = 0
        members = _member_names(zf)
        # zipfile opens a name's last entry: an earlier member of the same name (a zip
        # appended to, or made so on purpose) cannot be read by its name, and is told, not lost
        last = {i.filename: i for i in members}
        for info in members:
            name = PurePosixPath(info.filename)
            rel = f"{src.rel_path}!{info.filename}"
            if last[info.filename] is not info:
                out.problems.append(Problem(f"{rel} (an earlier member of that name)", (
                    "The archive holds another member of the same name after this one; kith "
                    "reads the last one only (a damaged or appended-to zip).")))
                continue
            if info.flag_bits & 0x1:
                out.problems.append(Problem(rel, "Encrypted zip member; kith cannot read it."))
                continue
            if name.name.startswith(".") or "__MACOSX" in name.parts:
                out.problems.append(
                    Problem(rel, "Hidden or macOS metadata file in the archive.", "skipped",
                            info.file_size, kind="hidden")
                )
                continue
            total += info.file_size
            if total > limits.max_zip_total_bytes:
                out.problems.append(
                    Problem(rel, "The archive's uncompressed size exceeds the "
                            f"{limits.max_zip_total_bytes >> 20} MB limit; the rest is not read.")
                )
                break
            member = Source(rel, src.disk_path, (*src.members, info.filename))
            try:
                head = _read_member_head(zf, info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                out.problems.append(Problem(rel, f"Corrupt zip member ({_short(exc)})."))
                continue
            if is_zip(head):
                _add_zip(out, member, limits, depth + 1)
            else:
                out.sources.append(member)


def _cut_short(exc: BaseException) -> bool:
    """It was taken for a zip by its first bytes, so a zip with no directory (which zip
    writes last) is one whose download or copy stopped."""
    return isinstance(exc, zipfile.BadZipFile) and str(exc) == "File is not a zip file"


def _unreadable_zip(exc: BaseException) -> str:
    """Why an archive cannot be opened."""
    if _cut_short(exc):
        return ("A zip archive cut short: the directory zip writes at its end is missing (a "
                "download or copy that stopped?). Download or copy it again.")
    return f"Not a readable zip archive ({_short(exc)})."


def _add_office(out: Walk, src: Source, zf: zipfile.ZipFile, office: tuple[str, str],
                limits: Limits) -> None:
    """An Excel workbook as one input per sheet; any other office file as one skip or reject
    (its parts are not separate files: a .docx's XML is not a contact export to list)."""
    kind, sentence = office
    if kind != "workbook":
        status = "skipped" if sentence.startswith("Not a contact export") else "rejected"
        out.problems.append(Problem(src.rel_path, sentence, status, kind=kind))
        return
    try:
        names = workbook.sheet_names(package_members(zf, limits, only="xl/workbook.xml"))
    except (InputError, zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError,
            NotImplementedError, ElementTree.ParseError) as exc:
        out.problems.append(Problem(src.rel_path, workbook.damaged(exc, "list of sheets")))
        return
    if not names:
        out.problems.append(Problem(src.rel_path, "An Excel workbook without sheets."))
    for name in names:
        out.sources.append(Source(f"{src.rel_path}!{name}", src.disk_path, src.members, name))


def package_members(zf: zipfile.ZipFile, limits: Limits, only: str | None = None) -> dict[str, bytes]:
    """An office package's members (or one of them), each read within the zip bounds."""
    out: dict[str, bytes] = {}
    total = 0
    for info in _member_names(zf):
        if only is not None and info.filename != only:
            continue
        out[info.filename] = data = _read_member(zf, info, limits)
        total += len(data)
        if total > limits.max_zip_total_bytes:
            raise InputError("The workbook's uncompressed size exceeds the "
                             f"{limits.max_zip_total_bytes >> 20} MB limit.")
    if only is not None and only not in out:
        raise KeyError(only)
    return out


def sheet_bytes(data: bytes, src: Source, limits: Limits) -> bytes:
    """The sheet `src.sheet` of the workbook whose bytes are `data`, as UTF-8 CSV."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = package_members(zf, limits)
        return workbook.sheet_csv(members, src.sheet)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet
        raise InputError(workbook.damaged(exc)) from exc


def _read_member_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as fh:
        return fh.read(4)


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def read_bytes(src: Source, limits: Limits) -> bytes:
    """The file's bytes, from disk or from inside (nested) zips, within the limits; a sheet
    of a workbook as UTF-8 CSV."""
    data = file_bytes(src, limits)
    return data if src.sheet is None else sheet_bytes(data, src, limits)


def file_bytes(src: Source, limits: Limits) -> bytes:
    """The bytes of the file on disk or in a zip: for a sheet, its whole workbook's."""
    if not src.members:
        with open(src.disk_path, "rb") as fh:
            return fh.read()
    if src.salvaged_at is not None:
        from pipeline import zipcut

        return zipcut.read(src, limits)
    try:
        with _ARCHIVES.lock:
            zf = _ARCHIVES.archive(src, limits)
            return _read_member(zf, zf.getinfo(src.members[-1]), limits)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise InputError(f"Corrupt zip member ({_short(exc)}).") from exc


class _OpenArchives:
    """The last few archives read from, open. Opening a zip parses its whole central
    directory, so opening it again for each member made reading an archive of n members cost
    n squared (a Google Takeout or a per-contact export of 20,000 files took hours). An entry
    is keyed by the file's size, mtime, inode and ctime, so a changed file is opened afresh;
    a nested archive's bytes are kept while it is one of the last few."""

    SIZE = 4

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open: dict[tuple, zipfile.ZipFile] = {}

    def archive(self, src: Source, limits: Limits) -> zipfile.ZipFile:
        """The innermost archive holding src's last member."""
        st = os.stat(src.disk_path)
        key: tuple = (src.disk_path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        zf = self._get(key, lambda: zipfile.ZipFile(src.disk_path))
        for member in src.members[:-1]:
            outer = zf
            key = (*key, member)
            zf = self._get(key, lambda outer=outer, member=member: zipfile.ZipFile(
                io.BytesIO(_read_member(outer, outer.getinfo(member), limits))))
        return zf

    def _get(self, key: tuple, opener: Callable[[], zipfile.ZipFile]) -> zipfile.ZipFile:
        zf = self.open.pop(key, None)
        if zf is None:
            zf = opener()
        self.open[key] = zf  # most recent last
        while len(self.open) > self.SIZE:
            self.open.pop(next(iter(self.open))).close()
        return zf

    def close(self) -> None:
        with self.lock:
            for zf in self.open.values():
                zf.close()
            self.open.clear()


_ARCHIVES = _OpenArchives()


def close_archives() -> None:
    """Close the archives read_bytes keeps open."""
    from pipeline import zipcut
    _ARCHIVES.close()
    zipcut.forget()


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    # Declared sizes can lie, so the bounds are enforced on the bytes actually produced.
    budget = limits.max_file_bytes
    ratio_cap = max(info.compress_size, 1) * limits.max_zip_ratio
    chunks = []
    got = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            got += len(chunk)
            if got > budget:
                raise InputError(f"Zip member is larger than the {budget >> 20} MB limit.")
            if got > ratio_cap and got > (1 << 20):
                raise InputError(
                    "Zip member expands more than "
                    f"{limits.max_zip_ratio:.0f}x (a zip bomb?); refused."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

"""Reading the whole members of a zip archive whose end is missing (a download that stopped).

zip writes its directory last, so an export cut short has none and zipfile refuses it whole,
although every member before the cut is intact. Here the members are found the way zip wrote
them: local file headers one after the other from byte 0. A member is read only when it is
whole: its compressed bytes all there, decompressed (stored or deflate) within the same bounds
as a good zip's members (size, ratio, the archive's total), and its CRC-32 and size as
declared. Nothing is written to disk and a member name is only a label, never a path.

When bit 3 of a header's flags is set (zip written to a stream that cannot seek back) the
sizes and CRC follow the data in a data descriptor: a deflate stream is decompressed to its
own end to know where it stops; stored data ends at the first descriptor whose CRC and size
match the bytes before it.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field, replace
from typing import BinaryIO

LOCAL = b"PK\x03\x04"
DESCRIPTOR = b"PK\x07\x08"
# the central directory (and its zip64 forms): where the members end
DIRECTORY = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07")
_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CHUNK = 1 << 20
METHODS = {0: "stored", 8: "deflate"}
_METHOD_NAMES = {1: "shrink", 6: "implode", 9: "deflate64", 12: "bzip2", 14: "lzma",
                 93: "zstandard", 95: "xz", 98: "ppmd", 99: "AES encryption"}


class Unreadable(Exception):
    """A member that cannot be read (a sentence for the user). `end`: where the next header
    starts, when that is known (else the members after it cannot be found either)."""

    def __init__(self, reason: str, end: int | None = None) -> None:
        super().__init__(reason)
        self.end = end


class Cut(Exception):
    """The archive's bytes end inside this member."""


@dataclass
class Header:
    offset: int  # of the local header in the archive
    name: str
    flags: int
    method: int
    crc: int
    csize: int
    usize: int
    data_at: int
    zip64: bool

    @property
    def streamed(self) -> bool:  # bit 3: sizes and CRC in a descriptor after the data
        return bool(self.flags & 0x8)


@dataclass
class Member:
    header: Header
    end: int  # where the next header starts
    size: int  # uncompressed
    head: bytes = b""
    data: bytes | None = None


@dataclass
class Scan:
    """What a walk of the local headers found."""

    size: int  # the archive's bytes
    members: list[Member] = field(default_factory=list)  # whole, CRC checked
    bad: list[tuple[str, str]] = field(default_factory=list)  # (name, reason): not read
    cut_member: str | None = None  # the member the cut falls in, if its name is there
    stopped_at: int = 0  # where the walk stopped
    stop_reason: str = ""  # why the members after stopped_at are unknown ("" = none lost)


@dataclass(frozen=True)
class Bounds:
    member: int  # bytes, one member uncompressed
    total: int  # bytes, all members uncompressed
    ratio: float  # uncompressed / compressed, per member


def method_name(method: int) -> str:
    return METHODS.get(method) or _METHOD_NAMES.get(method) or f"method {method}"


def read_header(fh: BinaryIO, offset: int, size: int) -> Header:
    """The local header at `offset`; Cut when the archive ends inside it."""
    fh.seek(offset)
    raw = fh.read(_HEADER.size)
    if len(raw) < _HEADER.size:
        raise Cut()
    sig, _ver, flags, method, _t, _d, crc, csize, usize, nlen, xlen = _HEADER.unpack(raw)
    if sig != LOCAL:
        raise Unreadable(f"no zip member header at byte {offset}")
    name_raw, extra = fh.read(nlen), fh.read(xlen)
    if len(name_raw) < nlen or len(extra) < xlen:
        raise Cut()
    name = name_raw.decode("utf-8" if flags & 0x800 else "cp437", "backslashreplace")
    usize, csize, zip64 = _zip64_sizes(extra, usize, csize)
    return Header(offset, name, flags, method, crc, csize, usize,
                  offset + _HEADER.size + nlen + xlen, zip64)


def _zip64_sizes(extra: bytes, usize: int, csize: int) -> tuple[int, int, bool]:
    """Sizes over 4 GB live in the zip64 extra field (id 1), uncompressed size first."""
    i = 0
    while i + 4 <= len(extra):
        tag, n = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4:i + 4 + n]
        if tag == 1:
            vals = [struct.unpack_from("<Q", body, j)[0] for j in range(0, len(body) - 7, 8)]
            if usize == 0xFFFFFFFF and vals:
                usize = vals.pop(0)
            if csize == 0xFFFFFFFF and vals:
                csize = vals.pop(0)
            return usize, csize, True
        i += 4 + n
    return usize, csize, False


class _Sink:
    """The decompressed bytes of one member, counted against the bounds as they come."""

    def __init__(self, name: str, bounds: Bounds, keep: bool) -> None:
        self.name, self.bounds, self.keep = name, bounds, keep
        self.crc = 0
        self.size = 0
        self.chunks: list[bytes] = []
        self.head = b""  # the first bytes: a zip inside is told by them

    def add(self, data: bytes, compressed: int) -> None:
        self.size += len(data)
        if self.size > self.bounds.member:
            raise Unreadable(f"larger than the {self.bounds.member >> 20} MB limit")
        if self.size > max(compressed, 1) * self.bounds.ratio and self.size > _CHUNK:
            raise Unreadable(f"expands more than {self.bounds.ratio:.0f}x (a zip bomb?); "
                             "refused")
        self.crc = zlib.crc32(data, self.crc)
        if len(self.head) < 4:
            self.head = (self.head + data)[:4]
        if self.keep:
            self.chunks.append(data)


def _inflate(fh: BinaryIO, h: Header, sink: _Sink) -> int:
    """Decompress a deflate stream from h.data_at to its own end; the offset of its end. With
    sizes declared, the stream must end at data_at + csize."""
    fh.seek(h.data_at)
    d = zlib.decompressobj(-15)
    fed = 0
    known = None if h.streamed else h.csize
    while not d.eof:
        want = _CHUNK if known is None else min(_CHUNK, known - fed)
        chunk = fh.read(want) if want > 0 else b""
        if not chunk:
            if known is not None and fed >= known:
                raise Unreadable("its deflate stream does not end where its size says")
            raise Cut()
        fed += len(chunk)
        try:
            out = d.decompress(chunk, _CHUNK)
            sink.add(out, known or fed)
            while d.unconsumed_tail and not d.eof:
                sink.add(d.decompress(d.unconsumed_tail, _CHUNK), known or fed)
        except zlib.error as exc:
            raise Unreadable(f"its deflate data is damaged ({exc})") from exc
    return h.data_at + fed - len(d.unused_data)


def _copy(fh: BinaryIO, h: Header, sink: _Sink) -> int:
    fh.seek(h.data_at)
    left = h.csize
    while left:
        chunk = fh.read(min(_CHUNK, left))
        if not chunk:
            raise Cut()
        left -= len(chunk)
        sink.add(chunk, h.csize)
    return h.data_at + h.csize


def _find_end(fh: BinaryIO, h: Header, limit: int) -> tuple[int, int, int, int]:
    """(data end, crc, uncompressed size, member end) of a bit-3 member that is not inflated
    (stored, another method, encrypted): its descriptor is the first signature whose size
    field is its distance from the data's start and that another header, the directory or
    the archive's end follows."""
    n = 24 if h.zip64 else 16
    fh.seek(h.data_at)
    buf = bytearray()
    look = 0
    while True:
        chunk = fh.read(_CHUNK)
        buf += chunk
        while (i := buf.find(DESCRIPTOR, look)) >= 0:
            if chunk and i + n + 4 > len(buf):
                break  # more bytes are needed to judge this one
            look = i + 1
            after = bytes(buf[i + n:i + n + 4])
            if i + n > len(buf) or struct.unpack_from("<I", buf, i + 8)[0] != i:
                continue
            if after in (LOCAL, *DIRECTORY) or (not chunk and any(
                    sig.startswith(after) for sig in (LOCAL, *DIRECTORY))):
                crc = struct.unpack_from("<I", buf, i + 4)[0]
                usize = struct.unpack_from("<Q" if h.zip64 else "<I", buf, i + n - (8 if
                                           h.zip64 else 4))[0]
                return h.data_at + i, crc, usize, h.data_at + i + n
        if not chunk:
            raise Cut()
        if len(buf) > limit:
            raise Unreadable(f"its end cannot be found within the {limit >> 20} MB limit")


def _descriptor(fh: BinaryIO, at: int, zip64: bool) -> tuple[int, int, int, int]:
    """The data descriptor at `at` (its signature is optional): crc, csize, usize, its end."""
    fh.seek(at)
    n = 24 if zip64 else 16
    raw = fh.read(n)
    skip = 4 if raw[:4] == DESCRIPTOR else 0
    need = skip + (20 if zip64 else 12)
    if len(raw) < need:
        raise Cut()
    fmt = "<IQQ" if zip64 else "<III"
    crc, csize, usize = struct.unpack_from(fmt, raw, skip)
    return crc, csize, usize, at + need


def read_member(fh: BinaryIO, h: Header, bounds: Bounds, keep: bool) -> Member:
    """One member's bytes, checked; Cut or Unreadable (with where the next member starts,
    when that is known) when it cannot be read."""
    end = None if h.streamed else h.data_at + h.csize
    if end is not None and end > fh.seek(0, 2):
        raise Cut()  # its bytes did not all arrive: whatever else is wrong with it
    try:
        if h.streamed and (h.method != 8 or h.flags & 0x1):  # not inflated: found by its end
            data_end, crc, usize, end = _find_end(fh, h, bounds.member + _CHUNK)
            h = replace(h, flags=h.flags & ~0x8, crc=crc, csize=data_end - h.data_at,
                        usize=usize)
        if h.flags & 0x1:
            raise Unreadable("an encrypted member; kith cannot read it")
        if h.method not in METHODS:
            raise Unreadable(f"compressed with {method_name(h.method)}, which kith cannot "
                             "read (stored and deflate only)")
        sink = _Sink(h.name, bounds, keep)
        if h.streamed:  # deflate: inflated to its own end, then the descriptor
            data_end = _inflate(fh, h, sink)
            crc, csize, usize, end = _descriptor(fh, data_end, h.zip64)
            if csize != data_end - h.data_at:
                raise Unreadable("its compressed size is not the one its descriptor gives")
        else:
            (_copy if h.method == 0 else _inflate)(fh, h, sink)
            crc, usize = h.crc, h.usize
        if sink.crc != crc:
            raise Unreadable("its CRC-32 check failed (the member is damaged)")
        if sink.size != usize:
            raise Unreadable("its size is not the one its header gives (the member is damaged)")
    except Unreadable as exc:
        exc.end = end if exc.end is None else exc.end
        raise
    assert end is not None
    return Member(h, end, sink.size, sink.head, b"".join(sink.chunks) if keep else None)


def scan(fh: BinaryIO, size: int, bounds: Bounds) -> Scan:
    """Every member from byte 0 until the directory, the cut or damage whose end cannot be
    found. Whole members are checked (decompressed, CRC) but not kept."""
    out = Scan(size)
    pos, total = 0, 0
    while True:
        fh.seek(pos)
        sig = fh.read(4)
        if sig in DIRECTORY:
            break  # every member is before the directory: nothing lost
        if pos >= size:  # cut between two members (or after the last): more may be lost
            out.stop_reason = "cut"
            break
        try:
            h = read_header(fh, pos, size)
        except Cut:
            out.stop_reason = "cut"
            break
        except Unreadable as exc:
            out.stop_reason = str(exc)
            break
        try:
            m = read_member(fh, h, bounds, keep=False)
        except Cut:
            out.cut_member, out.stop_reason = h.name, "cut"
            break
        except Unreadable as exc:
            out.bad.append((h.name, str(exc)))
            if exc.end is None:
                out.stop_reason = f"the end of {h.name} cannot be found"
                break
            pos = exc.end
            continue
        total += m.size
        if total > bounds.total:
            out.bad.append((h.name, f"the archive's uncompressed size exceeds the "
                                    f"{bounds.total >> 20} MB limit; the rest is not read"))
            out.stop_reason = "limit"
            break
        out.members.append(m)
        pos = m.end
    out.stopped_at = pos
    return out


def member_bytes(fh: BinaryIO, offset: int, bounds: Bounds) -> bytes:
    """The bytes of the member whose local header is at `offset`, checked again (the file may
    have changed since the walk). Raises Cut or Unreadable."""
    fh.seek(0, 2)
    size = fh.tell()
    data = read_member(fh, read_header(fh, offset, size), bounds, keep=True).data
    assert data is not None
    return data

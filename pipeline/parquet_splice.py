"""A Parquet table rewritten with only some of its columns encoded again.

A next-day night changes about a dozen of the people table's 42 columns (warmth, follow-ups,
target companies, ...); the other thirty (names, e-mails, phones, provenance) are the current
run's, value for value and row for row. Encoding them again costs about a second per people
table at a million records. `write_spliced` writes the new table as one ordinary Parquet file:
the fresh columns are encoded by the same writer (write_parquet), the kept columns' chunks are
copied byte for byte from the current run's file, and a new footer points at both. Readers see
a file like any other (same schema, row groups, metadata); the content is the frame's.

The footer is Thrift's compact protocol, read and written here (Parquet's FileMetaData, with
every field kept as found). Any layout this does not expect (different row groups, page
indexes, bloom filters, another schema or version) and the caller writes the table in full.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

MAGIC = b"PAR1"
STOP, TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(13)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def byte(self) -> int:
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, ttype: int):
        if ttype in (TRUE, FALSE):  # a list's element: one byte
            return self.byte()
        if ttype == BYTE:
            return self.byte()
        if ttype in (I16, I32, I64):
            return self.zigzag()
        if ttype == DOUBLE:
            self.pos += 8
            return self.data[self.pos - 8:self.pos]
        if ttype == BINARY:
            n = self.varint()
            self.pos += n
            return self.data[self.pos - n:self.pos]
        if ttype in (LIST, SET):
            head = self.byte()
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return elem, [self.value(elem) for _ in range(size)]
        if ttype == MAP:
            size = self.varint()
            kinds = self.byte() if size else 0
            k, v = kinds >> 4, kinds & 0x0F
            return k, v, [(self.value(k), self.value(v)) for _ in range(size)]
        if ttype == STRUCT:
            return self.fields()
        raise ValueError(f"unknown Thrift compact type {ttype}")

    def fields(self) -> list[list]:
        """A struct: [field id, type, value] in the order found."""
        out, last = [], 0
        while True:
            head = self.byte()
            if head == STOP:
                return out
            delta, ttype = head >> 4, head & 0x0F
            fid = last + delta if delta else self.zigzag()
            value = ttype == TRUE if ttype in (TRUE, FALSE) else self.value(ttype)
            out.append([fid, ttype, value])
            last = fid


def _varint(n: int, buf: bytearray) -> None:
    while n >= 0x80:
        buf.append((n & 0x7F) | 0x80)
        n >>= 7
    buf.append(n)


def _zigzag(n: int, buf: bytearray) -> None:
    _varint((n << 1) ^ (n >> 63), buf)


def _write_value(ttype: int, value, buf: bytearray) -> None:
    if ttype in (TRUE, FALSE, BYTE):
        buf.append(value)
    elif ttype in (I16, I32, I64):
        _zigzag(value, buf)
    elif ttype in (DOUBLE, BINARY):
        if ttype == BINARY:
            _varint(len(value), buf)
        buf += value
    elif ttype in (LIST, SET):
        elem, items = value
        if len(items) < 15:
            buf.append(len(items) << 4 | elem)
        else:
            buf.append(0xF0 | elem)
            _varint(len(items), buf)
        for item in items:
            _write_value(elem, item, buf)
    elif ttype == MAP:
        k, v, items = value
        _varint(len(items), buf)
        if items:
            buf.append(k << 4 | v)
        for key, val in items:
            _write_value(k, key, buf)
            _write_value(v, val, buf)
    elif ttype == STRUCT:
        write_struct(value, buf)
    else:
        raise ValueError(f"unknown Thrift compact type {ttype}")


def write_struct(fields: list[list], buf: bytearray) -> None:
    last = 0
    for fid, ttype, value in fields:
        if ttype in (TRUE, FALSE):
            ttype = TRUE if value else FALSE
        if 0 < fid - last <= 15:
            buf.append((fid - last) << 4 | ttype)
        else:
            buf.append(ttype)
            _zigzag(fid, buf)
        if ttype not in (TRUE, FALSE):
            _write_value(ttype, value, buf)
        last = fid
    buf.append(STOP)


def read_footer(path: Path) -> list[list]:
    """A Parquet file's FileMetaData (Thrift fields, see _Reader.fields)."""
    with open(path, "rb") as fh:
        fh.seek(-8, os.SEEK_END)
        tail = fh.read(8)
        if tail[4:] != MAGIC:
            raise ValueError(f"{path} is not a Parquet file")
        (length,) = struct.unpack("<I", tail[:4])
        fh.seek(-8 - length, os.SEEK_END)
        return _Reader(fh.read(length)).fields()


def _get(fields: list[list], fid: int, default=None):
    return next((v for f, _t, v in fields if f == fid), default)


def _set(fields: list[list], fid: int, value) -> None:
    for field in fields:
        if field[0] == fid:
            field[2] = value
            return


# FileMetaData: 4 row_groups, 5 key_value_metadata. RowGroup: 1 columns, 2 total_byte_size,
# 3 num_rows, 5 file_offset, 6 total_compressed_size. ColumnChunk: 2 file_offset,
# 3 meta_data, 4/5 offset index offset/length, 6/7 column index offset/length.
# ColumnMetaData: 3 path_in_schema, 6 total_uncompressed_size, 7 total_compressed_size,
# 9 data_page_offset, 10 index_page_offset, 11 dictionary_page_offset, 14 bloom_filter_offset.
# OffsetIndex: 1 page_locations (PageLocation: 1 offset, 2 compressed_page_size, ...).
_CHUNK_OFFSETS = (9, 10, 11)
_UNEXPECTED_CHUNK = (1, 8, 9)  # file_path, encryption
_UNEXPECTED_META = (14,)  # bloom filters


def _row_groups(meta: list[list]) -> list[list[list]]:
    return _get(meta, 4, (STRUCT, []))[1]


def _chunks_by_column(group: list[list]) -> dict[str, list[list[list]]]:
    """A row group's column chunks by top-level column (a list column has one leaf)."""
    out: dict[str, list] = {}
    for chunk in _get(group, 1)[1]:
        if any(_get(chunk, f) is not None for f in _UNEXPECTED_CHUNK):
            raise ValueError("column chunk layout not handled")
        meta = _get(chunk, 3)
        if meta is None or any(_get(meta, f) is not None for f in _UNEXPECTED_META):
            raise ValueError("column chunk layout not handled")
        out.setdefault(_get(meta, 3)[1][0].decode(), []).append(chunk)
    return out


def _moved(chunk: list[list], delta: int) -> list[list]:
    """A copy of a column chunk's footer entry with its offsets moved by `delta`."""
    meta = [list(f) for f in _get(chunk, 3)]
    for fid in _CHUNK_OFFSETS:
        if _get(meta, fid) is not None:
            _set(meta, fid, _get(meta, fid) + delta)
    out = [list(f) for f in chunk]
    _set(out, 3, meta)
    _set(out, 2, _get(out, 2) + delta)
    return out


def _span(chunk: list[list]) -> tuple[int, int]:
    meta = _get(chunk, 3)
    start = min(_get(meta, f) for f in _CHUNK_OFFSETS if _get(meta, f) is not None)
    return start, _get(meta, 7)


def _inline(chunk: list[list]) -> bool:
    """The chunk's metadata is written again right after its pages, as polars does (its
    file_offset then says data_page_offset + total_compressed_size)."""
    meta = _get(chunk, 3)
    return _get(chunk, 2) == _get(meta, 9) + _get(meta, 7)


def _versions(meta: list[list]) -> dict[bytes, bytes]:
    kv = _get(meta, 5)
    return {} if kv is None else {_get(e, 1): _get(e, 2) for e in kv[1]}


def _read(src, at: int, length: int) -> bytes:
    src.seek(at)
    data = src.read(length)
    if len(data) != length:
        raise ValueError("a column chunk or page index past the end of its file")
    return data


def _page_index(chunk: list[list], src, delta: int) -> tuple[bytes | None, bytes | None]:
    """A chunk's column index (copied as it is) and offset index (its pages' offsets moved by
    `delta`), or None where the chunk has none."""
    column = offsets = None
    if _get(chunk, 6) is not None:
        column = _read(src, _get(chunk, 6), _get(chunk, 7))
    if _get(chunk, 4) is not None:
        index = _Reader(_read(src, _get(chunk, 4), _get(chunk, 5))).fields()
        elem, pages = _get(index, 1)
        moved = []
        for page in pages:
            page = [list(f) for f in page]
            _set(page, 1, _get(page, 1) + delta)
            moved.append(page)
        _set(index, 1, (elem, moved))
        buf = bytearray()
        write_struct(index, buf)
        offsets = bytes(buf)
    return column, offsets


def splice(previous: Path, fresh: Path, columns: Sequence[str], fresh_columns: set[str],
           out: Path) -> None:
    """Write `out`: `columns` in order, those in `fresh_columns` from the file `fresh` (which
    holds only them), the others from `previous` (the footer's schema and metadata too).
    ValueError when the two files' row groups differ or a layout is not handled."""
    old, new = read_footer(previous), read_footer(fresh)
    old_groups, new_groups = _row_groups(old), _row_groups(new)
    if [_get(g, 3) for g in old_groups] != [_get(g, 3) for g in new_groups]:
        raise ValueError("row groups differ")
    groups, indexes = [], []  # indexes: (chunk entry, column index, offset index)
    with open(previous, "rb") as fo, open(fresh, "rb") as fn, open(out, "wb") as dst:
        dst.write(MAGIC)
        pos = len(MAGIC)
        for og, ng in zip(old_groups, new_groups, strict=True):
            by_old, by_new = _chunks_by_column(og), _chunks_by_column(ng)
            chunks, start = [], pos
            for name in columns:
                src, found = (fn, by_new) if name in fresh_columns else (fo, by_old)
                for chunk in found[name]:
                    at, length = _span(chunk)
                    dst.write(_read(src, at, length))
                    chunks.append(_moved(chunk, pos - at))
                    indexes.append((chunks[-1], *_page_index(chunk, src, pos - at)))
                    pos += length
                    if _inline(chunk):
                        inline = bytearray()
                        write_struct(_get(chunks[-1], 3), inline)
                        dst.write(inline)
                        pos += len(inline)
            group = [list(f) for f in og]
            _set(group, 1, (STRUCT, chunks))
            _set(group, 2, sum(_get(_get(c, 3), 6) for c in chunks))
            _set(group, 5, start)
            _set(group, 6, sum(_get(_get(c, 3), 7) for c in chunks))
            groups.append(group)
        for field, part in ((6, 1), (4, 2)):  # every column index, then every offset index
            for entry in indexes:
                if entry[part] is not None:
                    _set(entry[0], field, pos)
                    _set(entry[0], field + 1, len(entry[part]))
                    dst.write(entry[part])
                    pos += len(entry[part])
        meta = [list(f) for f in old]
        _set(meta, 4, (STRUCT, groups))
        buf = bytearray()
        write_struct(meta, buf)
        dst.write(buf + struct.pack("<I", len(buf)) + MAGIC)


def write_spliced(frame: pl.DataFrame, path: Path, previous: Path, fresh_columns: Sequence[str],
                  write: Callable[[pl.DataFrame, Path], None],
                  check: Sequence[str] = ()) -> bool:
    """`frame` written to `path` with only `fresh_columns` encoded: every other column is the
    caller's word that it equals the file `previous`'s, row for row (`check`: columns
    compared to make sure, e.g. the ids). `frame` may hold only some of `previous`'s columns
    (in its order; a re-dated night reads only those it uses): the others are copied too.
    `write(frame, path)` is the ordinary writer. False (nothing written) when `previous`
    does not fit; the caller then writes in full (`completed` gives the whole frame)."""
    fresh = [c for c in frame.columns if c in set(fresh_columns)]
    try:
        meta = read_footer(previous)
        columns = _fits(frame, previous)
        if columns is None:
            return False
        if sum(_get(g, 3) for g in _row_groups(meta)) != frame.height:
            return False
        if check and not pl.read_parquet(previous, columns=list(check)).equals(
                frame.select(check)):
            return False
    except (OSError, ValueError, IndexError, pl.exceptions.PolarsError):
        return False
    part = path.with_name(path.name + ".fresh")
    joined = path.with_name(path.name + ".splice")
    try:
        write(frame.select(fresh), part)
        mine, theirs = _versions(read_footer(part)), _versions(meta)
        mine.pop(b"ARROW:schema", None)
        theirs.pop(b"ARROW:schema", None)
        if mine != theirs:
            return False  # another schema version or writer metadata: written in full
        splice(previous, part, columns, set(fresh), joined)
        os.chmod(joined, 0o600)
        os.replace(joined, path)
        return True
    except (ValueError, IndexError, KeyError, TypeError):
        return False
    finally:
        part.unlink(missing_ok=True)
        joined.unlink(missing_ok=True)


def _fits(frame: pl.DataFrame, previous: Path) -> list[str] | None:
    """The columns to write, in order: `frame`'s when it has all of `previous`'s; when it has
    some of them (same types, same order), `previous`'s. None when it does not fit."""
    before = dict(pl.read_parquet_schema(previous))
    if any(before.get(c) != t for c, t in frame.schema.items()):
        return None
    if len(before) == frame.width:
        return frame.columns  # every column: the file is the frame's, in its order
    if frame.columns != [c for c in before if c in frame.schema]:
        return None
    return list(before)


def completed(frame: pl.DataFrame, previous: Path, key: Sequence[str]) -> pl.DataFrame:
    """`frame` with the columns of the file `previous` it lacks (a re-dated night's narrow
    people table, when it cannot be spliced and is written in full): read now, taken row
    for row when the `key` columns line up, else joined on them (left, `frame`'s order;
    `key` is unique in `previous`). The columns in `previous`'s order."""
    try:
        before = list(pl.read_parquet_schema(previous))
    except (OSError, pl.exceptions.PolarsError):
        # a whole frame is written as it is; a narrow one was read from this very file
        # moments before, and written narrow the next run finds the table stale
        return frame
    missing = [c for c in before if c not in frame.columns]
    if not missing:
        return frame
    if not key:
        raise ValueError("a table without all its columns needs a key to complete it")
    rest = pl.read_parquet(previous, columns=[*key, *missing])
    if rest.height == frame.height and rest.select(key).equals(frame.select(key)):
        whole = pl.concat([frame, rest.drop(key)], how="horizontal")
    else:
        whole = frame.join(rest, on=list(key), how="left", maintain_order="left")
    return whole.select([c for c in before if c in whole.columns])

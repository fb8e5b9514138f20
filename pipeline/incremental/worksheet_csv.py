"""The networks' CSV files on a re-dated night: the rows whose text did not move with the date
copied from the night before, byte for byte.

A network's CSV lists every member (at a million records ~240 MB in all, every night). On a
re-dated night whose rows came from the memo (pipeline.incremental.worksheet_rows), a row's
text is its member's reasons and card texts: all of it is the night before's but for the
texts rows.dated_columns makes (last contact "N days ago", warmth, follow-up, keep in touch).
So each run keeps, beside its worksheets, every CSV row's length in bytes and every person's
dated texts (MEMO_CSV, MEMO_DATED); a re-dated night encodes only the rows of people whose
dated texts changed and copies every other row's bytes from the current run's file. A file
none of whose rows changed is hard-linked. The bytes are those polars writes for the whole
frame (CSV rows are encoded independently), which tests/test_incremental.py checks against a
full run. Anything that does not add up (a file of another size, other networks or members)
and the file is written in full.
"""

from __future__ import annotations

import io
import mmap
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

MEMO_CSV = "stages/outreach/memo_csv"  # network, row (in rows' order), nbytes, per CSV row
MEMO_DATED = "stages/outreach/memo_csv_dated"  # each person's dated CSV texts, rows' order
NL = 10  # b"\n": polars' line terminator; a field's own newlines are written inside quotes


def encode(frame: pl.DataFrame, header: bool) -> tuple[bytes, np.ndarray]:
    """`frame` (text columns) as polars writes it to CSV (with the BOM and header line when
    `header`), and each row's length in bytes (the header's not included)."""
    buf = io.BytesIO()
    frame.write_csv(buf, include_bom=header, include_header=header)
    data = buf.getvalue()
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == NL) + 1
    if len(ends) == frame.height + (1 if header else 0):
        # no field holds a newline (nearly always): line k ends row k, and counting every
        # field's newlines (~0.8 CPU-s over a million people's network rows) is not needed
        last = np.arange(frame.height, dtype=np.int64) + (1 if header else 0)
    else:
        inner = (frame.select(pl.sum_horizontal(
            pl.col(c).str.count_matches("\n", literal=True).fill_null(0)
            for c in frame.columns)).to_series().to_numpy()
            if frame.width and frame.height else np.zeros(0, np.int64))
        last = np.cumsum(inner.astype(np.int64) + 1) - 1 + (1 if header else 0)
    bounds = np.concatenate([[ends[0] if header else 0], ends[last]]) if frame.height else \
        np.array([len(data)])
    return data, np.diff(bounds).astype(np.int64)


def write_file(path: Path, data: bytes | list) -> None:
    """`data`, or the pieces of a list one after the other, as the file `path`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        if isinstance(data, list):
            _write_pieces(fh.fileno(), data)
        else:
            fh.write(data)
    os.chmod(path, 0o600)


def _write_pieces(fd: int, pieces: list) -> None:
    """The pieces written with writev, IOV_MAX at a time: a spliced file is ~140,000 pieces
    at a million people, which a buffered writer copied into its buffer piece by piece."""
    step = os.sysconf("SC_IOV_MAX") if "SC_IOV_MAX" in os.sysconf_names else 1024
    for i in range(0, len(pieces), step):
        batch = pieces[i:i + step]
        done = os.writev(fd, batch)
        rest = memoryview(b"".join(batch))[done:] if done < sum(map(len, batch)) else b""
        while rest:  # a short write (a signal, a nearly full disk): the rest, in order
            rest = rest[os.write(fd, rest):]


@dataclass
class Previous:
    """The current run's CSV memo: per network (row positions, byte lengths), the dated
    texts per person, and its worksheets folder."""
    folder: Path
    networks: dict[str, tuple[np.ndarray, np.ndarray]]
    dated: pl.DataFrame


def load(run: Path) -> Previous | None:
    try:
        csv = pl.read_parquet(run / f"{MEMO_CSV}.parquet")
        dated = pl.read_parquet(run / f"{MEMO_DATED}.parquet")
    except (OSError, pl.exceptions.PolarsError):
        return None
    nets = {}
    for (net,), part in csv.partition_by("network", as_dict=True, maintain_order=True).items():
        nets[net] = (part["row"].to_numpy(), part["nbytes"].to_numpy())
    return Previous(run / "worksheets", nets, dated)


@dataclass
class NetworkCsv:
    """Writes the networks' CSV files (in the caller's writer thread) and collects what the
    next night needs. `previous`: the current run's memo when this night may splice (its rows
    came from the worksheet memo), else None. `dated`: this night's dated texts per person,
    or a function that makes them, called by the first file written (in the writer thread:
    they are columns of the text the CSV files are made from)."""
    folder: Path
    previous: Previous | None
    dated: pl.DataFrame | Callable[[], pl.DataFrame] | None
    changed: np.ndarray | None = None
    lengths: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    rows_encoded: int = 0
    spliced: int = 0

    def __post_init__(self) -> None:
        self._compared = False
        if not callable(self.dated):
            self._compare()

    def _compare(self) -> None:
        """Which people's dated texts moved since the current run (self.changed); no
        previous memo to splice from when they cannot be compared."""
        if self._compared:
            return
        self._compared = True
        if callable(self.dated):
            self.dated = self.dated()
        prev = self.previous
        if prev is None or prev.dated.columns != self.dated.columns \
                or prev.dated.height != self.dated.height:
            self.previous = None
            return
        same = pl.DataFrame([self.dated[c].eq_missing(prev.dated[c]).alias(c)
                             for c in self.dated.columns])
        self.changed = (~same.select(pl.all_horizontal(pl.all())).to_series()).to_numpy()

    def write(self, net: str, rel: str, frame, at: np.ndarray) -> None:
        """Write `rel`: `frame()` gives the whole CSV frame (text), or with a boolean numpy
        mask only those rows; `at`: each CSV row's person (position in rows)."""
        self._compare()
        path = self.folder / rel
        header = encode(frame(np.zeros(len(at), bool)), header=True)[0]
        old = self._usable(net, rel, at, header)
        if old is None:
            data, lengths = encode(frame(None), header=True)
            write_file(path, data)
            self.rows_encoded += len(lengths)
        else:
            lengths = self._splice(path, old, frame, at)
            self.spliced += 1
        self.lengths[net] = (at, lengths)

    def _usable(self, net: str, rel: str, at: np.ndarray, header: bytes):
        """(the current run's file, its header's length, its rows' lengths) when that file is
        this header and those rows' bytes for the same members, else None."""
        prev = self.previous
        if prev is None:
            return None
        none = np.zeros(0, np.int64)  # a network with no members has no memo rows
        rows, lengths = prev.networks.get(net, (none, none))
        source = prev.folder / rel
        if not np.array_equal(rows, at):
            return None
        try:
            with open(source, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                start = fh.read(len(header))
        except OSError:
            return None
        if start != header or size != len(header) + int(lengths.sum()):
            return None
        return source, len(header), lengths

    def _splice(self, path: Path, old, frame, at: np.ndarray) -> np.ndarray:
        source, header, before = old
        mask = self.changed[at]
        if not mask.any():
            os.link(source, path)  # files are never modified in place
            return before
        data, fresh = encode(frame(mask), header=False)
        self.rows_encoded += len(fresh)
        # the file is its header, then the old bytes between changed rows (gaps) taking turns
        # with the changed rows' new bytes: k changed rows, k + 1 gaps (some empty)
        changed = np.flatnonzero(mask)
        starts = header + np.cumsum(before) - before
        gaps = zip(np.concatenate([[header], starts[changed] + before[changed]]).tolist(),
                   np.concatenate([starts[changed], [header + before.sum()]]).tolist(),
                   strict=True)
        ends = np.cumsum(fresh)
        # mapped, not read: the old file's ~200 MB go from the page cache straight to the new
        # file (writev), never copied into this process (the slices unmap it when freed)
        with open(source, "rb") as fh:
            view, buf = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)), \
                memoryview(data)
        pieces = [view[:header]] + [None] * (2 * len(changed) + 1)
        pieces[1::2] = [view[a:b] for a, b in gaps]
        pieces[2::2] = [buf[a:b] for a, b in zip((ends - fresh).tolist(), ends.tolist(),
                                                       strict=True)]
        write_file(path, pieces)
        lengths = before.copy()
        lengths[mask] = fresh
        return lengths

    def memo(self) -> dict[str, pl.DataFrame]:
        """The tables the next night splices from (by path in the run's folder)."""
        frames = [pl.DataFrame({"network": pl.Series([net] * len(at), dtype=pl.String),
                                "row": pl.Series(at, dtype=pl.Int32),
                                "nbytes": pl.Series(n, dtype=pl.Int64)})
                  for net, (at, n) in self.lengths.items()]
        csv = pl.concat(frames) if frames else pl.DataFrame(
            schema={"network": pl.String, "row": pl.Int32, "nbytes": pl.Int64})
        self._compare()
        return {MEMO_CSV: csv, MEMO_DATED: self.dated}

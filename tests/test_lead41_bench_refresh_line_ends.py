"""bench_refresh's 1%-changed night must change about 1% of a file's rows, whatever its line
ends: on main a CRLF export was read with universal newlines and written back with LF, so
every line changed and the "1% night" measured a night where whole files changed (found by
night41). A file's BOM is kept as it was, not added."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_refresh import SHARE, change_one_percent  # noqa: E402

ROWS = 600


def _csv(eol: str) -> bytes:
    lines = ["First Name,Last Name,Organization Title"] + [
        f"Given{i},Family{i},Org{i}" for i in range(ROWS)]
    return (eol.join(lines) + eol).encode("utf-8")


def _vcf(eol: str) -> bytes:
    cards = [eol.join(["BEGIN:VCARD", "VERSION:3.0", f"FN:Given{i} Family{i}",
                       f"EMAIL:g{i}@example.org", "END:VCARD"]) + eol for i in range(ROWS)]
    return "".join(cards).encode("utf-8")


def _unchanged_share(before: bytes, after: bytes) -> float:
    old = set(before.split(b"\n"))
    new = after.split(b"\n")
    return sum(line in old for line in new) / len(new)


def test_a_crlf_export_changes_in_one_percent_of_its_rows_only(tmp_path):
    for eol in ("\r\n", "\n"):
        exports = tmp_path / ("crlf" if eol == "\r\n" else "lf")
        exports.mkdir()
        files = {"contacts.csv": _csv(eol), "phone.vcf": _vcf(eol)}
        for name, data in files.items():
            (exports / name).write_bytes(data)
        counts = change_one_percent(exports, seed=5)
        for name, data in files.items():
            after = (exports / name).read_bytes()
            assert sum(counts[name].values()) >= 3
            # main: 0.0 for CRLF files (every line rewritten with LF)
            assert _unchanged_share(data, after) > 1 - 3 * SHARE - 0.01, (name, eol)
            assert (b"\r\n" in after) == (eol == "\r\n")
            assert not after.startswith(b"\xef\xbb\xbf")  # no BOM where there was none

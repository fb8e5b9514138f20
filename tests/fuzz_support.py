"""Damaged, truncated and hostile inputs made from real fixture files, and the contract each
must meet (tests/test_fuzz_inputs.py; bench/fuzz_inputs.py for the long local run).

A mutation takes a file's bytes and a random source and returns the bytes (and, for the zip
and workbook mutations, the file name) a user could hand kith after a broken download, a
spreadsheet round trip or a hostile archive. The contract (`check_ingest`): stage 1 ends
without raising; no file is "reader_failed" (a reader's exception is a kith bug); each
ingested file accounts for every data row once (records + interactions + owner rows + rejects
== rows_total, as tests/test_pipeline_sweep.py counts them).
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = (".csv", ".vcf", ".ldif", ".json", ".txt", ".tsv")


def seed_files(max_bytes: int = 400_000, corpus: bool = True) -> list[Path]:
    """Every fixture (and corpus) file of a format kith reads, small enough to mutate often."""
    roots = [FIXTURES] + ([CORPUS] if corpus and CORPUS.is_dir() else [])
    found = [p for root in roots for p in sorted(root.rglob("*"))
             if p.is_file() and p.suffix.lower() in SUFFIXES and p.stat().st_size <= max_bytes]
    return found


# -- byte and text mutations: (data, rng) -> data ------------------------------------------

def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def truncate_mid_utf8(data: bytes, rng: random.Random) -> bytes:
    """Cut after the lead byte of a multi-byte UTF-8 sequence (or anywhere when none)."""
    leads = [i for i, b in enumerate(data) if b >= 0xC2 and b <= 0xF4]
    return data[: rng.choice(leads) + 1] if leads else truncate(data, rng)


def truncate_mid_quote(data: bytes, rng: random.Random) -> bytes:
    """Cut just after an opening quote, so the last field never closes."""
    quotes = [i for i, b in enumerate(data) if b == 0x22]
    return data[: rng.choice(quotes) + 1 + rng.randrange(4)] if quotes else truncate(data, rng)


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def misplaced_bom(data: bytes, rng: random.Random) -> bytes:
    bom = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
    at = rng.choice([0, rng.randrange(len(data) + 1)])
    return data[:at] + bom + data[at:]


def wrong_encoding(data: bytes, rng: random.Random) -> bytes:
    """The text re-encoded in another encoding, sometimes under the wrong BOM or charset."""
    text = data.decode("utf-8", "replace")
    enc = rng.choice(["utf-16-le", "utf-16-be", "cp1252", "latin-1", "mac_roman", "utf-16"])
    body = text.encode(enc, "replace")
    if rng.random() < 0.5:
        body = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + body
    return body


def swap_delimiter(data: bytes, rng: random.Random) -> bytes:
    a, b = rng.sample([b",", b";", b"\t", b"|", b":"], 2)
    return data.replace(a, b)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def ragged_rows(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(lines))
        cells = lines[i].split(b",")
        if rng.random() < 0.5 and len(cells) > 1:
            del cells[rng.randrange(len(cells))]
        else:
            cells.insert(rng.randrange(len(cells) + 1), b"extra")
        lines[i] = b",".join(cells)
    return b"\n".join(lines)


def header_only(data: bytes, rng: random.Random) -> bytes:
    return _lines(data)[0] + rng.choice([b"", b"\n", b"\r\n"])


def duplicate_headers(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    cells = lines[0].split(b",")
    lines[0] = b",".join(cells + [rng.choice(cells) for _ in range(rng.randint(1, 3))])
    return b"\n".join(lines)


def wide_row(data: bytes, rng: random.Random, columns: int = 10_000) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines[i] = lines[i] + b",x" * columns
    return b"\n".join(lines)


def huge_field(data: bytes, rng: random.Random, size: int = 2_000_000) -> bytes:
    """One field of `size` bytes (quoted or not) in a random line."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    blob = rng.choice([b"a", b"\xc3\xa9", b"x y "]) * (size // 2)
    lines[i] = lines[i] + (b',"' + blob + b'"' if rng.random() < 0.5 else b"," + blob)
    return b"\n".join(lines)


def newline_mix(data: bytes, rng: random.Random) -> bytes:
    parts = data.split(b"\n")
    return b"".join(p + rng.choice([b"\n", b"\r\n", b"\r", b"\r\r\n"]) for p in parts[:-1]) + parts[-1]


def splice_lines(data: bytes, rng: random.Random) -> bytes:
    """Lines repeated, dropped or swapped: a file concatenated or cut by hand."""
    lines = _lines(data)
    for _ in range(rng.randint(1, 6)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        op = rng.randrange(3)
        if op == 0:
            lines.insert(j, lines[i])
        elif op == 1 and len(lines) > 1:
            del lines[i]
        else:
            lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate, "truncate_mid_utf8": truncate_mid_utf8,
    "truncate_mid_quote": truncate_mid_quote, "flip_bytes": flip_bytes, "nul_bytes": nul_bytes,
    "misplaced_bom": misplaced_bom, "wrong_encoding": wrong_encoding,
    "swap_delimiter": swap_delimiter, "ragged_rows": ragged_rows, "header_only": header_only,
    "duplicate_headers": duplicate_headers, "wide_row": wide_row, "huge_field": huge_field,
    "newline_mix": newline_mix, "splice_lines": splice_lines,
}


# -- containers: (name, data, rng) -> (name, data) -----------------------------------------

def _zip(members: list[tuple[str, bytes]]) -> bytes:
    import warnings

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a duplicate member name: on purpose
        for name, body in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 15, 0, 0, 0)), body)
    return buf.getvalue()


def zipped(name: str, data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """The file in a zip: renamed, nested, under a path-traversal or absolute name, twice,
    or the archive cut mid-member."""
    kind = rng.choice(["plain", "renamed", "nested", "traversal", "absolute", "duplicate",
                       "truncated", "deep"])
    member = {"renamed": name + ".bak", "traversal": "../../" + name,
              "absolute": "/etc/" + name}.get(kind, name)
    body = _zip([(member, data)] * (2 if kind == "duplicate" else 1))
    if kind == "nested":
        body = _zip([("inner.zip", body)])
    elif kind == "deep":
        body = _zip([("b.zip", _zip([("c.zip", body)]))])
    elif kind == "truncated":
        body = body[: rng.randrange(30, max(31, len(body)))]
    return f"export_{kind}.zip", body


def workbook(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:  # control characters cannot be written to a sheet at all
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def broken_workbook(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """A workbook of the file's CSV rows (openpyxl writes inline strings; we move them into a
    shared-strings part) whose shared strings, sheet or workbook part is damaged."""
    import csv

    text = data.decode("utf-8", "replace")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=False))[:200] or [["Name"]]
    book = workbook(rows)
    src = zipfile.ZipFile(io.BytesIO(book))
    parts = {i.filename: src.read(i) for i in src.infolist()}
    target = rng.choice([p for p in parts if p.startswith("xl/")])
    how = rng.choice(["truncate", "garbage", "drop", "bad_index"])
    if how == "truncate":
        parts[target] = parts[target][: rng.randrange(len(parts[target]) + 1)]
    elif how == "garbage":
        parts[target] = flip_bytes(parts[target], rng)
    elif how == "drop":
        del parts[target]
    else:  # a cell pointing past the end of a shared-strings table that is empty
        parts["xl/sharedStrings.xml"] = (
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="0" uniqueCount="0"/>')
        sheet = "xl/worksheets/sheet1.xml"
        if sheet in parts:
            parts[sheet] = parts[sheet].replace(b't="inlineStr"', b't="s"').replace(
                b"<is><t>", b"<v>99999</v><is><t>")
    return f"book_{how}.xlsx", _zip(list(parts.items()))


# -- the contract ---------------------------------------------------------------------------

def check_ingest(folder: Path) -> list[str]:
    """What breaks the contract when stage 1 reads `folder`; [] when nothing does. An
    exception escaping ingest is left to the caller (it is a failure too)."""
    from pipeline.inputs import Limits
    from pipeline.stages.ingest import ingest
    from pipeline.stages.ingest_parse import READER_FAILED

    res = ingest([folder], [], Limits(), workers=1)
    problems = []
    tables = {"rows_records": res.contacts, "rows_interactions": res.interactions,
              "rows_owner": res.owner, "rows_rejected": res.rejects}
    for row in res.files.iter_rows(named=True):
        where = f"{row['path']} ({row['format']})"
        if row["format"] == READER_FAILED:
            problems.append(f"{where}: reader failed: {row['reason']}")
            continue
        if row["status"] == "rejected" and not row["reason"]:
            problems.append(f"{where}: rejected without a reason")
        if row["status"] != "ingested":
            continue
        counted = sum(row[k] for k in tables)
        if counted != row["rows_total"]:
            problems.append(f"{where}: {counted} rows accounted of {row['rows_total']} "
                            f"({', '.join(f'{k}={row[k]}' for k in tables)})")
        for name, frame in tables.items():
            mine = frame.filter(frame["source_file"] == row["path"])
            if mine.height and mine["source_row"].drop_nulls().n_unique() != row[name]:
                problems.append(f"{where}: {name} differs from its table")
    rejected = res.rejects
    if rejected.height and rejected["reason"].is_null().any():
        problems.append("a reject without a reason")
    return problems


def check_run_output(exit_code: int, output: str) -> list[str]:
    """`kith run`'s contract for a damaged input: a known exit code, a "kith: " sentence when it
    fails, never a traceback or an internal error."""
    problems = []
    if exit_code not in (0, 1, 2, 3):
        problems.append(f"exit code {exit_code}")
    if "Traceback" in output or "internal error" in output or "PanicException" in output:
        problems.append("traceback or internal error: " + output[-400:])
    if exit_code != 0 and "kith: " not in output:
        problems.append("failed without a 'kith: ' sentence: " + output[-400:])
    return problems


# -- format-aware mutations: the damage a vCard or a JSON export really shows ----------------

_VCARD_DAMAGE = (
    (b"FN:", b"FN;ENCODING=QUOTED-PRINTABLE;CHARSET=bogus-9:=C3=A9=\r\n"),
    (b"FN:", b"FN;ENCODING=QUOTED-PRINTABLE:=E"),
    (b"FN:", b"FN;ENCODING=B:@@@==\r\n"),
    (b"FN:", b"FN;CHARSET=utf-32:"),
    (b"FN:", b"FN;ENCODING=x-unknown;CHARSET=UTF-16:"),
    (b"TEL", b"TEL;TYPE=\"unclosed:"),
    (b"N:", b"N:;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;"),
    (b"END:VCARD", b""),
    (b"BEGIN:VCARD", b"BEGIN:VCARD\r\nBEGIN:VCARD"),
    (b"VERSION:", b"VERSION:9.9\r\nX-VERSION:"),
    (b"\r\n ", b"\r\n\r\n "),  # a folded line's continuation after a blank line
    (b"PHOTO", b"PHOTO;ENCODING=b;TYPE=JPEG:" + b"/9j/" * 10 + b"\r\n =\r\nX-PHOTO"),
    (b"EMAIL", b"EMAIL;PREF=999999999999999999999999"),
    (b"BDAY:", b"BDAY:--00-00\r\nX-BDAY:"),
)


def vcard_damage(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 4)):
        old, new = rng.choice(_VCARD_DAMAGE)
        hits = [i for i in range(len(data)) if data.startswith(old, i)][:50]
        if hits:
            at = rng.choice(hits)
            data = data[:at] + new + data[at + len(old):]
    return data


def json_damage(data: bytes, rng: random.Random) -> bytes:
    """A JSON value swapped for another type (a list for a string, null, a number, a deep
    nesting): the writer's shape kept, its values not."""
    import re

    values = [m.span() for m in re.finditer(rb'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|null|true|false',
                                            data)]
    for _ in range(rng.randint(1, 6)):
        if not values:
            break
        a, b = rng.choice(values)
        new = rng.choice([b"null", b"[]", b"{}", b"1e999", b"-1", b'"\\ud800"', b"[" * 200 +
                          b"]" * 200, b'"' + b"\\u0000" * 3 + b'"', b"12345678901234567890123"])
        data = data[:a] + new + data[b:]
        values = [m.span() for m in re.finditer(rb'"(?:[^"\\]|\\.)*"|-?\d+|null', data)]
    return data


BYTE_MUTATIONS["vcard_damage"] = vcard_damage
BYTE_MUTATIONS["json_damage"] = json_damage


def stacked(data: bytes, rng: random.Random) -> bytes:
    """Two or three of the other mutations in a row (a re-encoded file then cut short)."""
    others = [m for name, m in BYTE_MUTATIONS.items() if name != "stacked"]
    for _ in range(rng.randint(2, 3)):
        data = rng.choice(others)(data, rng)[:5_000_000]
    return data


BYTE_MUTATIONS["stacked"] = stacked

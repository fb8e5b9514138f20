"""Third real-file collection: whole LinkedIn data exports that people published on GitHub.

The exports hold real people's names and addresses and carry no licence, so they are never
copied into the repository: `fetch` brings each repository's snapshot to this machine, and
`bench/realworld3.py collect` copies its export files to a scratch folder, one folder per
export (E01, E02, ...; the aliases map to repositories in `ALIASES` there).

`expect` writes down what each file holds, counted with Python's csv module and rules written
here, independently of kith's readers, before kith is run (docs/realworld3.md records the
order). `compare` then runs `kith run` on each export folder, as a user would point it at an
unpacked download, and compares file by file. Nothing here prints an e-mail address or a phone
number: only counts and the digest of each file's e-mail set.

    python bench/realworld3.py expect /tmp/rw3 > docs/realworld3-expected.json
    python bench/realworld3.py compare /tmp/rw3 docs/realworld3-expected.json
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

# What a user expects of each kind of file, by the header's column names (case-insensitive).
CONTACT_KINDS = {
    "connections": {"first name", "last name", "connected on"},
    "address_book_upload": {"firstname", "lastname", "emails", "phonenumbers"},
    "imported_contacts": {"first name", "last name", "email address", "phone numbers", "created at"},
    "crm_export": {"first name", "last name", "email", "company name"},
}
ACTIVITY_KINDS = {
    "messages": {"from", "to", "date", "content"},
    "invitations": {"from", "to", "message", "direction"},
    "endorsements": {"endorsement date", "skill name"},
    "recommendations": {"company", "job title", "text", "status"},
}
EMAIL_COLUMNS = ("email address", "emails", "email", "secondary email", "tertiary email")
NAME_COLUMNS = ("first name", "last name", "firstname", "lastname", "full name")


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig", errors="replace")


def header_and_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The first line naming two or more columns is the header (LinkedIn puts a Notes:
    preamble and a blank line before the Connections header)."""
    lines = text.replace("\r\n", "\n").split("\n")
    lines = [line + "\n" for line in lines]
    delimiter = "\t" if lines and lines[0].count("\t") > lines[0].count(",") else ","
    for start, line in enumerate(lines[:10]):
        cells = next(csv.reader([line.rstrip("\n").replace("\r", " ")], delimiter=delimiter), [])
        if len([c for c in cells if c.strip()]) >= 2 and not line.startswith("Notes:"):
            rows = list(csv.reader(io.StringIO("".join(lines[start:]), newline=""), delimiter=delimiter))
            return [c.strip().lower() for c in rows[0]], [r for r in rows[1:] if any(c.strip() for c in r)]
    return [], []


def kind_of(header: list[str]) -> str:
    columns = set(header)
    for kind, needed in {**CONTACT_KINDS, **ACTIVITY_KINDS}.items():
        if needed <= columns:
            return kind
    return "not_contacts"


def _cell(header: list[str], row: list[str], column: str) -> str:
    return row[header.index(column)].strip() if column in header and header.index(column) < len(row) else ""


def expectation(name: str, raw: bytes) -> dict:
    header, rows = header_and_rows(decode(raw))
    kind = kind_of(header)
    entry = {"file": name, "kind": kind, "data_rows": len(rows)}
    if kind in CONTACT_KINDS:
        named = [r for r in rows if any(_cell(header, r, c) for c in NAME_COLUMNS + EMAIL_COLUMNS)]
        emails = sorted({e.lower() for r in named for c in EMAIL_COLUMNS
                         for e in _cell(header, r, c).replace(";", ",").split(",") if "@" in e})
        entry |= {"contacts": len(named), "row_rejects": len(rows) - len(named),
                  "emails": len(emails), "emails_sha": hashlib.sha256("\n".join(emails).encode()).hexdigest()[:12]}
    elif kind in ACTIVITY_KINDS:
        entry |= {"contacts": 0, "interactions_at_least": 1 if rows else 0}
    else:
        entry |= {"contacts": 0, "interactions": 0}
    return entry


def export_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if member.lower().endswith(".csv"):
                        yield f"{path.relative_to(folder)}/{member}", archive.read(member)
        elif path.is_file():
            yield str(path.relative_to(folder)), path.read_bytes()


def expect(root: Path) -> dict:
    return {export.name: [expectation(name, raw) for name, raw in export_files(export)]
            for export in sorted(root.glob("E[0-9][0-9]"))}


def kith_tables(export: Path, out: Path) -> tuple[int, str, dict]:
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(export), "--out", str(out),
                           "--as-of", "2026-12-01"], capture_output=True, text=True)
    tables = {}
    if done.returncode == 0:
        import polars as pl
        tables = {t: pl.read_parquet(out / f"{t}.parquet")
                  for t in ("files", "records", "rejects", "interactions", "people")}
    return done.returncode, done.stderr[-400:], tables


def compare(root: Path, expected: dict, scratch: Path) -> list[dict]:
    import polars as pl
    results = []
    for export_name, entries in expected.items():
        code, stderr, tables = kith_tables(root / export_name, scratch / export_name)
        row = {"export": export_name, "exit": code, "traceback": "Traceback" in stderr, "files": []}
        if code == 0:
            row["people"] = tables["people"].height
            row["records"] = tables["records"].height
        for entry in entries:
            got = {"file": entry["file"]}
            if code == 0:
                short = entry["file"].split("/")[-1]
                files = tables["files"].filter(pl.col("path").str.ends_with(short))
                records = tables["records"].filter(pl.col("source_file").str.ends_with(short))
                got |= {"status": files["status"].to_list(), "format": files["format"].to_list(),
                        "contacts": records.height,
                        "interactions": tables["interactions"].filter(
                            pl.col("source_file").str.ends_with(short)).height,
                        "row_rejects": tables["rejects"].filter(
                            pl.col("source_file").str.ends_with(short) & pl.col("source_row").is_not_null()).height}
                emails = sorted({k for keys in records["email_keys"].to_list() for k in keys or []})
                got["emails"] = len(emails)
                got["emails_sha"] = hashlib.sha256("\n".join(emails).encode()).hexdigest()[:12]
            row["files"].append({"expected": entry, "kith": got})
        results.append(row)
    return results


def main(argv: list[str]) -> None:
    if argv[0] == "expect":
        json.dump(expect(Path(argv[1])), sys.stdout, indent=1)
        print()
    elif argv[0] == "compare":
        expected = json.loads(Path(argv[2]).read_text())
        scratch = Path(argv[3] if len(argv) > 3 else "/tmp/rw3-out")
        json.dump(compare(Path(argv[1]), expected, scratch), sys.stdout, indent=1)
        print()


if __name__ == "__main__":
    main(sys.argv[1:])

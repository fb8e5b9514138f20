"""Thirty nightly refreshes over changing exports, with notes written in between.

Each night one thing changes in the exports (a person added, removed, renamed, changing jobs,
new messages) and the user writes a note. Every note must survive, every unchanged person must
keep their id, and each change must be reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.synth import generate

NIGHTS = 30
ARCHIVE = "Basic_LinkedInDataExport_11-14-2025.zip"


def kith(*args: str):
    res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


class Exports:
    """Edits a generated export folder the way a fresh download would differ."""

    def __init__(self, folder: Path, rng: random.Random):
        self.folder, self.rng = folder, rng
        self.google = folder / "contacts.csv"

    def _google_rows(self) -> tuple[list[str], list[list[str]]]:
        rows = list(csv.reader(io.StringIO(self.google.read_text("utf-8-sig"))))
        return rows[0], rows[1:]

    def _write_google(self, header, rows) -> None:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header, *rows])
        self.google.write_text("\ufeff" + buf.getvalue(), "utf-8")

    def _zip_member(self, name: str, edit) -> None:
        path = self.folder / ARCHIVE
        with zipfile.ZipFile(path) as zf:
            files = {n: zf.read(n) for n in zf.namelist()}
        files[name] = edit(files[name].decode("utf-8")).encode("utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, data in files.items():
                zf.writestr(zipfile.ZipInfo(n, (2025, 11, 14, 0, 0, 0)), data)

    def add_person(self, night: int) -> str:
        header, rows = self._google_rows()
        row = [""] * len(header)
        row[header.index("First Name")] = f"Newperson{chr(65 + night % 26)}"
        row[header.index("Last Name")] = f"Nightly{night}"
        row[header.index("E-mail 1 - Value")] = f"new.person.{night}@example.org"
        rows.append(row)
        self._write_google(header, rows)
        return "new"

    def remove_person(self, night: int) -> str:
        header, rows = self._google_rows()
        rows.pop(self.rng.randrange(len(rows)))
        self._write_google(header, rows)
        return "gone-or-smaller"

    def rename(self, night: int) -> str:
        header, rows = self._google_rows()
        row = self.rng.choice([r for r in rows if r[header.index("Middle Name")] == ""])
        row[header.index("Middle Name")] = "Q."  # a changed record, not a new person
        self._write_google(header, rows)
        return "renamed"

    def change_job(self, night: int) -> str:
        def edit(text: str) -> str:
            lines = text.split("\n")
            head = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
            rows = list(csv.reader(io.StringIO("\n".join(lines[head:]))))
            header, body = rows[0], rows[1:]
            url, company = header.index("URL"), header.index("Company")
            row = self.rng.choice([r for r in body if len(r) == len(header) and r[url]
                                   and r[company]])
            row[company] = f"Nightly Ventures {night}"
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows([header, *body])
            return "\n".join(lines[:head]) + "\n" + buf.getvalue()

        self._zip_member("Connections.csv", edit)
        return "job"

    def new_messages(self, night: int, as_of: dt.date) -> str:
        def edit(text: str) -> str:
            rows = list(csv.reader(io.StringIO(text)))
            header, body = rows[0], rows[1:]
            src = self.rng.choice([r for r in body if r[header.index("SENDER PROFILE URL")]])
            new = list(src)
            new[header.index("CONVERSATION ID")] = f"2-NIGHT{night}"
            new[header.index("DATE")] = f"{as_of.isoformat()} 09:00:00 UTC"
            new[header.index("CONTENT")] = f"Checking in, night {night}"
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows([header, new, *body])
            return buf.getvalue()

        self._zip_member("messages.csv", edit)
        return "interactions"


def people_sets(out: Path) -> dict[frozenset, str]:
    p = pl.read_parquet(out / "people.parquet")
    return {frozenset(r): pid for pid, r in zip(p["person_id"], p["record_ids"], strict=True)}


def test_thirty_nights(tmp_path):
    rng = random.Random(7)
    exports = tmp_path / "exports"
    generate(60, 3, exports, truth_path=tmp_path / "truth.parquet",
             people_truth_path=tmp_path / "people_truth.parquet")
    cfg = tmp_path / "kith.toml"
    cfg.write_text(f'inputs = ["{exports}"]\nout = "out"\nkeep_runs = 3\n'
                   '[files]\nnotes = "notes.csv"\ndecisions = "decisions.toml"\n')
    out = tmp_path / "out"
    ex = Exports(exports, rng)
    day = dt.date(2026, 1, 1)
    kith("run", "--config", str(cfg), "--as-of", day.isoformat())
    written: list[str] = []
    noted: set[str] = set()
    mutations = [ex.add_person, ex.remove_person, ex.rename, ex.change_job, ex.new_messages]
    for night in range(1, NIGHTS + 1):
        day += dt.timedelta(days=1)
        before = people_sets(out)
        # the user writes a note during the day
        pid = rng.choice(sorted(set(before.values()) - noted))  # --need replaces a need
        noted.add(pid)
        text = f"needs an intro, night {night}"
        kith("note", pid, "--need", text, "--config", str(cfg))
        written.append(text)
        mutate = mutations[(night - 1) % len(mutations)]
        kind = mutate(night, day) if mutate == ex.new_messages else mutate(night)
        kith("run", "--config", str(cfg), "--as-of", day.isoformat())
        after = people_sets(out)
        # every unchanged person (same records) keeps the same id
        for records, old_id in before.items():
            if records in after:
                assert after[records] == old_id, f"night {night}: id changed"
        # every note ever written is still in the notes file
        notes = (tmp_path / "notes.csv").read_text("utf-8")
        for t in written:
            assert t in notes, f"night {night}: lost note {t!r}"
        changes = pl.read_parquet(out / "changes.parquet")
        kinds = set(changes["change"].to_list())
        if kind == "new":
            assert "new" in kinds, night
        elif kind == "job":
            assert "job" in kinds, night
        elif kind == "interactions":
            assert "interactions" in kinds, night
        elif kind == "gone-or-smaller":
            assert kinds & {"gone", "split"} or len(after) <= len(before), night
    status = kith("status", "--config", str(cfg), "--last", "40").output
    assert status.count(" ok ") >= NIGHTS + 1

"""Nightly refresh cost: `kith run` again over the same or slightly changed exports, one home.

    python bench/bench_refresh.py [--generator pipeline.synth_spec] [--records 1000000 |
                                   --people 100000] [--seed 7] [--runs 2]
    python bench/bench_refresh.py --all     # both generators, 100k people and ~1M records

Generates (or reuses, bench/out/<name>) an export set, then in a fresh home: a first full run
(as-of D), then
  - no input changed, same as-of date (the whole run is reused), --runs times;
  - no input changed, the next day's as-of date, --runs nights in a row (the first night
    after a full run also records what the next re-dated night reads);
  - about one percent of the contact rows changed across the source files (a third edited,
    a third deleted, a third added as edited copies) in the Google CSV, the vCard file and
    the LinkedIn archive's Connections.csv; the next day's as-of;
  - --full on those same inputs (every stage recomputed), for comparison.
Wall time of the `kith run` process and peak RSS of its process tree, the stages it ran, and
the machine's load average at its start. Results: stdout (a table, the rows side by side)
and bench/out/refresh_report.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import KITH, OUT, generate, timed  # noqa: E402

DAY = dt.date(2026, 11, 22)
SHARE = 0.01
# (generator, records, people, seed) of --all: the sets bench.py measures side by side
ALL = (("pipeline.synth", None, 100_000, 101), ("pipeline.synth_spec", None, 100_000, 101),
       ("pipeline.synth", 1_000_000, None, 11), ("pipeline.synth_spec", 1_000_000, None, 7))


def set_name(generator: str, records: int | None, people: int | None, seed: int) -> str:
    """bench.py's folder names for the same sets, so each is generated once."""
    short = generator.rsplit(".", 1)[-1]
    if generator == "pipeline.synth" and records:
        return f"records_{records}_seed{seed}"
    label = f"{records}_records" if records else f"{people // 1000}k_people"
    return f"{short}_{label}_seed{seed}"


def kith_run(exports: list[str], out: Path, home: Path, as_of: dt.date, *extra: str) -> dict:
    load = os.getloadavg()[0]
    wall, peak = timed([*KITH, "run", *exports, "--out", str(out), "--as-of", as_of.isoformat(),
                        *extra], cwd=home)
    manifest = json.loads((out / "manifest.json").read_text())
    tag = manifest.get("stages", {}).get("tag", {})
    return {"s": round(wall, 2), "gib": round(peak, 2), "load": round(load, 2),
            "stages_run": manifest.get("stages_run"), "run_id": manifest.get("run_id"),
            "redated": "redated_from" in tag}


def _changed_rows(rows: list[list[str]], rng: random.Random, edit) -> tuple[list, dict]:
    """About SHARE of `rows`: a third edited (`edit(row, n)`), a third deleted, a third added
    as edited copies."""
    n = max(3, round(len(rows) * SHARE))
    picked = rng.sample(range(len(rows)), min(n, len(rows)))
    third = len(picked) // 3
    edited, deleted, copied = picked[:third], set(picked[third:2 * third]), picked[2 * third:]
    out = list(rows)
    for k, i in enumerate(edited):
        out[i] = edit(list(rows[i]), k)
    added = [edit(list(rows[i]), len(edited) + k) for k, i in enumerate(copied)]
    out = [r for i, r in enumerate(out) if i not in deleted] + added
    return out, {"edited": len(edited), "deleted": len(deleted), "added": len(added)}


def _csv_edit(header: list[str], column: str):
    at = header.index(column) if column in header else len(header) - 1

    def edit(row: list[str], k: int) -> list[str]:
        row[at] = f"{row[at]} changed{k}".strip() if at < len(row) else row[at]
        return row
    return edit


def _edit_csv_text(text: str, column: str, rng: random.Random) -> tuple[str, dict]:
    """A CSV (after any preamble before its header line) with SHARE of its rows changed."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("First Name")), 0)
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = rows[0], [r for r in rows[1:] if r]
    body, counts = _changed_rows(body, rng, _csv_edit(header, column))
    buf = io.StringIO()
    # the file's own line ends (a CRLF file rewritten with LF would change every row)
    csv.writer(buf, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(
        [header, *body])
    return "".join(line + "\n" for line in lines[:start]) + buf.getvalue(), counts


def _edit_vcards(text: str, rng: random.Random) -> tuple[str, dict]:
    cards = re.findall(r"BEGIN:VCARD.*?END:VCARD\r?\n?", text, flags=re.S)
    eol = "\r\n" if "\r\n" in text else "\n"  # the file's own line ends

    def edit(card: list[str], k: int) -> list[str]:
        body = card[0]
        end = body.rindex("END:VCARD")
        return [body[:end] + f"NOTE:changed {k}{eol}" + body[end:]]
    out, counts = _changed_rows([[c] for c in cards], rng, edit)
    return "".join(c[0] if c[0].endswith("\n") else c[0] + eol for c in out), counts


def change_one_percent(exports: Path, seed: int) -> dict:
    """SHARE of the contact rows of each source file changed (see the module docstring)."""
    rng = random.Random(seed)
    counts = {}
    for path in sorted(exports.iterdir()):
        # bytes, not read_text: its universal newlines turn CRLF into LF, so a CRLF export
        # would change on every line, not on 1% of its rows (found by night41)
        if path.suffix == ".csv":
            data = path.read_bytes()
            text, counts[path.name] = _edit_csv_text(data.decode("utf-8-sig"),
                                                     "Organization Title", rng)
            bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
            path.write_bytes((bom + text).encode("utf-8"))
        elif path.suffix == ".vcf":
            text, counts[path.name] = _edit_vcards(
                path.read_bytes().decode("utf-8", "surrogateescape"), rng)
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
        elif path.suffix == ".zip":
            def edit(name: str, data: bytes) -> bytes:
                text, counts[name] = _edit_csv_text(data.decode("utf-8-sig"), "Position", rng)
                return text.encode("utf-8")
            rewrite_member(path, "Connections.csv", edit)
    return counts


def rewrite_member(path: Path, suffix: str, edit) -> None:
    """The zip archive at `path` written again with each member whose name ends with `suffix`
    replaced by `edit(name, data)`, the others as they were."""
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            zf.writestr(info, edit(info.filename, data) if info.filename.endswith(suffix)
                        else data)


def measure(generator: str, records: int | None, people: int | None, seed: int,
            runs: int) -> dict:
    name = set_name(generator, records, people, seed)
    base = generate(records, people, seed, name, generator)
    home = base / "refresh_home"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(base / "exports", home / "exports")  # edited below; the set stays as made
    exports = sorted(str(p) for p in (home / "exports").iterdir())
    out = home / "out"
    report: dict = {"generator": generator, "set": name, "seed": seed,
                    "first_run": kith_run(exports, out, home, DAY)}
    report["records"] = json.loads((out / "manifest.json").read_text())["counts"].get("records")
    report["unchanged_same_as_of"] = [kith_run(exports, out, home, DAY) for _ in range(runs)]
    report["unchanged_next_day"] = [kith_run(exports, out, home, DAY + dt.timedelta(days=n))
                                    for n in range(1, runs + 1)]
    later = DAY + dt.timedelta(days=runs + 1)
    report["changes"] = change_one_percent(home / "exports", seed)
    report["one_percent_changed"] = kith_run(exports, out, home, later)
    report["full"] = kith_run(exports, out, home, later, "--full")
    shutil.rmtree(home, ignore_errors=True)
    return report


def row(r: dict) -> str:
    first, full, one = r["first_run"], r["full"], r["one_percent_changed"]
    same = min(x["s"] for x in r["unchanged_same_as_of"])
    nights = ", ".join(f"{x['s']}{' (re-dated)' if x['redated'] else ''}"
                       for x in r["unchanged_next_day"])
    loads = [first["load"], full["load"], one["load"]]
    return (f"| {r['generator'].rsplit('.', 1)[-1]} | {r['records']} | {first['s']} | {full['s']} "
            f"| {one['s']} ({round(100 * one['s'] / full['s'])}%) | {same} | {nights} "
            f"| {max(x['gib'] for x in (first, full, one))} | {min(loads)}-{max(loads)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generator", default="pipeline.synth_spec")
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--records", type=int)
    size.add_argument("--people", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--all", action="store_true", help="both generators, 100k people and ~1M")
    a = ap.parse_args()
    sets = ALL if a.all else [(a.generator, a.records, a.people or (None if a.records else
                                                                     100_000), a.seed)]
    reports = []
    for gen, records, people, seed in sets:
        reports.append(measure(gen, records, people, seed, a.runs))
        print(json.dumps(reports[-1]), flush=True)
    print("\n| generator | records | first run s | --full s | 1% changed s (of full) "
          "| no change, same as-of s | no change, next days s | peak GiB | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in reports:
        print(row(r))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "refresh_report.json").write_text(json.dumps(reports, indent=2))


if __name__ == "__main__":
    main()

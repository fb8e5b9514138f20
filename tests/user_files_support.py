"""Fuzzing the files that belong to the user (docs/fuzz32.md): the notes file, the ledger,
decisions, targets, the network rules and kith.toml, as a real home holds them after `kith
run`, `kith note`, `kith log`, `kith merge` / `keep-apart` and `kith tag`.

Each mutation is the damage such a file really meets (a sync or a copy that stopped, a
spreadsheet's re-save, a hand edit); each check is the contract: exit 0-3 with a "kith: ..."
sentence, never a traceback; the user's file never overwritten with less than it held; notes
text escaped on every page. Used by tests/test_fuzz_user_files.py and bench/fuzz_user_files.py.
"""

from __future__ import annotations

import codecs
import csv
import io
import random
import shutil
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-01"
CONFIG = """inputs = ["exports"]
out = "out"
[files]
networks = "networks.toml"
targets = "targets.toml"
decisions = "decisions.toml"
notes = "notes.csv"
"""
# What the user typed: HTML that must stay text on every page, accents that must survive a
# rewrite, a long note (a pasted e-mail).
XSS = '<script>alert("kith-fuzz32")</script><img src=x onerror=alert(1)>'
ACCENTS = "Café für Zoë, déjà vu — 日本語"
LONG = "A pasted e-mail thread. " * 400
# The files of a home the user owns, by their name in the home folder.
CSV_FILES = ("notes.csv", "ledger.csv")
TOML_FILES = ("decisions.toml", "targets.toml", "networks.toml", "kith.toml")


def invoke(home: Path, *args: str):
    """A kith command in `home` (its kith.toml), through click, exceptions caught."""
    return CliRunner().invoke(__import__("pipeline.cli", fromlist=["main"]).main,
                              [*args, "--config", str(home / "kith.toml")])


def build_home(home: Path, exports: Path | None = None) -> list[str]:
    """A home run once on `exports` (data/sample), then noted, logged, decided and tagged as
    a user would. Returns the person ids it used (the first is noted with XSS and ACCENTS)."""
    import polars as pl

    shutil.copytree(exports or ROOT / "data" / "sample", home / "exports")
    shutil.copy(ROOT / "configs" / "networks.toml", home / "networks.toml")
    shutil.copy(ROOT / "configs" / "demo-targets.toml", home / "targets.toml")
    (home / "kith.toml").write_text(CONFIG, "utf-8")
    res = invoke(home, "run", "--as-of", AS_OF)
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(home / "out" / "people.parquet").sort("person_id")
    pids = people["person_id"].to_list()[:6]
    steps = [
        ("note", pids[0], "--need", f"{XSS} {ACCENTS}", "--offer", "intro to a lawyer",
         "--next", LONG),
        ("note", pids[1], "--need", "a job in Zürich", "--follow-up", "2026-12-20"),
        ("log", pids[0], "gave", f"an intro {XSS}", "--on", "2026-11-02"),
        ("log", pids[1], "asked", f"a referral {ACCENTS}", "--on", "2026-11-03"),
        ("log", pids[2], "talked", "coffee", "--on", "2026-11-04"),
        ("keep-apart", pids[3], pids[4]),
        ("tag", pids[2], "--add", "peer", "--as-of", AS_OF),
    ]
    for step in steps:
        res = invoke(home, *step)
        assert res.exit_code == 0, (step, res.output)
    return pids


def snapshot(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}


# -- mutations: (data, rng, pids) -> (data, encoding the text is now in) ----------------------

def _text(data: bytes) -> str:
    return data.decode("utf-8-sig")


def truncate_mid_line(data, rng, pids):
    lines = data.split(b"\n")
    at = rng.randrange(1, max(2, len(lines)))
    cut = b"\n".join(lines[:at]) + b"\n" + lines[at][: rng.randrange(len(lines[at]) + 1)] \
        if at < len(lines) else data
    return cut, "utf-8"


def truncate_mid_utf8(data, rng, pids):
    leads = [i for i, b in enumerate(data) if b >= 0xC2 and i > 3]
    return (data[: rng.choice(leads) + 1] if leads else data[: len(data) // 2]), "utf-8"


def bom_changes(data, rng, pids):
    if data.startswith(codecs.BOM_UTF8):
        return rng.choice([data[3:], codecs.BOM_UTF8 + data]), "utf-8"
    return codecs.BOM_UTF8 + data, "utf-8"


def crlf(data, rng, pids):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), "utf-8"


def nuls(data, rng, pids):
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out), "utf-8"


def excel_resave(data, rng, pids):
    """Excel's CSV re-save in a European locale: semicolons, every cell quoted, cp1252 (what
    cp1252 cannot hold becomes '?', as Excel writes it)."""
    rows = list(csv.reader(io.StringIO(_text(data), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=rng.choice([";", ","]), quoting=csv.QUOTE_ALL,
               lineterminator="\r\n").writerows(rows)
    enc = rng.choice(["cp1252", "latin-1"])
    return buf.getvalue().encode(enc, "replace"), enc


def duplicate_rows(data, rng, pids):
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data, "utf-8"
    i = rng.randrange(1, len(lines))
    return b"".join(lines[: i + 1] + [lines[i]] + lines[i + 1:]), "utf-8"


def unknown_column(data, rng, pids):
    rows = list(csv.reader(io.StringIO(_text(data), newline="")))
    for n, row in enumerate(rows):
        row.append("my column" if n == 0 else f"kept {n} ✓")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return codecs.BOM_UTF8 + buf.getvalue().encode("utf-8"), "utf-8"


def gone_person(data, rng, pids):
    """A person id that no longer exists (a row copied from an old file), and one with
    spaces and another case around an existing id."""
    rows = list(csv.reader(io.StringIO(_text(data), newline="")))
    if len(rows) < 2:
        return data, "utf-8"
    extra = [list(rows[rng.randrange(1, len(rows))]), list(rows[rng.randrange(1, len(rows))])]
    extra[0][0] = "p_" + "0" * 16
    extra[1][0] = f"  {extra[1][0].upper()} "
    for row in extra:  # a row with nothing typed is kith's own, dropped by design
        row[2 if len(row) > 2 else -1] = "typed in an old copy"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows + extra)
    return codecs.BOM_UTF8 + buf.getvalue().encode("utf-8"), "utf-8"


def hostile_cells(data, rng, pids):
    """A very long note, HTML, a formula, a lone CR, quotes, in the user's columns."""
    rows = list(csv.reader(io.StringIO(_text(data), newline="")))
    values = [XSS, "=HYPERLINK(\"http://x\")", "x" * 200_000, 'a "quoted" word\r\nline 2',
              "tab\tand;semicolon", "\u202eRTL override", "\ufeffinner BOM"]
    for row in rows[1:]:
        if row and row[0] not in (pids[0], pids[2]):
            continue  # (the others' rows are the ones the commands change)
        for i in range(2, len(row)):
            if rng.random() < 0.3:
                row[i] = rng.choice(values)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return codecs.BOM_UTF8 + buf.getvalue().encode("utf-8"), "utf-8"


def header_only(data, rng, pids):
    return data.splitlines(keepends=True)[0] if data else data, "utf-8"


def empty(data, rng, pids):
    return rng.choice([b"", b"\xef\xbb\xbf", b"\n\n", b"\x00" * 64]), "utf-8"


def stray_byte(data, rng, pids):
    """A UTF-8 file (no BOM: an editor dropped it) with one cp1252 byte typed into it."""
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    lines = body.split(b"\n")
    i = rng.randrange(1, max(2, len(lines) - 1)) if len(lines) > 2 else 0
    lines[i] = lines[i] + rng.choice([b" caf\xe9", b" \x93quoted\x94", b" 5\x80"])
    return b"\n".join(lines), "utf-8"


def sep_line(data, rng, pids):
    """Excel's "sep=;" hint line above a semicolon file."""
    rows = list(csv.reader(io.StringIO(_text(data), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("sep=;\r\n" + buf.getvalue()).encode("utf-8"), "utf-8"


def bad_values(data, rng, pids):
    """Cells kith reads that hold what it cannot read: a date in words, an unknown kind or
    flag, a row without its person id."""
    rows = list(csv.reader(io.StringIO(_text(data), newline="")))
    if len(rows) < 2:
        return data, "utf-8"
    head = [h.strip().lower() for h in rows[0]]
    odd = {"follow_up": "next tuesday", "do_not_contact": "maybe", "date": "sometime",
           "kind": "helped", "person_id": ""}
    row = list(rows[rng.randrange(1, len(rows))])
    for col, value in odd.items():
        if col in head and rng.random() < 0.6 and head.index(col) < len(row):
            row[head.index(col)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([*rows, row])
    return codecs.BOM_UTF8 + buf.getvalue().encode("utf-8"), "utf-8"


def stray_quote(data, rng, pids):
    """A quote typed at the start of a cell of a row in the middle, never closed."""
    lines = _text(data).split("\n")
    if len(lines) < 4:
        return data, "utf-8"
    i = rng.randrange(1, len(lines) - 2)
    cells = lines[i].split(",")
    j = rng.randrange(2, len(cells)) if len(cells) > 2 else 0
    cells[j] = '"' + cells[j] + " typed"
    lines[i] = ",".join(cells)
    return codecs.BOM_UTF8 + "\n".join(lines).encode("utf-8"), "utf-8"


def header_sorted(data, rng, pids):
    """A spreadsheet sort that took the header row in with the others."""
    lines = _text(data).rstrip("\n").split("\n")
    if len(lines) < 3:
        return data, "utf-8"
    lines.insert(rng.randrange(1, len(lines)), lines.pop(0))
    return codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode("utf-8"), "utf-8"


def utf16(data, rng, pids):
    return _text(data).encode("utf-16"), "utf-16"


CSV_MUTATIONS = {f.__name__: f for f in (
    truncate_mid_line, truncate_mid_utf8, bom_changes, crlf, nuls, excel_resave,
    duplicate_rows, unknown_column, gone_person, hostile_cells, header_only, empty, utf16,
    stray_byte, sep_line, bad_values, stray_quote, header_sorted)}


def toml_damage(data, rng, pids):
    """TOML hand-edit damage: cut short, a BOM, CRLF, NULs, Latin-1, a table or key twice, a
    key kith does not know, a gone person id."""
    text = _text(data)
    how = rng.choice(["truncate", "bom", "crlf", "nul", "latin1", "dup_table", "dup_key",
                      "unknown_key", "gone_id"])
    if how == "truncate":
        return data[: rng.randrange(len(data) + 1)], "utf-8"
    if how == "bom":
        return codecs.BOM_UTF8 + data, "utf-8"
    if how == "crlf":
        return crlf(data, rng, pids)
    if how == "nul":
        return nuls(data, rng, pids)
    if how == "latin1":
        return (text + '\n# Café noté\n').encode("latin-1", "replace"), "latin-1"
    lines = text.splitlines(keepends=True) or ["\n"]
    if how == "dup_table":
        heads = [ln for ln in lines if ln.startswith("[")]
        return (text + "\n" + (rng.choice(heads) if heads else "[x]\n")).encode(), "utf-8"
    if how == "dup_key":
        keys = [ln for ln in lines if "=" in ln and not ln.startswith("#")]
        return (text + (rng.choice(keys) if keys else "a = 1\n")).encode(), "utf-8"
    if how == "unknown_key":
        return (text + "\nsurprise = \"yes\"\n").encode(), "utf-8"
    return text.replace(pids[3], "p_" + "0" * 16).encode(), "utf-8"


# -- the contract ---------------------------------------------------------------------------

def check_output(res) -> list[str]:
    problems = []
    out = res.output
    if res.exit_code not in (0, 1, 2, 3):
        problems.append(f"exit code {res.exit_code}: {out[-300:]}")
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        problems.append(f"exception {type(res.exception).__name__}: {res.exception}")
    if "Traceback" in out or "internal error" in out or "PanicException" in out:
        problems.append("traceback or internal error: " + out[-400:])
    if res.exit_code not in (0,) and "kith: " not in out:
        problems.append("failed without a 'kith: ' sentence: " + out[-400:])
    return problems


# Columns kith owns and rewrites by design (a merge re-keys person_id and renames; a sync
# recomputes the status): not the user's cells.
KITH_OWN = {"person_id", "kith_status", "kith_flag", "kith_from"}


def cells(data: bytes, encoding: str, own: frozenset[str] = frozenset()) -> set[str]:
    """The non-empty cells of a CSV as the user sees them (NULs dropped, the delimiter the
    header line uses), but for the columns named in `own`."""
    text = data.decode(encoding, "replace").lstrip("\ufeff").replace("\x00", "")
    first = text.split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error:
        return set()
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]] if rows else []
    skip = {i for i, h in enumerate(header) if h in own}
    return {c.strip() for r in rows for i, c in enumerate(r)
            if c.strip() and "\ufffd" not in c and i not in skip}


def check_kept(home: Path, name: str, before: bytes, encoding: str) -> list[str]:
    """The user's file holds at least what it held: untouched, or every cell it held still in
    it, or its bytes kept aside in a file beside it."""
    path = home / name
    after = path.read_bytes() if path.exists() else b""
    if after == before:
        return []
    if any(p.read_bytes() == before for p in home.iterdir() if p.is_file() and p != path):
        return []  # kept aside
    if not name.endswith(".csv"):  # a TOML file kith edits (decisions): every line kept
        old = before.decode(encoding, "replace").lstrip("\ufeff").replace("\r\n", "\n")
        new = after.decode("utf-8-sig", "replace").replace("\r\n", "\n")
        lost = [ln for ln in old.splitlines() if ln.strip() and ln.strip() not in new]
        return [f"{name} rewritten, lost {lost[0][:80]!r}"] if lost else []
    own = frozenset(KITH_OWN | ({"name"} if name == "notes.csv" else set()))
    after_text = "\n".join(cells(after, "utf-8"))
    lost = sorted(c for c in cells(before, encoding, own) if c not in after_text)
    if lost:
        return [f"{name}: {len(lost)} cell(s) lost or changed, e.g. {lost[0][:80]!r}"]
    return []


def check_landed(home: Path, pids: list[str], command: str) -> list[str]:
    """What `kith note` or `kith log` said it saved reads back: an entry that a damaged file
    swallows is a silent loss."""
    from pipeline.notes import ledger, notes_file
    from pipeline.notes.userfile import UsageProblem

    try:
        if command == "log":
            got = ledger.load_ledger(home / "ledger.csv").filter(
                (ledger.pl.col("person_id") == pids[1]) & (ledger.pl.col("text") == "a call"))
            return [] if got.height else ["kith log's entry does not read back"]
        if command == "note":
            got = notes_file.load_notes(home / "notes.csv").filter(
                notes_file.pl.col("person_id") == pids[1])
            offers = got["offer"].to_list() if got.height else []
            return [] if any("call on Friday" in (o or "") for o in offers) else [
                "kith note's offer does not read back"]
    except UsageProblem:
        return []  # the file is refused with a sentence: nothing said it was saved
    return []


def check_escaped(home: Path) -> list[str]:
    """No page kith wrote holds the user's HTML as markup."""
    bad = []
    for page in (home / "out").rglob("*.htm*"):
        text = page.read_text("utf-8", "replace")
        if "<script>alert(\"kith-fuzz32\")" in text or "<img src=x onerror" in text:
            bad.append(f"unescaped notes text in {page.relative_to(home)}")
    return bad


# The commands that read the user's files, each as the user runs them.
def commands(pids: list[str]) -> dict[str, tuple[str, ...]]:
    return {
        "run": ("run", "--as-of", AS_OF),
        "note": ("note", pids[1], "--offer", "call on Friday"),
        "show": ("note", pids[1]),
        "log": ("log", pids[1], "talked", "a call", "--on", "2026-11-20"),
        "decisions": ("decisions",),
        "plan": ("plan",),
        "targets": ("targets",),
        "merge": ("merge", pids[4], pids[5]),
        "serve": (),  # serve_pages
    }


def run_case(base: Path, work: Path, pids: list[str], name: str, mutation: str, command: str,
             seed: int) -> list[str]:
    """Copy the home `base` to `work`, damage its file `name`, run `command`, check."""
    shutil.copytree(base, work, symlinks=True)
    rng = random.Random(seed)
    path = work / name
    original = path.read_bytes() if path.exists() else b""
    fn = CSV_MUTATIONS[mutation] if name.endswith(".csv") else toml_damage
    damaged, encoding = fn(original, rng, pids)
    path.write_bytes(damaged)
    others = {n: b for n, b in snapshot(work).items() if n != name}
    if command == "serve":
        problems = serve_pages(work, pids)
    else:
        res = invoke(work, *commands(pids)[command])
        problems = check_output(res)
        if res.exit_code == 0:
            problems += check_landed(work, pids, command)
    problems += check_kept(work, name, damaged, encoding)
    if command == "run":
        problems += check_escaped(work)
    for other, data in others.items():  # a file kith rewrites itself is compared by cells
        if other in CSV_FILES and (work / other).exists():
            problems += check_kept(work, other, data, "utf-8")
    return [f"{name}/{mutation}/{command}/{seed}: {p}" for p in problems]


def serve_pages(home: Path, pids: list[str]) -> list[str]:
    """kith serve on the home: its pages and the notes and log forms. A page is never a 500,
    never holds the user's HTML as markup; a form's POST is saved or refused in a sentence."""
    import datetime as dt

    from starlette.testclient import TestClient

    from pipeline import config
    from pipeline.serve.app import create_app
    from pipeline.serve.security import Guard

    try:
        cfg = config.load(home / "kith.toml")
    except config.ConfigError:
        return []  # `kith serve` says it in a sentence before serving (as every command)
    guard = Guard(8799)
    app = create_app(cfg, cfg.out, guard, today=lambda: dt.date(2026, 12, 1))
    client = TestClient(app, base_url="http://127.0.0.1:8799", raise_server_exceptions=False)
    client.get(f"/review?token={guard.token}")  # the token becomes a cookie
    client.guard = guard
    try:
        return _served(client, pids)
    finally:
        app.state.kith.runner.wait(120)


def _served(client, pids: list[str]) -> list[str]:
    problems = []
    csrf = client.guard.csrf
    pages = ["/", "/review", "/targets", "/reconnect", "/introductions", "/search?q=a",
             *(f"/person/{p}" for p in pids[:3])]
    posts = [(f"/person/{pids[1]}/note", {"csrf": csrf, "offer": f"served {XSS}"}),
             (f"/person/{pids[1]}/log", {"csrf": csrf, "kind": "talked", "text": "served",
                                         "on": "2026-11-21"}),
             (f"/person/{pids[0]}/follow-up", {"csrf": csrf, "action": "done"}),
             (f"/person/{pids[2]}/network", {"csrf": csrf, "network": "business",
                                             "action": "add"})]
    for path in pages:
        r = client.get(path)
        problems += _page_problems(path, r)
    for path, form in posts:
        r = client.post(path, data=form)
        problems += _page_problems(path, r)
        if 400 <= r.status_code < 500 and "<p" not in r.text:
            problems.append(f"POST {path}: {r.status_code} with no sentence")
    return problems


def _page_problems(path: str, r) -> list[str]:
    out = []
    if r.status_code >= 500 and not (r.status_code == 503 and 'id="error"' in r.text):
        out.append(f"{path}: {r.status_code} {r.text[-300:]}")
    if "<script>alert(\"kith-fuzz32\")" in r.text or "<img src=x onerror" in r.text:
        out.append(f"{path}: unescaped notes text")
    return out


# -- a concurrent edit: the user saves the file between kith's read and its write ----------

EDIT_MARK = "typed in the spreadsheet while kith ran"


def concurrent_case(base: Path, work: Path, pids: list[str], name: str, command: str
                    ) -> list[str]:
    """Copy the home, run `command` with the user saving `name` (a row added) right after
    kith first reads it; both the user's row and kith's change must be in the file after."""
    from pipeline.notes import userfile, userrows

    shutil.copytree(base, work, symlinks=True)
    path = work / name
    real_read, real_find = userfile.read, userrows.find_rows
    saved = []

    def user_saves(p):
        if Path(p) == path and not saved:
            rows = path.read_bytes().decode("utf-8-sig").rstrip("\r\n")
            cells = [pids[2], "", EDIT_MARK] if name == "notes.csv" else \
                ["2026-11-30", pids[2], "", "talked", EDIT_MARK]
            path.write_bytes(codecs.BOM_UTF8 + (rows + "\n" + ",".join(cells) + "\n").encode())
            saved.append(True)

    def read_then_user_saves(p, *args):
        out = real_read(p, *args)
        user_saves(p)
        return out

    def find_then_user_saves(p, *args):
        out = real_find(p, *args)
        user_saves(p)
        return out

    from pipeline.notes import ledger, notes_file

    modules = (userfile, ledger, notes_file)  # each holds its own name for read
    for module in modules:
        module.read = read_then_user_saves
    userrows.find_rows = find_then_user_saves
    try:
        res = invoke(work, *commands(pids)[command])
    finally:
        for module in modules:
            module.read = real_read
        userrows.find_rows = real_find
    problems = check_output(res)
    text = path.read_bytes().decode("utf-8-sig", "replace")
    print(f"concurrent {name} {command}: {'saved' if saved else 'not read'}")  # bench log
    if saved and EDIT_MARK not in text:
        problems.append(f"{name}: the user's save between kith's read and write was lost")
    wanted = {"note": "call on Friday", "log": "a call"}.get(command)
    if res.exit_code == 0 and wanted and name == ("ledger.csv" if command == "log" else
                                                 "notes.csv") and wanted not in text:
        problems.append(f"{name}: kith's own change was lost")
    return [f"{name}/concurrent/{command}{'' if saved else ' (not read)'}: {p}"
            for p in problems]

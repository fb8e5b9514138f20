"""Support for the kith serve tests: a kith home made from data/sample and run once, the app
served by a real uvicorn in a thread, and a headless Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline import config
from pipeline.run import run

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)
CONFIG = """inputs = ["exports"]
out = "out"
[files]
networks = "networks.toml"
targets = "demo-targets.toml"
decisions = "decisions.toml"
notes = "notes.csv"
suppress = "suppressed.toml"
"""

def make_home(folder: Path) -> config.Config:
    """A home with the sample exports, run once (as of AS_OF)."""
    shutil.copytree(ROOT / "data" / "sample", folder / "exports")
    for name in ("networks.toml", "demo-targets.toml"):
        shutil.copy(ROOT / "configs" / name, folder / name)
    (folder / "kith.toml").write_text(CONFIG, "utf-8")
    cfg = config.load(folder / "kith.toml")
    run(cfg, cfg.inputs, cfg.out, as_of=AS_OF)
    return cfg


def add_a_need(cfg: config.Config, name: str, need: str) -> None:
    """A need noted for `name` in the home `cfg`, then kith run again (as of AS_OF), as the
    user would: data/sample has two attorneys, so this gives two introductions."""
    import polars as pl

    from pipeline.notes import notes_file

    people = pl.read_parquet(cfg.out / "people.parquet")
    pid = people.filter(pl.col("display_name") == name)["person_id"][0]
    notes_file.set_note(cfg.files["notes"], pid, name, need=need)
    run(cfg, cfg.inputs, cfg.out, as_of=AS_OF)


class SampleHomes:
    """make_home's home (and that home with a need noted) made once per test process and handed
    to each caller as a fresh copy (conftest's `sample_homes`, one per process).

    A home records its inputs' absolute paths, so a copy must lie where its run was made
    (tests/home_copies.py): each `slot` is one fixed folder, emptied and filled again per call;
    a module's `home` fixture takes the "module" slot, a test's own home the "test" slot, so the
    two live side by side (a module runs its tests between its fixture's making and teardown).
    A test gets, file for file, the home that make_home(FOLDER) would have left in that slot."""

    def __init__(self, base: Path):
        self.base = base

    def _slot(self, slot: str):
        from home_copies import FirstRuns

        (self.base / slot).mkdir(parents=True, exist_ok=True)
        return FirstRuns(self.base / slot)

    def home(self, slot: str = "test") -> config.Config:
        work = self._slot(slot).fresh("sample", make_home)
        return config.load(work / "kith.toml")

    def home_with_a_need(self, slot: str = "test", name: str = "Kenneth Smith",
                         need: str = "a lawyer to read a contract") -> config.Config:
        """The slot's sample home (a copy), then add_a_need: made once per slot and need."""
        import hashlib

        def make(work: Path) -> None:  # WORK is the slot's folder: home() fills it
            add_a_need(self.home(slot), name, need)

        key = "need-" + hashlib.sha256(f"{name}\0{need}".encode()).hexdigest()[:16]
        work = self._slot(slot).fresh(key, make)
        return config.load(work / "kith.toml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """The app on a real uvicorn server in a thread (stopped by stop())."""

    def __init__(self, cfg: config.Config, today=dt.date.today):
        import uvicorn

        from pipeline.serve.app import create_app
        from pipeline.serve.http_limits import server_options
        from pipeline.serve.security import Guard

        self.port = free_port()
        self.guard = Guard(self.port)
        self.app = create_app(cfg, cfg.out, self.guard, today=today)
        self.kith = self.app.state.kith
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    **server_options()))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.kith.runner.wait(120)
        self.server.should_exit = True
        self.thread.join(20)


@contextmanager
def signed_in(home: config.Config, port: int, today: dt.date):
    """A Starlette TestClient on `home`'s app, signed in through the printed token address;
    `.guard` and `.kith` are the app's guard and state. Waits for a background run at the end."""
    from starlette.testclient import TestClient

    from pipeline.serve.app import create_app
    from pipeline.serve.security import Guard

    guard = Guard(port)
    app = create_app(home, home.out, guard, today=lambda: today)
    client = TestClient(app, base_url=f"http://127.0.0.1:{port}")
    assert client.get(f"/?token={guard.token}").status_code == 200
    client.guard, client.kith = guard, app.state.kith
    yield client
    app.state.kith.runner.wait(120)


@contextmanager
def signed_in_restoring(home: config.Config, port: int, today: dt.date):
    """signed_in, and afterwards the notes file and the ledger as they were before: each test
    of a module sharing one home starts from the run's own files."""
    from pipeline.notes import ledger

    notes = home.files["notes"]
    led = ledger.ledger_path(notes)
    kept = notes.read_bytes()
    kept_ledger = led.read_bytes() if led.exists() else None
    with signed_in(home, port, today) as client:
        yield client
    notes.write_bytes(kept)
    if kept_ledger is None:
        led.unlink(missing_ok=True)
    else:
        led.write_bytes(kept_ledger)


def notes_cells(home, pid: str) -> list[str]:
    """The notes file's row of `pid`, its cells as written (one row, asserted)."""
    import csv
    import io

    text = home.files["notes"].read_bytes().decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r and r[0] == pid]
    assert len(rows) == 1
    return rows[0]


def excel_saves_notes(home, pid: str, **cells: str) -> None:
    """The notes file as Excel saves it after the user typed `cells` into `pid`'s row (BOM,
    CRLF; a date in the locale's form, a line break in a cell)."""
    import csv
    import io

    from pipeline.notes import notes_file

    header = list(notes_file.HEADER)
    text = home.files["notes"].read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        if row and row[0] == pid:
            for name, value in cells.items():
                row[header.index(name)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    home.files["notes"].write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))

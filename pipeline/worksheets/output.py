"""Writing worksheet files: paged HTML from the templates, and CSV twins that a spreadsheet
will not execute.

Every file is created 0600 (names, e-mails and private notes). Pages are rendered by jinja2
with autoescaping and streamed to disk; CSV files are written from a second thread, because
polars releases the GIL while it formats, so they overlap the Python-bound page loop.

CSV cells go through `pipeline.csvsafe.neutralise_expr` (the spreadsheet-formula rule as a
polars expression).
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline.csvsafe import neutralise_expr
from pipeline.worksheets import rows as R
from pipeline.worksheets.cards import fragments


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as neutralised text; lists become "a; b"."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.list.eval(pl.element().cast(pl.String)).list.join("; ")
        elif dtype == pl.Boolean:
            col = pl.when(col).then(pl.lit("yes")).otherwise(pl.lit(""))
        exprs.append(neutralise_expr(col).alias(name))
    return frame.select(exprs)


def write_csv(frame: pl.DataFrame, path: Path, *, neutralised: bool = False) -> None:
    """Write `frame` (as_text() first unless the caller already did)."""
    text = frame if neutralised else as_text(frame)
    # The BOM makes Excel read UTF-8 (names with accents) instead of the local code page.
    text.write_csv(path, include_bom=True)
    os.chmod(path, 0o600)


@dataclass
class Pager:
    stem: str
    number: int
    count: int
    size: int
    total: int
    index: list[tuple[str, str]] = field(default_factory=list)

    def file(self, n: int) -> str:
        return f"{self.stem}.html" if n == 1 else f"{self.stem}-{n}.html"

    first = property(lambda self: self.file(1))
    last = property(lambda self: self.file(self.count))
    prev = property(lambda self: self.file(self.number - 1) if self.number > 1 else "")
    next = property(lambda self: self.file(self.number + 1) if self.number < self.count else "")


@functools.cache
def environment() -> Environment:
    """One per process: Jinja compiles each template once (a batch worker renders many owners)."""
    # autoescape=True, not select_autoescape(): every template is HTML (field notes).
    return Environment(loader=PackageLoader("pipeline", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


class Writer:
    """Writes pages in the calling thread and CSV files in a second one: polars releases the
    GIL while it formats and writes CSV, so that overlaps the Python-bound page loop."""

    def __init__(self, folder: Path, common: dict, page_size: int):
        self.folder, self.common, self.page_size = folder, common, page_size
        self.env = environment()
        self.written: list[str] = []
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kith-csv")
        self.pending: list = []

    def close(self) -> None:
        """Wait for the CSV files (re-raising a failure) and stop the thread."""
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def text(self, rel: str, content: str) -> None:
        fd = os.open(self.folder / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        self.written.append(rel)

    def csv(self, rel: str, frame: pl.DataFrame, neutralised: bool = False) -> None:
        self.pending.append(self.pool.submit(write_csv, frame, self.folder / rel,
                                             neutralised=neutralised))
        self.written.append(rel)

    def job(self, rel: str, fn, *args) -> None:
        """Write `rel` by calling fn(*args) in the CSV thread."""
        self.pending.append(self.pool.submit(fn, *args))
        self.written.append(rel)

    def page(self, template: str, rel: str, **ctx) -> None:
        fd = os.open(self.folder / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # Streamed: a 500-card page is not copied into one more big string.
            self.env.get_template(template).stream(**self.common, current=rel, **ctx).dump(fh)
        self.written.append(rel)

    def pages(self, template: str, stem: str, frame: pl.DataFrame, label: str, *,
              grouped: str | None = None, **ctx) -> None:
        """One page per `page_size` rows of `frame` (which has an `html` column); `label`
        names a page in the page index. With `grouped`, a page's rows are split into
        (value, items) groups on that column (targets: one table per company)."""
        total = frame.height
        count = max(1, -(-total // self.page_size))
        index = []
        if count > 1:
            bounds = (R.with_pages(frame.select(label), stem, self.page_size)
                      .group_by("page", "file", maintain_order=True)
                      .agg(a=pl.col(label).first(), b=pl.col(label).last()))
            index = [(f, a if a == b else f"{a} – {b}") for _, f, a, b in bounds.rows()]
        for n in range(1, count + 1):
            part = frame.slice((n - 1) * self.page_size, self.page_size)
            pager = Pager(stem, n, count, part.height, total, index if n == 1 else [])
            if grouped:
                groups = part.group_by(grouped, maintain_order=True).agg("html")
                ctx["groups"] = [(g, fragments(h)) for g, h in groups.rows()]
            else:
                # joined by polars: no Python string per card (one page at a time in memory)
                ctx["items"] = fragments(part["html"].str.join("\n").to_list())
            self.page(template, pager.file(n), pager=pager, **ctx)

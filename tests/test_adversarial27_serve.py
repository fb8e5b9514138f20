"""Round 27: kith serve's search in a large book (docs/adversarial27.md). On main it showed
the first 50 matches in the people table's order under "50 found (the first 50)", however
many matched: in a 100,000-person book "smith" found 1,504 people, and the one looked for was
often not among the 50, with no way to see the rest."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from serve_home import signed_in

from pipeline import config
from pipeline.run import run

FIRST = ["Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo", "Kit", "Lu", "Mo",
         "Ned", "Oz", "Pia", "Quin", "Rae", "Sid", "Tia", "Uma", "Vic", "Wes"]


def _home(folder: Path) -> config.Config:
    """151 Smiths (the last by name: Zoe Smith) and one Jones."""
    (folder / "exports").mkdir()
    rows = [f"{FIRST[i % len(FIRST)]}{i},Smith,smith{i}@x.example" for i in range(150)]
    rows += ["Zoe,Smith,zoe@x.example", "Amy,Jones,amy@x.example"]
    (folder / "exports" / "g.csv").write_text(
        "First Name,Last Name,E-mail 1 - Value\n" + "\n".join(rows) + "\n", "utf-8")
    (folder / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n', "utf-8")
    cfg = config.load(folder / "kith.toml")
    run(cfg, cfg.inputs, cfg.out, as_of=dt.date(2026, 12, 6))
    return cfg


def _names(html: str) -> list[str]:
    return re.findall(r'href="/person/[^"]+"><bdi>([^<]+)</bdi></a>', html)


def test_search_counts_every_match_and_pages_through_them_by_name(tmp_path):
    cfg = _home(tmp_path)
    with signed_in(cfg, 8765, dt.date(2026, 12, 6)) as c:
        first = c.get("/search", params={"q": "smith"}).text
        assert "151 found" in first  # on main: "50 found (the first 50)"
        names = _names(first)
        assert len(names) == 100 and names == sorted(names, key=str.lower)
        assert 'href="?q=smith&amp;page=2"' in first
        second = c.get("/search", params={"q": "smith", "page": "2"}).text
        rest = _names(second)
        assert len(rest) == 51 and rest[-1] == "Zoe Smith"
        assert set(names).isdisjoint(rest)
        assert "page 2 of 2" in second
        one = c.get("/search", params={"q": "jones"}).text
        assert "1 found." in one and "page 1" not in one  # one page: no pager
        assert "0 found" in c.get("/search", params={"q": "zzzqqq"}).text

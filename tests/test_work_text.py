"""A person's work, "title at organisation", written once (worksheets.rows.work_text) and shown
the same in the worksheets, the introductions and kith serve; the organisation is left out
when the title already names it (adversarial27 left "Recruiter at Google at Google")."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from exports_support import kith_run

from pipeline import config
from pipeline.worksheets.rows import work_text

CASES = [
    ("Recruiter at Google", "Google", "Recruiter at Google"),
    ("Head of Talent, Acme Corp.", "Acme Corp", "Head of Talent, Acme Corp."),
    ("GOOGLE Cloud architect", "Google", "GOOGLE Cloud architect"),
    ("Metadata Engineer", "Meta", "Metadata Engineer at Meta"),  # words, not letters
    ("Engineer at Google", "Google LLC", "Engineer at Google at Google LLC"),  # as written
    ("Recruiter", "Google", "Recruiter at Google"),
    (None, "Acme", "Acme"),
    ("CEO", None, "CEO"),
    ("CEO", "", "CEO"),
    ("CEO", "—", "CEO at —"),  # an organisation of no words is never "named"
    (None, None, ""),
]


@pytest.mark.parametrize(("title", "organization", "shown"), CASES)
def test_work_text(title, organization, shown):
    frame = pl.DataFrame({"t": [title], "o": [organization]}, schema={"t": pl.String,
                                                                     "o": pl.String})
    assert frame.select(work_text(pl.col("t"), pl.col("o"))).item() == shown


GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Organization 1 - Name,"
          "Organization 1 - Title\n"
          "Ann,Lee,ann@a.example,Google,Recruiter at Google\n"
          "Bob,Ray,bob@b.example,Meta,Metadata Engineer\n")


def test_worksheets_and_serve_show_the_organisation_once(tmp_path):
    kith_run(tmp_path, {"google.csv": GOOGLE})
    shown = {}
    for path in (tmp_path / "out" / "worksheets").glob("*.csv"):
        frame = pl.read_csv(path, infer_schema=False)
        if {"name", "work"} <= set(frame.columns):
            shown.update(zip(frame["name"], frame["work"], strict=True))
    assert shown == {"Ann Lee": "Recruiter at Google", "Bob Ray": "Metadata Engineer at Meta"}
    html = "".join(p.read_text("utf-8")
                   for p in (tmp_path / "out" / "worksheets").glob("*.html"))
    assert "at Google at Google" not in html and "Recruiter at Google" in html

    from serve_home import signed_in

    (tmp_path / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n', "utf-8")
    home = config.load(tmp_path / "kith.toml")
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    ann = people.filter(pl.col("display_name") == "Ann Lee")["person_id"][0]
    with signed_in(home, 8779, dt.date(2026, 12, 6)) as client:
        page = client.get(f"/person/{ann}").text
        assert "<dd>Recruiter at Google</dd>" in page
        found = client.get("/search", params={"q": "ray"}).text
        assert "Metadata Engineer at Meta" in found
        assert "at Google at Google" not in client.get("/search", params={"q": "lee"}).text

"""An e-mail cell may hold a display name, a mailto: link or several addresses (hand-made and
CRM CSVs: `Ann Lee <ann@…>`, `mailto:bob@…`, `cid@…; cid.moe@…`). Dedupe's keys already read the
addresses in them, but the person's card listed the cell as written (lower-cased): "ann lee
<ann@…>" as one address, shown as text instead of a mailto link, and two addresses as one.
people.emails now lists the addresses themselves (pipeline.normalize.emails.addresses).
Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize.emails import addresses, normalize_emails

CSV = ("First Name,Last Name,E-mail 1 - Value,Organization Name\r\n"
       "Ann,Lee,Ann Lee <Ann.Lee@Example.org>,Acme\r\n"
       "Bob,Ray,mailto:bob@example.org,Acme\r\n"
       '"Cid","Moe","cid@example.org; cid.moe@example.net",Initech\r\n'
       "Dee,Fox,n/a,Initech\r\n")


def test_a_card_lists_the_addresses_a_cell_holds(tmp_path: Path):
    kith_run(tmp_path, {"contacts.csv": CSV})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    emails = dict(people.select("display_name", "emails").rows())
    assert emails == {"Ann Lee": ["ann.lee@example.org"], "Bob Ray": ["bob@example.org"],
                      "Cid Moe": ["cid@example.org", "cid.moe@example.net"], "Dee Fox": []}
    pages = "".join(p.read_text("utf-8")
                    for p in (tmp_path / "out" / "current" / "worksheets").glob("*.html"))
    for address in ("ann.lee@example.org", "cid@example.org", "cid.moe@example.net"):
        assert f'href="mailto:{address}"' in pages
    assert "ann lee &lt;" not in pages.lower()


VALUES = st.sampled_from(["ann@example.org", "Ann@Example.org ", "Ann <ann@example.org>",
                          "mailto:bob@example.org", "a@x.org; b@y.org", "n/a", "", None,
                          "x.y@gmail.com", "cid@example.org.", '"Doe, Jane" <jane@x.com>'])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(VALUES, max_size=4) | st.none(), max_size=6))
def test_one_address_for_each_key(cells):
    # every address listed has exactly the keys dedupe matched on, in the same order
    series = pl.Series("emails", cells, dtype=pl.List(pl.String))
    listed = addresses(series)
    keys = normalize_emails(series)["email_keys"]
    assert listed.len() == series.len()
    for found, key in zip(listed.to_list(), keys.to_list(), strict=True):
        assert found == list(dict.fromkeys(found))  # no address twice
        gmail = [a if not a.endswith("@gmail.com") else
                 a.split("@")[0].split("+")[0].replace(".", "") + "@gmail.com" for a in found]
        assert list(dict.fromkeys(gmail)) == key

"""Social-profile columns of a generic CSV (pipeline.formats.csvsocial, docs/realworld18.md):
a `social`, `LinkedIn` or `Profile` column's web addresses are the person's URLs and a
LinkedIn profile among them the person's profile (the dedupe key); handles and prose stay
unread and are named in the run's log. On main the whole column was unread (docs/realworld17.md
W3: three LinkedIn profiles of a real attendee list lost)."""

import polars as pl
from exports_support import kith_run
from hypothesis import given
from hypothesis import strategies as st
from test_addressbook import HERE, parse

from pipeline.formats import csvheaders
from pipeline.stages.ingest_parse import parse_bytes


def test_a_social_columns_web_addresses_are_the_persons_urls():
    fmt, p = parse("attendees_social_column.csv")
    assert fmt == "contacts_csv" and p.rejects.height == 0
    rows = p.contacts.sort("source_row")
    assert rows["urls"].to_list() == [
        ["https://www.linkedin.com/in/maren-holt-4b1a2c"], [],
        ["https://twitter.com/inesachter", "https://ines.example.org/"],
        ["kofimensah.example.net"], ["linkedin.com/in/lenavogt"], [], []]
    assert rows["linkedin_url"].to_list() == [
        "https://www.linkedin.com/in/maren-holt-4b1a2c", None, None, None,
        "linkedin.com/in/lenavogt", None, None]
    # the handle, the labels around two addresses and the prose are named, with optIn
    assert p.unread == (("social", 3), ("optIn", 7))


def test_linkedin_and_profile_headers_are_social_columns():
    for header in ("social", "Social Profile", "LinkedIn", "linkedin_profile", "Profile",
                   "Twitter", "Social Media", "XING"):
        assert csvheaders.field_of(header, frozenset()) == "social", header
    assert csvheaders.field_of("LinkedIn URL", frozenset()) == "urls"  # a URL column as before


def test_a_linkedin_column_beside_a_web_page_column():
    data = (b"Name,Email,Website,LinkedIn\r\n"
            b"Pia Lind,pia@example.com,https://pia.example.com,"
            b"https://se.linkedin.com/in/pia-lind\r\n")
    fmt, reason, p = parse_bytes(data, "c.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    row = p.contacts.row(0, named=True)
    assert row["urls"] == ["https://pia.example.com", "https://se.linkedin.com/in/pia-lind"]
    assert row["linkedin_url"] == "https://se.linkedin.com/in/pia-lind" and p.unread == ()


def test_names_beside_linkedin_profiles_are_people():
    """A list of names and LinkedIn profiles (no e-mail, no phone): each profile tells its
    person apart, so the rows are people, not "a list of names only"."""
    data = (b"Full Name,LinkedIn\nPia Lind,https://www.linkedin.com/in/pia-lind\n"
            b"Ole Brandt,https://www.linkedin.com/in/ole-brandt\n")
    fmt, reason, p = parse_bytes(data, "c.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    assert p.contacts["linkedin_url"].to_list() == ["https://www.linkedin.com/in/pia-lind",
                                                    "https://www.linkedin.com/in/ole-brandt"]


def test_the_attendees_linkedin_profile_meets_the_connection(tmp_path):
    """The profile is the person's key: the attendee and the LinkedIn connection of the same
    URL are one person, though nothing else (no e-mail, no phone) joins them."""
    connections = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Maren,Holt-Berg,https://www.linkedin.com/in/maren-holt-4b1a2c,,"
                   "Northwind,CTO,11 Dec 2024\n")
    kith_run(tmp_path, {"Connections.csv": connections,
                        "attendees.csv": (HERE / "attendees_social_column.csv").read_bytes()})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    maren = records.filter(pl.col("linkedin_slug") == "maren-holt-4b1a2c")
    assert maren.height == 2 and maren["person_id"].n_unique() == 1


_SAFE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)


@given(st.lists(st.tuples(_SAFE, st.sampled_from(["@", "", "see "])), min_size=1, max_size=6))
def test_every_social_cell_is_read_or_named(cells):
    """Each cell's web address reaches `urls`; each cell holding other text is counted."""
    body = "".join(f"Ann {'ABCDEF'[i]}lund,{pre}{h}\n" if pre
                   else f"Ann {'ABCDEF'[i]}lund,https://{h}.example.com/x\n"
                   for i, (h, pre) in enumerate(cells))
    fmt, reason, p = parse_bytes(("Name,social\n" + body).encode(), "s.csv", "utf-8")
    if all(pre for _, pre in cells):  # names and handles only: nobody told apart
        assert p is None and reason.startswith("A list of names only")
        return
    assert fmt == "contacts_csv", reason
    urls = p.contacts.sort("source_row")["urls"].to_list()
    for (h, pre), got in zip(cells, urls, strict=True):
        assert got == ([] if pre else [f"https://{h}.example.com/x"])
    other = sum(1 for _, pre in cells if pre)
    assert dict(p.unread).get("social", 0) == other


def test_names_beside_handles_only_are_still_names_only():
    """Handles are not read, so a list of names and handles tells nobody apart in the output:
    it stays "a list of names only", as on main."""
    data = b"Name,Twitter\nPia Lind,@pialind\nOle Brandt,@obrandt\n"
    fmt, reason, p = parse_bytes(data, "c.csv", "utf-8")
    assert p is None and reason.startswith("A list of names only")

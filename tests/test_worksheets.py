"""HTML worksheets: escaping, CSP hashes, CSV neutralisation, pagination, the outreach plan."""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from pipeline import csvsafe, schema
from pipeline.csvsafe import neutralise_expr
from pipeline.notes.ledger import RECIPROCITY
from pipeline.worksheets import csp
from pipeline.worksheets.cards import esc
from pipeline.worksheets.render import render

_spec = importlib.util.spec_from_file_location(
    "ws_scenario", Path(__file__).parent / "fixtures" / "worksheets" / "scenario.py")
sc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sc)


class Page(HTMLParser):
    """What a test needs from a page: elements, attributes, inline script/style text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts[-1] += data
        elif self._raw == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]

    def csp(self) -> str:
        return next(a["content"] for a in self.all("meta")
                    if a.get("http-equiv") == "Content-Security-Policy")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("worksheets")
    written = render(folder, page_size=4, **sc.render_kwargs())
    return folder, written


def pages(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.html"))}


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_every_worksheet_is_written_privately(site):
    folder, written = site
    expected = {"index.html", "peer.html", "business.html", "community.html", "untagged.html",
                "targets.html", "reconnect.html", "review.html", "peer.csv", "business.csv",
                "community.csv", "untagged.csv", "targets.csv", "reconnect.csv", "review.csv",
                "plan.csv", "changes.csv", "notes_to_check.csv"}
    assert expected <= set(written)
    assert sorted(written) == sorted(p.name for p in folder.iterdir())
    for name in written:
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600


def test_hostile_values_are_text_never_markup(site):
    folder, _ = site
    for name, text in pages(folder).items():
        page = Page(text)
        assert len(page.scripts) == 1 and len(page.all("script")) == 1, name
        for tag, attrs in page.tags:
            assert not any(k.startswith("on") for k in attrs), (name, tag, attrs)
            assert "style" not in attrs, (name, tag)  # a hash CSP would block it anyway
            assert not (attrs.get("href") or "").lower().startswith("javascript:"), name
        assert sc.XSS not in text and "<img src=x" not in text and "<b>bold" not in text, name
        assert 'x=""' not in text  # the attribute breakout stays inside its quotes
    peer = Page((folder / "peer.html").read_text("utf-8"))
    assert sc.XSS in "".join(peer.text)  # shown, as text
    assert "<img src=x onerror=alert(1)>" in "".join(peer.text)
    assert sc.ATTR in "".join(peer.text)
    assert "javascript:alert(1)" in (folder / "community.html").read_text("utf-8")  # as text


@pytest.mark.parametrize("value", [sc.XSS, sc.ATTR, "a & b", "it's", "<<&>>\"'", "", "ünï 🎉",
                                   "&amp;", "\x00\n\t"])
def test_vectorised_escape_matches_markupsafe(value):
    assert pl.select(esc(pl.lit(value))).item() == str(escape(value))


@given(st.lists(st.text(alphabet=st.sampled_from("ab<>&\"' =\n;#x"), max_size=12), max_size=20))
def test_vectorised_escape_matches_markupsafe_on_random_text(values):
    got = pl.select(esc(pl.Series(values, dtype=pl.String))).to_series().to_list()
    assert got == [str(escape(v)) for v in values]


def test_null_escapes_to_empty():
    assert pl.select(esc(pl.lit(None, dtype=pl.String))).item() == ""


def test_csp_allows_exactly_the_inline_script_and_style(site):
    folder, _ = site
    for name, text in pages(folder).items():
        page = Page(text)
        policy = dict(d.strip().split(" ", 1) for d in page.csp().split(";"))
        assert policy["default-src"] == "'none'"
        for kind, inline in (("script-src", page.scripts), ("style-src", page.styles)):
            assert len(inline) == 1
            digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
            assert policy[kind] == f"'sha256-{digest}'", name
        assert "unsafe" not in page.csp() and "http" not in page.csp()
        assert not page.all("link") or all(a.get("href") == "data:," for a in page.all("link"))
        assert not [a for _, a in page.tags if "src" in a], name  # nothing is loaded
        assert text.index("Content-Security-Policy") < text.index("<style>")


def test_csp_refuses_a_closing_tag_in_inline_text():
    with pytest.raises(ValueError):
        csp.inline("x</script><script>evil()", "")


def test_csv_is_neutralised_but_phone_numbers_are_not(site):
    folder, _ = site
    peer = {r["person_id"]: r for r in read_csv(folder / "peer.csv")}
    assert peer["p_frm"]["name"] == "'" + sc.FORMULA
    assert peer["p_frm"]["phones"] == sc.PHONE_TEXT  # "+1 415 555 0134" stays a number
    assert peer["p_xss"]["work"].startswith("'=HYPERLINK")  # title "=HYPERLINK(...) at ..."
    assert peer["p_xss"]["name"] == sc.XSS
    assert peer["p_ann"]["phones"] == "+14155550134"
    assert peer["p_xss"]["why_in_this_network"] == "peer rule matched; <b>bold</b> reason"
    assert list(peer["p_ann"])[:3] == ["person_id", "name", "why_in_this_network"]
    for name in ("peer.csv", "business.csv", "targets.csv", "review.csv", "plan.csv",
                 "changes.csv", "reconnect.csv", "untagged.csv"):
        for row in read_csv(folder / name):
            for cell in row.values():
                assert not cell.startswith(("=", "@")) or cell.startswith("'"), (name, cell)
                assert not cell.startswith(("+", "-")) or cell == csvsafe.neutralise(cell)


@given(st.text(alphabet=st.sampled_from("=+-@\t\r 0123456789.,()/ab"), max_size=10))
def test_vectorised_neutralise_matches_csvsafe(value):
    # (a final newline is the one documented difference, so the alphabet has none)
    assert pl.select(neutralise_expr(pl.lit(value))).item() == csvsafe.neutralise(value)


def test_pages_split_at_page_size_and_link_to_each_other(site):
    folder, _ = site
    peer_ids = sc.people().filter(pl.col("networks").list.contains("peer"))["person_id"]
    files = ["peer.html", "peer-2.html", "peer-3.html", "peer-4.html"]
    assert -(-peer_ids.len() // 4) == 4 and not (folder / "peer-5.html").exists()
    seen = []
    for i, name in enumerate(files):
        page = Page((folder / name).read_text("utf-8"))
        cards = [a["id"] for a in page.all("article")]
        assert 1 <= len(cards) <= 4
        seen += cards
        hrefs = [a.get("href") for a in page.all("a")]
        if i < len(files) - 1:
            assert files[i + 1] in hrefs
        if i:
            assert files[i - 1] in hrefs and "peer.html#pages" in hrefs
        assert f"page {i + 1} of 4" in "".join(page.text)
    assert sorted(seen) == sorted(peer_ids.to_list())  # every member once, none twice
    index = re.findall(r'<li><a href="(peer(?:-\d)?\.html)">', (folder / "peer.html").read_text())
    assert index == files
    names = [r["name"] for r in read_csv(folder / "peer.csv")]
    assert len(names) == peer_ids.len()  # the CSV is whole, not paged


def test_do_not_contact_people_are_in_no_outreach_list(site):
    folder, _ = site
    index = (folder / "index.html").read_text("utf-8")
    plan_part = index[index.index("outreach plan"):index.index("<h2>Worksheets")]
    assert "Dan Nolan" not in plan_part
    assert "p_dnc" not in {r["person_id"] for r in read_csv(folder / "plan.csv")}
    assert "p_dnc" not in {r["person_id"] for r in read_csv(folder / "targets.csv")}
    assert "Dan Nolan" not in (folder / "reconnect.html").read_text("utf-8")
    # ...but they stay on their network pages, marked
    peer = (folder / "peer.html").read_text("utf-8")
    card = peer[peer.rindex("<article", 0, peer.index('id="p_dnc"')):]
    card = card[:card.index("</article>")]
    assert "do not contact" in card


def test_the_plan_puts_follow_ups_targets_dormant_and_owed_in_that_order(site):
    folder, _ = site
    plan = read_csv(folder / "plan.csv")
    assert [(r["section"], r["person_id"]) for r in plan] == [
        ("Follow-ups due", "p_ann"), ("Warm paths into target companies", "p_gia"),
        ("Dormant ties worth reviving", "p_olga"), ("People you owe a favour", "p_omar")]
    assert plan[1]["action"].startswith("Offer help first")  # asked twice, gave nothing
    targets = read_csv(folder / "targets.csv")
    assert [(t["target"], t["rank"], t["person_id"]) for t in targets] == [
        ("Globex", "1", "p_gia"), ("Initech", "1", "p_ann")]
    index = Page((folder / "index.html").read_text("utf-8"))
    hrefs = [a.get("href") for a in index.all("a")]
    assert "peer.html#p_ann" in hrefs and "peer-2.html#p_omar" in hrefs
    # the e-mail link opens a drafted message (pipeline/enrich/drafts.py)
    assert any(h.startswith("mailto:ann@example.com?subject=") for h in hrefs)
    assert "tel:+14155550134" in hrefs


def test_network_cards_carry_the_worksheet_fields(site):
    folder, _ = site
    peer = (folder / "peer.html").read_text("utf-8")
    card = peer[peer.rindex("<article", 0, peer.index('id="p_ann"')):]
    card = Page(card[:card.index("</article>") + 10])
    text = " ".join(card.text)
    for expected in ("Ann Lee", "peer rule matched", "Engineer at Initech",
                     "LinkedIn · labels: friends", "connected 2019-05-01",
                     "2026-02-27 (94 days ago)", "0.9", "overdue since 2026-05-28",
                     "intro to a PM", "review her CV", "coffee", "balance 1", "Needs",
                     "I can help", "Next step"):
        assert expected in text, expected
    hrefs = [a.get("href") for a in card.all("a")]
    assert hrefs == ["mailto:ann@example.com", "tel:+14155550134",
                     "https://www.linkedin.com/in/annlee"]
    art = card.all("article")[0]
    assert art["data-warmth"] == "0.9" and "overdue" in art["data-tags"]
    assert (folder / "untagged.html").read_text().count("<article") == 1


def test_a_large_network_shows_its_warmest_people_and_the_csv_lists_all(tmp_path):
    """max_cards bounds a network's HTML (a million records made ~600 MB of pages): the
    warmest members, in name order; the CSV keeps every member; the page says so."""
    kwargs = sc.render_kwargs()
    render(tmp_path, page_size=4, max_cards=3, **kwargs)
    people = kwargs["people"]
    peer = people.filter(pl.col("networks").list.contains("peer"))
    assert peer.height > 3
    shown = []
    for page in sorted(tmp_path.glob("peer*.html")):
        shown += [a["id"] for a in Page(page.read_text("utf-8")).all("article")]
    assert not (tmp_path / "peer-2.html").exists() and len(shown) == 3
    warmth = dict(zip(peer["person_id"], peer["warmth"].fill_null(-1.0), strict=True))
    cut = sorted(warmth.values(), reverse=True)[2]
    assert all(warmth[p] >= cut for p in shown)
    assert not any(warmth[p] > cut for p in set(warmth) - set(shown))
    text = (tmp_path / "peer.html").read_text("utf-8")
    assert f"Peers (3 of {peer.height})" in text and "peer.csv" in text
    in_csv = [r["person_id"] for r in read_csv(tmp_path / "peer.csv")]
    assert len(in_csv) == peer.height
    assert shown == [p for p in in_csv if p in shown]  # in the list's name order


def test_review_page_shows_the_deciding_commands_and_notes_to_check(site):
    folder, _ = site
    review = Page((folder / "review.html").read_text("utf-8"))
    text = "".join(review.text)
    assert "kith merge r_1 r_2" in text and "kith keep-apart r_1 r_2" in text
    assert "merged from p_z: review" in text and "Gone Guy" in text
    assert {r["person_id"] for r in read_csv(folder / "notes_to_check.csv")} == {
        "p_omar", "p_gone"}


def test_what_changed_section(site, tmp_path):
    folder, _ = site
    index = Page((folder / "index.html").read_text("utf-8"))
    text = "".join(index.text)
    for label in ("New people (1)", "People gone (1)", "Merged (1)", "Job changes (1)"):
        assert label in text
    assert sc.XSS in text  # the hostile detail, as text
    kwargs = sc.render_kwargs() | {"changes": None}
    render(tmp_path, **kwargs)
    assert "What changed" not in (tmp_path / "index.html").read_text("utf-8")
    assert not (tmp_path / "changes.csv").exists()


def test_an_empty_network_renders(tmp_path):
    written = render(tmp_path, people=schema.empty(schema.PEOPLE),
                     networks=schema.empty(schema.NETWORKS), targets=schema.empty(schema.TARGETS),
                     review=schema.empty(schema.REVIEW), notes=None,
                     reciprocity=pl.DataFrame(schema=RECIPROCITY), changes=None,
                     refreshed_at="never", as_of=sc.AS_OF)
    assert "peer.html" in written and "index.html" in written
    assert "Nobody here yet" in (tmp_path / "peer.html").read_text("utf-8")
    assert "Nothing pressing this week" in (tmp_path / "index.html").read_text("utf-8")


def test_page_size_must_be_positive(tmp_path):
    with pytest.raises(ValueError):
        render(tmp_path, page_size=0, **sc.render_kwargs())


def test_promises_come_first_then_the_warmest(tmp_path):
    """Your promises first, by date: p_f01's typed date and p_ann's noted next step
    ("coffee", due 2026-05-28: a next step is a promise since user36), then the computed
    follow-ups warmest first."""
    import datetime as dt

    kwargs = sc.render_kwargs()
    typed_day, cold_day = dt.date(2026, 6, 3), dt.date(2016, 1, 1)
    kwargs["people"] = kwargs["people"].with_columns(
        follow_up_due=pl.when(pl.col("person_id") == "p_f01").then(pl.lit(typed_day))
        .when(pl.col("person_id") == "p_f02").then(pl.lit(cold_day))
        .otherwise(pl.col("follow_up_due")))
    notes = kwargs["notes"]
    kwargs["notes"] = pl.concat([notes, notes.head(1).with_columns(
        person_id=pl.lit("p_f01"), follow_up=pl.lit(typed_day), need=pl.lit(None, pl.String),
        offer=pl.lit(None, pl.String), next_step=pl.lit(None, pl.String))])
    render(tmp_path, **kwargs)
    plan = [r for r in read_csv(tmp_path / "plan.csv") if r["section"] == "Follow-ups due"]
    assert [r["person_id"] for r in plan] == ["p_ann", "p_f01", "p_f02"]
    assert "(your date)" in plan[1]["why"] and plan[0]["action"].startswith("Follow up: coffee")


def test_unlinked_lists_every_address_not_safe_to_link_in_order():
    from pipeline.worksheets import rows as R

    people = pl.DataFrame({
        "emails": [["ok@example.com", "bad mail", ""], None, ["a@b.co"], [], ["x"]],
        "phones": [["+15550001234", "555-0100"], ["bad"], None, [], []],
        "linkedin_url": ["javascript:alert(1)", "https://www.linkedin.com/in/a", None, "",
                         "https://linkedin.com/in/b"],
    })
    got = people.select(unlinked=R.static_columns()["unlinked"])["unlinked"].to_list()
    assert got == ["bad mail, , 555-0100, javascript:alert(1)", "bad", "", "", "x"]

"""An e-mail address with an invisible format character in it (a zero-width space, a soft
hyphen, a left-to-right mark: copied from a web page, a PDF or a word processor) is the address
without it (pipeline.normalize.emails.unwrap). Kept, the address matched no other record of the
same person and a mail sent to it bounced. Found by an adversarial round (session 23, h8).
Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize.emails import addresses, normalize_emails

GENERIC = ("Name,Email\nCid Moe,c\u200bid@example.org\nEve Po,eve\u00adpo@example.org\n"
           "Dee Ng,\u200edee@example.org\u200f\n")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cid Moe\r\nN:Moe;Cid;;;\r\nEMAIL:cid@example.org\r\n"
         "TEL:+1 415 555 0101\r\nEND:VCARD\r\n")


def test_an_invisible_character_inside_an_address_is_dropped(tmp_path: Path):
    kith_run(tmp_path, {"list.csv": GENERIC, "phone.vcf": VCARD})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    by_name = {r["display_name"]: r for r in people.to_dicts()}
    assert by_name["Cid Moe"]["emails"] == ["cid@example.org"]
    assert by_name["Cid Moe"]["record_count"] == 2  # the CSV's row and the vCard: one person
    assert by_name["Eve Po"]["emails"] == ["evepo@example.org"]
    assert by_name["Dee Ng"]["emails"] == ["dee@example.org"]
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    assert records["emails_invalid"].list.len().sum() == 0
    # the raw value is kept as the export wrote it
    assert "c\u200bid@example.org" in records["emails"].explode().to_list()


_FORMAT = st.sampled_from(["\u200b", "\u200d", "\u00ad", "\u200e", "\u200f", "\ufeff", "\u2060"])


@settings(max_examples=60)
@given(st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?@[a-z]{1,8}\.(org|com|de)", fullmatch=True),
       st.lists(st.tuples(st.integers(0, 40), _FORMAT), max_size=3))
def test_format_characters_never_change_an_address(addr: str, inserts):
    dirty = addr
    for at, ch in inserts:
        at = at % (len(dirty) + 1)
        dirty = dirty[:at] + ch + dirty[at:]
    got = normalize_emails(pl.Series([[dirty]]))
    assert got["email_keys"].to_list() == [[addr]]
    assert addresses(pl.Series([[dirty]])).to_list() == [[addr]]


# An address typed with a Japanese input method left in full-width mode: the whole list was
# rejected as "a list of names only" (no cell held an ASCII "@"). Found in session 23 (j4).
JAPANESE = ("Name,Email\n山田 太郎,ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ\nAnn Lee,ann＠example.org\n"
            "Bob Ray,bob@example.org\n")


def test_a_full_width_address_is_the_address_it_shows(tmp_path: Path):
    kith_run(tmp_path, {"jp.csv": JAPANESE})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert sorted(people["emails"].explode().to_list()) == [
        "ann@example.org", "bob@example.org", "taro@example.jp"]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@settings(max_examples=60)
@given(st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?@[a-z]{1,8}\.(org|com|jp)", fullmatch=True),
       st.data())
def test_full_width_characters_never_change_an_address(addr: str, data):
    mask = data.draw(st.lists(st.booleans(), min_size=len(addr), max_size=len(addr)))
    typed = "".join(_full_width(c) if m else c for c, m in zip(addr, mask, strict=True))
    assert normalize_emails(pl.Series([[typed]]))["email_keys"].to_list() == [[addr]]
    assert addresses(pl.Series([[typed]])).to_list() == [[addr]]

"""A vCard text property written in base64 (`FN;ENCODING=b;CHARSET=UTF-8:Wm/Dqy…`, as some
phone and CRM exporters write names outside ASCII) was skipped unread like a photo
(adversarial23 i11): the card fell back to its N or its e-mail. Now FN, N, ORG, TITLE, NOTE
and every other text property are decoded when the bytes are valid text in the declared
CHARSET (UTF-8 when none) and printable (vcard_tokens.base64_text, one rule); anything else
stays unread as before, and photos are never decoded. Fixture written for kith."""

from __future__ import annotations

import base64
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_vcard_fast import _assert_same, _both

from pipeline.formats import vcard_tokens
from pipeline.formats.vcard import parse_vcard

FIXTURE = Path(__file__).parent / "fixtures" / "vcard" / "base64_text_properties.vcf"


def test_base64_text_properties_are_read():
    p = parse_vcard(FIXTURE.read_bytes())
    assert p.rejects.height == 0
    rows = p.contacts.sort("source_row").select(
        "full_name", "given_name", "family_name", "organization", "department", "title",
        "notes").rows()
    assert rows[:3] == [
        ("Zoë Škof", "Zoë", "Škof", None, None, None, None),
        ("Matjaž Novak", None, None, "Novak d.o.o.", "Prodaja", "Vodja prodaje",
         "met at the fair\nlikes jazz"),
        ("René Dubois", None, None, None, None, None, None)]  # CHARSET=ISO-8859-1 bytes


def test_base64_that_is_no_text_stays_unread():
    rows = parse_vcard(FIXTURE.read_bytes()).contacts.sort("source_row")
    # a JPEG's bytes in FN: the card is named by its N; a control character: by its e-mail
    assert rows["full_name"].to_list()[3:] == ["Ida Berg", "tom@example.org", "Ann Lee"]


def test_the_vectorised_reader_hands_such_cards_back(monkeypatch):
    slow, fast = _both(FIXTURE.read_bytes(), monkeypatch)
    _assert_same(slow, fast)


def test_the_rule():
    enc, base64_text = base64.b64encode, vcard_tokens.base64_text
    assert base64_text(enc("Zoë".encode()).decode(), None) == "Zoë"
    assert base64_text(enc("Zoë".encode("cp1250")).decode(), "windows-1250") == "Zoë"
    assert base64_text(enc("Zoë".encode("latin-1")).decode(), None) is None  # not UTF-8
    assert base64_text("QW5u\n IExlZQ", "UTF-8") == "Ann Lee"  # folded, padding lost
    assert base64_text("not base64!", None) is None
    assert base64_text(enc(b"a\x00b").decode(), None) is None
    assert base64_text(enc(b"Ann").decode(), "no-such-charset") is None


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1))
def test_printable_text_comes_back(text):
    encoded = base64.b64encode(text.encode("utf-8")).decode()
    assert vcard_tokens.base64_text(encoded, None) == text

"""The vectorised vCard reader (formats/vcard_fast) gives the Python reader's records, card for
card: it reads the cards it can vouch for and leaves the rest to vcard.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline.formats import vcard


def _both(data: bytes, monkeypatch):
    monkeypatch.setattr(vcard, "FAST", False)
    slow = vcard.parse_vcard(data)
    monkeypatch.setattr(vcard, "FAST", True)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)  # these small texts, read vectorised
    fast = vcard.parse_vcard(data)
    return slow, fast


def _assert_same(slow, fast) -> None:
    assert (slow.rows_total, slow.encoding) == (fast.rows_total, fast.encoding)
    assert_frame_equal(slow.contacts, fast.contacts)
    assert_frame_equal(slow.rejects, fast.rejects)


_PLAIN = (
    "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;Q.;Dr.;PhD\nFN:Jane Doe\nORG:Acme\\, Inc.;R&D\n"
    "EMAIL;type=INTERNET;type=pref:jane@example.com\nTEL;CELL:+1 555 0100\n"
    "item1.URL:https://example.com/jane\nitem1.X-ABLabel:_$!<HomePage>!$_\n"
    "CATEGORIES:Friends,Book Club\nADR;HOME:;;1 Main St;Springfield;IL;62701;USA\n"
    "NOTE:line one\\nline two\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:2.1\nN:Roe;Richard\nFN:Richard Roe\nORG:Roe Board;\n"
    "ADR;HOME:;;2 Side St;Shelbyville;IL;62565;United State\n s\n"
    "X-SOCIALPROFILE;type=linkedin;x-user=richard-roe:x\nEND:VCARD\n"
)


def test_plain_cards_are_read_by_the_vectorised_reader(monkeypatch):
    slow, fast = _both(_PLAIN.encode(), monkeypatch)
    _assert_same(slow, fast)
    assert fast.vcard_cards == (2, 0)
    assert fast.contacts.get_column("linkedin_url").to_list()[1] == (
        "https://www.linkedin.com/in/richard-roe")


def test_odd_cards_fall_back_and_are_counted(monkeypatch):
    odd = ("BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:=4A=C3=B6rg\nEND:VCARD\n"
           "BEGIN:VCARD\nVERSION:3.0\nKIND:group\nFN:Club\nEND:VCARD\n")
    slow, fast = _both((_PLAIN + odd).encode(), monkeypatch)
    _assert_same(slow, fast)
    assert fast.vcard_cards == (2, 2)


@pytest.mark.parametrize("name", ["nickname_lists.vcf", "samsung_adr_only.vcf"])
def test_nickname_lists_and_samsung_addresses_read_alike(name, monkeypatch):
    """NICKNAME's comma list and X-SAMSUNGADR on a card without ADR (docs/realworld23.md):
    the vectorised reader reads them as the Python reader does."""
    data = (Path(__file__).parent / "fixtures" / "vcard" / name).read_bytes()
    slow, fast = _both(data, monkeypatch)
    _assert_same(slow, fast)
    assert fast.vcard_cards[0] >= 2  # most of the file's cards read vectorised


_NAMES = ["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "ROLE", "URL", "X-SOCIALPROFILE", "CATEGORIES",
          "BDAY", "ADR", "NOTE", "NICKNAME", "KIND", "X-ADDRESSBOOKSERVER-KIND", "X-ABSHOWAS",
          "X-ANDROID-CUSTOM", "X-ABLabel", "PHOTO", "PRODID", "X-FOO", "fn", "email", "VERSION",
          "X-SAMSUNGADR"]
_GROUPS = ["", "", "", "item1.", "ITEM1.", "item2.", ".", "a.b."]
# Common parameters, then (rarer) the ones that send a card to the Python reader.
_PARAMS = ["", "", "", ";TYPE=WORK", ";type=INTERNET;type=pref", ";HOME", ";CHARSET=UTF-8",
           ";charset=utf-8", ";ENCODING=b", ";BASE64", ';TYPE="cell,voice"', ";x-user=jane-doe",
           ";X-USER=https://linkedin.com/in/x", ";type=linkedin", ";PREF=1", ";VALUE=uri", ";",
           ";LABEL=^n^'x^'", " ;TYPE=HOME"] * 4 + [
           ";CHARSET=ISO-8859-1", ";ENCODING=QUOTED-PRINTABLE", ';TYPE="a:b"', ';a="b',
           ";ENCODING=QUOTED-PRıNTABLE"]
_TOKENS = ["a", "Jane", " ", "  ", "\t", ";", ",", "\\", "\\n", "\\N", "\\,", "\\;", ":", "é",
           "ı", "ß", "\u00a0", "\x1c", "<", ">", "@", "linkedin.com/in/", "LinkedIn", "linkedin",
           "tel:", "TEL:", "mailto:", ";ext=12", "ext=", "_$!<", ">!$_", "=", '"', "group",
           "GROUP", "COMPANY", "vnd.android.cursor.item/nickname", "data:", "2.1", "3.0",
           "profile", "http://x.y/", "Richard", "K"] * 4 + ["\\\\", "vcard", "#", "\ue000"]
_value = st.lists(st.sampled_from(_TOKENS), max_size=8).map("".join)


@st.composite
def _line(draw) -> str:
    kind = draw(st.integers(0, 39))
    if kind == 0:
        return draw(st.sampled_from(["", "# comment", "junk without colon", ":no head",
                                     "VERSION:2.1", "version:3.0", "VERSION:4.0", "VERSION:",
                                     " folded orphan", "END:VCARD", "BEGIN:VCARD",
                                     "AGENT:", "X-NOTE:vcard"]))
    line = (draw(st.sampled_from(_GROUPS)) + draw(st.sampled_from(_NAMES))
            + draw(st.sampled_from(_PARAMS)) + ":" + draw(_value))
    if len(line) > 3 and draw(st.booleans()) and kind < 6:  # fold it
        cut = draw(st.integers(1, len(line) - 1))
        line = line[:cut] + "\n" + draw(st.sampled_from([" ", "\t", "  "])) + line[cut:]
    return line


@st.composite
def _card(draw) -> str:
    version = draw(st.sampled_from(["VERSION:3.0", "VERSION:2.1", "VERSION:4.0", "", "",
                                    "VERSION: 2.1"]))
    body = [version] if version else []
    if draw(st.booleans()):  # most cards name someone, so most are contacts
        body.append(draw(st.sampled_from(["FN:", "N:", "EMAIL:", "TEL:"])) + draw(_value))
    body += draw(st.lists(_line(), max_size=8))
    end = draw(st.sampled_from(["END:VCARD"] * 8 + ["", "end:vcard"]))
    return "\n".join(["BEGIN:VCARD", *body, end] if end else ["BEGIN:VCARD", *body])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards=st.lists(_card(), min_size=1, max_size=6),
       outside=st.sampled_from(["", "", "", "stray text\n", "\n\n", "# note\n"]),
       newline=st.sampled_from(["\n", "\n", "\r\n"]))
def test_fast_reader_gives_the_python_readers_records(cards, outside, newline):
    text = outside + "\n".join(cards) + "\n"
    data = text.replace("\n", newline).encode("utf-8")
    with pytest.MonkeyPatch.context() as mp:
        slow, fast = _both(data, mp)
    _assert_same(slow, fast)


def test_a_small_file_is_read_by_the_python_reader(monkeypatch):
    # the vectorised reader's fixed cost (~30 ms) is more than a small file's whole reading
    assert len(_PLAIN) < vcard.FAST_MIN_CHARS
    assert vcard.parse_vcard(_PLAIN.encode()).vcard_cards == (0, 2)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", len(_PLAIN))
    assert vcard.parse_vcard(_PLAIN.encode()).vcard_cards == (2, 0)


def test_ingest_logs_how_many_cards_each_reader_read(tmp_path, caplog, monkeypatch):
    from pipeline.inputs import Limits
    from pipeline.stages import ingest

    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    odd = "BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:=4A=C3=B6rg\nEND:VCARD\n"
    (tmp_path / "phone.vcf").write_text(_PLAIN + odd, "utf-8")
    with caplog.at_level("DEBUG", logger="kith.ingest"):
        ingest.ingest([tmp_path], exclude=[], limits=Limits(), workers=1)
    assert "vCard cards: 2 read vectorised, 1 by the Python reader" in caplog.text

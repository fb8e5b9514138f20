"""Shapes of docs/realworld28.md's real files (phones' and desktop address books' vCards), on
hand-made fixtures with fictitious people. The Telegram export of the same round has its own
file, tests/test_telegram.py."""

from pathlib import Path

import pytest

from pipeline.formats import vcard

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("fast", [False, True])
def test_nokia_nicknames_outside_nickname_are_read(fast: bool, monkeypatch) -> None:
    """Nokia's phones keep a contact's nickname outside NICKNAME: a Maemo/MeeGo card (Nokia's
    sync plugins' tests, docs/realworld28.md S1) in `X-NICKNAME`, Symbian's contacts in
    `X-EPOCSECONDNAME` (its Nickname field), as Qt's vCard mapping reads them. On main both
    were dropped, in both vCard readers, and the person's nickname ("Hi Toni,") was lost;
    a card's own NICKNAME still wins."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = vcard.parse_vcard((FIXTURES / "vcard" / "nokia_nickname_properties.vcf").read_bytes())
    assert parsed.rows_total == 4 and parsed.rejects.height == 0
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [(r["full_name"], r["nickname"]) for r in rows] == [
        ("Antonia Lindqvist", "Toni"), ("Mikael Virtanen", "Mikko"), ("Jörgen Nygård", "Jörgi"),
        ("Joanna Salo", "Jo")]
    # the lines' trailing spaces are no part of the values; the office fax is no phone
    assert rows[0]["emails"] == ["antonia.lindqvist@example.org"]
    assert rows[0]["phones"] == ["+358 40 5550101"]

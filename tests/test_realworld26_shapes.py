"""Shapes of docs/realworld26.md's real files (phones' and messaging apps' contact exports),
on hand-made fixtures with fictitious people; and round 25's leftover: LDIF's fax and pager."""

from pathlib import Path

import pytest

from pipeline.formats import vcard
from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def test_ldif_fax_and_pager_are_not_phones() -> None:
    """Thunderbird's LDIF writes `facsimiletelephonenumber` and `pager` beside the person's
    numbers; like vCard TELs typed FAX or PAGER (docs/realworld25.md, fix 2) they are not the
    person's phones. On main both were read as phones. An entry whose only number is a fax is
    still a contact by its name."""
    path = FIXTURES / "ldif" / "thunderbird_fax_pager.ldif"
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert fmt == "ldif" and reason is None and parsed is not None
    assert parsed.rows_total == 2 and parsed.rejects.height == 0
    rosa, desk = parsed.contacts.sort("source_row").to_dicts()
    assert rosa["phones"] == ["+44 20 7946 0321", "+44 20 7946 0654", "+44 7700 900456"]
    assert (desk["full_name"], desk["organization"]) == ("Front Desk Fax Only",
                                                         "Fenwick & Daughters")
    assert not desk["phones"]


@pytest.mark.parametrize("fast", [False, True])
def test_apple_fax_and_pager_labels_are_not_phones(fast: bool, monkeypatch) -> None:
    """iOS and macOS Contacts write a fax or pager number as an item TEL labelled
    `_$!<WorkFAX>!$_`, `_$!<HomeFAX>!$_`, `_$!<OtherFAX>!$_` or `_$!<Pager>!$_`, with no
    TYPE=FAX (an iOS 26 card in a CardDAV client's tests, docs/realworld26.md); a user's label
    "Fax" (Google writes the label after the TEL) means the same. Not phones, in both vCard
    readers; other labels ("Studio", Main, "Bureau") and unlabelled item TELs stay phones. On
    main every one of them was a phone."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = vcard.parse_vcard((FIXTURES / "vcard" / "ios_fax_pager_labels.vcf").read_bytes())
    phones = dict(zip(parsed.contacts["full_name"], parsed.contacts["phones"].to_list(),
                      strict=True))
    assert phones == {
        "Ingrid Halvorsen": ["+47 412 55 010", "+47 2155 0123", "+47 2155 0124"],
        "Lucien Moreau": ["+33 1 55 50 01 10", "+33 6 55 50 01 11"],
        "Anna Szép": ["+36 20 555 0111"],  # a QP card: the Python reader's
    }
    if fast:
        assert parsed.vcard_cards[0] >= 2  # the plain cards read vectorised


def test_a_legacy_multibyte_charset_declared_over_utf8() -> None:
    """HarmonyOS's vCard test card declares CHARSET=SHIFT_JIS over UTF-8 text (docs/
    realworld26.md): Shift_JIS reads the UTF-8 bytes of 佐藤ハナコ without error, as mojibake
    (main: '菴占陸繝上リ繧ｳ'). Valid UTF-8 is read as UTF-8, as for a declared Latin-1; a card
    of real Shift_JIS bytes in the same file is still read as Shift_JIS."""
    path = FIXTURES / "vcard" / "charset_sjis_declared_over_utf8.vcf"
    parsed = vcard.parse_vcard(path.read_bytes())
    rows = parsed.contacts.sort("source_row").select(
        "full_name", "family_name", "given_name", "organization").rows()
    assert rows == [("佐藤ハナコ", "佐藤", "ハナコ", "東京コダマ工房"),
                    ("山本太郎", "山本", "太郎", "みどり商店")]

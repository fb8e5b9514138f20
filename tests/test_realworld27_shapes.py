"""Shapes of docs/realworld27.md's real files (webmail and mail clients' contact exports,
LinkedIn exports of other years), on hand-made fixtures with fictitious people."""

from pathlib import Path

import pytest

from pipeline.formats import vcard
from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def test_thunderbird_uk_post_code_and_work_county() -> None:
    """Thunderbird's CSV from a UK English build words the address columns `Home County`,
    `Home Post Code`, `Work County` and `Work Post Code` (a US build: State, ZipCode). On main
    the post codes were not read at all and the work county was not the region."""
    path = FIXTURES / "addressbook" / "thunderbird_uk_post_code.csv"
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert fmt == "thunderbird" and reason is None and parsed is not None
    assert parsed.rows_total == 2 and parsed.rejects.height == 0
    home, work = parsed.contacts.sort("source_row").to_dicts()
    assert (home["street"], home["city"], home["region"], home["postcode"]) == (
        "4 Quarry Row", "Thornbury", "Gloucestershire", "BS35 2XA")
    assert (work["street"], work["city"], work["region"], work["postcode"]) == (
        "Unit 7 Harbour Yard", "Truro", "Cornwall", "TR1 2HX")
    assert work["organization"] == "Penhallow & Tregear"


def _connections_normalised(name: str, contacts: int, rejects: int):
    """A LinkedIn Connections fixture read and normalised, its counts checked."""
    from pipeline.stages.normalize import normalize_records

    path = FIXTURES / "linkedin" / name
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert fmt == "linkedin_connections" and reason is None and parsed is not None
    assert parsed.contacts.height == contacts and parsed.rejects.height == rejects
    return normalize_records(parsed.contacts).sort("source_row")


def test_linkedin_names_in_styled_mathematical_letters() -> None:
    """LinkedIn members write their names in "bold" or "double-struck" letters of Unicode's
    Mathematical Alphanumeric Symbols block to stand out (a 2023 export: 𝐀𝐧𝐚𝐧𝐝, 𝕄𝕒𝕟𝕚𝕜𝕒𝕟𝕥𝕒,
    𝗞𝘂𝗻𝗮𝗹). The match keys were already plain; on main the shown names kept the styled
    letters, which a greeting would carry and a search for the plain name would miss. The
    raw fields keep what was written."""
    out = _connections_normalised("Connections_2023_styled_letters.csv", 4, 1)
    assert out["display_name"].to_list() == [
        "Ravina Kolhapure", "Tejas Mangala", "Pranav Deshpande", "Ravina Kolhapure"]
    assert out["given_clean"].to_list()[:3] == ["Ravina", "Tejas", "Pranav"]
    assert out["given_name"][0] == "𝐑𝐚𝐯𝐢𝐧𝐚"
    assert out["name_key"][0] == out["name_key"][3] == "ravina kolhapure"


def test_linkedin_names_decorated_with_symbols_that_are_not_emoji() -> None:
    """A 2019 export: "Luca Acker ✪" (a Dingbats star). Emoji were already removed from
    names; stars, check marks, arrows and geometric shapes that are not emoji (☆ ✓ ➤ ◆ ✦ ✪)
    decorate a name the same way and were kept in the shown name on main."""
    out = _connections_normalised("Connections_2019_name_symbols.csv", 6, 0)
    assert out["display_name"].to_list() == [
        "Livia Ancarani", "Bruno Castellan", "Ottavia Ferri", "Nadia Roversi",
        "Piero Salvi", "Carla Rinaldi"]
    assert out["family_name"][0] == "Ancarani ✪"  # the raw field keeps what was written


@pytest.mark.parametrize("fast", [False, True])
def test_icloud_web_fax_labels_are_not_phones(fast: bool, monkeypatch) -> None:
    """iCloud's web address book writes its labels plain and lower-case in an upper-case
    X-ABLABEL (`item4.X-ABLABEL:work fax`, a card captured from iCloud in a CardDAV client's
    tests, docs/realworld27.md I1), not Apple's `_$!<WorkFAX>!$_`. A "work fax", "home fax"
    or "other fax" item TEL is not a phone, in both vCard readers; "mobile", "home", "work",
    "PHONE" and a user's own label that only mentions a fax stay phones. On main the
    work fax, home fax and other fax numbers were phones."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = vcard.parse_vcard((FIXTURES / "vcard" / "icloud_web_fax_labels.vcf").read_bytes())
    assert parsed.rows_total == 2 and parsed.rejects.height == 0
    maja, olof = parsed.contacts.sort("source_row").to_dicts()
    assert maja["phones"] == ["+46 70 555 01 10", "+46 8 555 011 20", "+46 8 555 011 30"]
    assert olof["phones"] == ["+46 70 555 02 20", "+46 70 555 02 30"]

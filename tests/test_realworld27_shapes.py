"""Shapes of docs/realworld27.md's real files (webmail and mail clients' contact exports,
LinkedIn exports of other years), on hand-made fixtures with fictitious people."""

from pathlib import Path

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

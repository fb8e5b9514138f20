"""Shapes of docs/realworld26.md's real files (phones' and messaging apps' contact exports),
on hand-made fixtures with fictitious people; and round 25's leftover: LDIF's fax and pager."""

from pathlib import Path

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

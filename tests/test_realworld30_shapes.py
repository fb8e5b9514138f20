"""Shapes of docs/realworld30.md's real files (LinkedIn and Google exports of Brazilian,
Indian and US owners), on hand-made fixtures with fictitious people."""

from pathlib import Path

from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def _normalised(folder: str, name: str, fmt: str, contacts: int, rejects: int):
    """A fixture read and normalised, its format and counts checked."""
    from pipeline.stages.normalize import normalize_records

    path = FIXTURES / folder / name
    got, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert got == fmt and reason is None and parsed is not None
    assert parsed.contacts.height == contacts and parsed.rejects.height == rejects
    return normalize_records(parsed.contacts).sort("source_row")


def test_a_private_use_character_is_no_part_of_a_name() -> None:
    """A 2026 Connections.csv (L1): "Augusto,Simionato \\uf8ff", Apple's logo, which Apple's
    keyboards type at the private-use code point U+F8FF and every other system shows as an
    empty box. Emoji and symbols were already removed from names; on main the logo stayed in
    the shown name ("Otávio Brandalise \\uf8ff"; the key was already plain). The raw field
    keeps it."""
    out = _normalised("linkedin", "Connections_2026_private_use.csv",
                      "linkedin_connections", 3, 1)
    assert out["display_name"].to_list() == [
        "Otávio Brandalise", "Lívia Amarante", "Caio Ferraz"]
    assert out["name_key"].to_list()[:2] == ["otavio brandalise", "livia amarante"]
    assert out["family_name"][0] == "Brandalise \uf8ff"


def test_maam_after_a_name_is_no_family_name() -> None:
    """A list of invitees (I1, `Full Name<TAB>Email`): "Mr. Fred Covely," and, for the women,
    "Varadha VR Ma'am, ", Indian English's form of address written after the name. The `Mr.`
    before a name was already cut; on main "Ma'am" was the family name, shown in every greeting
    ("Varadha VR Ma'am") and compared as a family name. A generation beside it goes too."""
    out = _normalised("addressbook", "invitees_maam_tab.csv", "contacts_csv", 5, 0)
    assert out["display_name"].to_list() == [
        "Arvind Kelkar", "Meenakshi TR", "Harish Nadig B S", "Sowmya K", "Latha"]
    assert out["family_clean"].to_list()[:2] == ["Kelkar", "TR"]
    assert out["full_name"][1] == "Meenakshi TR Ma'am,"  # the raw field keeps what was written


def test_a_registered_certification_after_a_family_name_is_no_name() -> None:
    """The same export (L1): "Marcelo,Guerrero CEA®", a certification marked with the
    registered sign and written after the family name with neither comma nor dash. `, CFP®` and
    `- CFP®` were already cut (CFP is a known credential; a comma tail is cut); on main
    `CEA®` lost its sign with the emoji and stayed in the shown name and the family key
    ("Rogério Quaresma CEA")."""
    out = _normalised("linkedin", "Connections_2026_registered_marks.csv",
                      "linkedin_connections", 4, 0)
    assert out["display_name"].to_list() == [
        "Rogério Quaresma", "Talita Brum", "Heitor Vasconcelos", "Marta Bellini"]
    assert out["family_key"][0] == "quaresma"
    assert out["family_name"][0] == "Quaresma CEA®"


def test_a_spanish_academic_title_before_a_given_name_is_no_name() -> None:
    """A Mexican member's 2026 Connections.csv (L2): "Lic. Miriam,González", the title of a
    licenciada written in the first name, as Latin American professionals sign. `Dr.` and `Mr.`
    were already cut; on main "Lic." was shown ("Lic. Araceli Ventura Ochoa") and was part of
    the given key, "lic araceli", which no other record of her holds. Only with the dot: Ing
    and Licia are names."""
    out = _normalised("linkedin", "Connections_2026_spanish_titles.csv",
                      "linkedin_connections", 6, 0)
    assert out["display_name"].to_list() == [
        "Araceli Ventura Ochoa", "Rodrigo Salas", "Paulina Ibarra", "Julián Ochoa",
        "Ing Larsson", "Licia Moreno"]
    assert out["given_key"].to_list() == [
        "araceli", "rodrigo", "paulina", "julian", "ing", "licia"]


def test_a_title_written_out_before_an_endorsers_name_is_no_name() -> None:
    """The same member's Endorsement_Received_Info.csv (E1): an endorser's first name
    "Ingeniero Federico". On main the counterpart key was "ingeniero campos" (the given key is
    the first word), which no record of Federico Campos holds; the interactions of one endorser
    under a title and under his own name were two people's."""
    from pipeline.stages.normalize import normalize_interactions

    path = FIXTURES / "linkedin" / "Endorsement_Received_Info_2025_titles.csv"
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert fmt == "linkedin_endorsements_received" and reason is None and parsed is not None
    out = normalize_interactions(parsed.interactions).sort("source_row")
    assert out["counterpart_key"].to_list() == [
        "tadeo villasenor", "aurelio montano", "aurelio montano", "ines robles"]
    assert out["counterpart_name"][1] == "Ingeniero Aurelio Montaño"  # as written

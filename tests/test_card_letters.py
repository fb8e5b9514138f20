"""A person's card shows their name in its own letters. An old address book or a phone often
drops the accents ("Jose Garcia") or spells umlauts out ("Anna Mueller"); where another record
of the same person writes the name with its letters ("José García", "Anna Müller"), the card,
the worksheets and a drafted "Hi José," use that one, whichever source ranks first
(people._in_its_letters). Another spelling, and a name written in capitals, stay."""

from __future__ import annotations

import polars as pl
import pytest
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import people


def _cards(tmp_path, csv_rows: list[str], cards: list[tuple[str, str, str, str]]) -> dict:
    vcf = "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:{g} {f}\nN:{f};{g};;;\nORG:{org}\n"
                  f"EMAIL:{mail}\nEND:VCARD\n" for g, f, org, mail in cards)
    kith_run(tmp_path, {
        "contacts.csv": "First Name,Last Name,Organization 1 - Name,E-mail 1 - Value\n"
                        + "\n".join(csv_rows) + "\n",
        "phone.vcf": vcf})
    ppl = pl.read_parquet(tmp_path / "out" / "people.parquet")
    return {r["emails"][0]: r for r in ppl.iter_rows(named=True)}


def test_the_card_takes_the_accents_another_record_has(tmp_path):
    got = _cards(tmp_path, [
        "Jose,Garcia,Nestle,jg@nestle.example", "Anna,Mueller,Siemens,am@siemens.example",
        "Jon,Sigurdsson,Marel,jon@marel.example", "Zoe,Brown,Acme,zoe@acme.example",
        "Jon,Smith,Acme,js@acme.example"],
        [("José", "García", "Nestlé", "jg@nestle.example"),
         ("Anna", "Müller", "Siemens", "am@siemens.example"),
         ("Jón", "Sigurðsson", "Marel", "jon@marel.example"),
         ("ZOË", "BROWN", "Acme", "zoe@acme.example"),
         ("Jón", "Smyth", "Acme", "js@acme.example")])
    shown = {k: (r["display_name"], r["given_name"], r["organization"]) for k, r in got.items()}
    assert shown["jg@nestle.example"] == ("José García", "José", "Nestlé")
    assert shown["am@siemens.example"] == ("Anna Müller", "Anna", "Siemens")
    assert shown["jon@marel.example"] == ("Jón Sigurðsson", "Jón", "Marel")
    # capitals are no better letters, and another spelling is another spelling
    assert shown["zoe@acme.example"][0] == "Zoe Brown"
    assert shown["js@acme.example"][0] == "Jon Smith"
    # the record the name came from is the one that has it
    recs = pl.read_parquet(tmp_path / "out" / "records.parquet")
    source_of = dict(zip(recs["record_id"], recs["source"], strict=True))
    assert source_of[got["jg@nestle.example"]["display_name_record"]] == "vcard"


@pytest.mark.parametrize(("written", "plain"), [
    ("Müller", ["mueller", "muller"]), ("Jørgensen", ["joergensen", "jorgensen"]),
    ("Straße", ["strasse"]), ("García", ["garcia"]), ("Åberg", ["aaberg", "aberg"])])
def test_plain_spellings(written, plain):
    assert people._plain_spellings(written) == plain


ACCENTED = st.sampled_from(list("áéíóúñçãõâêôàèùëïüöäåøæß"))
PLAIN = st.sampled_from(list("abcdefghijklmnoprstuvwz"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(PLAIN, ACCENTED), min_size=3, max_size=9))
def test_any_name_plain_in_one_record_and_lettered_in_another(letters):
    """Whatever the accents, the ASCII spelling of a name (anyascii's, or with its umlauts
    spelled out) gives way to the lettered one, and a name with no letters beyond ASCII is
    its own plain spelling."""
    word = "".join(letters).capitalize()
    for plain in people._plain_spellings(word):
        assert plain.isascii()
    if word.isascii():
        assert people._plain_spellings(word) == [word.lower()]
    else:
        assert word.lower() not in people._plain_spellings(word)

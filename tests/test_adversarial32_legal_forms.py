"""Round 32 (docs/adversarial32.md): legal forms kith's organisation keys keep, Icelandic
"hf."/"ehf." and the UAE's free-zone "FZ-LLC"/"FZE". Guðrún's LinkedIn says "Marel hf.", her
phone card "Marel": on main these were two employers, so companies.csv counted her as having
worked at Marel before (she works there) and Marel twice. Employer matching now reads them as
one. Fixture written for kith: fictitious people, example.org addresses."""

from __future__ import annotations

import polars as pl
import pytest
from exports_support import kith_run
from test_adversarial27_advice import linkedin_zip

from pipeline.normalize import orgs
from pipeline.tagging import keywords

VCF = ("BEGIN:VCARD\nVERSION:3.0\nN:Jónsdóttir;Guðrún;;;\nFN:Guðrún Jónsdóttir\nORG:Marel\n"
       "EMAIL:gudrun@example.org\nEND:VCARD\n"
       "BEGIN:VCARD\nVERSION:3.0\nN:al-Farsi;Omar;;;\nFN:Omar al-Farsi\nORG:Careem FZ-LLC\n"
       "EMAIL:omar@example.org\nEND:VCARD\n")
CONNECTIONS = (
    "Guðrún,Jónsdóttir,https://www.linkedin.com/in/gj,gudrun@example.org,Marel hf.,"
    "Head of Engineering,17 May 2024\n"
    "Omar,al-Farsi,https://www.linkedin.com/in/oaf,omar@example.org,Careem,CTO,09 Sep 2020\n")


@pytest.mark.parametrize(("organization", "employer"), [
    ("Marel hf.", "marel"), ("Arion banki ehf", "arion banki"), ("Careem FZ-LLC", "careem"),
    ("Noon FZCO", "noon"), ("Emirates FZE", "emirates"),
    ("HF Sinclair", "hf sinclair"),  # a name, not a tail
])
def test_the_employer_key_drops_them(organization, employer):
    key = pl.select(keywords.employer_key(orgs.org_key(pl.lit(organization)))).item()
    assert key == employer


def test_one_employer_and_nobody_left_it(tmp_path):
    kith_run(tmp_path, {"li.zip": linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n", CONNECTIONS),
                        "phone.vcf": VCF})
    companies = pl.read_parquet(tmp_path / "out" / "companies.parquet")
    rows = {r["employer_key"]: (r["people_now"], r["people_before"])
            for r in companies.iter_rows(named=True)}
    assert rows == {"marel": (1, 0), "careem": (1, 0)}

"""Round 32 (docs/adversarial32.md): a Chinese name typed family name first into a phone
card's First/Last boxes ("Zhang" "Wei"), and the same person's LinkedIn record ("Wei"
"Zhang", typed by them). The two were merged (one e-mail); the card's name is the address
book's, and so was its given name: the introduction's ask began "Hi Zhang,". The given and
family names are now LinkedIn's when the card's are the same two swapped; the name stays as
the user typed it. Fixture written for kith: fictitious people, example.org addresses."""

from __future__ import annotations

import polars as pl
from exports_support import kith_run
from test_adversarial27_advice import linkedin_zip

from pipeline.enrich.drafts import greeting_name

CONNECTIONS = (
    "Wei,Zhang,https://www.linkedin.com/in/wz,zhang.wei@example.org,ByteDance Ltd,"
    "Software Engineer,02 Feb 2021\n"
    "Min,Park,https://www.linkedin.com/in/mp,min.park@example.org,Coupang,Engineer,"
    "02 Feb 2021\n")
GOOGLE = ("First Name,Last Name,Organization Name,E-mail 1 - Value,Labels\n"
          "Zhang,Wei,ByteDance,zhang.wei@example.org,* myContacts\n"
          "Min,Park,Coupang,min.park@example.org,* myContacts\n"
          "Li,Na,Acme,li.na@example.org,* myContacts\n")


def test_the_given_name_is_the_one_they_typed_on_linkedin(tmp_path):
    kith_run(tmp_path, {"li.zip": linkedin_zip("Hooli,Data Engineer,,,Nov 2022,\n", CONNECTIONS),
                        "google.csv": GOOGLE})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    rows = {r["display_name"]: r for r in people.iter_rows(named=True)}
    zhang = rows["Zhang Wei"]  # the name as the user typed it
    assert (zhang["given_name"], zhang["family_name"]) == ("Wei", "Zhang")
    assert zhang["record_count"] == 2
    assert greeting_name(zhang["given_name"], zhang["display_name"]) == "Wei"
    # guards: the same order on both records, and a card with no LinkedIn record, unchanged
    assert (rows["Min Park"]["given_name"], rows["Min Park"]["family_name"]) == ("Min", "Park")
    assert (rows["Li Na"]["given_name"], rows["Li Na"]["family_name"]) == ("Li", "Na")

"""Round 31 (docs/adversarial31.md, G1): a sort name typed into a phone card's given-name
field (`N:;Jähn\\, Evelyne;;;`, as bench/gen3 writes some cards and phones keep them) was
greeted "Hi Jähn, Evelyne," in the drafted message. Dedupe already reads such a name as
family, comma, given (docs/gen3.md); the greeting now does too. A comma with no blank after
it ("JUAN,PEREZ", realworld11's V4, given first) is left as it was. Fails on main."""

from __future__ import annotations

import re

import polars as pl
import pytest
from click.testing import CliRunner
from serve_home import AS_OF

from pipeline.cli import main
from pipeline.enrich import drafts

CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Jähn\\, Evelyne;;;\r\nFN:Jähn\\, Evelyne\r\n"
        "EMAIL;TYPE=INTERNET:evelyne.jaehn@example.com\r\nTEL;TYPE=CELL:+1 617 555 0181\r\n"
        "END:VCARD\r\n")


@pytest.mark.parametrize(("given", "greeting"), [
    ("Jähn, Evelyne", "Evelyne"),
    ("SRINIVASAN, YASHODA", "Yashoda"),
    ("Pal,  Amrita Devi", "Amrita Devi"),
    ("JUAN,PEREZ", "Juan,perez"),  # no blank after the comma: left as main had it
    ("Ann & Bob", "Ann & Bob"),
])
def test_a_sort_name_in_the_given_field_greets_by_the_given_name(given, greeting):
    assert drafts.greeting_name(given, given) == greeting


def test_the_plan_greets_a_sort_name_card_by_her_given_name(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    (folder / "exports" / "old_phone.vcf").write_text(CARD, encoding="utf-8")
    conf = ["--config", str(folder / "kith.toml")]
    res = CliRunner().invoke(main, ["run", "--as-of", AS_OF.isoformat(), *conf])
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(cfg.out / "people.parquet")
    pid = people.filter(pl.col("emails").list.contains("evelyne.jaehn@example.com"))[
        "person_id"][0]
    for args in (["note", pid, "--follow-up", AS_OF.isoformat()],
                 ["run", "--as-of", AS_OF.isoformat()]):
        res = CliRunner().invoke(main, [*args, *conf])
        assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["plan", "--messages", *conf])
    assert res.exit_code == 0, res.output
    block = res.output.split("Jähn, Evelyne:", 1)[1]
    block = re.split(r"^\s*\d+\. ", block, flags=re.M)[0]
    assert "Hi Evelyne," in block and "Hi Jähn" not in block

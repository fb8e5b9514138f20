"""`kith batch` keeps a person's id when a card is edited in place between nights, as `kith
run` does (pipeline.dedupe.ids.carried_over: docs/adversarial30.md fix 1). An owner's run in
a batch is `kith run`'s own pipeline over the owner's folder of the batch output, so the
published run's records and id state are there for the next night to carry from."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from test_batch import kith

CARD = "BEGIN:VCARD\nVERSION:3.0\nN:{family};{given};;;\nFN:{given} {family}\n{tel}END:VCARD\n"


def _write_cards(folder: Path, renamed: bool) -> None:
    cards = [("Davis", "Deborah" if renamed else "Debbie", "EMAIL:dd@example.org\n"),
             ("Okafor", "Chidi", "TEL;TYPE=CELL:+1 713 555 0142\n"),
             ("Lund", "Maja", "TEL;TYPE=CELL:+46 70 123 45 67\n")]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contacts.vcf").write_text(
        "".join(CARD.format(family=f, given=g, tel=t) for f, g, t in cards), "utf-8")


def _ids(out: Path) -> dict[str, str]:
    records = pl.read_parquet(out / "owners" / "alice" / "out" / "records.parquet")
    return dict(zip(records["family_clean"], records["person_id"], strict=True))


def test_an_edited_card_keeps_its_person_id_across_batch_nights(tmp_path):
    owners, out = tmp_path / "owners", tmp_path / "out"
    _write_cards(owners / "alice", renamed=False)
    assert kith("batch", owners, "--out", out, "--as-of", "2025-12-01").exit_code == 0
    first = _ids(out)
    _write_cards(owners / "alice", renamed=True)  # "Debbie" -> "Deborah" on the phone
    assert kith("batch", owners, "--out", out, "--as-of", "2025-12-02").exit_code == 0
    second = _ids(out)
    assert second == first  # Davis's record is new (its id hashes the name); its person is not
    names = pl.read_parquet(out / "owners" / "alice" / "out" / "people.parquet")["display_name"]
    assert "Deborah Davis" in names.to_list()

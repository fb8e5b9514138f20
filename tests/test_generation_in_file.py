"""One file naming "Salifu Ameda" and "Salifu Ameda Jnr" (a savings group's member list,
docs/realworld20.md S5) tells a son from his father: the suffix it writes on one of two records
of a name and not on the other is a conflict no weight lifts, and a pair of the review band
with it is settled apart, not asked. A second card of one person repeats an address or a
number, and across two files a suffix is often left out: neither is refused."""

from __future__ import annotations

import polars as pl
from exports_support import kith_run

from pipeline.dedupe import conflicts, households


def _people(tmp_path) -> dict[str, str]:
    recs = pl.read_parquet(tmp_path / "out" / "records.parquet")
    return dict(recs.select("full_name", "person_id").iter_rows())


def _pair_reasons(tmp_path) -> list[str]:
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    return pairs["reason"].to_list()


MEMBERS = ("Name,Town,Phone,Email\n"
           "SALIFU AMEDA,Tamale,,\n"
           "SALIFU AMEDA JNR,Tamale,,\n"
           "Ann Lee,York,,ann.lee@example.com\n"
           "Ann Lee Jr.,York,,ann.lee@example.com\n"
           "Ama Owusu Jnr,Kumasi,,\n")
GOOGLE = ("Name,Given Name,Family Name,Organization 1 - Name,E-mail 1 - Value,Address 1 - City\n"
          "Kofi Mensah,Kofi,Mensah,Acme,kofi@acme.example,\n"
          "Ama Owusu,Ama,Owusu,,,Kumasi\n")
OTHER = "Name,Town,Company,Email\nKofi Mensah Jnr,Accra,Acme,kofi@acme.example\n"


def test_one_file_with_and_without_a_suffix_lists_two_people(tmp_path):
    kith_run(tmp_path, {"members.csv": MEMBERS, "google.csv": GOOGLE, "other.csv": OTHER})
    people = _people(tmp_path)
    assert people["SALIFU AMEDA"] != people["SALIFU AMEDA JNR"]
    # settled, not asked: no answer is likely to join what the file tells apart
    review = pl.read_parquet(tmp_path / "out" / "review.parquet")
    asked = {frozenset(r) for r in review.select("name_l", "name_r").rows()}
    assert not any("SALIFU AMEDA" in " ".join(p).upper() for p in asked)
    assert (f"settled apart: {households.GENERATION_IN_FILE_REASON}"
            in _pair_reasons(tmp_path))
    # one file's two cards of one address: a duplicated card, one person
    assert people["Ann Lee"] == people["Ann Lee Jr."]
    # across two files a suffix is often left out: the shared address joins them
    assert people["Kofi Mensah"] == people["Kofi Mensah Jnr"]


def _verdict(file_codes, generations, emails=([], []), phones=([], [])) -> bool | None:
    side = {"l": 0, "r": 1}
    frame = pl.DataFrame({
        **{f"file_code_{s}": [file_codes[i]] for s, i in side.items()},
        **{f"generation_{s}": pl.Series([generations[i]], dtype=pl.Int8) for s, i in side.items()},
        **{f"email_keys_{s}": pl.Series([emails[i]], dtype=pl.List(pl.String))
           for s, i in side.items()},
        **{f"phones_e164_{s}": pl.Series([phones[i]], dtype=pl.List(pl.String))
           for s, i in side.items()},
    })
    return frame.select(conflicts._generation_in_file(frame)).item()


def test_the_verdict_needs_one_file_one_suffix_and_nothing_shared():
    assert _verdict((1, 1), (None, 2)) is True
    assert _verdict((1, 1), (1, None)) is True
    assert _verdict((1, 2), (None, 2)) is None  # two files: not comparable
    assert _verdict((1, 1), (None, None)) is False
    assert _verdict((1, 1), (2, 2)) is False
    assert _verdict((1, 1), (None, 2), emails=(["a@x.example"], ["a@x.example"])) is False
    assert _verdict((1, 1), (None, 2), phones=(["+441134960001"], ["+441134960001"])) is False
    assert _verdict((1, 1), (None, 2), phones=(["+441134960001"], ["+441134960002"])) is True

"""The two asks of a double opt-in introduction, drafted from drafts.toml, as text (`kith
introductions --messages`) and as mailto: links (introductions.html and `kith serve`'s
Introductions page, round 31).

The one who can help is asked first ("Would you be open to an introduction?"); the one who
needs it only once they agree. Each ask is addressed to one of the two, so neither quotes
your notes about either (drafts.draft's `private`): a need you noted is yours to put in
words. A person with no e-mail address on record gets no link (the text is still there for
LinkedIn or a phone)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from pipeline.enrich import drafts

# (template section, who it goes to, who it is about), in the order they are sent
ASKS = (("intro_helper", "helper", "seeker"), ("intro_seeker", "seeker", "helper"))


def asks(templates: dict, row: dict, names: dict[str, tuple], private: Iterable[str | None],
         me: str) -> list[tuple[str, str, str]]:
    """[(side, subject, body)]: the ask to the helper, then the one to the seeker. `row`: an
    introduction (seeker_id, seeker_name, helper_id, helper_name, need); `names`: person_id
    -> (given_name, nickname); `private`: your notes' texts about both people."""
    private = tuple(private)
    out = []
    for section, to, other in ASKS:
        given, nickname = names.get(row[f"{to}_id"], (None, None))
        subject, body = drafts.draft(templates, section, {
            "name": row[f"{to}_name"], "given_name": given, "nickname": nickname,
            "other_name": row[f"{other}_name"], "need": row["need"], "my_name": me}, private)
        out.append((to, subject, body))
    return out


def people_names(people: pl.DataFrame) -> dict[str, tuple]:
    """person_id -> (given_name, nickname), for the greeting; a people table of an older
    schema has no nickname."""
    nick = pl.col("nickname") if "nickname" in people.columns else pl.lit(None, pl.String)
    return {p: (g, n) for p, g, n in people.select("person_id", "given_name", nick).iter_rows()}


def add_links(rows: list[dict], templates: dict, names: dict[str, tuple],
              mail: dict[str, str], noted: dict[str, tuple], me: str) -> list[dict]:
    """`rows` (introductions as dicts), each with helper_mailto and seeker_mailto: the
    drafted ask as a mailto: link to that person's first e-mail address (`mail`: person_id
    -> address), or "" without one. `noted`: person_id -> your notes' texts about them."""
    for r in rows:
        private = noted.get(r["seeker_id"], ()) + noted.get(r["helper_id"], ())
        for to, subject, body in asks(templates, r, names, private, me):
            address = mail.get(r[f"{to}_id"]) or ""
            r[f"{to}_mailto"] = drafts.mailto(address, subject, body) if address else ""
    return rows


def first_mail(frame: pl.DataFrame, column: str) -> dict[str, str]:
    """person_id -> the first address of a list column of e-mail addresses (none: left out)."""
    got = frame.select("person_id", pl.col(column).list.first().alias("_m")).drop_nulls("_m")
    return dict(got.iter_rows())


def noted_texts(notes: pl.DataFrame) -> dict[str, tuple]:
    """person_id -> the texts of your notes about them (drafts.PRIVATE_NOTES), from any frame
    with person_id and some of those columns (the notes file, the worksheets' rows)."""
    cols = [c for c in drafts.PRIVATE_NOTES if c in notes.columns]
    out: dict[str, tuple] = {}
    for pid, *texts in notes.select("person_id", *[pl.col(c).cast(pl.String)
                                                   for c in cols]).iter_rows():
        out[pid] = out.get(pid, ()) + tuple(t for t in texts if t)
    return out

"""features.build's e-mail columns (email_locals, role_emails, work_domains, email_letters)
and name_spellings, now worked out on the addresses exploded once (mail_spellings.mail_lists) and
on the name parts selected once (session 21, fast7: ~0.1-0.15 CPU-s at 100k records). Each
row still reads what the rules say of its own addresses and names, checked here against the
rules written out per record in plain Python."""

from __future__ import annotations

import re

from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import features, mail_spellings
from pipeline.dedupe.mail_spellings import (
    FAMILY_MAILBOX,
    GENERIC_LOCALS,
    MIN_SPELLING,
    PERSONAL_DOMAINS,
)

LOCALS = ["info", "thesmiths", "smithfamily2", "j.smith85", "k.kabelham85", "mary-jones",
          "maryjones", "ab", "no-reply", "office", "carol", "x_y.z-long", "ines.galvan",
          "galvanines", "zz9", "Hooli"]
DOMAINS = ["gmail.com", "acme.de", "hooli.com", "web.de", "example.org"]
ADDRESS = st.one_of(
    st.none(),
    st.builds(lambda a, b: f"{a}@{b}", st.sampled_from(LOCALS), st.sampled_from(DOMAINS)),
    st.sampled_from(["no-at-sign", "two@at@example.org", "@acme.de", ""]))
GIVEN = st.sampled_from(["mary", "ines", "jo", "smith", None, "kabelham"])
FAMILY = st.sampled_from(["jones", "galvan", "smith", "de la cruz", None, "li"])
ROW = st.tuples(GIVEN, FAMILY, st.one_of(st.none(), st.lists(ADDRESS, max_size=4)))


def _expected(given_key, family_key, keys):
    """The four lists of one record, by the rules in mail_spellings.mail_lists' docstring."""
    if keys is None:
        return [], None, None, []
    g = (given_key or "").replace(" ", "")
    fam = (family_key or "").replace(" ", "")
    locals_, roles, work, letters = [], [], [], []
    for key in keys:
        if key is None:
            continue
        local = key.split("@")[0]
        bare = re.sub(r"[._-]", "", local)
        shared = bare in GENERIC_LOCALS or re.search(FAMILY_MAILBOX, bare) is not None
        named = any(len(part) >= 3 and part in bare for part in (g, fam))
        if len(bare) >= 6 and not shared and not named:
            locals_.append(bare)
        if shared:
            roles.append(key)
        if key.split("@")[-1] not in PERSONAL_DOMAINS:
            work.append(key.split("@")[-1])
        spelt = re.sub(r"[^a-z]", "", local)
        if len(spelt) >= MIN_SPELLING and spelt not in GENERIC_LOCALS:
            letters.append(spelt)
    return locals_, roles, work, letters


def _spellings(given_key, family_key):
    g = (given_key or "").split(" ")[0] if given_key is not None else None
    fam = family_key.replace(" ", "") if family_key is not None else None
    if g is None or fam is None or len(g) < 2 or len(fam) < 2:
        return []
    return [g + fam, fam + g, g[0] + fam, fam + g[0], g + fam[0]]


def _build(rows):
    return features.build(records([{"given_key": g, "family_key": fam, "emails": keys}
                                   for g, fam, keys in rows]))


@settings(max_examples=80, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=10))
def test_each_row_reads_its_own_addresses(rows):
    f = _build(rows)
    cols = ["given_key", "family_key", "email_keys", "email_locals", "role_emails",
            "work_domains", "email_letters"]
    for g, fam, keys, *got in f.select(cols).iter_rows():
        assert got == list(_expected(g, fam, keys)), (g, fam, keys)


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=10))
def test_name_spellings_are_the_five_spellings_of_the_name(rows):
    f = _build(rows)
    for g, fam, got in f.select("given_key", "family_key", "name_spellings").iter_rows():
        assert got == _spellings(g, fam), (g, fam)


def test_a_name_in_the_local_part_keeps_it_out_of_email_locals():
    f = _build([("ines", "galvan", ["ines.galvan@acme.de", "galvanines@hooli.com",
                                    "k.kabelham85@gmail.com", "info@acme.de"])])
    row = f.row(0, named=True)
    assert row["email_locals"] == ["kkabelham85"]
    assert row["role_emails"] == ["info@acme.de"]
    assert row["work_domains"] == ["acme.de", "hooli.com", "acme.de"]
    assert row["email_letters"] == ["inesgalvan", "galvanines", "kkabelham"]


def test_the_addresses_are_exploded_once(monkeypatch):
    """One explode of email_keys feeds the four columns (main: four list.eval passes and a
    second explode of email_locals)."""
    calls = []
    real = mail_spellings.explode_rows

    def counting(lists):
        calls.append(lists.name)
        return real(lists)

    monkeypatch.setattr(mail_spellings, "explode_rows", counting)
    _build([("mary", "jones", ["mary.jones@acme.de", "info@acme.de"]), ("jo", None, None)])
    assert calls == ["email_keys"]

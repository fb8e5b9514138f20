"""Session 25 (fast9): dedupe's comparisons, coding and blocking made cheaper at a million
records, each checked against the rule written out in plain Python (docs/performance.md,
"Session 25 (fast9)").

- field_levels: the e-mail, phone and birthday levels are evaluated on the pairs where both
  records have the field only (_where_present); each equals its rule row by row, and "null"
  where a record lacks the field.
- coded.encode: a value's code is its position in its dictionary's first-seen order (an Enum
  cast now), shared by the dictionary's columns; null stays null, [] stays [].
- blocking.first_rules: every pair any rule proposes, once, in (l, r) order, with the first
  rule (in RULES order) that proposed it (a stable sort now, not a group_by).
- pets.pet_names: the pet test on the pairs of the spelling band, coded or plain, is
  pet_pair row by row."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import blocking, coded, pets, similarity
from pipeline.dedupe.model import LEVEL

MAILS = ["a@x.org", "b@x.org", "info@x.org", "c@y.org"]
PHONES = ["+1", "+2", "+3"]


def _email_rule(el, er, role_l, loc_l, loc_r, typo) -> str:
    if not el or not er:
        return "null"
    both = [m for m in el if m in er]
    if [m for m in both if m not in role_l]:
        return "exact"
    if both:
        return "role"
    if set(loc_l) & set(loc_r):
        return "local"
    return "typo" if typo else "different"


def _phone_rule(pl_, pr, personal_l, personal_r) -> str:
    if not pl_ or not pr:
        return "null"
    if set(personal_l) & set(personal_r):
        return "exact"
    return "shared" if set(pl_) & set(pr) else "different"


def _birthday_rule(yl, ml, dl, yr, mr, dr) -> str:
    if None in (ml, dl, mr, dr):
        return "null"
    same_day = ml == mr and dl == dr
    same_year = yl is not None and yr is not None and yl == yr
    if same_day and same_year:
        return "jan_first" if (ml, dl) == (1, 1) else "exact"
    if (ml, dl) == (1, 1) and (mr, dr) == (1, 1):
        return "null"
    if same_day and (yl is None or yr is None):
        return "month_day"
    if ml == dr and dl == mr and (yl == yr or yl is None or yr is None):
        return "near"
    if yl is not None and yr is not None:
        a, b = f"{yl:04d}{ml:02d}{dl:02d}", f"{yr:04d}{mr:02d}{dr:02d}"
        if sum(x != y for x, y in zip(a, b, strict=True)) <= 2:
            # two of year, month and day apart, and more than 45 (31-day) days (qual13)
            parts = (yl != yr) + (ml != mr) + (dl != dr)
            days = abs((yl * 12 + ml) * 31 + dl - (yr * 12 + mr) * 31 - dr)
            return "two_parts" if parts >= 2 and days > 45 else "near"
    return "near" if same_day else "different"


def _lists(values):
    return st.lists(st.sampled_from(values), max_size=3, unique=True)


@st.composite
def pair_rows(draw):
    n = draw(st.integers(1, 12))
    date = st.one_of(st.none(), st.sampled_from([1, 2, 12]))
    rows = []
    for _ in range(n):
        el, er = draw(_lists(MAILS)), draw(_lists(MAILS))
        pl_, pr = draw(_lists(PHONES)), draw(_lists(PHONES))
        rows.append({
            "email_keys_l": el, "email_keys_r": er,
            "role_emails_l": [m for m in el if m.startswith("info")],
            "email_locals_l": draw(_lists(["ab", "cd"])),
            "email_locals_r": draw(_lists(["ab", "cd"])),
            "_email_typo": draw(st.booleans()),
            "phones_e164_l": pl_, "phones_e164_r": pr,
            "phones_personal_l": [x for x in pl_ if x != "+3"],
            "phones_personal_r": [x for x in pr if x != "+3"],
            **{f"birthday_year_{s}": draw(st.one_of(st.none(), st.sampled_from([1980, 1981])))
               for s in "lr"},
            **{f"birthday_{part}_{s}": draw(date) for part in ("month", "day") for s in "lr"},
        })
    return rows


@settings(max_examples=150, deadline=None)
@given(pair_rows())
def test_sparse_levels_are_their_rules_row_by_row(rows):
    from pipeline.dedupe import field_levels as fl  # here: main has no field_levels

    schema = {c: (pl.List(pl.String) if isinstance(v, list) else
                  pl.Boolean if isinstance(v, bool) else pl.Int32)
              for c, v in rows[0].items()}
    p = pl.DataFrame(rows, schema=schema)
    email = fl._where_present(p, fl.empty("email_keys"), fl._email_level())
    phone = fl._where_present(p, fl.empty("phones_e164"), fl._phone_level("phones_personal"))
    birthday = fl._where_present(p, fl.null("birthday_month") | fl.null("birthday_day"),
                                 fl._birthday_level())
    assert email.dtype == phone.dtype == birthday.dtype == LEVEL
    for i, r in enumerate(rows):
        assert email[i] == _email_rule(r["email_keys_l"], r["email_keys_r"], r["role_emails_l"],
                                       r["email_locals_l"], r["email_locals_r"], r["_email_typo"])
        assert phone[i] == _phone_rule(r["phones_e164_l"], r["phones_e164_r"],
                                       r["phones_personal_l"], r["phones_personal_r"])
        assert birthday[i] == _birthday_rule(*(r[f"birthday_{x}_{s}"] for s in "lr"
                                               for x in ("year", "month", "day")))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["ann", "", "lee", "bo", "ann lee"])),
                min_size=1, max_size=8),
       st.data())
def test_codes_are_first_seen_positions_shared_by_a_dictionary(given_keys, data):
    n = len(given_keys)
    family = data.draw(st.lists(st.one_of(st.none(), st.sampled_from(["lee", "ann", "kim"])),
                                min_size=n, max_size=n))
    mails = data.draw(st.lists(st.one_of(st.none(), _lists(MAILS)), min_size=n, max_size=n))
    f = pl.DataFrame({"given_key": given_keys, "family_key": family, "email_keys": mails},
                     schema={"given_key": pl.String, "family_key": pl.String,
                             "email_keys": pl.List(pl.String)})
    c = coded.encode(f, ["given_key", "family_key", "email_keys"])
    names = list(dict.fromkeys(x for x in given_keys + family if x is not None))
    addresses = list(dict.fromkeys(m for ms in mails if ms for m in ms))
    assert c.values["given_key"].to_list() == names == c.values["family_key"].to_list()
    assert c.values["email_keys"].to_list() == addresses
    assert c.features.schema["given_key"] == pl.UInt32
    assert c.features.schema["email_keys"] == pl.List(pl.UInt32)
    for col, raw in (("given_key", given_keys), ("family_key", family)):
        assert c.features[col].to_list() == [None if x is None else names.index(x) for x in raw]
    assert c.features["email_keys"].to_list() == [
        None if ms is None else [addresses.index(m) for m in ms] for ms in mails]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=12),
                min_size=1, max_size=len(blocking.RULES)))
def test_each_pair_keeps_the_first_rule_that_proposed_it(proposed):
    frames = []
    for pairs in proposed:
        codes = sorted({a * blocking.PAIR_SHIFT + b for a, b in pairs if a < b}, reverse=True)
        frames.append(pl.DataFrame({"lr": codes}, schema={"lr": pl.UInt64}))
    first: dict[tuple[int, int], str] = {}
    for rule, pairs in zip(blocking.RULES, proposed, strict=False):
        for a, b in pairs:
            if a < b:
                first.setdefault((a, b), rule.name)
    out = blocking.first_rules(frames)
    assert out.schema == pl.Schema({"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    assert out.rows() == [(a, b, first[(a, b)]) for a, b in sorted(first)]


PET_NAMES = ["eddy", "edward", "herbie", "herbert", "kylie", "kyle", "danny", "daniela",
             "abby", "abigail", "norrie", "norman", None]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PET_NAMES), st.sampled_from(PET_NAMES),
                          st.booleans(), st.booleans(),
                          st.sampled_from([0.0, 0.5, 0.55, 0.7, 0.919, 0.92, 1.0])),
                min_size=1, max_size=10))
def test_pet_names_is_pet_pair_on_the_spelling_band(rows):
    # a null name scores 0 against anything (similarity.score_unique_pairs)
    rows = [(a, b, ka, kb, 0.0 if a is None or b is None else jw) for a, b, ka, kb, jw in rows]
    p = pl.DataFrame(rows, schema={"given_key_l": pl.String, "given_key_r": pl.String,
                                   "given_known_l": pl.Boolean, "given_known_r": pl.Boolean,
                                   "given_jw": pl.Float32}, orient="row")
    values = pl.Series([x for x in PET_NAMES if x is not None])
    codes = p.with_columns(pl.col(c).replace_strict(values, range(values.len()), default=None,
                                                    return_dtype=pl.UInt32)
                           for c in ("given_key_l", "given_key_r"))
    plain, coded_ = pets.pet_names(p), pets.pet_names(codes, values)
    table = pets.pet_table(p.select(pl.col("given_key_l").alias("a"),
                                          pl.col("given_key_r").alias("b"),
                                          pl.col("given_known_l").alias("ka"),
                                          pl.col("given_known_r").alias("kb")))["hit"]
    for i, (_a, _b, ka, kb, jw) in enumerate(rows):
        band = pets.PET_JW <= jw < similarity.JW_HIGH and not (ka and kb)
        assert plain[i] == coded_[i] == (band and table[i])

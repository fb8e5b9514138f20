"""Cheaper paths to the same answers (session 23, batch5: a `kith batch` owner's fixed cost).
households.household_cards runs household_card's patterns only on the rows maybe_household
keeps; csvrepair.without_header_lines compares the cells of a row only where its fullest column
is empty or a column name, as one list; emails.addresses reuses what normalize_emails read of
the same values in this process; evidence._Hits reads the rules' hits together."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.csvrepair import without_header_lines
from pipeline.dedupe.households import household_card, household_cards, maybe_household
from pipeline.formats.base import Rejects
from pipeline.normalize import emails
from pipeline.tagging import evidence
from pipeline.tagging.rules import Rule

# The pieces household_card's patterns are made of, in several cases, and characters that
# case folding or Unicode white space treat specially (long s, Kelvin sign, no-break space).
_PIECES = ["&", "+", " and ", " AND ", " aNd ", " und ", " et ", " y ", " Y ", " en ", " och ",
           " og ", "Family", "family", "FAMILIE", "Famille", "familia", "Famiglia", "Família",
           "Rodzina", "gezin", "Fam.", "fam.", "The ", "the ", "Smiths", "Mr", "Mrs", "Ms.",
           "Dr.", " ", "\u00a0", "\t", "John", "Jane", "Ann Lee", "Corp.", "Ltd", ", Jr.",
           "\u017f", "\u212a", "é", "-", "'", "."]
_TEXT = st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=6).map("".join),
                  st.text(max_size=12))
_NAME_COLUMNS = ["given_name", "family_name", "full_name", "organization"]


@st.composite
def _cards(draw) -> pl.DataFrame:
    columns = ["given_name", *draw(st.lists(st.sampled_from(_NAME_COLUMNS[1:]), unique=True))]
    n = draw(st.integers(0, 8))
    return pl.DataFrame({c: draw(st.lists(_TEXT, min_size=n, max_size=n)) for c in columns},
                        schema={c: pl.String for c in columns})


@settings(max_examples=300)
@given(_cards())
def test_household_cards_are_household_card_evaluated(frame: pl.DataFrame):
    cards = household_cards(frame)
    assert cards.name == "household" and cards.dtype == pl.Boolean
    assert cards.to_list() == frame.select(household_card(frame.columns)).to_series().to_list()
    # the prefilter never drops a card
    maybe = frame.select(maybe_household(frame.columns)).to_series()
    assert not (cards & ~maybe).any()


def test_household_cards_without_a_given_name_column():
    frame = pl.DataFrame({"full_name": ["John & Jane Smith", None]})
    assert household_cards(frame).to_list() == [False, False]


def _header_lines_by_hand(frame: pl.DataFrame, names: list[str], cells: list[str]) -> list[int]:
    header = {c.lower() for c in cells if c}
    out = []
    for row in frame.iter_rows(named=True):
        filled = [row[n] for n in names if row[n] is not None]
        if len(filled) >= 2 and all(v.lstrip("\ufeff").lower() in header for v in filled):
            out.append(row["source_row"])
    return out


_CELL = st.one_of(st.none(), st.sampled_from(["First Name", "first name", "\ufeffFIRST NAME",
                                              "Last Name", "E-mail", "Ann", "Lee", "x"]))


@settings(max_examples=200)
@given(st.data())
def test_header_lines_are_the_rows_of_column_names(data):
    names = ["First Name", "Last Name", "E-mail"][:data.draw(st.integers(1, 3))]
    n = data.draw(st.integers(1, 8))
    frame = pl.DataFrame({c: data.draw(st.lists(_CELL, min_size=n, max_size=n)) for c in names},
                         schema={c: pl.String for c in names}).with_row_index("source_row")
    frame = frame.with_columns(pl.col("source_row").cast(pl.Int64))
    rejects = Rejects()
    kept = without_header_lines(frame, names, names, ",", rejects)
    lines = _header_lines_by_hand(frame, names, names)
    assert kept["source_row"].to_list() == [r for r in frame["source_row"] if r not in lines]
    assert len(rejects) == len(lines)


def test_a_header_line_in_a_file_whose_first_column_is_mostly_empty():
    # the fullest column (E-mail) is the one compared first; its empty rows are compared cell
    # by cell, the header line among them is rejected, the person with no first name kept
    names = ["First Name", "Last Name", "E-mail"]
    frame = pl.DataFrame({"First Name": [None, None, "First Name", None],
                          "Last Name": ["Lee", "Ray", "Last Name", None],
                          "E-mail": ["a@x.org", "b@x.org", None, None],
                          "source_row": [0, 1, 2, 3]},
                         schema={**{c: pl.String for c in names}, "source_row": pl.Int64})
    rejects = Rejects()
    kept = without_header_lines(frame, names, names, ",", rejects)
    assert kept["source_row"].to_list() == [0, 1, 3]
    assert len(rejects) == 1


_EMAIL = st.one_of(st.none(), st.sampled_from([
    "ann@x.org", "Ann@X.org", "Jane Doe <Jane@X.org>", "mailto:a@x.org", "a@x.org; b@y.org",
    '"Doe, Jane" <jane@x.com>', "n/a", "", " ", "a..b@x.org", "B.Lee@gmail.com ::: c@d.ee",
    "<x@y.zz>.", "ann@x.org,ann@x.org"]), st.text(max_size=10))
_LISTS = st.lists(st.one_of(st.none(), st.lists(_EMAIL, max_size=3)), max_size=6)


def _series(lists) -> pl.Series:
    return pl.Series("emails", lists, dtype=pl.List(pl.String))


@settings(max_examples=200)
@given(_LISTS, _LISTS, st.integers(1, 4))
def test_addresses_remembered_are_addresses_read(seen, asked, bound):
    """Whatever normalize_emails read before (and however small the memory), addresses gives
    what reading every value itself gives."""
    saved = emails._REMEMBER_MAX
    try:
        emails._ADDRESSES.clear()
        expected = emails.addresses(_series(asked))
        emails._ADDRESSES.clear()
        emails._REMEMBER_MAX = bound
        emails.normalize_emails(_series(seen))
        assert len(emails._ADDRESSES) <= bound
        got = emails.addresses(_series(asked))
    finally:
        emails._REMEMBER_MAX = saved
        emails._ADDRESSES.clear()
    assert got.to_list() == expected.to_list()
    assert got.dtype == expected.dtype
    # and what _per_value reads, value by value
    for lst, out in zip(asked, got.to_list(), strict=True):
        want: list[str] = []
        for v in lst or []:
            if v is not None:
                want += emails._per_value(pl.Series([v], dtype=pl.String))["addresses"][0].to_list()
        assert out == list(dict.fromkeys(want))


class _HitsOneByOne:
    """evidence._Hits as it was before session 23: each frame's combinations numbered and
    its sentences built when added (five queries a rule); the reference for the batched one."""

    def __init__(self, rules):
        self.rules = sorted(rules, key=lambda r: (r.network, r.name))
        self.index = {r.name: i for i, r in enumerate(self.rules)}
        self.hits, self.combos = [], []

    def add(self, rule, frame):
        if frame.height == 0:
            return
        frame = frame.with_columns(
            [pl.col(c).fill_null("") if c in frame.columns else pl.lit("").alias(c)
             for c in evidence._PLACES])
        i = self.index[rule.name]
        combos = frame.select(evidence._PLACES).unique().sort(evidence._PLACES) \
            .with_row_index("c")
        self.hits.append(frame.join(combos, on=evidence._PLACES).select(
            "pidx", pl.lit(i, dtype=pl.UInt32).alias("rule_i"), "c"))
        self.combos.append(combos.select(pl.lit(i, dtype=pl.UInt32).alias("rule_i"), "c",
                                         evidence._reason(rule.reason).alias("reason")))

    def findings(self):
        """(pidx, rule_i, sentence) of every hit, de-duplicated and sorted."""
        if not self.hits:
            return []
        combos = pl.concat(self.combos)
        return sorted(set(pl.concat(self.hits).join(combos, on=["rule_i", "c"])
                          .select("pidx", "rule_i", "reason").iter_rows()))


_TEMPLATES = ["{value}", "works at {value} ({match})", "a {source} {field}: {value}",
              "in your address book", "{match}"]
_PLACE_VALUES = st.one_of(st.none(), st.sampled_from(["", "Acme", "acme", "Google", "label"]))


@settings(max_examples=150)
@given(st.data())
def test_rule_hits_read_together_are_those_read_one_by_one(data):
    n_rules = data.draw(st.integers(1, 4))
    rules = [Rule(name=f"r{k}", network=data.draw(st.sampled_from(["peer", "business"])),
                  kind="label", match=("x",), reason=data.draw(st.sampled_from(_TEMPLATES)))
             for k in range(n_rules)]
    batched, reference = evidence._Hits(rules), _HitsOneByOne(rules)
    # each rule is added once at most, as rule_rows adds them (one kind each, names unique;
    # the reference numbered each frame's combinations from 0, so it could not take two)
    for rule in data.draw(st.permutations(rules))[:data.draw(st.integers(0, n_rules))]:
        places = data.draw(st.lists(st.sampled_from(evidence._PLACES), unique=True))
        n = data.draw(st.integers(0, 5))
        frame = pl.DataFrame(
            {"pidx": data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)),
             **{c: data.draw(st.lists(_PLACE_VALUES, min_size=n, max_size=n)) for c in places},
             "other": [1] * n},
            schema={"pidx": pl.UInt32, **{c: pl.String for c in places}, "other": pl.Int64})
        batched.add(rule, frame)
        reference.add(rule, frame)
    ids = pl.Series([f"p{k}" for k in range(4)])
    got = batched.rows(ids)
    # the reasons' order and cut (MAX_REASONS) follow the sentences: same sentences, same rows
    want = reference.findings()
    assert got.columns == ["person_id", "network", "rule", "reason"]
    if not want:
        assert got.height == 0
        return
    batched_findings = sorted(set(
        batched._hits()[0].join(pl.DataFrame({"reason": batched._hits()[1]}).with_row_index(
            "g").with_columns(pl.col("g").cast(pl.UInt32)), on="g")
        .select("pidx", "rule_i", "reason").iter_rows()))
    assert batched_findings == want
    # and the rows: per person and rule, the sentences sorted, MAX_REASONS of them shown
    by: dict[tuple[int, int], list[str]] = {}
    for pidx, rule_i, reason in want:
        by.setdefault((pidx, rule_i), []).append(reason)
    expected = []
    for (pidx, rule_i), texts in sorted(by.items()):
        shown = "; ".join(sorted(texts)[:evidence.MAX_REASONS])
        more = len(texts) - evidence.MAX_REASONS
        rule = batched.rules[rule_i]
        expected.append((f"p{pidx}", rule.network, rule.name,
                         shown + (f"; and {more} more" if more > 0 else "")))
    assert list(got.iter_rows()) == expected

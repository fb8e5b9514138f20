"""E-mail keys and invalid values (golden tables and properties)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.normalize import emails as E

LS = pl.List(pl.String)


def norm(rows: list) -> list[tuple[list, list]]:
    out = E.normalize_emails(pl.Series("emails", rows, dtype=LS))
    return list(zip(out["email_keys"].to_list(), out["emails_invalid"].to_list(), strict=True))


GOLDEN = [
    (["Jane@Example.COM"], ["jane@example.com"], []),
    (["  jane@example.com  "], ["jane@example.com"], []),
    (["mailto:Bob@Example.org"], ["bob@example.org"], []),
    (['"Doe, John" <JD@x.com>'], ["jd@x.com"], []),
    (["Jane Doe <jane@y.com>, bob@z.com"], ["jane@y.com", "bob@z.com"], []),
    (["a@x.com ::: b@x.com"], ["a@x.com", "b@x.com"], []),
    (["a@x.com; b@x.com"], ["a@x.com", "b@x.com"], []),
    # gmail: dots and +tags folded, googlemail.com is gmail.com
    (["J.a.n.e+news@googlemail.com"], ["jane@gmail.com"], []),
    (["jane.doe@gmail.com", "janedoe@gmail.com"], ["janedoe@gmail.com"], []),
    # other domains keep dots and tags
    (["jane.doe+x@example.com"], ["jane.doe+x@example.com"], []),
    # junk
    (["/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jd"],
     [], ["/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jd"]),
    (["n/a", "a@b", "x..y@a.com", "jane @ x.com"], [], ["n/a", "a@b", "x..y@a.com", "jane", "@",
                                                        "x.com"]),
    (["foo bar@x.com"], ["bar@x.com"], ["foo"]),
    (["", "  "], [], []),
    ([], [], []),
    (None, [], []),
    (["JANE@EXAMPLE.COM", "jane@example.com"], ["jane@example.com"], []),
    (["jürgen@müller.de"], ["jürgen@müller.de"], []),
    # Excel's text marker kept by an exporter that guards cells against formulas: no part of
    # the address (it went the fast way, unwrapped by no one); an apostrophe inside is
    (["'ann@lee.example"], ["ann@lee.example"], []),
    (["o'brien@x.com"], ["o'brien@x.com"], []),
]


@pytest.mark.parametrize(("raw", "keys", "invalid"), GOLDEN)
def test_golden(raw, keys, invalid):
    assert norm([raw]) == [(keys, invalid)]


def test_rows_stay_aligned():
    rows = [["a@x.com"], None, [], ["junk", "B@Y.com"], ["a@x.com"]]
    assert norm(rows) == [
        (["a@x.com"], []), ([], []), ([], []), (["b@y.com"], ["junk"]), (["a@x.com"], [])]


def test_expression_forms():
    frame = pl.DataFrame({"e": [["Jane@Gmail.com", "x"]]}, schema={"e": LS})
    out = frame.select(E.emails_struct(pl.col("e"))).unnest("e")
    assert out.row(0) == (["jane@gmail.com"], ["x"])
    scalar = pl.DataFrame({"a": ["j.a.n.e+x@googlemail.com", "a.b@c.com"]}).select(
        E.email_key(pl.col("a")))
    assert scalar.to_series().to_list() == ["jane@gmail.com", "a.b@c.com"]


LOCAL = st.text(alphabet="abcXYZ019._+-'", min_size=1, max_size=12)
DOMAIN = st.sampled_from(["gmail.com", "googlemail.com", "Example.com", "mail.co.uk", "x.io"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LOCAL, DOMAIN).map("@".join), min_size=1, max_size=5))
def test_email_key_is_idempotent(addresses):
    keys = norm([addresses])[0][0]
    assert norm([keys])[0][0] == keys
    for key in keys:
        assert key == key.lower() and key.count("@") == 1


@example(["\x1f@0.00"])  # a control character before the @ was kept in the key (CI, session 16)
@example(["jo\x1fe@x.com", "a\x7f@b.org"])
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=6))
def test_never_raises_and_partitions(values):
    (keys, invalid), = norm([values])
    assert len(set(keys)) == len(keys) and len(set(invalid)) == len(invalid)
    for key in keys:
        assert key == key.strip() and "@" in key and " " not in key
        assert not any(c < " " or c == "\x7f" for c in key)  # no control character


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LOCAL, DOMAIN).map(lambda t: "@".join(t).lower()), min_size=1,
                max_size=5))
def test_plain_addresses_taken_as_they_are_read_as_the_long_way_reads_them(addresses):
    """The fast path (E._PLAIN: a plain address is its own unwrapped form) and the long way
    (tokens, unwrap, the syntax check) agree on every address."""
    values = pl.Series(addresses, dtype=pl.String)
    slow = E._per_value(values)["keys"].to_list()
    fast = [norm([[a]])[0][0] for a in addresses]
    assert fast == slow

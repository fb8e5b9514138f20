"""The match model's constants: per comparison level, m = P(level | same person) and
u = P(level | different people) (docs/dedupe-quality.md has the measurements behind them), and
the level type. compare.py turns levels into weights."""

from __future__ import annotations

import math

import polars as pl

# Of true candidate pairs with two job titles, 86% agree in pipeline.synth (which retitles every
# job change) and 100% in pipeline.synth_spec (which never does); real titles are reworded and
# people promoted, so kith assumes less than either (docs/dedupe-quality.md).
TITLE_M_EXACT = 0.35
TWO_PARTS_M = 0.1
# A different organisation across a LinkedIn connection (today's employer) and another
# export's card (the employer when the card was written), where no third record carries the
# full name ("different_dated", field_levels._dated_apart): the largest share of such true
# pairs measured in the five generators (gen5 0.23, gen3 0.20-0.22, synth 0.16, synth_spec
# 0.08, gen4 0; docs/recall35.md). Real people change jobs every few years, and a card is
# as old as the day it was typed: no generator is likely to exceed the real share.
ORG_DATED_M = 0.23
# (m, u) per level; u=None means "term frequency of the value".
M: dict[str, dict[str, tuple[float, float | None]]] = {
    # u of the two spelling bands: random pairs of different people are this close only
    # 0.03-0.16% of the time (bench/dedupe_measure.py mu), but candidate pairs are not random:
    # with u set to that, "NewpersonB Nightly1" and "NewpersonG Nightly6" (both names a letter
    # apart, different e-mails, one file) merged in a 100-record book (tests/test_nightly.py).
    # Names close in both parts are correlated, so the bands keep their larger u.
    # "pet": one name a pet form of the other that the nickname table lacks ("eddy" / "edward",
    # "herbie" / "herbert", pets.pet_of). m 0.005: 0.5-0.8% of true pairs in
    # historical_50k and FEBRL 3 / 4, 0-0.2% in fake_1000 and the generators, which write few
    # pet forms the table lacks; u 0.0001, above every share measured among random pairs of
    # different people (0-0.00006; docs/dedupe-quality.md, session 19).
    "given": {"exact": (0.72, None), "nickname": (0.14, 0.002), "jw_high": (0.06, 0.004),
              "jw_mid": (0.03, 0.02), "initial": (0.03, 0.02), "clipped": (0.05, 0.003),
              "pet": (0.005, 0.0001), "different": (0.02, 0.95)},
    # "lone": one record has one name only ("Bryant"), the other's family name (given: null);
    # m 0.1 (true pairs: 5-32% on three public sets), u its frequency (docs/dedupe-quality.md)
    # "part": one family name is a part of the other's compound one ("Hidalgo" / "Hidalgo
    # Galván": one of two Spanish surnames dropped; "Stewart" / "Hammond Stewart"), u the
    # commoner name's frequency; m 0.05, a third of "different"'s share of true pairs goes here
    "family": {"exact": (0.82, None), "swapped": (0.03, 0.00005), "jw_high": (0.07, 0.002),
               "jw_mid": (0.03, 0.01), "lone": (0.1, None), "part": (0.03, None),
               "different": (0.05, 0.98)},
    # "role": the only address shared is a role or family mailbox (info@, office@, home@),
    # which colleagues and households share: the same place, hardly the same person.
    # "typo": two addresses at most two edits apart with the same digits, typed by hand into
    # an address book ("evied62@" / "evieed62@", "emilya@eroberts.com" / "emilya@roberts.com");
    # the digits must agree, or john.smith1@ and john.smith2@ would be one person; dots and
    # dashes do not count (christopher_burke@ and christopherburke@ are two people's
    # addresses made from one name); and only where one record lacks a given or family name:
    # with both names on both, a near address mostly repeats a near name (yangwei@ / yanwei@),
    # and so it does where the two given names differ (marie.pending@ / maria.pending@).
    "email": {"exact": (0.45, 1e-6), "role": (0.02, 0.002), "local": (0.05, 0.002),
              "typo": (0.05, 0.0005), "different": (0.5, 0.99)},
    # "shared": the only number in common is one the book shows beside four family names or
    # more, a switchboard (compare.SHARED_FAMILIES): what colleagues share, like a role
    # mailbox. Among pairs where both records carry a number: true pairs 0-0.48% (gen3,
    # synth_spec, gen4), random pairs of different people 0-0.073% (gen3 2k the most); u is
    # above every measurement (docs/dedupe-quality.md, session 20).
    "phone": {"exact": (0.5, 2e-6), "shared": (0.005, 0.001), "different": (0.5, 0.99)},
    "linkedin": {"exact": (0.98, 1e-7), "different": (0.002, 0.999)},
    # m measured on the truth of both generators (candidate pairs of one person: different
    # organisations 7-15%, the stale job of an old address book; the same one 85-92%): the
    # larger share of "different" is kept, so a job change costs no more than it must.
    "org": {"exact": (0.8, None), "jw_high": (0.05, 0.003), "different": (0.15, 0.95),
            "different_dated": (ORG_DATED_M, 0.95)},
    # "two_parts": within two digits, in two of year, month and day, and more than 45 days
    # apart ("1983-07-03" / "1983-09-23", field_levels._two_parts): random pairs of
    # different people 0.9-1.4% on seven labelled sets (2.7% historical_50k), so u 0.012;
    # true pairs 0-0.4% (RLdata10000, FEBRL, the generators), 3% historical_50k, 11%
    # fake_1000, whose generator moves a date by years and days at once: m 0.1 keeps its
    # pairs but four (TWO_PARTS_M 0.03 lost 18; docs/qual13.md)
    # "jan_first": the same 1 January, where year-only records put the date: u 0.0034 measured
    # (historical_50k), other dates 1.5e-5-6.7e-5 on three sets (docs/dedupe-quality.md)
    "birthday": {"exact": (0.6, 4e-5), "jan_first": (0.6, 0.003), "month_day": (0.12, 0.003),
                 "near": (0.2, 0.004), "two_parts": (TWO_PARTS_M, 0.012),
                 "different": (0.15, 0.99)},
    # A misspelt city ("Lonnod") weighs by the frequency of the commoner spelling of the two
    # (see score): a typo of a rare suburb says much, one of the city half the book lives in
    # says nothing. m 0.15, below the 18-29% of true pairs in the public sets (0 in both
    # generators, which misspell no city).
    "city": {"exact": (0.55, None), "jw_high": (0.15, None), "different": (0.3, 0.9)},
    # Middle names: "Ethan" / "Ethan Marie" is no evidence either way (null); two middle names
    # or initials that agree are some; two that disagree are namesakes more often than typos.
    "middle": {"exact": (0.5, 0.02), "initial": (0.3, 0.05), "different": (0.2, 0.9)},
    # Postal address. A household shares it, so it says "same home", not "same person": the
    # given-name guard in clustering keeps households apart. People move: m of "different".
    "street": {"exact": (0.55, None), "jw_high": (0.1, 0.0005), "different": (0.35, 0.999)},
    "postcode": {"exact": (0.6, None), "different": (0.35, 0.99)},
    # An e-mail local part of one record spells the other's name ("kkabelham" / Korfaard
    # Kabelham), counted only where the names themselves do not already agree in full.
    "email_name": {"spells_name": (0.25, 0.002)},
    # A work e-mail domain of one record matches the other's organisation
    # ("kobrien@cyberdyne.ai" / Cyberdyne Systems), where one record has no organisation. It
    # says "same employer", which coworkers share too: u is about the chance that two people
    # in one address book work at the same place.
    "domain_org": {"matches": (0.3, 0.02)},
    # Job title. u of "exact" is the title's frequency ("software engineer" says little).
    "title": {"exact": (TITLE_M_EXACT, None), "different": (1 - TITLE_M_EXACT, 0.9)},
}
# Levels are computed as an Enum (integer codes: the when/then chains and the weight lookups
# compare numbers, not strings); the pairs table stores them as text.
LEVEL = pl.Enum(sorted({name for levels in M.values() for name in levels} | {"null"}))
MAX_FIELD_WEIGHT = 16.0
MIN_TF_U = 1e-5


def field_bounds(n_records: int) -> tuple[float, float]:
    """(the most one agreeing field may weigh, the least frequency a value is taken to have)
    in a book of `n_records`. 16 bits and 1e-5 hold up to 2^16 records; past that the prior
    (-log2 N, tables.prior_weight) falls below what one field could say, while what a
    personal address, or a name only two records of a million carry, says does not: at a
    million records an exact e-mail weighed 16 against a prior of -20, below review. So the
    bound grows with the prior (log2 N) and the least frequency is one record's (1/N); in a
    book up to 65,536 records both are the constants (docs/recall1m.md)."""
    n = max(n_records, 2)
    return max(MAX_FIELD_WEIGHT, math.log2(n)), min(MIN_TF_U, 1.0 / n)


def lvl(name: str) -> pl.Expr:
    return pl.lit(name, dtype=LEVEL)

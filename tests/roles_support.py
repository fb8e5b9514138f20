"""One title's (seniority, function) from the role parser, for the table-driven role tests.

A call of the parser costs ~0.2 CPU-s whatever its size (its patterns pass over the batch
once: 1 title 0.15-0.23 CPU-s, 110 titles 0.25), and these tables name ~300 titles, one test
each. So the titles of every table wrapped in `cases(...)` are classified together, in one
call, the first time a test asks for one of them; each test still asserts its own title's
answer. A title's answer does not depend on the titles classified with it: that is a
property of the parser, tested on its own
(test_enrich_roles.py::test_a_titles_roles_do_not_depend_on_the_titles_classified_with_it).
"""

import polars as pl

from pipeline.enrich.roles import classify

_ASKED: set[str] = set()  # every title a `cases` table names (collected at import)
_FOUND: dict[str, tuple[str, str]] = {}


def cases(table: list[tuple]) -> list[tuple]:
    """`table` as it is (title first in each case), its titles noted for one shared call."""
    _ASKED.update(case[0] for case in table)
    return table


def roles(title: str) -> tuple[str, str]:
    if title not in _FOUND:
        batch = sorted((_ASKED | {title}) - _FOUND.keys())
        got = classify(pl.Series(batch, dtype=pl.String))
        assert sorted(got["title"].to_list()) == batch  # one row per title, none lost
        _FOUND.update(zip(got["title"].to_list(), zip(
            got["seniority"].to_list(), got["function"].to_list(), strict=True), strict=True))
    return _FOUND[title]

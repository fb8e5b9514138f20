"""bench/birthday_distances.py: the classes of two birthdays, and m / u from a tiny book."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from birthday_distances import distance, shares  # noqa: E402


def test_classes():
    assert distance((1983, 7, 3), (1983, 7, 3)) == "exact"
    assert distance((1983, 7, 3), (1983, 7, 8)) == "one digit"
    assert distance((1944, 7, 8), (1986, 7, 8)) == "two digits, one part"
    assert distance((1983, 7, 3), (1983, 9, 23)) == "two digits, two parts"
    assert distance((1972, 1, 31), (1972, 2, 1)) == "two parts, close"
    assert distance((1990, 3, 7), (1990, 7, 3)) == "day and month swapped"
    assert distance((1950, 1, 1), (1987, 6, 30)) == "far"


def test_shares_count_true_and_random_pairs():
    dates = [("a", (1983, 7, 3)), ("a", (1983, 7, 8)), ("b", (1950, 1, 1)),
             ("c", (1987, 6, 30))]
    m, u = shares(dates, 200, seed=1)
    assert m["one digit"] == 1.0 and sum(m.values()) == 1.0
    assert abs(sum(u.values()) - 1.0) < 1e-9 and u["exact"] == 0.0

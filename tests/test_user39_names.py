"""A family name in capitals beside a given name that is not is shown as names are written
(pipeline.normalize.record_names._capitalised; docs/user39.md fix 2): only its case changes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.record_names import _capitalised


@pytest.mark.parametrize("written, shown", [
    ("WEBER", "Weber"), ("KRÜGER", "Krüger"), ("VON DER HEIDE", "von der Heide"),
    ("SCHMIDT-RÖSSLER", "Schmidt-Rössler"), ("O'BRIEN", "O'Brien"), ("MCDONALD", "McDonald"),
    ("DE LA CRUZ", "de la Cruz"), ("LE", "Le"), ("VAN DER BERG", "van der Berg"),
])
def test_capitalised(written, shown):
    assert _capitalised(written) == shown


@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÉÈ'-", min_size=1, max_size=12),
                min_size=1, max_size=4))
def test_capitalising_a_surname_changes_only_its_case(words):
    family = " ".join(words)
    shown = _capitalised(family)
    assert shown.upper() == family  # no letter lost, added or moved
    if re.search(r"[A-ZÄÖÜÉÈ]{2}", family):  # a word of two letters or more no longer shouts
        assert any(c.islower() for c in shown)

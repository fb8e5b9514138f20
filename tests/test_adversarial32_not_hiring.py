"""Round 32 (docs/adversarial32.md): messages saying there is no opening. On main "We are no
longer hiring for that role", "hiring freeze, no open roles", "No estamos contratando ahora"
and "Nous ne recrutons pas" were openings mentioned: listed on introductions.html and worth +2
to every job seeker's introduction to their writer. What says there is none is taken out
before the patterns read the text, so an opening beside it still counts. Texts written for
kith."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.enrich.openings import mentions_opening


@pytest.mark.parametrize(("text", "opening"), [
    ("Sadly we are no longer hiring for that role.", False),
    ("There is a hiring freeze until spring, no open roles.", False),
    ("No estamos contratando ahora, lo siento.", False),
    ("Nous ne recrutons pas en ce moment.", False),
    ("We were hiring last year, but not any more.", False),
    ("Leider keine offenen Stellen derzeit.", False),
    # an opening beside what is not one still counts
    ("Not hiring in London, but we are hiring for Berlin.", True),
    ("No open roles on my team, but we're hiring a data engineer in Lisbon.", True),
    ("We're hiring senior software engineers, interested?", True),
    ("Estamos contratando engenheiros de software no Nubank.", True),
])
def test_what_says_there_is_no_opening(text, opening):
    assert mentions_opening(pl.Series([text])).to_list() == [opening]

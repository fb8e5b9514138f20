"""An opening on the writer's own team is an opening (docs/left34.md item 2; user34: "Happy to
chat about the PM openings on my team" was not one: "openings" was no weak word, only
"opening", and "PM" is no job word).

Expected before running: the two team sentences and the title are openings; a question about
the reader's team, a shop's openings, and "no (PM) openings" are not. The labelled message
sets keep their figures (messages.csv 1.0 / 1.0, messages_heldout.csv 0.95 / 1.0).
"""

from __future__ import annotations

import polars as pl
from test_enrich_openings import measure

from pipeline.enrich.openings import HIRING_TITLE, mentions_opening


def test_openings_on_my_team_are_openings():
    texts = ["Happy to chat about the PM openings on my team",
             "We have an opening in our team, ping me",
             "Any openings on your team?",
             "Store openings in our region next month",
             "There are no PM openings on my team right now",
             "no openings on my team, sorry"]
    assert mentions_opening(pl.Series(texts)).to_list() == [True, True, False, False, False,
                                                            False]


def test_a_title_saying_so_is_hiring():
    titles = pl.Series(["Head of Product | PM openings on my team", "Head of Product",
                        "Openings Manager"])
    assert titles.str.contains(HIRING_TITLE).to_list() == [True, False, False]


def test_the_labelled_messages_keep_their_figures():
    assert measure("messages.csv") == (1.0, 1.0)
    precision, recall = measure("messages_heldout.csv")
    assert precision >= 0.95 and recall == 1.0

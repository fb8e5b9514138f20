"""features.build's family_words column: the Python helper (features.family_words) runs only on
the family names of several words, the only ones that have any (session 20, fast6: ~40k
distinct one-word names at 100k records cost ~0.2 s of Python and list building for []); every
row still reads what family_words says of its own family name."""

from __future__ import annotations

from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import features
from pipeline.dedupe.features import family_words

WORDS = ["hidalgo", "galvan", "de", "la", "cruz", "koch", "ii", "van", "der", "berg", "li",
         "y", "smith", "jr", "o"]
FAMILY = st.one_of(st.none(), st.just(""),
                   st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["ines", "mary", "jan", None]), FAMILY),
                min_size=1, max_size=12))
def test_each_row_reads_family_words_of_its_own_family_name(names):
    f = features.build(records([{"given_key": g, "family_key": fam} for g, fam in names]))
    for key, words in zip(f["family_key"].to_list(), f["family_words"].to_list(), strict=True):
        assert words == family_words(key)


def test_the_helper_sees_only_names_of_several_words(monkeypatch):
    seen = []

    def recording(key):
        seen.append(key)
        return family_words(key)

    monkeypatch.setattr(features, "family_words", recording)
    book = [("ines", "hidalgo galvan"), ("maria", "de la cruz"), ("ann", "koch"),
            ("bob", "koch ii"), ("cy", None), ("di", "smith"), ("ed", "smith")]
    f = features.build(records([{"given_key": g, "family_key": fam} for g, fam in book]))
    assert sorted(seen) == ["de la cruz", "hidalgo galvan", "koch ii"]
    assert f.sort("source_row")["family_words"].to_list() == [
        ["galvan", "hidalgo"], ["cruz"], [], [], [], [], []]

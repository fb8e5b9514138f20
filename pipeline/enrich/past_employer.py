"""A title that says its holder left the organisation their record names.

LinkedIn's Company column is the company of the position a member lists as current. A member
who typed "Ex-Google | Open to work" or "Former Googler" as that position's title kept Google
as its company, so LinkedIn shows them at Google; the title says they are no longer there.
For target paths and introductions such a person *worked there* (a former employee), never
"works at Google": a past employer is no way in to ask for a referral or a hiring manager.

The rule: a past-role marker (the words of role_families.PAST_WORDS, read in folded text:
former, ex, retired, ehemalige(r), fruhere(r), ancien(ne), antiguo/a; and "formerly",
"ehemals", which only this phrase reading needs) anywhere in the title, followed by the organisation's
employer key ("google", "cascade") or its first word ("meta" of "meta platforms"), optionally
with a demonym ending ("Googler", "Googlers", "Amazonian", "Microsoftie"), as a whole word.
"Ex-CEO" at Google and "Former Microsoft, now at Google" at Google are not: the word after
the marker is no name of the organisation.
"""

from __future__ import annotations

import re

import polars as pl

from pipeline.enrich.role_families import PAST_WORDS
from pipeline.normalize import fold_series

# folded (lower case, ASCII, punctuation as blanks): "Ex-Google" reads "ex google"
_MARKER = r"\b(?:" + PAST_WORDS + r"|formerly|ehemals)"
# "Retired from Cascade", "Formerly at Google", "ehemals bei Siemens"
_LINK = r"\s+(?:(?:from|at|of|with|bei|von|chez|de)\s+)?"
_SUFFIX = r"(?:r|rs|er|ers|ite|ites|ian|ians|ie|ies)?\b"


# A past employer named in a folded text ("ex google", "former googler", "retired from acme"):
# a need that says "Ex-Google | Open to work" does not ask for a way into Google.
PAST_EMPLOYER_PHRASE = _MARKER + _LINK + r"\w+"


def left_their_employer(titles: pl.Series, employer_keys: pl.Series) -> pl.Series:
    """Per row: True when the title says its holder left the organisation whose employer key
    (tagging.keywords.employer_key) is beside it. Only titles with a marker are read word by
    word (a few in a thousand), so a million rows cost one pattern scan."""
    folded = fold_series(titles).fill_null("")
    marked = folded.str.contains(_MARKER + r"\s+\w") & employer_keys.is_not_null()
    out = pl.Series("left", [False] * titles.len(), dtype=pl.Boolean)
    idx = marked.arg_true()
    if idx.len() == 0:
        return out
    pairs = pl.DataFrame({"t": folded.gather(idx), "k": employer_keys.gather(idx)})
    hits = [_names_past(t, k) for t, k in pairs.iter_rows()]
    return out.scatter(idx, hits)


def _names_past(title: str, key: str) -> bool:
    words = key.split()
    names = {key, words[0]} if words and len(words[0]) >= 3 else {key}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return bool(alternatives) and re.search(
        _MARKER + _LINK + r"(?:" + alternatives + ")" + _SUFFIX, title) is not None

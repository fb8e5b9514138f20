"""Function from English occupation words derived from the BLS 2018 SOC Direct Match Titles.

`pipeline/data/role_words.csv` (built by bench/build_role_words.py, which says how and from what) holds
words that, in the public-domain BLS file, name occupations of one kith function in at least
three titles out of four: `place=head` for the head word of a title (the word naming the
occupation: "Tire Balancer", "Engineer, drilling"), `place=any` for a word anywhere in it,
`place=suffix` for the last letters of a head word (an unseen "-ologist"). roles.py asks
these words where its hand-written patterns (which carry German, French, Spanish and
office-job precision) find no function, head word first, because the other words often name
only the domain; and a STRONG head word outranks the patterns' domain words ("Dental
Equipment Mechanic" is a mechanic) unless the patterns know the head word itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

from pipeline.normalize import fold_series

WORDS_FILE = Path(__file__).parent.parent / "data" / "role_words.csv"
# Words that say nothing of an occupation: joiners, and the levels roles.py reads itself.
_STOP = ("and", "the", "for", "with", "all", "other", "except", "not", "non",
         "chief", "head", "director", "executive", "managing", "general", "president", "vice",
         "founder", "owner", "partner", "officer", "manager", "supervisor", "lead", "senior",
         "junior")
# Where an inverted or qualified title ends its head part: "Engineer, drilling",
# "Team Lead - Backend", "Research Scientist (physical sciences)".
_HEAD_END = r",| - | \u2013 "
# A head word this sure (in share of its titles and in titles) names the occupation firmly
# enough to outrank domain words the hand patterns read elsewhere in the title: a dental
# equipment mechanic is a mechanic. Round numbers, chosen before any held-out run.
STRONG_SHARE, STRONG_TITLES = 0.9, 8
# Head words the BLS file knows in one sense only that office titles use for any domain: its
# coaches are sports coaches (which role_families.SPORT_INSTRUCTION reads itself), while an
# agile, career or talent coach works in the domain the title names; its handlers carry
# baggage or animals, while a claims or case handler does office work in a domain.
NOT_STRONG = ("coach", "handler")
SUFFIX = 5


def words_expr(key: pl.Expr) -> pl.Expr:
    """The distinct words of a folded title that can be evidence (3+ letters, not joiners)."""
    return key.str.split(" ").list.eval(
        pl.element().filter((pl.element().str.len_chars() >= 3)
                            & ~pl.element().is_in(_STOP)
                            & pl.element().str.contains("^[a-z]+$"))).list.unique()


def head_word_expr(head_key: pl.Expr) -> pl.Expr:
    """The last word of a folded head part (see `head_keys`)."""
    return head_key.str.split(" ").list.last()


def suffix_expr(word: pl.Expr) -> pl.Expr:
    """The last SUFFIX letters of a word long enough to have a stem before them (an unseen
    `oceanologist` shares `ogist` with the seen ones), else null."""
    return pl.when(word.str.len_chars() >= SUFFIX + 3).then(word.str.slice(-SUFFIX))


def head_parts(titles: pl.Series) -> pl.Series:
    """Head part of each title: without parentheses, up to the first comma or dash."""
    return (titles.str.replace_all(r"\([^)]*\)", " ")
            .str.split_exact(",", 0).struct.field("field_0")
            .str.split(" - ").list.first().str.split(" \u2013 ").list.first())


def head_keys(titles: pl.Series) -> pl.Series:
    """Folded head part of each title (`head_parts`)."""
    return fold_series(head_parts(titles))


@lru_cache(maxsize=1)
def _vocabulary() -> pl.DataFrame:
    return pl.read_csv(WORDS_FILE, schema_overrides={"share": pl.Float64})


def derived_functions(frame: pl.DataFrame, vocab: pl.DataFrame | None = None) -> pl.DataFrame:
    """(title, by_head, strong_head, by_word) for a frame of (title, _key, _head): the derived
    function of the head word, whether it is STRONG, and of the most agreeing word anywhere
    (nulls when none is known)."""
    vocab = _vocabulary() if vocab is None else vocab
    head = (frame.select("title", head_word_expr(pl.col("_head")).alias("word"))
            .join(vocab.filter(pl.col("place") == "head"), on="word", how="inner")
            .select("title", pl.col("function").alias("by_head"),
                    ((pl.col("share") >= STRONG_SHARE) & (pl.col("titles") >= STRONG_TITLES)
                     & ~pl.col("word").is_in(NOT_STRONG)).alias("strong_head")))
    anywhere = (frame.select("title", words_expr(pl.col("_key")).alias("word")).explode("word")
                .join(vocab.filter(pl.col("place") == "any"), on="word", how="inner")
                .sort("title", "share", "titles", "word", descending=[False, True, True, False])
                .group_by("title", maintain_order=True).first()
                .select("title", pl.col("function").alias("by_word")))
    ending = (frame.select("title", suffix_expr(head_word_expr(pl.col("_head"))).alias("word"))
              .join(vocab.filter(pl.col("place") == "suffix"), on="word", how="inner")
              .select("title", pl.col("function").alias("by_suffix")))
    return (frame.select("title").join(head, on="title", how="left")
            .join(anywhere, on="title", how="left").join(ending, on="title", how="left")
            .with_columns(pl.col("strong_head").fill_null(False)))

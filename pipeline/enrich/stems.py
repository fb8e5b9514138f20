"""A light stemmer for the words introductions compare: a need, a title, an offer.

A need for "a data engineer" and an offer "knows data engineering hiring" shared only "data":
whole words, so "engineer" and "engineering" did not meet (user34). Three endings are cut,
the same on both sides of every comparison, so no dictionary is needed: a plural "s"
("engineers", not "business", "status", "analysis"), "ies" to "y" ("companies"), and "ing"
when four letters are left ("engineering", "consulting"; not "hiring", "string"). Nothing
more: cutting "er" too made "manager" and "manage" differ and "paper" a "pap".
"""

from __future__ import annotations

import polars as pl


def stem(word: pl.Expr) -> pl.Expr:
    """`word` (folded: lower case ASCII) with its ending cut, as the docstring above says."""
    ies = word.str.ends_with("ies") & (word.str.len_chars() > 4)
    plural = (word.str.ends_with("s") & ~word.str.contains("(ss|us|is)$")
              & (word.str.len_chars() > 3))
    one = (pl.when(ies).then(word.str.replace(r"ies$", "y"))
           .when(plural).then(word.str.replace(r"s$", "")).otherwise(word))
    return pl.when(one.str.ends_with("ing") & (one.str.len_chars() >= 7)).then(
        one.str.replace(r"ing$", "")).otherwise(one)

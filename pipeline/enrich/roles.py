"""Seniority and function from a job title, in English, German, French and Spanish.

Titles are matched in kith's folded form (ASCII, lower case, single spaces: `Geschäftsführerin`
-> `geschaftsfuhrerin`), on distinct titles only, with one ordered list of patterns per
question: the first pattern that matches decides. Order matters and says the conventions:

- seniority: intern (student, trainee, apprentice) before executive (chief, founder, owner,
  partner, managing director, Geschäftsführer, PDG, director general) before VP before director
  (director, head of, Leiter) before manager (manager, team lead, Teamleiter, responsable,
  chef de, jefe) before senior (senior, lead, principal, staff, architect, professor); any
  other title is an individual contributor.
- function: first a head noun (role_heads.py: the word naming the job, as a secretary, an
  Ingenieur, a médecin) with the domain exceptions its YIELDS lists (a data engineer is data);
  else the domain patterns of role_patterns.py, the specific words first (support before
  engineering, so a technical support engineer is support; data before engineering and
  research; design before product; an adviser's domain before consulting). English occupation
  words derived from the BLS SOC titles (role_words.py) answer where no pattern matched, and a
  strong derived head word outranks the patterns' domain words unless the patterns know the
  head word itself (see `_function_choice`); a leader whose title says only rank (CEO,
  Geschäftsführer, Partner) is general management.

German compounds (`Vertriebsleiter`, `Softwareentwickler`) match as word parts, so those
patterns have no word boundary at one end. Before any pattern, Swiss qualification tails
(`CFC`, `avec brevet fédéral`) are removed and French feminine job nouns read as masculine
(role_families.py, which also holds the whole occupation families the head nouns ask).
"""

from __future__ import annotations

import polars as pl

from pipeline.enrich.role_families import (
    ABBREVIATIONS,
    EMPLOYER_TAIL,
    FEMININE,
    PAST_ROLE,
    PAST_SEGMENT,
    QUALIFICATIONS,
    TRAINING_FIELD,
)
from pipeline.enrich.role_heads import HEAD_NOUNS, YIELDS
from pipeline.enrich.role_levels import NOT_A_LEVEL, RANK_WORDS, SENIORITY_PATTERNS
from pipeline.enrich.role_patterns import FUNCTION_PATTERNS
from pipeline.enrich.role_words import derived_functions, head_parts
from pipeline.normalize import fold_series

SENIORITY = ("executive", "vp", "director", "manager", "senior", "ic", "intern")
FUNCTIONS = ("engineering", "data", "product", "design", "sales", "marketing", "finance", "hr",
             "operations", "legal", "healthcare", "education", "research", "consulting",
             "support", "media", "admin", "management", "other")
SENIORITY_LABELS = {"executive": "executive", "vp": "VP", "director": "director",
                    "manager": "manager", "senior": "senior", "ic": "individual contributor",
                    "intern": "student/intern"}
LEADERS = ("executive", "vp", "director")

FUNCTION_LABELS = [label for label, _ in FUNCTION_PATTERNS]
FUNCTION_HITS = [f"_f{i}" for i in range(len(FUNCTION_PATTERNS))]


def _first_hit(labels: list[str], hits: list[str], skip: str | None = None) -> pl.Expr:
    """The label of the first true column of `hits` (labels[i] names hits[i]), leaving out
    the columns labelled `skip`; null when none is true."""
    expr = pl.lit(None, dtype=pl.String)
    for label, hit in reversed(list(zip(labels, hits, strict=True))):
        if label != skip:
            expr = pl.when(pl.col(hit)).then(pl.lit(label)).otherwise(expr)
    return expr


def _head_noun_function() -> pl.Expr:
    """The function a head noun (role_heads.py) names, or the domain the title also names
    when YIELDS lets that domain decide for this head (a data engineer); null without one."""
    head = pl.col("_head_noun")
    expr = head
    for noun_function, domains in YIELDS.items():
        domain = _first_hit(FUNCTION_LABELS, FUNCTION_HITS, skip=noun_function)
        expr = pl.when((head == noun_function) & domain.is_in(domains)).then(domain) \
            .otherwise(expr)
    return expr


def _first_match(text: pl.Expr, patterns: list[tuple[str, str]],
                 raw: dict[str, pl.Expr] | None = None) -> pl.Expr:
    """The label of the first pattern that matches; `raw` gives some labels another text."""
    expr = pl.lit(None, dtype=pl.String)
    for label, pattern in reversed(patterns):
        source = (raw or {}).get(label, text)
        expr = pl.when(source.str.contains(pattern)).then(pl.lit(label)).otherwise(expr)
    return expr


# Titles already classified in this process: title -> (seniority, function). A title's roles
# depend on that title alone, and classifying costs ~0.1 s of regex compilation per call
# whatever the number of titles: a batch worker running many owners (and each run's few
# needs and the owner's own titles) asks mostly titles it has seen. Calls with more distinct
# titles than MEMO_CALL_MAX (one big run) are not memoised; the memo is emptied at MEMO_SIZE.
_MEMO: dict[str, tuple[str | None, str | None]] = {}
MEMO_CALL_MAX = 5_000
MEMO_SIZE = 200_000


def classify(titles: pl.Series, vocab: pl.DataFrame | None = None) -> pl.DataFrame:
    """(title, seniority, function) for each distinct non-empty title in `titles`, sorted.

    A title with no letters gets nulls; every other title gets a seniority (individual
    contributor when no level word matches) and a function ("other" when no word matches).
    `vocab` replaces role_words.csv (for bench/build_role_words.py's cross-validation)."""
    distinct = titles.drop_nulls().unique().sort()
    if vocab is not None or distinct.len() > MEMO_CALL_MAX:
        return _classify(distinct, vocab)
    values = distinct.to_list()
    known = {t: _MEMO[t] for t in values if t in _MEMO}
    missing = [t for t in values if t not in known]
    if missing:
        found = _classify(pl.Series(missing, dtype=pl.String), None)
        known.update(zip(found["title"].to_list(),
                         zip(found["seniority"].to_list(), found["function"].to_list(),
                             strict=True), strict=True))
        if len(_MEMO) + len(missing) > MEMO_SIZE:
            _MEMO.clear()
        _MEMO.update((t, known[t]) for t in missing)
    return pl.DataFrame({"title": values, "seniority": [known[t][0] for t in values],
                         "function": [known[t][1] for t in values]},
                        schema={"title": pl.String, "seniority": pl.String,
                                "function": pl.String})


def _key(titles: pl.Series) -> pl.Series:
    """The folded text the patterns read: a Swiss qualification tail names a diploma, not the
    job, and French feminine job nouns read as masculine (role_families.py)."""
    key = (fold_series(titles.str.replace_all(TRAINING_FIELD, " "))
           .str.replace_all(QUALIFICATIONS, " ").str.replace_all(" +", " ").str.strip_chars())
    for feminine, masculine in FEMININE:
        key = key.str.replace_all(feminine, masculine)
    return key


def _classify(distinct: pl.Series, vocab: pl.DataFrame | None) -> pl.DataFrame:
    """classify() of distinct, sorted titles, computed."""
    # French and Italian elisions part words (folding alone glues `d'éducation` into one);
    # the employer after `at` is not the job; M&A is spelled out (role_families.py)
    # a past role before a current one is left out; a title naming only a past role holds
    # no level now ("Former CEO" was an executive who could hire you: adversarial27 A4)
    current = distinct.str.replace(PAST_SEGMENT, "")
    current = pl.select(pl.when(current.str.contains(r"\w")).then(current)
                        .otherwise(distinct)).to_series()
    past = current.str.contains(PAST_ROLE).fill_null(False)
    unglued = current.str.replace_all(r"['\u2019`]", " ").str.replace(EMPLOYER_TAIL, "")
    for abbreviation, spelled in ABBREVIATIONS:
        unglued = unglued.str.replace_all(abbreviation, spelled)
    head = head_parts(unglued)
    frame = pl.DataFrame({"title": distinct, "_past": past, "_key": _key(unglued),
                          "_head": fold_series(head), "_head_key": _key(head)})
    frame = _with_head_words(frame)
    hits = _function_hits(pl.concat([frame[c] for c in
                                     ("_key", "_head_word", "_before_word", "_head_phrase")]))
    frame = frame.join(hits.drop("_first"), left_on="_key", right_on="_text", how="left")
    level_text = pl.col("_key").str.replace_all(NOT_A_LEVEL, " ")
    frame = frame.with_columns(
        # A vice president is no president: only the VP pattern sees the unstripped title.
        _first_match(level_text, SENIORITY_PATTERNS, {"vp": pl.col("_key")}).alias("seniority"),
        # the head noun of the head part (a Sales Consultant - Agriculteur sells), none in a
        # tail after a comma or dash
        _first_match(pl.col("_head_key"), HEAD_NOUNS).alias("_head_noun"))
    frame = frame.with_columns(
        _first_hit(FUNCTION_LABELS, FUNCTION_HITS).alias("function"),
        _head_noun_function().alias("_by_noun"))
    frame = _head_function(frame, hits.select("_text", "_first"))
    frame = frame.join(derived_functions(frame, vocab), on="title", how="left")
    known = pl.col("_key").str.contains("[a-z]").fill_null(False)
    # a leader whose title says nothing but rank runs the whole firm
    rank_only = ~pl.col("_key").str.replace_all(RANK_WORDS, " ").str.contains("[a-z]{2,}")
    leader = pl.col("seniority").is_in(LEADERS) & rank_only
    return frame.select(
        "title",
        pl.when(known & pl.col("_past")).then(pl.lit("ic"))
        .when(known).then(pl.col("seniority").fill_null("ic")).alias("seniority"),
        pl.when(known).then(_function_choice(leader)).alias("function"))


def _function_hits(texts: pl.Series) -> pl.DataFrame:
    """For each distinct text: `_f{i}`, whether FUNCTION_PATTERNS[i] matches it, and `_first`,
    the label of the first that does. Every text the function patterns read (titles' keys,
    head words and phrases) is matched in this one pass: polars compiles each pattern again
    in every query that uses it (~70 ms for the 50 patterns), which outweighs matching an
    owner's few hundred titles."""
    frame = pl.DataFrame({"_text": texts.drop_nulls().unique()})
    frame = frame.with_columns(pl.col("_text").str.contains(pattern).alias(hit)
                               for hit, (_, pattern) in zip(FUNCTION_HITS, FUNCTION_PATTERNS,
                                                            strict=True))
    return frame.with_columns(_first_hit(FUNCTION_LABELS, FUNCTION_HITS).alias("_first"))


def _with_head_words(frame: pl.DataFrame) -> pl.DataFrame:
    """frame with `_head_word` (the last word of its head part), `_before_word` (the one
    before it) and `_head_phrase` (the two)."""
    words = pl.col("_head").fill_null("").str.split(" ")
    return frame.with_columns(words.list.last().alias("_head_word"),
                              words.list.tail(2).list.first().alias("_before_word"),
                              words.list.tail(2).list.join(" ").alias("_head_phrase"))


def _head_function(frame: pl.DataFrame, first: pl.DataFrame) -> pl.DataFrame:
    """frame with `_head_function`: what the hand patterns say of the head word, or of the
    two words ending the head when they know only the pair (the word closes a domain phrase:
    business intelligence; not a domain word before a trade head: a school custodian).
    `first`: each text's first matching function (`_function_hits`)."""
    frame = (frame.join(first.rename({"_text": "_head_word", "_first": "_word_function"}),
                        on="_head_word", how="left")
             .join(first.rename({"_text": "_before_word", "_first": "_before_function"}),
                   on="_before_word", how="left")
             .join(first.rename({"_text": "_head_phrase", "_first": "_phrase_function"}),
                   on="_head_phrase", how="left"))
    unknown = pl.col("_word_function").is_null() & pl.col("_before_function").is_null()
    return frame.with_columns(
        pl.coalesce("_word_function", pl.when(unknown).then(pl.col("_phrase_function")))
        .alias("_head_function"))


def _function_choice(leader: pl.Expr) -> pl.Expr:
    """One function from the hand patterns and the BLS-derived words (role_words.py).

    A head word the hand patterns know keeps their answer (a Financial Controller is finance,
    whatever air traffic controllers say); else a strong derived head word names the occupation
    over domain words (Dental Equipment Mechanic); else the hand patterns; else a leader whose
    title says only rank (`leader`) is general management; else the derived head word, then
    any derived word (a Circus Proprietor names a domain the patterns do not know: other)."""
    return (pl.when(pl.col("_by_noun").is_not_null()).then(pl.col("_by_noun"))
            # a known head word in a title the patterns read no domain in (an A&P Controller)
            # leaves the choice to the derived words below, not to a null
            .when(pl.col("_head_function").is_not_null() & pl.col("function").is_not_null())
            .then(pl.col("function"))
            .when(pl.col("strong_head")).then(pl.col("by_head"))
            .when(pl.col("function").is_not_null()).then(pl.col("function"))
            .when(leader).then(pl.lit("management"))
            .otherwise(pl.coalesce("by_head", "by_word", "by_suffix", pl.lit("other"))))


def add_roles(people: pl.DataFrame, known: pl.DataFrame | None = None) -> pl.DataFrame:
    """people with `seniority` and `function` from their title (null without one).
    `known`: (title, seniority, function) rows classify() gave before with this same code (the
    previous run's tag people): a title's role depends on that title alone, so only the
    titles not among them are classified (a night where 1% of the contacts changed has a few
    hundred new titles, not 60,000)."""
    if known is None:
        roles = classify(people["title"])
    else:
        roles = _with_known(people["title"], known)
    return people.drop("seniority", "function", strict=False).join(
        roles, on="title", how="left", maintain_order="left")


def _with_known(titles: pl.Series, known: pl.DataFrame) -> pl.DataFrame:
    """classify(titles), taking the roles of the titles in `known` from it."""
    distinct = titles.drop_nulls().unique()
    known = known.select("title", "seniority", "function").drop_nulls("title").unique(
        "title", keep="first").filter(pl.col("title").is_in(distinct.implode()))
    fresh = classify(distinct.filter(~distinct.is_in(known["title"].implode())))
    return pl.concat([known.cast(fresh.schema), fresh])

"""Introductions you could make: what one person needs against what others can offer.

Needs are your `need` notes, plus people whose title says they are looking ("open to work",
"auf Jobsuche", "en recherche", "buscando empleo") or who wrote so in a recent message
(pipeline.enrich.openings, mention "looking"). Words are compared stemmed (stems.py:
"engineering" is "engineer"). A person can help with a need when:

    works at an organisation the need names          +6  "works at Hooli"
      ... but their title says they left it            +1  "worked at Hooli (their title: Ex-Hooli)"
    their function is the need's (roles.classify)    +2  "is a Data Engineer"
      ... per word of their title in the need        +1 (at most 2)
    your `offer` note for them shares words with it   +4  "you noted they offer: ..."
    they mentioned an opening recently (job seekers)  +2  "mentioned an opening on D"
    their title says they are hiring (job seekers)    +2  "says they are hiring (#hiring ...)"
    a leader in the need's function, for a job need    +1  "can hire: manager"

Only suggestions scoring at least MIN_SCORE are kept; the best HELPERS_PER_NEED per need,
ranked by score, then the helper's warmth. People marked do-not-contact are never suggested,
on either side, and neither are two people who may be one (a pair in the review queue: two
cards of Tom Ash, one with your need noted, the other at the company it names, were "Tom Ash
needs a job at Globex -> Tom Ash"). Candidate helpers per function are cut to the warmest CANDIDATES, so the
work stays proportional to the number of needs, not to the size of the network.

Each suggestion has a stable `introduction_id`: a digest of the two person ids and the kind of
its strongest reason (KINDS, in that order), so it survives a refresh when the person ids do, and
the same two people suggested for a new kind of reason (they now work where the need names) is
a new suggestion. Suggestions the user accepted or dismissed (`closed`, from
pipeline.enrich.intro_decisions) keep their status and lose their rank, and the next best
helper for that need takes their place.
"""

from __future__ import annotations

import hashlib

import polars as pl

from pipeline import schema
from pipeline.enrich import roles as roles_mod
from pipeline.enrich.openings import HIRING_TITLE
from pipeline.enrich.past_employer import PAST_EMPLOYER_PHRASE, left_their_employer
from pipeline.enrich.stems import stem
from pipeline.normalize import fold_series, orgs
from pipeline.tagging.keywords import employer_key
from pipeline.textfmt import fmt

MIN_SCORE = 2
# What you typed about someone outranks kith's reading of a title: a function hit with one
# title word in the need (2 + 1) ranked three Data Scientists above the person you noted
# "knows data engineering hiring, can mentor", and HELPERS_PER_NEED cut them (user34).
OFFER_SCORE = 4
# The company a need names is the way in: anyone who works there outranks someone in the
# need's function elsewhere (function 2 + at most 2 title words + 1 for a leader = 5): "a
# project manager role at Kaiser Permanente" listed project managers at other firms above six
# people at Kaiser (user36).
ORG_SCORE = 6
HELPERS_PER_NEED = 3
CANDIDATES = 200
SEEKING = (r"\b(open to work|looking for (a )?(new )?(role|job|position|opportunit\w*)|"
           r"seeking (a )?(new )?(role|job|position|opportunit\w*)|job seeker|jobsuche|"
           r"auf der suche|en recherche|a la recherche|buscando (empleo|trabajo)|"
           r"en busqueda)\b")
JOB_NEED = r"\b(role|job|position|work|career|opening|hiring|stelle|poste|empleo|trabajo)\b"
# "knows", "can": how needs and offers are said ("someone who knows data science", "knows
# good restaurants"), no subject they share; an offer outranking a title (OFFER_SCORE) made
# them suggestions (user35, measured on test_enrich_introductions' networks with offers)
_STOP = set("a an the and or of for to in at on with by from my their your his her our new "
            "know knows can could "
            "someone somebody anyone person people who help needs need looking intro "
            "introduction introduce wants want find job role work ein eine der die das und "
            "fur bei un une le la les de des pour et un una el los las para y con".split())

COLUMNS = schema.INTRODUCTIONS
KINDS = ("organisation", "function", "offer", "opening")  # strongest first
OPEN = "open"


def introduction_id(seeker_id: str, helper_id: str, kind: str) -> str:
    return "i_" + hashlib.sha256(f"{seeker_id}|{helper_id}|{kind}".encode()).hexdigest()[:16]


def _words(col: str) -> pl.Expr:
    """Content words of a folded text, stemmed (stems.stem: "engineering" meets "engineer"),
    as a list."""
    return (pl.col(col).str.split(" ").list.eval(
        pl.element().filter((pl.element().str.len_chars() > 2)
                            & ~pl.element().is_in(list(_STOP))))
        .list.eval(stem(pl.element())).list.unique())


def _new_role() -> pl.Expr:
    return pl.when(pl.col("title").is_not_null()).then(
        fmt("a new role ({})", pl.col("title"))).otherwise(pl.lit("a new role"))


def _need_rows(people: pl.DataFrame, looking: pl.DataFrame | None) -> pl.DataFrame:
    """(seeker_id, need): typed needs first, then job-seeking titles, then people who wrote
    that they are looking; one query after the titles' fold."""
    folded_title = fold_series(people["title"]).alias("_folded_title")
    lf = people.hstack([folded_title]).lazy()
    typed = lf.filter(pl.col("need").str.strip_chars() != "").select(
        pl.col("person_id").alias("seeker_id"), pl.col("need").str.strip_chars().alias("need"))
    seekers = lf.filter(pl.col("_folded_title").fill_null("").str.contains(SEEKING)).select(
        pl.col("person_id").alias("seeker_id"), _new_role().alias("need"))
    parts = [typed, seekers]
    if looking is not None and looking.height:
        wrote = lf.join(looking.lazy().select("person_id", "occurred_on"), on="person_id")
        parts.append(wrote.select(
            pl.col("person_id").alias("seeker_id"),
            fmt("{} (wrote on {} that they are looking)", _new_role(),
                      pl.col("occurred_on")).alias("need")))
    return pl.concat(parts).unique("seeker_id", keep="first", maintain_order=True).collect()


def _needs(people: pl.DataFrame, looking: pl.DataFrame | None) -> pl.DataFrame:
    """(seeker_id, need, key, need_function, job); (seeker_id, need) alone when nobody has a
    need (most books: what follows would cost ~12 polars queries on nothing)."""
    needs = _need_rows(people, looking)
    if needs.height == 0:
        return needs
    # the employer a seeker's title says they left is no place the need asks for: "a new
    # role (Ex-Cascade | Open to work)" was matched with Cascade's people, "works at Cascade"
    needs = needs.with_columns(fold_series(needs["need"]).fill_null("")
                               .str.replace_all(PAST_EMPLOYER_PHRASE, " ").alias("key"),
                               # read as organisation keys are: "Booking.com" folds to
                               # "booking com", its key is "bookingcom" (round 32)
                               orgs.folded_as_keys(needs["need"]).fill_null("")
                               .str.replace_all(PAST_EMPLOYER_PHRASE, " ").alias("org_text"))
    funcs = roles_mod.classify(needs["need"]).rename({"title": "need"})
    return needs.join(funcs.select("need", pl.col("function").alias("need_function")),
                      on="need", how="left").with_columns(
        (pl.col("key").str.contains(SEEKING) | pl.col("key").str.contains(JOB_NEED))
        .alias("job"),
        _words("key").alias("need_words"))


def _org_hits(needs: pl.DataFrame, helpers: pl.DataFrame) -> pl.DataFrame:
    """A need naming a helper's organisation: the need's 1-4 word phrases joined to org keys."""
    words = needs.select("seeker_id", pl.col("org_text").str.split(" ").alias("w"))
    grams = []
    for n in range(1, 5):
        grams.append(words.select("seeker_id", pl.col("w").list.eval(
            pl.concat_str([pl.element().shift(-i) for i in range(n)], separator=" ")
            .drop_nulls()).alias("g")))
    grams = pl.concat(grams).explode("g").drop_nulls("g").filter(
        ~pl.col("g").is_in(list(_STOP))).with_columns(
        pl.col("g").replace(orgs.ALIASES)).unique()  # "at Facebook" names Meta's people
    # the helper's employer as targets read it: "Careem Networks FZ-LLC" is the need's Careem
    ekey = employer_key(pl.col("org_key")).alias("ekey")
    hits = grams.join(helpers.select("person_id", "org_key", ekey, "organization", "title")
                      .drop_nulls("ekey"), left_on="g", right_on="ekey")
    hits = hits.filter(~_field_of_work(hits))
    # "Ex-Google | Open to work" with Company Google left it: a former employee knows the
    # place (+1, with another reason) but is no way in ("works at Google" is ORG_SCORE)
    left = left_their_employer(hits["title"], hits["g"])
    return hits.with_columns(left.alias("_left")).select(
        "seeker_id", pl.col("person_id").alias("helper_id"),
        pl.when(pl.col("_left")).then(1).otherwise(ORG_SCORE).cast(pl.Int64).alias("score"),
        pl.when(pl.col("_left")).then(fmt("worked at {} (their title: {})",
                                                 pl.col("organization"), pl.col("title")))
        .otherwise(fmt("works at {}", pl.col("organization"))).alias("reason"),
        pl.lit("organisation").alias("kind"))


def _field_of_work(hits: pl.DataFrame) -> pl.Series:
    """Hits where only a generic ending was cut from the employer's name and what is left is a
    field of work: "a role in AI" asks for the field, not for "AI Labs" (nor "Data
    Technologies"); the function match answers it. A company named just that still matches."""
    cut = hits.filter(pl.col("g") != pl.col("org_key"))["g"].unique()
    if cut.len() == 0:
        return pl.repeat(False, hits.height, eager=True)
    read = roles_mod.classify(cut)
    fields = read.filter(~pl.col("function").is_in(["other"]) & pl.col("function").is_not_null())
    return (pl.Series(hits["g"]).is_in(fields["title"].implode())
            & (hits["g"] != hits["org_key"])).fill_null(False)


def _function_hits(needs: pl.DataFrame, helpers: pl.DataFrame) -> pl.DataFrame:
    wanted = needs.filter(~pl.col("need_function").is_in(["other", "management"])
                          & pl.col("need_function").is_not_null())
    if wanted.height == 0:
        return pl.DataFrame()
    pool = (helpers.filter(pl.col("function").is_in(wanted["need_function"].unique().implode()))
            .sort(["warmth", "person_id"], descending=[True, False], nulls_last=True)
            .group_by("function", maintain_order=True).head(CANDIDATES))
    pairs = wanted.join(pool, left_on="need_function", right_on="function")
    title_words = fold_series(pairs["title"]).fill_null("")
    pairs = pairs.with_columns(title_words.alias("_tk")).with_columns(_words("_tk").alias("_tw"))
    overlap = pl.min_horizontal(
        pl.col("_tw").list.set_intersection(pl.col("need_words")).list.len(), pl.lit(2))
    leader = pl.col("job") & pl.col("seniority").is_in(["manager", "director", "vp",
                                                        "executive"])
    return pairs.select(
        "seeker_id", pl.col("person_id").alias("helper_id"),
        (2 + overlap.cast(pl.Int64) + leader.cast(pl.Int64)).alias("score"),
        # a title that says they are hiring is no job to be ("is a #hiring Software
        # Engineers"): the function it names is; _hiring_hits quotes the title
        pl.concat_str([pl.when(pl.col("title").str.contains(HIRING_TITLE).fill_null(False))
                       .then(fmt("works in {}", pl.col("need_function")))
                       .otherwise(fmt("is {} {}", pl.when(
                           pl.col("title").str.contains("^(?i)[aeiou]"))
                           .then(pl.lit("an")).otherwise(pl.lit("a")), pl.col("title"))),
                       pl.when(leader).then(fmt(" (can hire: {})", pl.col("seniority")))
                       .otherwise(pl.lit(""))]).alias("reason"),
        pl.lit("function").alias("kind"))


def _offer_hits(needs: pl.DataFrame, helpers: pl.DataFrame) -> pl.DataFrame:
    offers = helpers.filter(pl.col("offer").str.strip_chars() != "")
    if offers.height == 0:
        return pl.DataFrame()
    offers = offers.with_columns(fold_series(offers["offer"]).fill_null("").alias("_ok"))
    offers = offers.with_columns(_words("_ok").alias("_ow"))
    pairs = needs.join(offers.select("person_id", "offer", "_ow"), how="cross")
    pairs = pairs.filter(pl.col("_ow").list.set_intersection(pl.col("need_words")).list.len() > 0)
    # concat_str, not pl.format: polars 2.1's format panicked ("assertion failed: i <
    # self.len()") on the offers of a cross join filtered this way, a short one before two
    # long ones, and the whole run stopped (round 31)
    return pairs.select("seeker_id", pl.col("person_id").alias("helper_id"),
                        pl.lit(OFFER_SCORE, dtype=pl.Int64).alias("score"),
                        pl.concat_str([pl.lit("you noted they offer: "), pl.col("offer")])
                        .alias("reason"),
                        pl.lit("offer").alias("kind"))


def _opening_hits(needs: pl.DataFrame, openings: pl.DataFrame | None) -> pl.DataFrame:
    if openings is None or openings.height == 0:
        return pl.DataFrame()
    seekers = needs.filter(pl.col("job")).select("seeker_id")
    pairs = seekers.join(openings.select("person_id", "occurred_on"), how="cross")
    return pairs.select("seeker_id", pl.col("person_id").alias("helper_id"),
                        pl.lit(2, dtype=pl.Int64).alias("score"),
                        fmt("mentioned an opening on {}", pl.col("occurred_on"))
                        .alias("reason"), pl.lit("opening").alias("kind"))


def _hiring_hits(needs: pl.DataFrame, helpers: pl.DataFrame) -> pl.DataFrame:
    """Job seekers and the people whose title says they are hiring (HIRING_TITLE): what an
    opening mentioned in a message is to the introductions, the title's now."""
    hiring = helpers.filter(pl.col("title").str.contains(HIRING_TITLE).fill_null(False))
    seekers = needs.filter(pl.col("job")).select("seeker_id")
    if hiring.height == 0 or seekers.height == 0:
        return pl.DataFrame()
    pairs = seekers.join(hiring.select("person_id", "title"), how="cross")
    return pairs.select("seeker_id", pl.col("person_id").alias("helper_id"),
                        pl.lit(2, dtype=pl.Int64).alias("score"),
                        fmt("says they are hiring ({})", pl.col("title")).alias("reason"),
                        pl.lit("opening").alias("kind"))


def suggest(people: pl.DataFrame, openings: pl.DataFrame | None = None,
            looking: pl.DataFrame | None = None,
            closed: pl.DataFrame | None = None,
            maybe_same: pl.DataFrame | None = None) -> pl.DataFrame:
    """Introductions (COLUMNS): the open ones ranked, then the closed ones still found.
    `people`: person_id, name, title, function, seniority, organization, org_key, warmth,
    need, offer, dnc, work (what the page shows), networks, optionally last (ISO date of the
    last interaction); `openings`: the recent opening mentions and `looking`: the recent
    messages saying they are looking (each person_id, occurred_on); `closed`: the user's
    decisions (introduction_id, seeker_id, status); `maybe_same`: pairs of people who may be
    one person (person_id_l, person_id_r: the review queue), never each other's helper."""
    live = people.filter(~pl.col("dnc").fill_null(False)).with_columns(
        pl.col("need").fill_null(""), pl.col("offer").fill_null(""))
    needs = _needs(live, looking)
    if needs.height == 0:
        return pl.DataFrame(schema=COLUMNS)
    if openings is not None:
        openings = openings.join(live.select("person_id"), on="person_id", how="semi")
    parts = [p for p in (_org_hits(needs, live), _function_hits(needs, live),
                         _offer_hits(needs, live), _opening_hits(needs, openings),
                         _hiring_hits(needs, live)) if p.height]
    if not parts:
        return pl.DataFrame(schema=COLUMNS)
    hits = pl.concat(parts).filter(pl.col("seeker_id") != pl.col("helper_id"))
    if maybe_same is not None and maybe_same.height:
        ends = maybe_same.select(pl.col("person_id_l").alias("seeker_id"),
                                 pl.col("person_id_r").alias("helper_id"))
        both = pl.concat([ends, ends.select(pl.col("helper_id").alias("seeker_id"),
                                            pl.col("seeker_id").alias("helper_id"))])
        hits = hits.join(both, on=["seeker_id", "helper_id"], how="anti")
    pairs = _pairs(hits)
    pairs = _described(pairs, needs, live)
    return _ranked(pairs, closed)


def _pairs(hits: pl.DataFrame) -> pl.DataFrame:
    """One row per (seeker, helper): scores summed, reasons joined, the strongest kind."""
    order = {k: i for i, k in enumerate(KINDS)}
    return (hits.with_columns(pl.col("kind").replace_strict(order, return_dtype=pl.Int64)
                              .alias("_k"))
            .sort("seeker_id", "helper_id", "score", "reason",
                  descending=[False, False, True, False])
            .group_by("seeker_id", "helper_id", maintain_order=True)
            .agg(pl.col("score").sum(), pl.col("reason").unique(maintain_order=True)
                 .str.join("; "), pl.col("kind").sort_by("_k").first())
            .filter(pl.col("score") >= MIN_SCORE))


def _described(pairs: pl.DataFrame, needs: pl.DataFrame, live: pl.DataFrame) -> pl.DataFrame:
    """Names, work, warmth and the tie ("(peer; last contact 2025-03)") joined to each pair.
    The issue's example said "you last talked": the date is the last interaction of any kind,
    an invitation they sent or a message you never answered, not a conversation (user36)."""
    if "last" not in live.columns:
        live = live.with_columns(pl.lit("").alias("last"))
    info = live.select("person_id", "name", "warmth", "work", "networks", "last")
    pairs = (pairs.join(needs.select("seeker_id", "need"), on="seeker_id")
             .join(info.rename({"person_id": "seeker_id", "name": "seeker_name",
                                "warmth": "_sw", "work": "_swork", "networks": "_sn",
                                "last": "_sl"}), on="seeker_id")
             .join(info.rename({"person_id": "helper_id", "name": "helper_name",
                                "warmth": "_hw", "work": "helper_work", "networks": "_hn",
                                "last": "_hl"}), on="helper_id"))
    talked = pl.when(pl.col("_hl").fill_null("") != "").then(
        fmt("last contact {}", pl.col("_hl").str.slice(0, 7)))
    tie = pl.concat_str([pl.col("_hn").list.join(", ").replace("", None), talked],
                        separator="; ", ignore_nulls=True).fill_null("")
    return pairs.with_columns(pl.concat_str([
        pl.col("reason"), pl.when(tie != "").then(fmt(" ({})", tie)).otherwise(pl.lit(""))
    ]).alias("reason"))


def _ranked(pairs: pl.DataFrame, closed: pl.DataFrame | None) -> pl.DataFrame:
    """The best HELPERS_PER_NEED open suggestions per need, ranked; closed ones kept with
    their status. Ids are made only for the pairs that can be shown: per need, the best
    HELPERS_PER_NEED plus as many as that need has closed suggestions."""
    if closed is None:
        closed = pl.DataFrame(schema={"introduction_id": pl.String, "seeker_id": pl.String,
                                      "status": pl.String})
    per_seeker = closed.group_by("seeker_id").agg(pl.len().cast(pl.Int64).alias("_closed"))
    pairs = (pairs.sort(["seeker_id", "score", "_hw", "helper_name", "helper_id"],
                        descending=[False, True, True, False, False], nulls_last=True)
             .join(per_seeker, on="seeker_id", how="left", maintain_order="left")
             .filter(pl.int_range(pl.len()).over("seeker_id")
                     < HELPERS_PER_NEED + pl.col("_closed").fill_null(0)))
    ids = [introduction_id(*t) for t in
           zip(pairs["seeker_id"], pairs["helper_id"], pairs["kind"], strict=True)]
    pairs = (pairs.with_columns(pl.Series("introduction_id", ids, dtype=pl.String))
             .join(closed.select("introduction_id", "status").unique("introduction_id"),
                   on="introduction_id", how="left", maintain_order="left")
             .with_columns(pl.col("status").fill_null(OPEN)))
    is_open = pl.col("status") == OPEN
    shown = (pairs.filter(is_open).group_by("seeker_id", maintain_order=True)
             .head(HELPERS_PER_NEED)
             .sort(["score", "_hw", "_sw", "seeker_name", "helper_name"],
                   descending=[True, True, True, False, False], nulls_last=True)
             .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank")))
    done = (pairs.filter(~is_open).sort("seeker_name", "helper_name", "introduction_id")
            .with_columns(pl.lit(None, dtype=pl.Int64).alias("rank")))
    return pl.concat([shown.select(list(COLUMNS)).cast(COLUMNS),
                      done.select(list(COLUMNS)).cast(COLUMNS)])

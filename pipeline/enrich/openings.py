"""Openings mentioned in LinkedIn messages and InMail, in English, German, French, Spanish.

A message mentions an opening when its text (the subject, else the start of the body, as the
messages reader keeps it in `interactions.detail`) says so outright ("we're hiring", "open
role", "offene Stelle", "nous recrutons", "vacante"), or uses a weaker word (opportunity,
position, role, Stelle, poste, puesto, looking for) together with a job word (engineer,
Entwickler, comptable, diseñador, CV). So "the position of the meeting room" and "an
opportunity to catch up" are not openings. A message they sent that says, in the first
person, that they are looking for a role ("I'm looking for a new job", "ich suche eine neue
Stelle", "je suis à la recherche d'un poste", "estoy buscando trabajo") is a `looking`
mention instead: a need kith can read, used by the introductions. Matching runs on the
folded text of distinct messages. Excerpts are shown in the worksheets only, never logged.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline.normalize import fold_series

EXCERPT_CHARS = 140
RECENT_DAYS = 180

# "the PM openings on my team", "an opening in our team": the writer's own team has one
# (user34: "PM" is no job word, and "3 pm" should not become one). Not "your team": a question.
TEAM_OPENINGS = r"\bopenings? (on|in) (my|our) (team|group)\b"
# "We are looking for" right before a job noun, with an indefinite article or none: "estamos
# buscando una enfermera", "buscamos consultores de implantación", "nous cherchons une
# infirmière" (user41: none was an opening: the job nouns list has no Spanish or French
# feminine and plural forms, and adding them to _JOB would pair "enfermeras" with any weak
# word anywhere in a nurse's messages). "Busco a los médicos del congreso" (a definite
# article: someone in particular) and "necesitamos un médico para la excursión" stay none.
SEEKING_JOB = (
    r"\b(buscamos|estamos buscando|queremos incorporar|incorporamos|"
    r"nous cherchons|on cherche|nous recherchons|we are looking for|were looking for) "
    r"((un|una|unos|unas|dos|tres|des|une|a|an|two|three)( |\(a\) |\(e\) ))?"
    r"((nuev[oa]s?|nouveaux|nouvelles?|nouvel|new|senior|junior) )?"
    r"(enfermer[oa]s?|infirmier(e|es|s)?|medic[oa]s?|consultor(a|as|es)?|consultante?s?|"
    r"especialistas?|tecnic[oa]s?|coordinador(a|as|es)?|gestor(a|as|es)?|jef[ae]s? de|"
    r"responsables?|desarrollador(a|as|es)?|ingenier[oa]s?|analistas?|disenador(a|as|es)?|"
    r"product (owner|manager)s?|chef de projet|charge(e)? de|developpeu(r|rs|se|ses)|"
    r"ingenieu(r|rs)|nurses?|consultants?|specialists?|engineers?|developers?|designers?|"
    r"analysts?|managers?)\b"
)
# Folded text: ASCII, lower case, apostrophes dropped ("we're" -> "were").
_STRONG = (
    SEEKING_JOB + "|"
    r"\b(were|we are|is|are|now|team is|currently) hiring\b|\bhiring (for|a|an|across|now)\b|"
    r"^hiring\b|\bhiring manager\b|\bopen (role|roles|position|positions|req|headcount)\b|"
    r"\bjob (opening|openings|opportunity|offer)\b|\ban opening\b|\bvacanc(y|ies)\b|"
    r"\b(were|we are|currently|i am|im) recruiting\b|\brecruiting (for|a|an)\b|"
    r"\bopen to new (opportunities|roles)\b|\bexploring new (roles|opportunities)\b|"
    r"\bnew opportunities\b|\bopened a req\b|\breferral bonus\b|\bput your name forward\b|"
    r"\bcontract position\b|\bgreat fit for a role\b|\bwe have a (role|position)\b|"
    r"\bjob alert\b|" + TEAM_OPENINGS + "|"
    # German
    r"\bwir stellen ein\b|\boffene stelle|\bstellenangebot|\bvakanz\b|\bkarrierechance\b|"
    r"\bberufliche herausforderung\b|\bstellenausschreibung\b|\bwir suchen verstarkung\b|"
    # French
    r"\b(nous recrutons|on recrute|recrute|recrutons|je recrute)\b|\bposte a pourvoir\b|"
    r"\boffre (d|de )?emploi\b|\bdemploi\b|\bnouvelles opportunites\b|\bcdi\b|"
    # Spanish
    r"\b(estamos contratando|contratando|estamos reclutando|reclutando|seleccionando)\b|"
    r"\bvacante\b|\boferta de (empleo|trabajo)\b|\boportunidad laboral\b|\bpuesto abierto\b|"
    r"\bnuevas oportunidades\b"
)
# A title that says its holder is hiring ("#hiring Data Engineers", "CTO | We're hiring",
# "Hiring: UX Researcher", "Wir stellen ein"), read on the title as typed (folding drops the
# "#"). "Hiring Manager", "Hiring Coordinator" and "Head of Hiring" are jobs, not openings.
HIRING_TITLE = (r"(?i)#\s?(we\s?are|were|now|)hiring\b|\b(we['’]?re|we are|now|currently|"
                r"actively|is|are) hiring\b|(^|[|,;/!(•·–—-])\s*hiring\s*($|[!:|,;/)•·–—-]|"
                r"(for|across|now|in)\b)|\bwir stellen ein\b|\b(nous recrutons|on recrute|"
                r"je recrute)\b|\bestamos contratando\b|" + TEAM_OPENINGS)
_WEAK = (r"\b(opportunity|opportunities|position|positions|role|roles|opening|openings|"
         r"looking for|"
         r"seeking|stelle|position|suchen|sucht|poste|postes|recherchons|cherchons|cherche|"
         r"recherche|opportunite|buscamos|busco|buscando|puesto|oportunidad)\b")
_JOB = (r"\b(engineer|engineers|developer|developers|designer|scientist|scientistin|analyst|"
        r"manager|director|head of|lead|architect|accountant|recruiter|consultant|"
        r"devops|backend|frontend|full stack|vp|cto|cfo|intern|cv|resume|salary|remote|"
        r"hybrid|join (our|my|the) team|m w d|teamleiter|berater|buchhalter|lebenslauf|"
        r"gehalt|ingenieur|ingenieure|chef de projet|responsable|comptable|commercial|"
        r"developpeur|developpeuse|desarrollador|desarrolladora|ingeniero|ingeniera|"
        r"disenador|disenadora|analista|jefe|jefa|gerente|contable|data engineer|bookkeeper|"
        r"controleur|controleuse|counsel|lawyer|nurse|teacher|writer|specialist|technician|"
        r"administrator|coordinator|part time|full time|temps plein|tiempo completo)\b|"
        r"entwickler|leiter|scientist|engineer|designer|analyst")


_LOOKING = (
    r"\b(i am|im|i m|currently|actively) (now )?(looking|searching|hunting) for (a |my )?(new |next )?"
    r"(role|job|position|opportunity|opportunities|challenge)\b|\b(i was|i got|i have been|"
    r"ive been) (laid off|let go)\b|\bopen to work\b|\bim on the job market\b|"
    r"\bich (bin auf der suche nach|suche) (einer |eine |einen )?(neuen? )?"
    r"(stelle|job|position|herausforderung)\b|\bauf jobsuche\b|"
    r"\bje (suis a la recherche|suis en recherche|cherche) (d un |dun |un |d une |dune |une )?"
    r"(nouvel |nouveau |nouvelle )?(poste|emploi|travail|opportunite)|"
    r"\b(estoy|ando) buscando (un |una )?(nuevo |nueva )?(trabajo|empleo|puesto|"
    r"oportunidad)\b"
)


def mentions_looking(texts: pl.Series) -> pl.Series:
    """True for each text in which the writer says they are looking for a role."""
    folded = fold_series(texts).fill_null("")
    return pl.DataFrame({"t": folded}).select(
        pl.col("t").str.contains(_LOOKING).alias("looking"))["looking"]


# What says there is no opening, taken out before the patterns read the text (round 32: "we
# are no longer hiring for that role", "hiring freeze, no open roles", "No estamos
# contratando ahora", "Nous ne recrutons pas" were openings). Taken out, not a veto: "not
# hiring in London, but hiring for Berlin" still has its opening. "we were hiring" is the
# past: "we're hiring" folds to "were hiring" without the "we".
_NEGATED = (
    r"\b(not|no longer|no more|never|isnt|arent|werent|stopped) (currently |actively |really )?"
    r"(hiring|recruiting)( (for|a|an|across|now))?\b|\bwe were (hiring|recruiting)\b|"
    r"\bhiring (freeze|pause)\b|\bno (more )?(open )?(\w+ )?(roles|positions|openings|vacancies|"
    r"headcount|reqs?)\b|\bno (estamos |esta |estan |seguimos )?(contratando|reclutando)\b|"
    r"\bne (recrutons|recrute|recrutent) (pas|plus)\b|\bkeine offenen? stellen?\b"
)


def mentions_opening(texts: pl.Series) -> pl.Series:
    """True for each text that mentions an opening (call on distinct texts)."""
    folded = fold_series(texts).fill_null("").str.replace_all(_NEGATED, " ")
    frame = pl.DataFrame({"t": folded})
    hit = frame.select(
        (pl.col("t").str.contains(_STRONG)
         | (pl.col("t").str.contains(_WEAK) & pl.col("t").str.contains(_JOB))).alias("hit"))
    return hit["hit"].rename("opening")


def excerpt(text: pl.Expr) -> pl.Expr:
    """The first EXCERPT_CHARS characters on one line, with an ellipsis when cut."""
    one_line = text.str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when(one_line.str.len_chars() > EXCERPT_CHARS).then(
        one_line.str.slice(0, EXCERPT_CHARS - 1) + pl.lit("…")).otherwise(one_line)


OPENINGS_COLUMNS = {"person_id": pl.String, "mention": pl.String, "occurred_on": pl.Date,
                    "direction": pl.String, "excerpt": pl.String, "interaction_id": pl.String}


def openings(linked: pl.DataFrame, interactions: pl.DataFrame) -> pl.DataFrame:
    """One row per message linked to a person that mentions an opening, or that they wrote
    to say they are looking (mention = looking, which wins), newest first.

    `linked`: interactions linked to people (interaction_id, person_id, kind, direction,
    occurred_at; the owner's own and future ones already left out); `interactions` supply
    the text. Messages you sent count too (you told them of an opening) but are marked so."""
    msgs = (linked.filter(pl.col("kind") == "message").drop_nulls("person_id")
            .join(interactions.select("interaction_id", "detail"), on="interaction_id")
            .drop_nulls("detail"))
    if msgs.height == 0:
        return pl.DataFrame(schema=OPENINGS_COLUMNS)
    distinct = msgs["detail"].unique().sort()
    flags = pl.DataFrame({"detail": distinct, "opening": mentions_opening(distinct),
                          "looking": mentions_looking(distinct)})
    hits = msgs.join(flags.filter(pl.col("opening") | pl.col("looking")), on="detail")
    # Only what they wrote says they are looking; a message of yours is never theirs.
    theirs = pl.col("looking") & (pl.col("direction") != "outgoing")
    hits = hits.filter(pl.col("opening") | theirs).with_columns(
        pl.when(theirs).then(pl.lit("looking")).otherwise(pl.lit("opening")).alias("mention"))
    return hits.select(
        "person_id", "mention", pl.col("occurred_at").dt.date().alias("occurred_on"),
        "direction",
        excerpt(pl.col("detail")).alias("excerpt"), "interaction_id",
    ).sort(["occurred_on", "person_id", "interaction_id"], descending=[True, False, False],
           nulls_last=True)


def recent(rows: pl.DataFrame, as_of: dt.date, days: int = RECENT_DAYS) -> pl.DataFrame:
    """The latest mention per person within `days` of the as-of date, newest first."""
    since = as_of - dt.timedelta(days=days)
    return (rows.filter(pl.col("occurred_on") >= since)
            .sort(["occurred_on", "interaction_id"], descending=[True, False])
            .unique("person_id", keep="first", maintain_order=True))

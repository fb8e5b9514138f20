"""Seniority and function from a job title, in English, German, French and Spanish.

Titles are matched in kith's folded form (ASCII, lower case, single spaces: `Geschäftsführerin`
-> `geschaftsfuhrerin`), on distinct titles only, with one ordered list of patterns per
question: the first pattern that matches decides. Order matters and says the conventions:

- seniority: intern (student, trainee, apprentice) before executive (chief, founder, owner,
  partner, managing director, Geschäftsführer, PDG, director general) before VP before director
  (director, head of, Leiter) before manager (manager, team lead, Teamleiter, responsable,
  chef de, jefe) before senior (senior, lead, principal, staff, architect, professor); any
  other title is an individual contributor.
- function: the specific words first (support before engineering, so a technical support
  engineer is support; data before engineering and research; design before product), then,
  for a leader with no function word (CEO, Geschäftsführer, Partner), general management.

German compounds (`Vertriebsleiter`, `Softwareentwickler`) match as word parts, so those
patterns have no word boundary at one end.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import fold_series

SENIORITY = ("executive", "vp", "director", "manager", "senior", "ic", "intern")
FUNCTIONS = ("engineering", "data", "product", "design", "sales", "marketing", "finance", "hr",
             "operations", "legal", "healthcare", "education", "research", "consulting",
             "support", "media", "admin", "management", "other")
SENIORITY_LABELS = {"executive": "executive", "vp": "VP", "director": "director",
                    "manager": "manager", "senior": "senior", "ic": "individual contributor",
                    "intern": "student/intern"}
LEADERS = ("executive", "vp", "director")

# Phrases that look like a level but are not one; removed before the seniority patterns run.
_NOT_A_LEVEL = (r"\b(vice ?president[ea]?|vizeprasident(in)?|product owner|business partner|"
                r"community manager|account executive|executive assistant)\b")

_SENIORITY: list[tuple[str, str]] = [
    ("intern", r"\b(intern|internship|interns|trainee|apprentice|student|werkstudent(in)?|"
               r"praktikant(in)?|auszubildende[rn]?|azubi|stagiaire|alternante?|becari[oa]|"
               r"practicas|practicante|doktorand(in)?|doctorante?|summer (analyst|associate))\b"),
    ("executive", r"\b(chief|ceo|cto|cfo|coo|cmo|cio|cdo|cpo|cro|chro|president|presidente|"
                  r"praesident|prasident(in)?|owner|inhaber(in)?|proprietor|partner|associee?|"
                  r"socio|chairman|chairwoman|chairperson|board member|managing director|"
                  r"general manager|gerente general|executive director|general counsel|"
                  r"pdg|gerante?|consejer[oa] delegad[oa]|director[a]? (general|ejecutiv[oa])|"
                  r"direct(eur|rice) general[e]?)\b"
                  r"|found(er|ing partner)|co ?found|co ?fondat|fondat(eur|rice)|fundador|"
                  r"co ?fundador|cofundador|grunder|geschaftsfuhr|vorstand"),
    ("vp", r"\b(vp|svp|evp|avp|vice ?president[ea]?|vizeprasident(in)?)\b"),
    ("director", r"\b(director[a]?|directeur|directrice|direktor(in)?|head|hod|prokurist(in)?|"
                 r"leiter(in)?|leitung)\b|(bereichs|abteilungs|vertriebs|personal|marketing|"
                 r"entwicklungs|werks|niederlassungs)leiter|chefarzt"),
    ("manager", r"manager(in)?\b|\b(gerente|responsable|jef[ea]|chef|supervisor|team ?lead(er)?|"
                r"teamleitung)\b|(team|gruppen|projekt)leiter"),
    ("senior", r"\b(senior|sr|snr|lead|principal|staff|distinguished|architect|architecte|"
               r"arquitect[oa]|architekt(in)?|professor|professorin|expert|experte|confirmee?|"
               r"deputy|oberarzt(in)?|catedratic[oa]|maitre de conferences)\b"),
]

_FUNCTIONS: list[tuple[str, str]] = [
    ("support", r"\b(customer (support|service|success|care)|support|helpdesk|help desk|"
                r"atencion al cliente|service client|client services?|business services?|call center|"
                r"contact center)\b|kundenservice|kundendienst"),
    ("hr", r"recruit|\b(hr|human resources|talent|people|rh|ressources humaines|"
           r"recursos humanos|paie|nomina|seleccion|training|benefits|compensation|payroll|"
           r"happiness|formation|formacion|weiterbildung)\b|reclut|recrut|rekryt|"
           r"personal(leiter|referent|sachbearbeit|entwickl|\b)"),
    ("legal", r"\b(legal|lawyer|attorney|counsel|compliance|paralegal|justiziar(in)?|avocate?|"
              r"juriste?|juridique|juridic[oa]|abogad[oa]|laboralista|notar|notaire|bailiff|"
              r"bankruptcy|court|judge|juge|juez|jueza|richter(in)?)\b|"
              r"rechtsanw"),
    ("healthcare", r"\b(nurse|nursing|physician|pharmacist|therapist|dentist|medical|patient|"
                   r"doctor|clinical|health|medecin|infirmiere?|pharmacien(ne)?|medic[oa]|"
                   r"enfermer[oa]|farmaceutic[oa]|apotheker(in)?|counselor|counsellor|athletic trainer|"
                   r"contact tracer|surgeon|surgical|paramedic|emt|optician|optometrist|"
                   r"therapy|dental|hygienist|midwife|sonographer|phlebotomist|"
                   r"veterinarian|cardiac|cardiologist|an(a)?esthesiologist|"
                   r"p(a)?ediatric(ian)?|pediatrist|radiologist|dermatologist|oncologist|"
                   r"neurologist|psychiatrist|sanitater(in)?)\b|arzt|arztin|krankenpfleg|"
                   r"gesundheit|chirurg|cirujan|veterinar|tierarzt|paramedic|odontolog|"
                   r"zahnarzt|zahnmedizin|dentaire|dentista|medicina|medizin"),
    ("design", r"design|disen|\b(ux|ui|graphic|graphiste|creative|art director|visual)\b|"
               r"grafik|mediengestalt"),
    ("data", r"\b(data|donnees|datos|machine learning|ml|ai|analytics|business intelligence|"
             r"bi|statistician|statistics)\b|daten"),
    ("product", r"\b(product|produit|producto)\b|produkt"),
    ("finance", r"financ|finanz|\b(accountant|accounting|bookkeeper|cpa|auditor[a]?|audit|"
                r"actuary|tax|treasury|controller|controlling|controleur|comptable|"
                r"expert comptable|contador[a]?|contable|banking|investments?|cfo|billing|claims|credit|"
                r"loans?|underwriting|underwriter|trader|trading|collector|mortgage|"
                r"teller|banker|courtier|souscripteur|tributari[oa]|fiscal)\b|"
                r"buchhalt|steuerberat|wirtschaftsprufer|aktuar|actuari|actuaire"),
    ("sales", r"\b(sales|account executive|account manager|key account|business development|"
              r"sdr|bdr|commercial|commerciale|comercial|affaires|daffaires|ventas|revenue|cuentas|"
              r"vendeur|vendedor[a]?|cashier|caissiere?|cajer[oa])\b|vertrieb|aussendienst|"
              r"kundenberat|kassier"),
    ("marketing", r"\b(marketing|brand|seo|content|social media|communications?|"
                  r"public relations|pr|growth|community manager|kommunikation|cmo|"
                  r"influencer)\b|marketing"),
    ("media", r"\b(editor|editorial|journalist|journalistin|journaliste|periodista|writer|"
              r"copywriter|redakteur(in)?|redacteur|redactrice|novelist|publisher|curator|"
              r"author|reporter|correspondent|publishing|broadcast(ing|er)?|"
              r"photographer|escritor[a]?|ecrivain|schriftsteller(in)?|curador[a]?|"
              r"translator|traducteur|traductrice|traductor[a]?|interpreter|interprete|"
              r"dolmetscher(in)?|radio|television|fernsehen)\b|journalist|ubersetzer"),
    ("research", r"\b(research|researcher|scientist|investigator|chercheur|chercheuse|"
                 r"investigador[a]?|phd|doktorand(in)?|doctorante?|postdoc|postdoctoral|"
                 r"fellow|experimental|philosophy|economist|"
                 r"(eco|geo|hydro|zoo|entomo|meteoro|seismo|sismo|volcano|vulkano|archaeo|"
                 r"archeo|anthropo|antropo|socio|criminolo|toxico|microbio|ornitho|epidemio|"
                 r"viro|bio|geronto)log(ists?|iste|ues?|os?|as?|en?|in)|agronom[eoa]?|"
                 r"physiker(in)?|physicien(ne)?|geofisic[oa]|geophysi\w*)\b|"
                 r"forsch|wissenschaft|\bastronom"),
    ("education", r"\b(teacher|teaching|lecturer|professor|professorin|profesor[a]?|"
                  r"professeur|tutor|studienrat|enseignante?|maitre de conferences|"
                  r"maestr[oa]|catedratic[oa]|admissions|school|university|student|education|"
                  r"hod|instructor|educator|formateur|formatrice|ausbilder(in)?|"
                  r"educateur|educatrice|educador[a]?|erzieher(in)?)\b|lehrer|padagog"),
    ("consulting", r"\b(consultant|consultante|consultor[a]?|consulting|advisor|adviser|"
                   r"conseil|conseiller)\b|berater"),
    ("admin", r"\b(administrative|executive assistant|assistante de direction|"
              r"asistente administrativ[oa]|secretary|secretaire|secretari[oa]|receptionist|"
              r"correspondence|office manager|back office|clerk|telefonist[a]?|"
              r"documentalist[a]?)\b|sekretar|sachbearbeit"),
    ("engineering", r"\b(engineer|engineers|engineering|developer|development|software|"
                    r"programmer|devops|sre|site reliability|qa|test|security|network|"
                    r"administrator|administrateur|administrador|architect|architecte|"
                    r"arquitect[oa]|tech|technique|technical|technology|tecnologia|it|cto|"
                    r"cio|chief information|frontend|front end|backend|back end|full stack|"
                    r"fullstack|ios|android|mobile|cloud|web|civil|mechanical|electrical|"
                    r"electrician|surveyor|logiciel|informatique|informatica|reseaux|"
                    r"sistemas|systemes|systems|drafter|draftsman|telecommunications?|"
                    r"telecom|webmaster|tester|testeur|metrolog\w*|telecomunicacion\w*)\b|"
                    r"entwickl|ingenieur|ingenier|programad|informati|developp|desarroll|"
                    r"system|techniker|netzwerk"),
    ("operations", r"\b(operations|operating|coo|operaciones|supply chain|logistics|"
                   r"procurement|purchasing|buyer|acheteur|acheteuse|compras|project|projet|"
                   r"proyecto|program manager|programme manager|store|shift|production|"
                   r"plant|facility|facilities|warehouse|inventory|fulfil(l)?ment|"
                   r"fabrication|fabricacion|produccion)\b|"
                   r"logisti|einkauf|projekt|kaufmann|kauffrau|lager"),
    # A science named alone is research, after every other function (a biology teacher).
    ("research", r"\b(chemistry|biology|physics|chemist|biologist|physicist)\b"),
    ("management", r"\b(ceo|founder|owner|president|managing director|general manager|"
                   r"partner|chairman|board|pdg|inhaber(in)?)\b|geschaftsfuhr|vorstand"),
]


def _first_match(text: pl.Expr, patterns: list[tuple[str, str]],
                 raw: dict[str, pl.Expr] | None = None) -> pl.Expr:
    """The label of the first pattern that matches; `raw` gives some labels another text."""
    expr = pl.lit(None, dtype=pl.String)
    for label, pattern in reversed(patterns):
        source = (raw or {}).get(label, text)
        expr = pl.when(source.str.contains(pattern)).then(pl.lit(label)).otherwise(expr)
    return expr


def classify(titles: pl.Series) -> pl.DataFrame:
    """(title, seniority, function) for each distinct non-empty title in `titles`.

    A title with no letters gets nulls; every other title gets a seniority (individual
    contributor when no level word matches) and a function ("other" when no word matches)."""
    distinct = titles.drop_nulls().unique().sort()
    frame = pl.DataFrame({"title": distinct, "_key": fold_series(distinct)})
    level_text = pl.col("_key").str.replace_all(_NOT_A_LEVEL, " ")
    frame = frame.with_columns(
        # A vice president is no president: only the VP pattern sees the unstripped title.
        _first_match(level_text, _SENIORITY, {"vp": pl.col("_key")}).alias("seniority"),
        _first_match(pl.col("_key"), _FUNCTIONS).alias("function"))
    known = pl.col("_key").str.contains("[a-z]").fill_null(False)
    leader = pl.col("seniority").is_in(LEADERS)
    return frame.select(
        "title",
        pl.when(known).then(pl.col("seniority").fill_null("ic")).alias("seniority"),
        pl.when(known).then(
            pl.when(pl.col("function").is_null() & leader).then(pl.lit("management"))
            .otherwise(pl.col("function").fill_null("other"))).alias("function"))


def add_roles(people: pl.DataFrame) -> pl.DataFrame:
    """people with `seniority` and `function` from their title (null without one)."""
    roles = classify(people["title"])
    return people.drop("seniority", "function", strict=False).join(
        roles, on="title", how="left", maintain_order="left")

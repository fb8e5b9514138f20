"""Head nouns: the words of a title that name the occupation itself, in four languages.

A title's head noun usually says the job, and its other words the domain it is done in: a
medical secretary is a secretary (admin) and a communications engineer an engineer, in English
(head last), French and Spanish (head first: `secrétaire médicale`, `ingeniero de
telecomunicaciones`) and German compounds (head at the end: `Medizintechniker`). So roles.py
asks these patterns first, and a head noun found decides the function, except where the title
also holds a domain listed in YIELDS for that head: the conventions of the labelled titles
(tests/fixtures/enrich/SOURCES.md) make a data engineer data work, a sales engineer sales and
a billing clerk finance.

Only nouns that name one function wherever they stand are here. Generic heads (manager,
director, head, officer, specialist, assistant, technician, analyst, consultant,
administrator, Leiter, responsable, jefe, chargé) are not: the rest of the title says what
such a person does (a risk manager is finance, a quality manager operations), which is what
roles.py's domain patterns read. German patterns have no left word boundary (compounds), and
`(in)?`, `(ne)?`, `[ae]` cover the feminine forms.
"""

from __future__ import annotations

from pipeline.enrich.role_families import (
    CARE_AND_TOURISM,
    REPAIR_ENGINEERS,
    SPORT_INSTRUCTION,
    TRADE_HEADS,
)

# (function, pattern on the folded title); the first that matches names the head noun.
HEAD_NOUNS: list[tuple[str, str]] = [
    # a teacher of a sport works in sport (`other`), before any teacher is education
    ("other", SPORT_INSTRUCTION),
    # social work, home help, childcare and tourism, before educators and advisers
    ("other", CARE_AND_TOURISM),
    # a curriculum developer or designer writes courses, before a developer is engineering
    ("education", r"\bcurricul(um|a) (developers?|designers?|writers?|specialists?|leads?)\b"),
    ("education", r"\b(teachers?|lecturers?|tutors?|educators?|enseignante?s?|professeure?s?|"
                  r"institut(eur|rice)s?|educat(eur|rice)s?|maestr[oa]s?|educador(a|es)?|profesor(a|es)?|"
                  r"docentes?|instructors?|instructeur|instructor(a|es)?)\b|lehrer(in)?\b|erzieher(in)?\b|padagog(e|in)\b"),
    ("admin", r"\b(secretary|secretaries|secretaire|secretari[oa]|receptionists?|"
              r"receptionniste|recepcionista|clerks?|typists?|dactylo(graphe)?|"
              r"mecanografo)\b|sekretar(in)?\b|rezeptionist(in)?\b"),
    ("media", r"\b(journalists?|journaliste|periodista|reporters?|editors?|redact(eur|rice)|"
              r"redactor(a)?|writers?|copywriters?|ecrivain|escritor(a)?|translators?|"
              r"traduct(eur|rice)|traductor(a)?|interpreters?|interprete|photographers?|"
              r"photographe|fotografo|fotografa|authors?|auteur|novelists?|poets?)\b|"
              r"journalist(in)?\b|redakteur(in)?\b|schriftsteller(in)?\b|ubersetzer(in)?\b|"
              r"dolmetscher(in)?\b|fotograf(in)?\b|autor(in)?\b"),
    ("design", r"\b(designers?|graphiste|disenador(a)?|illustrators?|illustrat(eur|rice)|"
               r"ilustrador(a)?)\b|designer(in)?\b|gestalter(in)?\b|grafiker(in)?\b"),
    ("legal", r"\b(lawyers?|attorneys?|solicitors?|barristers?|paralegals?|notary|avocate?|"
              r"abogad[oa]|notaire|notari[oa]|judges?|juge|juez|jueza)\b|anwalt\b|anwaltin\b|"
              r"notar(in)?\b|richter(in)?\b|jurist(in)?\b"),
    ("finance", r"\b(accountants?|bookkeepers?|auditors?|auditeur|auditrice|actuary|"
                r"actuaries|actuaire|actuari[oa]|comptable|contable|contador(a)?|bankers?|"
                r"banquier|banquer[oa]|underwriters?|tellers?)\b|buchhalter(in)?\b|"
                r"aktuar(in)?\b|wirtschaftsprufer(in)?\b|steuerberater(in)?\b"),
    ("hr", r"\b(recruiters?|recruteur|recruteuse|reclutador(a)?)\b|recruiter(in)?\b"),
    ("sales", r"\w*sellers?\b|\b(salesm[ae]n|salesperson|saleswom[ae]n|vendeur|vendeuse|"
              r"vendedor(a)?|cashiers?|caissiere?|cajer[oa])\b|verkaufer(in)?\b|"
              r"kassierer(in)?\b"),
    ("research", r"\b(scientists?|researchers?|astronomers?|chercheur|chercheuse|investigador(a)?|"
                 r"cientific[oa])\b|forscher(in)?\b|wissenschaftler(in)?\b|"
                 r"wissenschafter(in)?\b"),
    ("healthcare", r"\b(nurses?|physicians?|doctors?|pharmacists?|dentists?|therapists?|"
                   r"surgeons?|paramedics?|midwi(fe|ves)|hygienists?|optometrists?|\w+therapists?|"
                   r"\w+paths?|infirmiere?|medecin|pharmacien(ne)?|dentiste|chirurgien(ne)?|"
                   r"therapeute|sage femme|enfermer[oa]|medic[oa]|farmaceutic[oa]|dentista|"
                   r"terapeuta|cirujan[oa]|matrona)\b|arzt\b|arztin\b|apotheker(in)?\b|"
                   r"therapeut(in)?\b|krankenpfleger(in)?\b|krankenschwester\b|hebamme\b|"
                   r"chirurg(in)?\b"),
    # office machine operators are office work, before machine operators are a trade
    ("admin", r"\b(fax|copy|copier|photocopy|photocopier|computer|peripheral equipment|"
              r"switchboard|telephone|office machine|word processing|microfilm\w*) "
              r"operators?\b|\bmicrofilm\w*|\bdocument (preparers?|imaging)\b"),
    # electricians and automation trades are engineering by convention (SOURCES.md), before
    # the trade heads (an Installateur-électricien, a Monteur automaticien)
    ("engineering", r"\b(electricians?|electricien(ne)?|electricista|automaticien(ne)?|"
                    r"electronicien(ne)?|mediamaticien(ne)?)\b|elektriker(in)?\b|"
                    r"elektroniker(in)?\b"),
    # a British motor or heating engineer repairs, before any engineer is engineering
    ("other", REPAIR_ENGINEERS),
    # (with the misspellings typed titles carry: programer, enginner)
    ("engineering", r"\b(engineers?|enginn?e?ers?|developers?|programm?ers?|surveyors?|ingenieur|ingenieure|"
                    r"ingenier[oa]|developpeur|developpeuse|desarrollador(a)?|"
                    r"programmeur|programmeuse|programador(a)?)\b|ingenieur(in)?\b|"
                    r"entwickler(in)?\b|programmierer(in)?\b"),
    # Trades and services: their domain words (security, kitchen, transport) are not the job.
    ("other", r"\b(drivers?|chauffeur|conducteur|conductrice|conductor(a)?|cooks?|"
              r"cuisinier(e)?|cociner[oa]|waiters?|waitress|serveur|serveuse|camarer[oa]|"
              r"guards?|vigile|vigilante|farmers?|agriculteur|agricultor(a)?|mechanics?|"
              r"mecanicien(ne)?|mecanic[oa]|carpenters?|menuisier|charpentier|carpinter[oa]|"
              r"plumbers?|plombier|fontaner[oa]|bakers?|boulanger(e)?|panader[oa]|"
              r"butchers?|boucher(e)?|carnicer[oa]|hairdressers?|coiffeur|coiffeuse|"
              r"peluquer[oa]|pilots?|pilote|piloto|soldiers?|soldat|soldado|firefighters?|"
              r"pompier|bomber[oa]|gardeners?|jardinier(e)?|jardiner[oa]|masons?|macon|"
              r"albanil|welders?|soudeur|soldador|cleaners?|actors?|actresse?s?|acteur|"
              r"actrice|actriz|musicians?|musicien(ne)?|musico|athletes?|athlete)\b|"
              r"fahrer(in)?\b|koch\b|kochin\b|kellner(in)?\b|landwirt(in)?\b|"
              r"mechaniker(in)?\b|mechatroniker(in)?\b|tischler(in)?\b|schreiner(in)?\b|"
              r"zimmerer\b|installateur(in)?\b|backer(in)?\b|metzger(in)?\b|"
              r"fleischer(in)?\b|friseur(in)?\b|soldat(in)?\b|gartner(in)?\b|maurer(in)?\b|"
              r"schweisser(in)?\b|reiniger(in)?\b|schauspieler(in)?\b|musiker(in)?\b"),
    # the other trades, crafts, production and performing heads (role_families.py)
    ("other", TRADE_HEADS),
]

# Head function -> the domains that decide over it (the rest of the title names them).
YIELDS: dict[str, tuple[str, ...]] = {
    # a data engineer, a support engineer, a sales engineer, a broadcast engineer
    "engineering": ("data", "support", "sales", "media", "hr"),
    # a data scientist, a UX researcher
    "research": ("data", "design"),
    # a billing clerk, a rental clerk (clerks of money are finance: SOURCES.md)
    "admin": ("finance", "sales"),
    # a content writer, a marketing copywriter
    "media": ("marketing",),
}

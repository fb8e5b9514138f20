"""Whole occupation families the head nouns and domain words of role_heads.py and
role_patterns.py missed, written as families in four languages rather than title by title.

Found by sorting the misses of five blind first runs (tests/fixtures/enrich/SOURCES.md,
"Causes of the misses") into causes; each pattern here answers one cause:

- QUALIFICATIONS: Swiss and German qualification tails (`CFC`, `AFP`, `avec brevet fédéral`,
  `diplômé ES`, `NDS HF`, `(champ professionnel Construction de voies de communication)`)
  name a diploma or a training field, not the job; their words (`communication`) misled.
- TRADE_HEADS: trades, crafts, production and performing occupations (kith's `other`, see
  SOURCES.md) by their head noun, so that the object of the trade does not decide (a plant
  fitter, a Landmaschinenmechaniker, an opérateur de machines, a Technologue en impression).
  German compounds end in the head (`Uhrmacher`, `Fliesenleger`, `Dachdecker`), French and
  Spanish titles start with it (`Constructeur de routes`, `Operador de máquinas`).
- SPORT_INSTRUCTION: a teacher of a sport or a leisure pursuit (professeur de tennis,
  Qi-Gong-Lehrer, ski instructor) works in sport (`other`), not in education.
- CARE_AND_TOURISM: social work, home help, childcare and tourism (SOURCES.md: `other`),
  whatever adviser, educator or representative heads them.
- REPAIR_ENGINEERS: the British trade titles named engineer (a motor, heating or television
  engineer repairs: `other`), before the engineer head noun.
- AGRICULTURE: farming, fishing and forestry domains (`other`), read after the other
  domains and before an adviser's (a Conseiller en agriculture durable).
- GENERAL_MANAGEMENT: management and leadership named as the field (a Diplom in
  Unternehmensführung, a Gestionnaire d'entreprise), read after every other domain.
- SUSTAINABILITY: workplace safety and sustainability (HSE, ESG, Nachhaltigkeit,
  sostenibilidad) are operations work, read before `health` is healthcare and before a
  consultant's or adviser's domain is consulting (a sustainability consultant works in it).
- FOOD_SHOPS, HOSPITALITY: cafés, restaurants, hotels and catering (kith's `other`,
  SOURCES.md); a coffee shop is read before `shop` makes its manager a seller, the rest
  after the sales words (a Retail and Restaurant Associate names retail first).
- FEMININE: French feminine job nouns (technicienne, dessinatrice, procureure, cheffe) read
  as the masculine forms the patterns name (added after the ninth set's first run).
"""

from __future__ import annotations

# French feminine job nouns and adjectives read as their masculine forms, which the patterns
# name (a technicienne, a dessinatrice industrielle, a cheffe, a procureure): (pattern,
# replacement) on folded words. -ère and -ive are left alone (English sphere, executive).
FEMININE = [(r"\b(\w{3,})trices?\b", "${1}teur"), (r"\b(\w{3,})euses?\b", "${1}eur"),
            (r"\b(\w{3,})iennes?\b", "${1}ien"), (r"\b(\w{2,})ieres?\b", "${1}ier"),
            (r"\b(\w{2,}[^i])eures?\b", "${1}eur"), (r"\b(\w{3,})elles?\b", "${1}el"),
            (r"\bcheffes?\b", "chef"),
            # principale is the feminine of principal, a senior level (user40: "Analyste
            # d'affaires principale" was an individual contributor, "principal" senior)
            (r"\bprincipales?\b", "principal")]

# Removed from the raw title before folding (the parenthesis names a training field) ...
TRAINING_FIELD = r"(?i)\((champ professionnel|fachrichtung|schwerpunkt|profil)[^)]*\)"
# ... and from the folded title: diploma and qualification words that say no job.
QUALIFICATIONS = (r"\b(avec (brevet|diplome) federal|(brevet|diplome) federal|"
                  r"diplom(e|ee|iert[er]*)? (es|hf|fh)|cfc|afp|efz|eba|nds hf|nds|hf|"
                  r"dipl|eidg(enossisch)?)\b")

_TRADES_EN = (r"fitters?|joiners?|plasterers?|roofers?|glaziers?|bricklayers?|tilers?|"
              r"upholsterers?|tailors?|seamstress(es)?|cobblers?|shoemakers?|"
              r"jewell?ers?|watchmakers?|clockmakers?|blacksmiths?|locksmiths?|"
              r"machinists?|miners?|labou?rers?|porters?|janitors?|caretakers?|"
              r"housekeepers?|maids?|barbers?|beauticians?|florists?|fishermen|fisherman|"
              r"shepherds?|loggers?|lumberjacks?|sawyers?|stonemasons?|glassblowers?|"
              r"potters?|weavers?|dyers?|tanners?|saddlers?|coopers?|wheelwrights?|"
              r"thatchers?|scaffolders?|riggers?|deckhands?|stevedores?|dockers?|"
              r"priests?|pastors?|clergy(man|men)?|imams?|rabbis?|ministers of religion|"
              r"postm[ae]n|postal workers?|police officers?|policem[ae]n|soldiers?|"
              r"sculptors?|dancers?|singers?|acrobats?|clowns?|jugglers?|magicians?|"
              r"(machine|plant|equipment|crane|forklift|press|furnace|kiln|boiler|mill|"
              r"production|process) (operators?|attendants?|tenders?|hands?)")
_TRADES_FR = (r"couvreur|platrier|carreleur|ramoneur|serrurier|ferronnier|forgeron|horloger|"
              r"bijoutier|joaillier|orfevre|cordonnier|tailleur|couturiere?|tapissier|"
              r"ebeniste|vitrier|chaudronnier|tourneur|fraiseur|ajusteur|monteur|monteuse|"
              r"poseur|poseuse|paveur|constructeur (de|d)|technologue|ouvrier|ouvriere|manoeuvre|"
              r"docker|bucheron|peintre|sculpteur|danseur|danseuse|chanteur|"
              r"chanteuse|fleuriste|policier|policiere|gendarme|militaire|douanier|douaniere|"
              r"facteur|factrice|postier|postiere|nettoyeur|nettoyeuse|gardien(ne)?|concierge|"
              r"(agent|agente|femme|homme) (de menage|d entretien|de nettoyage)|imprimeur|"
              r"typographe|relieur|relieuse|carrossier|grutier|manutentionnaire|cariste|"
              r"eleveur|eleveuse|pecheur|berger|bergere|apiculteur|apicultrice|maraicher|"
              r"pretre|pasteur|cure|imam|rabbin|(installat(eur|rice)|contremaitre|monteur) sanitaire|estheticienne?|estheticien|blanchisseur|blanchisseuse|"
              r"operat(eur|rice)s? (de|sur) (machines?|ligne|production|fabrication|"
              r"presse|four)|conduct(eur|rice) (de|d) (machines?|engins?|ligne|"
              r"installations?)")
_TRADES_ES = (r"herrer[oa]|cerrajer[oa]|ebanista|tornero|fresador(a)?|ajustador(a)?|"
              r"montador(a)?|costurer[oa]|sastre|zapater[oa]|joyer[oa]|relojer[oa]|"
              r"alfarer[oa]|tapicer[oa]|vidrier[oa]|pintor(a)?|escultor(a)?|bailarin(a)?|"
              r"cantante|pescador(a)?|policia|militar|aduaner[oa]|cartero|limpiador(a)?|"
              r"conserje|porter[oa]|impresor(a)?|apicultor(a)?|sacerdote|ganader[oa]|miner[oa]|peon|obrer[oa]|operari[oa]|"
              r"jornaler[oa]|estibador(a)?|florista|esteticista|lavandera?|"
              r"(operador|operadora|controlador|controladora) de (maquinas|maquinaria|"
              r"plantas?|instalaciones|equipos|calderas|hornos)")
# German heads close the compound; `(in)?` and `(innen)?` cover the feminine forms.
_TRADES_DE = (r"\w*macher(in)?|\w{3,}bauer(in)?|\w*schmied(in)?|\w*maler(in)?|"
              r"\w*lackierer(in)?|\w*decker(in)?|(fliesen|boden|parkett|estrich|platten)leger(in)?|"
              r"\w*giesser(in)?|\w*drucker(in)?|\w*binder(in)?|\w*schneider(in)?|\w*naher(in)?|"
              r"\w*weber(in)?|sattler(in)?|glaser(in)?|spengler(in)?|klempner(in)?|"
              r"\w*monteur(in)?|\w*schlosser(in)?|\w*dreher(in)?|\w*fraser(in)?|gerber(in)?|"
              r"kurschner(in)?|topfer(in)?|steinmetz(in)?|konditor(in)?|brauer(in)?|"
              r"winzer(in)?|forstwirt(in)?|polizist(in)?|zollbeamt\w*|brieftrager(in)?|postbote|"
              r"pfortner(in)?|pfarrer(in)?|priester(in)?|imker(in)?|florist(in)?|hauswirtschaft\w*|reinigungskraft|"
              r"hausmeister(in)?|(landmaschinen|baumaschinen|sportgerate|zeitmess|uhren|"
              r"fahrzeug|kfz|zweirad|fahrrad|karosserie|verarbeitungs|kunststoff|textil|"
              r"holz)techniker(in)?|\w*bildhauer(in)?|tanzer(in)?|sanger(in)?|"
              r"\w*(maschinen|anlagen|kran|stapler)(fuhrer|bediener)(in)?|bergmann|"
              r"kosmetiker(in)?|(hilfs|fabrik|bau|forst|land)arbeiter(in)?")
TRADE_HEADS = (rf"\b({_TRADES_EN}|{_TRADES_FR}|{_TRADES_ES})\b|\b({_TRADES_DE})\b")

_SPORTS = (r"tennis|golf|basketball|football|soccer|baseball|volleyball|handball|hockey|rugby|"
           r"cricket|athletics|track and field|futbol|baloncesto|ski|snowboard|sports? de (neige|glisse|combat)|karate|judo|"
           r"aikido|taekwondo|yoga|qi ?gong|tai ?chi|pilates|kayak|canoe|rafting|"
           r"paragliding|parapente|deltaplane|escalade|climbing|natation|swimming|"
           r"equitation|riding|horse riding|danse|dance|dancing|fitness|aerobics|plongee|"
           r"diving|scuba|voile|sailing|surf|surfing|shooting|tir|boxing|boxe|fencing|"
           r"escrime|martial arts|arts martiaux|ice skating|patinage|alpinisme|"
           r"mountaineering|buceo|equitacion|esqui|baile|natacion|vela|escalada")
_SPORTS_DE = (r"(ski|snowboard|tennis|golf|reit|tanz|tauch|segel|surf|kletter|gleit|"
              r"drachenflug|paragleit|qi gong|yoga|schwimm|fitness|fecht|box|kampfsport|"
              r"karate|judo)\w*lehrer(in)?")
SPORT_INSTRUCTION = (rf"\b(instructors?|teachers?|coach(es)?|trainers?|moniteur|monitrice|"
                     rf"professeure?|profesor(a)?|monitor(a)?|entraineur|entraineuse|"
                     rf"instructeur|instructrice|lehrer(in)?|trainer(in)?) (de |d |of |in |"
                     rf"en |fur )?({_SPORTS})\b|\b({_SPORTS}) (instructors?|teachers?|"
                     rf"coach(es)?|trainers?|lehrer(in)?|trainer(in)?)\b|"
                     rf"\b{_SPORTS_DE}\b")

CARE_AND_TOURISM = (r"\b(social (work|worker|workers|care|services?)|travailleu(r|se)s? sociale?s?|"
                    r"assistante? sociale?|educat(eur|rice) specialisee?|economie sociale|"
                    r"trabajador(a)? social|home help|aide a domicile|a domicilio|childcare|"
                    r"child care|child support|cuidados infantiles|garde d enfants|probation officers?|"
                    r"(holiday|travel|tour|resort) rep(resentative)?s?|tour (guides?|leaders?)|"
                    r"guides? (interprete|touristique|de montagne|conferencier)|"
                    r"guia (turistic[oa]|de turismo)|reiseleiter(in)?|fremdenfuhrer(in)?|"
                    r"bergfuhrer(in)?|tourism|tourisme|turismo|touristik)\b|sozialarbeit\w*|"
                    r"sozialpadagog\w*|schuldnerberat\w*|"
                    r"kinderbetreu\w*")
REPAIR_ENGINEERS = (r"\b(motor|heating|gas|boiler|plumbing|television|tv|typewriter|precision|"
                    r"refrigeration|lift|vehicle|car|auto|heating and ventilation) engineers?\b")
AGRICULTURE = (r"\b(agricultur\w*|agrobiolog\w*|agriculture|piscicultur\w*|aquacultur\w*|pesca|"
               r"peche|fischerei|landwirtschaft\w*|forestry|sylvicultur\w*|viticultur\w*|"
               r"horticultur\w*|elevage|ganaderia|farming|farm)\b")
SUSTAINABILITY = (r"\b(health,? (and |& )?safety|safety,? (and |& )?health|environment(al)?,? health|occupational safety|hse|qhse|ehs|esg|sustainability|"
                  r"sustainable development|sostenibilidad|sustentabilidade|developpement durable|"
                  r"durabilite)\b|nachhaltigkeit")
FOOD_SHOPS = r"\b(coffee|tea|sandwich|juice|ice cream|donut|bubble tea) ?shops?\b"
HOSPITALITY = (r"\b(cafe|cafes|cafeteria|coffeehouse|restaurants?|restaurante|bistro|brasserie|"
               r"pub|hotels?|hotel(ier|iere|lerie|eria)|hostel|catering|hospitality|hosteleria|"
               r"gastronomi\w*)\b")
GENERAL_MANAGEMENT = (r"\b(management|leadership|unternehmensfuhrung|gestion d entreprise|"
                      r"gestionnaire d entreprise|direction d entreprise|business administration|"
                      r"betriebswirtschaft\w*|administracion de empresas)\b")

# The employer a real-world title names after `at`, `chez`, `bei` or `@` (Postdoctoral
# Researcher at Centre for Data Science, Werkstudent bei X) is not the job: its words (data,
# health, ventures) must not decide the function or the level. Cut on the raw title.
EMPLOYER_TAIL = (r"(?i)\s+(at|chez|bei)\s+\S.*$|\s*@\s*\S.*$|"
                 # a tail naming an institution (Fellow - Center for Social Data Analytics)
                 r"\s+[-\u2013|]\s+(the\s+)?(cent(er|re)|university|universidad|universite|institute?|"
                 r"lab|laboratory|college|faculty|department)\b.*$")
# A title that starts with a past role ("Former CEO", "Ex-Google", "Retired nurse", "ehemaliger
# Geschäftsführer", "ancien directeur", "ex director"): the member no longer holds that level.
# A current role after a separator ("Ex-CEO, Board Advisor", "Former VP | Advisor") is the job.
# The marker words, written once: past_employer reads them in folded text (ü -> u) too.
PAST_WORDS = r"former|ex|retired|ehemalige[rn]?|fr(?:ü|ue|u)here[rn]?|ancien(?:ne)?|antigu[oa]"
PAST_ROLE = r"(?i)^\s*(" + PAST_WORDS + r")\b"
PAST_SEGMENT = PAST_ROLE + r".*?(\s*[|,;/\u2022\u00b7\u2013\u2014]|\s+-\s)\s*"
# Abbreviations whose folded form loses them (M&A folds to `m a`), spelled out before folding;
# and the software trade's own (round 32: "Sr. SWE", "Senior SDE", "VP Eng", "Eng Manager"
# were function `other`, so a VP of engineering at a target was no one who could hire you).
# "Eng" only as a word: not "English", "Engel".
ABBREVIATIONS = [(r"(?i)\bM\s?&\s?A\b", "mergers and acquisitions"),
                 (r"(?i)\b(SWE|SDE)s?\b", "software engineer"),
                 (r"(?i)\bEng\b\.?", "engineering")]

"""The ordered patterns roles.py matches on folded titles for a title's function (its domain
words; the level's patterns are in role_levels.py).

The first pattern that matches decides (roles.py says the order's conventions). Function
patterns read a title's domain words; role_heads.py holds the head nouns that outrank them.
German compounds (`Vertriebsleiter`, `Softwareentwickler`) match as word parts, so those
patterns have no word boundary at one end.
"""

from __future__ import annotations

from pipeline.enrich.role_families import (
    AGRICULTURE,
    FOOD_SHOPS,
    GENERAL_MANAGEMENT,
    HOSPITALITY,
    SUSTAINABILITY,
)

FUNCTION_PATTERNS: list[tuple[str, str]] = [
    # A chief officer's title names the function they run, before any domain word around it
    # (a CTO of retail is engineering, not sales); only acronyms that mean one thing.
    *[(label, rf"\b({pattern})\b") for label, pattern in (
        ("engineering", r"cto|cio|ciso|chief (technology|technical|information|information "
                        r"security|it) officer"),
        ("finance", r"cfo|chief financ(e|ial) officer"),
        ("marketing", r"cmo|chief marketing officer"),
        ("operations", r"coo|chief operati(ng|ons) officer"),
        ("hr", r"chro|chief (people|human resources?|hr|talent) officer"),
        ("data", r"chief (data|analytics) officer"),
        ("legal", r"clo|chief legal officer"))],
    # Support staff of a function belong to it, before `support` reads as customer support.
    ("sales", r"\b(sales support|chief revenue officer|market trader|street trader)\b"),
    # business development in French and Spanish, before `developpement` is software
    ("sales", r"\b(developpement (des )?(entreprises|affaires|commercial|clients?)|"
              r"desarrollo de (negocios?|empresas|clientes))\b"),
    # a programme analyst (analista de programas) or analyst-programmer writes software
    ("engineering", r"\b(analista (de )?programas|analista programador[a]?|"
                    r"analyste programmeur|analyst programmer)\b"),
    # a business or functional analyst in French and Spanish (Québec's analyste d'affaires,
    # analyste fonctionnel) is a business analyst, consulting as in English, before `affaires`
    # and `negocios` are sales (user40)
    ("consulting", r"\b(analystes?( principal| senior)? (en |d )?affaires|analystes? fonctionnels?|"
                   r"analistas? (de )?negocios?|analistas? funcional(es)?)\b"),
    ("hr", r"\b(recruiting|recruitment|hr|talent|people) support\b"),
    # a data scientist is data work wherever a product or a health lab is named beside it
    ("data", r"\bdata (scientists?|science)\b"),
    # visual merchandising sells (titles.csv), before `visual` is design
    ("sales", r"\bvisual merchandis\w*"),
    # A product manager or owner of any domain (AI, data, payments) manages a product.
    ("product", r"\bproduct (managers?|owners?|management|lead|leads|analysts?|director)\b"),
    ("support", r"\b(customer (support|service|success|care|experience)|support|suporte|"
                r"service desk|servicedesk|"
                r"experiencia do cliente|"
                r"atendimento|cx|helpdesk|help desk|"
                r"atencion al cliente|service client|client services?|business services?|call center|"
                r"contact center|call centre|contact centre|after ?sales|sav|service apres vente|"
                r"postventa|posventa)\b|kundenservice|kundendienst"),
    # employer branding recruits, before `brand` reads as marketing
    ("hr", r"recruit|employer brand\w*|\b(hr|human resources?|talent\w*|people|pessoas|rh|"
           r"desenvolvimento humano|desarrollo humano|gestion humana|r s|ressources humaines|"
           r"recursos humanos|paie|nomina|seleccion|training|benefits|compensation|payroll|"
           r"total rewards|rewards (lead|manager|partner|specialist|analyst)|"
           r"happiness|formation|formacion|weiterbildung|rrhh|hris|hcm|selection|"
           r"(labou?r|industrial|employee|employment) relations|relaciones laborales|"
           r"relations sociales|(de|gestion|gestao|y|e) personas|"
           r"candidates? (experience|care|relations|sourcing)|atracao (e|de) (talentos|selecao)|"
           r"atracao|staffing|learning (and |& )?development|l d|organi[sz]ational development|"
           r"desenvolvimento organizacional|desarrollo organizacional|treinamento|"
           r"potencial humano|human capital|capital humano|rr ?hh|hrga|executive search|"
           r"headhunt\w*|workday|dho)\b|personal(strateg|chef|ansvarig|vetare|specialist|administrat)\w*|reclut|recrut|rekryt|"
           r"personal(leiter|referent|sachbearbeit|entwickl|wesen|abteilung|berat|vermittl)|"
           r"(leiter(in)?|leitung) personal\b"),
    ("legal", r"\b(legal|lawyer|attorney|counsel|compliance|paralegal|solicitor|barrister|"
              r"conveyancer|magistrate|arbitrator|coroner|litigation|contentieux|litigios?|prosecutor|procureur|"
              r"procurador[a]?|justiziar(in)?|avocate?|"
              r"juriste?|juridique|juridic[oa]|abogad[oa]|laboralista|notar|notaire|bailiff|"
              r"bankruptcy|court|judge|juge|juez|jueza|richter(in)?|trading standards|"
              r"sachwalter(in)?|regulatory|huissier|gerichtsvollzieh\w*|greffiere?|"
              r"secretari[oa] judicial|rechtswissenschaft\w*|magistrat|magistrad[oa])\b|"
              r"rechtsanw|staatsanw"),
    # Workplace safety is operations work, before `health` reads as healthcare.
    # Workplace safety and sustainability are operations work, before `health` reads as
    # healthcare and an adviser's domain decides over consulting (role_families.py).
    ("operations", SUSTAINABILITY),
    # work and organisational psychology is people work, before a psychologist is healthcare
    ("hr", r"\b(organi[sz]ational|organizacional|organisationnel(le)?|industrial organi[sz]ational|"
           r"laboral|do trabalho) psycholog\w*|\b(psicolog[oa]|psychologue) "
           r"(organizacional|laboral|del trabajo|do trabalho|du travail)\b|"
           r"organisationspsycholog\w*"),
    # A counsellor of schooling or careers is education, before `counselor` is healthcare.
    ("education", r"\b(education|educational|academic|school|guidance|admissions?|careers?|"
                  r"student|students|study abroad) (peer )?(counsel(l)?ors?|advis[eo]rs?)\b"),
    # curriculum work is teaching work (a curriculum manager, a head of curriculum)
    ("education", r"\b(curriculum|curricula|lehrplan\w*)\b"),
    ("healthcare", r"\b(nurse|nursing|hospital|clinic|ambulance|pharmacy|psychologist|audiologist|podiatrist|chiropodist|chiropractor|radiographer|dietitian|dietician|nutritionist|masseur|masseuse|massage|"
                   r"physician|pharmacist|therapist|dentist|medical|patient|"
                   r"doctor|clinical|health|medecin|infirmiere?|pharmacien(ne)?|medic[oa]|"
                   r"enfermer[oa]|farmaceutic[oa]|apotheker(in)?|counselor|counsellor|athletic trainer|"
                   r"contact tracer|surgeon|surgical|paramedic|emt|optician|optometrist|"
                   r"therapy|dental|hygienist|midwife|sonographer|phlebotomist|"
                   r"veterinarian|cardiac|cardiologist|an(a)?esthesiologist|"
                   r"p(a)?ediatric(ian)?|pediatrist|radiologist|dermatologist|oncologist|"
                   r"neurologist|psychiatrist|clinicians?|sanitater(in)?)\b|arzt|arztin|krankenpfleg|"
                   r"gesundheit|chirurg|cirujan|\w*therapist|physiotherap|klinik|clinique|clinica|clinico|"
                   r"pharmacie|farmacia|apotheke|hopital|hospitalier|veterinar|tierarzt|paramedic|odontolog|"
                   r"zahnarzt|zahnmedizin|dentaire|dentista|medicina|medizin|veterin|matron|optical|"
                   r"opticien(ne)?|optic[oa]|optiker|acupunct|soins|soignante?|cuidados|sanitari[oa]|"
                   r"sanitaire|parteria|parter[oa]|comadrona|enfermeria|fisioterap\w*|"
                   r"pfleger(in)?\b|pflegeassist|pflegefach|pflegehelf|altenpfleg|"
                   r"laborgehilf|reflexolog|psychoanaly|an(a)?esthesist\w*|anesthesiste|anestesist\w*|"
                   r"ambulanc\w*|rettungs(sanitat|dienst|assist)\w*|puericult\w*|naturopath\w*|"
                   r"naturheil\w*|hom(o|e)opath\w*|homeopat\w*|herborist\w*|phytotherap\w*|"
                   r"osteopat\w*|sophrolog\w*|cytodiagnost\w*|cytolog\w*|biomedic\w*|"
                   r"biomedizin\w*|pharma(co|ko)vigilan\w*|farmacovigilancia|ocularist\w*|"
                   r"augenoptik\w*|orthopadie(techn|schuh)\w*|horakusti\w*|audiolog\w*|maieut\w*|"
                   r"\b(rn|lpn|lvn|cna|rrt|crna|medicales?|medicaux|enfermagem)\b|"
                   r"psychanaly|psicoanali|psychomotric|kinesitherap|ergotherap|orthophon|"
                   r"orthopti|orthoprothes|audioprothes|orthop(a)?ed\w*|\bcardio\w*|kardio\w*|podolog\w*|"
                   r"\b(cardio|neuro|onco|oph?tal?mo|ophthalmo|oftalmo|dermato|radio|gyn(a|e)?co|"
                   r"gineco|uro|gastro|endocrino|rhumato|reumato|pneumo|neumo|h(a)?emato|"
                   r"nephro|nefro|an(a)?esthesio|anestesio|odonto|stomato|path?o|immuno|"
                   r"allergo|psycho|psico|nutritio|dietetic|phoniatr)log(ists?|iste?s?|ues?|os?|as?|"
                   r"en?|in|y|ie|ia)\b|"
                   r"\w+iatr(e|es|a|as|ist|ists|ician|icians)\b|\w+iater(in)?\b"),
    # creative and product marketing are marketing, before `creative` reads as design and
    # `product` as product management
    ("marketing", r"\b(creative|product) marketing\b"),
    ("design", r"design|disen|\b(ux|ui|graphic|graphiste|creative|art director|visual)\b|"
               r"grafik|mediengestalt|\b(interior|interieurs?|interiores?|decorat\w*|decorador[a]?|"
               r"modeliste|modelista|patronista|maquettiste|costumier|costumiere|styliste|"
               r"estilista|directeur de creation|directrice de creation|direct(eur|rice) artistique|"
               r"director[a]? artistic[oa]|cartoonists?|caricaturiste|karikaturist\w*|"
               r"historietista|eco ?concept\w*|modist\w*)\b|innenarchitekt|dekorat|gestaltung"),
    ("admin", r"\b(data entry|grabador[a]? de datos|saisie de donnees|operat(eur|rice) de "
              r"saisie)\b|datenerfass"),
    ("engineering", r"administra(teur|trice|tor|dor|dora)s? (des |de )?bases? de (donnees|datos)|"
                    r"datensicherheit|it ?sicherheit|securite informatique|seguridad informatica"),
    ("data", r"\b(estadistic\w*|statisticien(ne)?|statistiker(in)?|data|donnees|datos|machine learning|ml|ai|analytics|business intelligence|"
             r"bi|statistician|statistics|dados|ia|artificial intelligence|inteligencia artificial|"
             r"intelligence artificielle|kunstliche intelligenz|(competitive|market) intelligence|"
             r"inteligencia (competitiva|de mercado|de negocios)|business inteligence)\b|daten"),
    # the plural is goods (an Acheteur en produits buys), unless a manager or owner of them
    # is named (a Gestionnaire de produits manages products: user40)
    ("product", r"\b(product|produit|producto|produto|produtos)\b|produkt|"
                r"\b(gestionnaire|chef|responsable|directeur|proprietaire|gerente|jefe) "
                r"(de |des )?(produits|productos)\b"),
    # The quality function: a quality manager, a quality auditor (a QA engineer is a head noun).
    ("operations", r"\b(quality|qualite|calidad|qualitat)\b|qualitats"),
    ("finance", r"financ|finanz|\b(accountant|accounting|bookkeeper|cpa|auditor[a]?|audit|"
                r"actuary|tax|treasury|controlling|controleur|comptable|financial controller|"
                r"^(senior |group |regional |assistant |deputy )?controller$|"
                r"(finance|group|cost|management|business|commercial|plant) controller|"
                r"expert comptable|contador[a]?|contable|banking|investments?|cfo|billing|claims|credit|"
                r"mergers (and )?acquisitions|"
                r"loans?|underwriting|underwriter|trader|trading|mortgage|recouvrement|tresor|"
                r"tresorerie|hacienda|inland revenue|revenue (officer|agent|inspector|service)|"
                r"debt collector|collections|patrimoine|patrimonio|wealth|banque|banco|"
                r"bancaire|bancari[oa]|expert immobilier|expert foncier|tasador[a]?|stock ?broker|"
                r"teller|banker|courtier|souscripteur|tributari[oa]|fiscal|treasurer|risk|risks|"
                r"insurance|assurances?|seguros?|pensions?|actuarial|bursar|valuer|"
                r"appraiser|financier|stockbroker|tresorier|tesorer[oa]|risco|fp a)\b|versicherung|"
                r"buchhalt|steuerberat|wirtschaftsprufer|aktuar|actuari|actuaire|gutachter|"
                r"sachverstandig|vermogen|bankkauf|bankangestellt|bankkassier|bankberat|"
                r"\b(prets?|prestamos?|kredit\w*|credito|creditos|steuer\w*|impots?|"
                r"impuestos?|comptabilite|contabilidad|tenedor[a]? de libros|buchfuhr\w*|fraud|"
                r"money|brokers?|brokerage|commissaire aux comptes|asset manager|moneylenders?|"
                r"prestamistas?|preteur|pfandleih\w*|pawnbrokers?|agente? de (bolsa|cambio)|"
                r"agent de change|stock exchange|bourse|borse\w*|econome|"
                r"operat(eur|rice) de marche|marches financiers|(loss|claims) adjusters?|"
                r"expert en sinistres|ledger|accounts (assistant|clerk|payable|receivable|"
                r"officer|administrator|supervisor)|"
                r"asset management|private equity|venture capital|equity research|equities|"
                r"fixed income|mergers|aml|prestacao de contas|"
                r"bank (employees?|clerks?|officers?|managers?|advis[eo]rs?|analysts?|staff|branch)|kyc|"
                r"anti money laundering|financial crime|trust (administration|officer|services)|"
                r"fiduciary|bolan\w*|formogenhet\w*|payments? (operations|analysts?|specialists?|officers?|"
                r"processing|processors?|clerks?))\b"),
    # a coffee shop serves food (`other`), before a shop sells
    ("other", FOOD_SHOPS),
    ("sales", r"\b(sales|account executive|account manager|account management|key account|"
              r"account directors?|client executive|client development|client partner|"
              r"business development|vendas|negocios|negocio|contas|contas chave|butik\w*|territorio|e ?commerce|presales|pre sales|"
              r"export|partnerships?|partners? (onboarding|management|enablement|success|sales|"
              r"programs?|relations|development|ecosystem)|collaborations|alliances|lead generation|"
              r"(tele|lead) ?qualif\w*|relationship (officer|manager)|forsaljning\w*|"
              r"sdr|bdr|commercial|commerciale|comercial|affaires|daffaires|ventas|revenue|cuentas|"
              r"vendeur|vendedor[a]?|cashier|caissiere?|cajer[oa]|business developer|retail|"
              r"shop|shopkeeper|dealer|merchant|auctioneer|estate agent|real estate|realtor|"
              r"immobilier|inmobiliari[oa]|importer|exporter|importateur|exportateur|importador[a]?|"
              r"exportador[a]?|commissaire priseur|subastador[a]?|merchandiser|merchandising|"
              r"libraire|librer[oa]|dependient[ea]|sales rep|representant commercial|"
              r"representante (comercial|de ventas)|handelsvertreter(in)?|vertreter(in)?)\b|"
              r"vertrieb|aussendienst|immobilien|makler|trafikant|sortiment|\b(grocer|grocers|"
              r"vente|ventes|venta|(de|du) commerce|"
              r"commerce (international|exterieur)|negociant|comerciante|wholesal\w*|grossiste|"
              r"mayorista|suppliers?|fournisseur|proveedor[a]?|lieferant(in)?|stationers?|"
              r"papeterie|papeler[oa]|schreibwaren\w*|chandlers?|e ?business|"
              r"online ?shop|tiendas?|boutiques?|magasins?|commercante?|epicier|epiciere|"
              r"poissonnier|poissonniere|marchande?|fundrais\w*|planned giving|leasing)\b|verkauf|\w{3,}handler(in)?\b|\b(gross|einzel)?handel\b|"
              r"kundenberat|kassier"),
    # cafés, restaurants and hotels are hospitality (`other`), after the sales words
    ("other", HOSPITALITY),
    # leisure and recreation centres, and politics and lobbying (SOURCES.md: `other`), before
    # the marketing words (a lobbyist does not do public relations)
    ("other", r"\b(leisure|recreation|freizeit\w*|loisirs?|lobbyist\w*|lobbyiste|lobbying|"
              r"politicians?|politiker(in)?|(homme|femme) politique|politic[oa])\b"),
    ("marketing", r"\b(marketing|brand|seo|content|social media|communications?|comunicacao|"
                  r"community relations|external (affairs|relations)|marknad\w*|"
                  r"public relations|pr|growth|community manager|kommunikation|cmo|"
                  r"influencer|outreach|markting|marketting|advertising|publicity|publicist|publicite|publicidad|"
                  r"ads|adwords|paid (media|search|social)|"
                  r"promotions?|attache de presse|relations presse|press officer|jefe de prensa|"
                  r"prensa|imprensa|presse|press (office|relations|secretary)|sponsoring|"
                  r"sponsorships?|patrocinio|"
                  r"media plan\w*|media buyer|promoter|relations publiques|relaciones publicas|"
                  r"concepteur redacteur)\b|marketing|werbe|werbung|pressesprecher|"
                  r"pressereferent"),
    ("media", r"\b(editor|editorial|journalist|journalistin|journaliste|periodista|writer|"
              r"copywriter|redakteur(in)?|redacteur|redactrice|novelist|publisher|curator|"
              r"author|reporter|correspondent|publishing|broadcast(ing|er)?|\w*redaktor|"
              r"photographer|escritor[a]?|ecrivain|schriftsteller(in)?|curador[a]?|"
              r"translator|traducteur|traductrice|traductor[a]?|interpreter|interprete|"
              r"dolmetscher(in)?|radio|television|fernsehen|presenter|announcer|newsreader|"
              r"archivist|archiviste|archivista|archivar(in)?|proofreader|reporter[oa]|"
              r"conservat(eur|rice) (de|du|des) musee|conservador[a]? de museo|kurator(in)?|"
              r"ingenieur du son|ingeniero de sonido|sound|audio|tonmeister|tontechnik\w*)\b|"
              r"journalist|\b(correcteur|correctrice|korrektor(in)?|korrespondent(in)?|camara|"
              r"camera|cameraman|camerawoman|kameramann|kamerafrau|film|films|cinema|kino|"
              r"realisat(eur|rice)|producer|producteur (tele|television|cinema|de films)|"
              r"audiovisuel|audiovisual|commentators?|commentat(eur|rice)|comentarista|"
              r"kommentator(in)?|scripte|weathercasters?|newscasters?|sportscasters?|photo|"
              r"photography|photographic|screenwriters?|scenariste|guionista|audiovision|"
              r"location (manager|scout))\b|filmaufnahme|drehbuch|"
              r"ubersetzer"),
    ("research", r"\b(research|researcher|scientist|investigator|chercheur|chercheuse|"
                 r"drug development|"
                 r"quantum|quanten\w*|photoni\w*|"
                 r"pesquisador[a]?|pesquisa|"
                 r"investigador[a]?|phd|doktorand(in)?|doctorante?|postdoc|postdoctoral|"
                 r"fellow|experimental|philosophy|economist|"
                 r"(eco|geo|hydro|zoo|entomo|meteoro|seismo|sismo|volcano|vulkano|archaeo|"
                 r"archeo|anthropo|antropo|socio|criminolo|toxico|microbio|ornitho|epidemio|"
                 r"viro|bio|geronto)log(ists?|iste|ues?|os?|as?|en?|in)|agronom[eoa]?|"
                 r"mathematicians?|inventors?|invent(eur|rice)|erfinder(in)?|"
                 r"genetic(ist|ists)|geneticien(ne)?|genetiker(in)?|genetista|"
                 r"physiker(in)?|physicien(ne)?|geofisic[oa]|geophysi\w*)\b|"
                 r"forsch|wissenschaft|\bastronom|\b(filosof[oa]|philosophe|philosoph(in)?|"
                 r"mathematicien(ne)?|matematic[oa]|mathematiker(in)?|fisic[oa]|historien(ne)?|"
                 r"historiador[a]?|historiker(in)?|linguist\w*|anglist\w*|romanist\w*|"
                 r"germanist\w*|philolog\w*|laborant\w*|economiste|economista|\w*okonom(in)?|"
                 r"pal(a|e)ograph\w*|palaograf\w*|biologi\w*)\b|\w*chimiste|\bquimic[oa]|chemiker(in)?|botani|aromatici|laborator|"
                 r"laboratoire|\blab\b|physiolog"),
    ("education", r"\b(teacher|teaching|lecturer|professor|professorin|profesor[a]?|"
                  r"professeur|tutor|studienrat|enseignante?|maitre de conferences|"
                  r"maestr[oa]|catedratic[oa]|admissions|school|university|student|education|"
                  r"educacional|"
                  r"hod|instructor|educator|formateur|formatrice|ausbilder(in)?|"
                  r"educateur|educatrice|educador[a]?|erzieher(in)?|headmaster|headmistress|"
                  r"headteacher|librarian|bibliothecaire|bibliotecari[oa]|"
                  r"bibliothekar(in)?|careers? (advis\w*|advice|officer|guidance|counsel\w*)|"
                  r"escolar|escolares|scolaire|orientation|orientacion|playgroup|pre ?school|kindergarten|pedagog\w*|lektor(in)?|"
                  r"enseignement|ensenanza|docencia|\w*larare|\w*pedagog|bibliothe\w*|bibliotec\w*|ludothec\w*|ludotec\w*)\b|"
                  r"lehrer|\bbildung\w*|"
                  r"padagog|"
                  r"berufsberat"),
    # a business analyst is consulting (SOURCES.md, the Faker-rest set's conventions)
    # software disciplines are engineering, before their consultants are consulting
    ("engineering", r"\b(frontend|front end|backend|back end|full ?stack|devops)\b"),
    ("consulting", r"\b(consultant|consultante|consultor[a]?|consulting|business analysts?|"
                   r"engagement (manager|director|lead))\b|"
                   # the people who put a client's system in place are its consultants
                   # (a "Consultora de implantación" is one): user41's Head of Implementation
                   r"\b(head|director[a]?|manager|lead|specialist|especialista|responsable|"
                   r"jef[ae]|gerente|directeur|directrice|chef|chargee?)( of| de| d)? "
                   r"(implementation|implantacion|implementacion|implantation|deploiement|"
                   r"despliegue)s?\b|\b(implementation|implantation) (manager|lead|specialist|"
                   r"director|managers|leads|specialists)\b"),
    ("engineering", r"\b(systems?|network|database|server|it|linux|windows|web|reseaux?|"
                    r"redes|sistemas|bases? de datos) ?administrat|systemadministrat|"
                    r"administra(teur|trice|tor|dor|dora) (des |de )?(systemes|sistemas|reseaux|redes)"),
    ("admin", r"\b(administrative|administrator|administrateur|administratrice|"
              r"administrador[a]?|executive assistant|assistante de direction|"
              r"asistente administrativ[oa]|secretary|secretaire|secretari[oa]|receptionist|"
              r"correspondence|office manager|back office|clerk|telefonist[a]?|typist|"
              r"personal assistant|"
              r"documentalist[a]?|administration|administratif|administrative|"
              r"administrativ[oa]|(assistante?|employee?|agent) de bureau|bureautique|oficina|"
              r"oficinista|secretariat|secretariado|beamter|beamtin|taquimeca|mecanograf\w*|"
              r"stenograph\w*|escribiente|transcri\w*|fonctionnaire|funcionari[oa]|civil servant|"
              r"ticket(ing)? (agents?|clerks?|office)|billetterie|taquiller[oa]|"
              r"office (workers?|juniors?|clerks?)|word processing|traitement de texte|"
              r"(agent|hote|hotesse) d accueil|handlaggare|"
              r"documents? (specialist|controller|control|management|clerk)|document control)\b|"
              r"sekretar|sachbearbeit|verwaltung|buro(assist|kauf|fach|angestellt|kraft)"),
    ("engineering", r"\b(engineer|engineers|engineering|developer|software|"
                    r"programmer|devops|sre|site reliability|qa|test|network|computer|"
                    r"(it|cyber|information|network|computer|software|cloud|application) "
                    r"security|security (engineer|analyst|architect|operations)|"
                    r"cybersecurity|infosec|technologist|"
                    r"architect|architecte|architecture|enginn?e?ering|"
                    r"applications? (manager|management|owner|specialist|analyst)|robotics?|iot|embedded|firmware|blockchain|"
                    r"arquitect[oa]|architekt(in)?|tech|technique|technical|technology|tecnologia|it|cto|"
                    r"electrotechni\w*|elektrotechni\w*|elektroniker(in)?|electronics?|electronique|"
                    r"electronic[oa]|automatism\w*|automation|automatisation|"
                    r"automatizacion|acousti\w*|acustic\w*|geomati\w*|cartograph\w*|"
                    r"cartografo|kartograf\w*|dessinat\w* (industriel|projeteur)|projeteur|"
                    r"delineante|bauzeichner(in)?|electricien(ne)?|electricista|elektriker(in)?|"
                    r"automaticien(ne)?|electronicien(ne)?|mediamaticien(ne)?|reseau|"
                    r"electrique|electric[oa]|mechatroni\w*|microtechn\w*|mikrotechn\w*|"
                    r"nanotechn\w*|bautechn\w*|\w*messtechn\w*|\w*sicherungstechn\w*|"
                    r"informationstechn\w*|nachrichtentechn\w*|steuerungstechn\w*|"
                    r"automatisierungstechn\w*|domoti\w*|telemati\w*|"
                    r"cio|chief information|frontend|front end|backend|back end|full stack|"
                    r"fullstack|ios|android|mobile|cloud|web|civil|mechanical|electrical|"
                    r"electrician|surveyor|logiciel|informatique|informatica|reseaux|"
                    r"sistemas|systemes|systems|drafter|draftsman|telecommunications?|"
                    r"telecom|webmaster|tester|testeur|metrolog\w*|telecomunicacion\w*|genie|"
                    r"informaticien(ne)?|automati(que|k|ca)|automaticien(ne)?|"
                    r"konstrukteur(in)?|halbleiter\w*|semiconductors?|geometre|topographe|topografo|"
                    r"geometra|hydrauli\w*|electricite|electricidad)\b|vermess\w*|"
                    r"entwickl|ingenieur|ingenier|programad|informati(k|que|ca|cs|ker|onstechn)|developp|"
                    r"desarroll|engenh|desenvolvedor|projetista|utvecklare|ingenjor|programming|"
                    r"application develope?ment|\bcyber|"
                    r"system|techniker|netzwerk"),
    ("operations", r"\b(operations|operating|coo|operaciones|supply chain|logistics|"
                   r"suprimentos|processos|procesos|pcp|projetos|projects|delivery (lead|manager)|"
                   r"buying|customs|floor manager|qualidade|seguranca do trabalho|"
                   r"procurement|purchasing|buyer|acheteur|acheteuse|compras|project|projets?|"
                   r"proyectos?|program manager|programme manager|program management|programme management|"
                   r"pmo|store|shift|production|"
                   r"plant|facility|facilities|warehouse|inventory|fulfil(l)?ment|"
                   r"fabrication|fabricacion|produccion|transport|transportation|fleet|branch|"
                   r"stock|parts|forwarding|freight|shipping|achats?|ordonnancement|"
                   r"planification|planificacion|scheduling|environment|environmental|"
                   r"environnement|environnemental|medio ?ambiente|medioambiental|"
                   r"energ(y|ie|ies|ia|ias|etique)|renouvelables|renovables|"
                   r"dispatcher|scheduler|energy|stock controller|securite au travail|"
                   r"safety (officers?|managers?|advis[eo]rs?|coordinators?|inspectors?)|"
                   r"seguridad (laboral|industrial)|prevencion de riesgos|stocktak\w*|inventaire|"
                   r"inventario|inventur|events? (manager|planner|coordinator|organi[sz]er|director)|"
                   r"conduct(eur|rice) de travaux|"
                   r"evenementiel\w*|organisat(eur|rice) d evenements|eventos|"
                   r"explotacion|abastecimientos?|approvisionnement|building manager|"
                   r"(production|event|events|logistics|supply|transport|demand|capacity) planners?|"
                   r"planning (manager|officer|coordinator|analysts?|specialists?)|"
                   r"(area|district) (managers?|leaders?|supervisors?)|"
                   r"storekeeper|materiais|materiales|almacen|almacenes|deposito|depositos|almoxarifado|armazem|"
                   r"armazens)\b|"
                   r"logisti|einkauf|projekt|industriekauf|lager|spedition|umwelt|energie|"
                   r"consignatari|transitaire|spediteur|arbeitssicherheit|eventmanag|"
                   r"veranstalt|tagung|kongress|\b(materials?|storeman|storewoman|stores)\b"),
    # A science named alone is research, after every other function (a biology teacher).
    # An adviser of a named domain works in it (a technical advisor, a Conseiller de vente):
    # advising is consulting only after every other domain (a consultant is one earlier).
    # farming, fishing and forestry work, before an adviser's domain (role_families.py)
    ("other", AGRICULTURE),
    ("consulting", r"\b(advisor|adviser|conseil|conseiller|asesor[a]?)\b|berater|radgivare"),
    # a Kaufmann (merchant) sells unless the compound names another domain (Speditions-,
    # Industrie-, Bank-); a representative of no named domain sells
    ("sales", r"kaufm(ann|anner|annin)|kauffrau|kaufleute|\b(representatives?|"
              r"representante?s?)\b"),
    # A science named alone is research, after every other function (a biology teacher),
    # and so is any other -logist, -logue, -logo (the medical ones are healthcare, earlier).
    ("research", r"\b(chemistry|biology|physics|chemist|biologist|physicist|"
                 r"\w+olog(ists?|iste?s?|ues?|os?|as?|en?|in))\b"),
    ("management", r"\b(ceo|founder|owner|president|managing director|general manager|"
                   r"partner|chairman|board member|board of directors|trustees?|pdg|inhaber(in)?)\b|"
                   r"gesch(?:a|ae)ftsf(?:u|ue)hr|vorstand"),
    # management itself named as the field, after every other domain (role_families.py)
    ("management", GENERAL_MANAGEMENT),
]

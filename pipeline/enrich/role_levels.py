"""The patterns roles.py reads a title's level with (folded titles): phrases that look like a
level and are none, the ordered seniority patterns (the first that matches decides), and the
words that only say rank (a title of them alone names no function).
"""

from __future__ import annotations

# Phrases that look like a level but are not one; removed before the seniority patterns run.
NOT_A_LEVEL = (r"\b(vice ?president[ea]?|vizeprasident(in)?|business partner|"
                # the owner of a product, an application or a process is a role, not a firm's
                r"(product|application|process|service|system|data|platform) owners?|"
                r"community manager|account executive|executive assistant|"
                # a partner of a function or a platform is a role, not a firm's partner
                r"(talent acquisition|talent|recruitment|recruiting|success|people|hr|learning|"
                r"channel|alliances?|brand|twitch|youtube|candidate experience|candidate|"
                r"experience|journey|community|culture|sourcing|onboarding|engagement|care|"
                r"strategic|client|compensation|rewards) partners?|"
                # a student is who the work serves (vice president for student experience)
                r"student (experience|affairs|services|success|life|engagement|development)|"
                # partners as the object of the work (channel partners onboarded, managed)
                r"partners? (onboarding|marketing|management|success|enablement|sales|programs?|"
                r"relations|development|operations|ecosystem))\b")

SENIORITY_PATTERNS: list[tuple[str, str]] = [
    # `interns` is who a person hires or looks after (a recruiter of interns), not a level
    ("intern", r"\b(intern|internship|trainee|apprentice|student|werkstudent(in)?|"
               r"praktikant(in)?|auszubildende[rn]?|azubi|stagiaire|alternante?|becari[oa]|"
               r"practicas|practicante|doktorand(in)?|doctorante?|summer (analyst|associate)|"
               r"estudiante|etudiante?|studierende[rn]?|studentin|estagio|estagiari[oa]|"
               # doctoral candidates (as Doktorand) and industrial attachments (internships)
               r"doctoral (researcher|candidate|student)|phd (candidate|student)|predoc\w*|"
               r"(industrial )?attachment|attachee)\b"),
    ("executive", r"\b(chief|ceo|cto|cfo|coo|cmo|cio|ciso|cdo|cpo|cro|chro|president|presidente|"
                  r"praesident|prasident(in)?|owner|inhaber(in)?|proprietor|partner|associee?|"
                  r"socio|chairman|chairwoman|chairperson|board member|trustees?|managing director|"
                  r"general manager|gerente general|executive director|general counsel|"
                  r"pdg|gerante?|consejer[oa] delegad[oa]|director[a]? (general|ejecutiv[oa])|"
                  r"direct(eur|rice) general[e]?)\b"
                  r"|found(er|ing partner|ing member)|co ?found|co ?fondat|fondat(eur|rice)|fundador|"
                  r"co ?fundador|cofundador|grunder|gesch(?:a|ae)ftsf(?:u|ue)hr|vorstand|unternehmer|"
                  # Portuguese and Swedish, common in real exports beyond kith's four languages
                  r"\b(diretor[a]? (executiv[oa]|geral|presidente)|proprietari[oa]|socia|vd|agare)\b"),
    ("vp", r"\b(vp|svp|evp|avp|vice ?president[ea]?|vizeprasident(in)?)\b"),
    # Leiter compounds that lead a team are managers, before any other Leiter is a director.
    ("manager", r"(team|gruppen|projekt|schicht)leiter(in)?\b|\bmaitre d hotel\b"),
    ("director", r"\b(director[a]?|diretor[a]?|superintendente|directeur|directrice|direktor(in)?|head|hod|prokurist(in)?|"
                 r"leiter(in)?|leitung)\b|\w+direktor(in)?\b|\w+leiter(in)?\b|(bereichs|abteilungs|vertriebs|personal|marketing|"
                 r"entwicklungs|werks|niederlassungs)leiter|chefarzt"),
    ("manager", r"manager(in)?\b|\b(manger|gerente|responsable|jef[ea]|chef|supervisor[a]?|superviseur|team ?lead(er)?|"
                r"teamleitung|foreman|forewoman|charge ?hand|chargehand|contremaitre|contremaitresse|"
                r"capataz|vorarbeiter(in)?|polier(in)?|leader|lider de (equipe|time)|"
                r"projektledare|\w*ansvarig)\b|(team|gruppen|projekt)leiter|\w{3,}chef\b"),
    ("senior", r"\bstaff (engineer|software|data|scientist|developer|designer|product|"
               r"research|machine|ml|analyst|architect|sre|security|backend|frontend)|"
               r"\b(senior|sr|snr|lead|principal|distinguished|architect|architecte|"
               r"arquitect[oa]|arquitet[oa]|architekt(in)?|professor|professorin|expert comptable|confirmee?|"
               r"lider|managing consultant|"
               r"maitre|\w*meister(in)?|"
               r"deputy|oberarzt(in)?|catedratic[oa]|maitre de conferences|profesor[a]? titular)\b"),
]


# Words that only say rank, scope or join (so a title made of them alone names no function:
# a CEO, a Directeur général adjoint, a Managing Partner run the whole firm). A leader's title
# with any other word (Circus Proprietor, Directeur d'une salle de spectacle) names a domain.
RANK_WORDS = (r"\b(chief|ceo|cto|cfo|coo|cmo|cio|cdo|cpo|cro|chro|officer|executive|director[a]?|"
              r"directeur|directrice|direktor(in)?|direccion|direction|head|hod|vp|svp|evp|avp|"
              r"vice|president[ea]?|prasident(in)?|owner|proprietor|partner|associee?|socio|"
              r"found(er|ers|ing)|co|fondat(eur|rice)|fundador[a]?|cofundador[a]?|grunder(in)?|"
              r"managing|general[e]?|board|member|chair(man|woman|person)?|pdg|gerante?|"
              r"consejer[oa]|delegad[oa]|ejecutiv[oa]|gesch(?:a|ae)ftsf(?:u|ue)hrer(in)?|gesch(?:a|ae)ftsf(?:u|ue)hrung|"
              r"vorstand|vorsitzende[r]?|inhaber(in)?|leiter(in)?|leitung|manager|senior|gerente|"
              r"prokurist(in)?|responsable|jef[ea]|chef|"
              r"deputy|adjoint[e]?|adjunt[oa]|stellvertretende[r]?|assistant|associate|"
              r"interim|acting|group|global|regional|country|national|international|emea|"
              r"apac|dach|americas|europe|of|the|and|for|de|du|des|la|le|l|d|del|y|et|und|"
              r"fur|der|die|das|en|i|ii|iii|sr|jr|m|w|f|vd|agare|och|"
              # Portuguese: the owner of the company (proprietário, dono da empresa)
              r"proprietari[oa]|don[oa]|empresa|da|do|diretor[a]?|trustees?)\b")

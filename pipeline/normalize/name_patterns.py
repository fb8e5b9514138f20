"""The patterns names.py cleans person names with: pronouns, credentials and generational
suffixes, honorifics and titles (Western and Thai), particles of family names, the name orders
it parses. Data more than code; the rules that use them are in pipeline.normalize.names."""

from __future__ import annotations

# "she/her", "(they/them)", "he/him/his": only slash pairs, so no real name can match.
_PRONOUN_WORDS = r"she|her|hers|he|him|his|they|them|theirs|ze|zir|hir|xe|xem|it|its|any|all"
# "_" is a word character, so "she/her_{" would hide its pronouns from \b until the unclosed
# brace is cut; an underscore beside them counts as a boundary (and goes with them)
PRONOUNS = rf"(?i)(?:\b|_)(?:{_PRONOUN_WORDS})(?:\s*/\s*(?:{_PRONOUN_WORDS})(?:\b|_))+"
# "nan nan": empty cells pandas wrote out as text, joined into a name (names.strip_decoration)
REPEATED_NAN = r"\bnan(?:\s+nan)+\b"
# a quoted part with a letter before it: group 1 is all before the opening quote
QUOTED_ASIDE = r"(\p{L}[^\"“„«]*?)\s*[\"“„«][^\"“”„«»]*[\"”»]"

# Credentials, certifications and generational suffixes seen after a comma in LinkedIn last
# names ("Smith, MBA": 5 % of real rows). Matched case-insensitively, dots optional.
_CREDENTIALS = [
    "mba", "phd", "dphil", "psyd", "edd", "md", "do", "dds", "dmd", "dvm", "jd", "llm", "llb",
    "esq", "cpa", "ca", "cma", "cfa", "cfp", "caia", "frm", "pmp", "pgmp", "capm", "csm", "cspo",
    "psm", "safe", "cissp", "cisa", "cism", "ceh", "oscp", "ccna", "ccnp", "ccie", "itil",
    "shrm-cp", "shrm-scp", "phr", "sphr", "gphr", "cipd", "acca", "fcca", "aca", "fca", "cima",
    "cia", "ea", "pe", "peng", "eit", "aia", "rn", "bsn", "msn", "np", "fnp", "pa-c", "lcsw",
    "lpc", "msw", "ms", "msc", "ma", "meng", "bs", "bsc", "ba", "beng", "bba", "mph", "mpa",
    "mfa", "mha", "facp", "facs", "frcs", "mrcp", "ceng", "miet", "mbcs", "pmi-acp", "cscp",
    "cpim", "cpsm", "gaicd", "chfc", "clu", "fsa", "leed ap", "jr", "sr", "ii", "iii", "iv",
]
# Safe to strip even without a comma ("Jane Doe PhD"); two-letter ones (Ma, Do, Ba) are surnames.
_CREDENTIALS_BARE = [
    "mba", "phd", "dphil", "psyd", "cpa", "pmp", "cfa", "cissp", "esq", "msc", "lcsw", "cfp",
    "shrm-cp", "shrm-scp", "sphr", "acca", "fcca", "cspo", "caia", "peng", "ceng", "cscp", "mph",
    "jr", "sr", "iii",
]

# Generational suffixes, a part of the person's name (Martin Luther King Jr.) that tells a
# father from his son: the word -> (as kith shows it, which generation). Junior, II and 2nd
# all mark the second of the name. Read as the first word of a suffix field ("Jr. M.D."; not
# "ing. jr", Quebec's junior engineer) or the last word of a name ("Tom Baker Sr.", LinkedIn's
# "Baker Jr.", "Gore, III").
# "Jnr" and "Snr" are the British and West African abbreviations (a Ghanaian savings group's
# "SALIFU AMEDA JNR", docs/realworld20.md S5).
GENERATIONS = {"sr": ("Sr.", 1), "senior": ("Sr.", 1), "snr": ("Sr.", 1), "jr": ("Jr.", 2),
               "junior": ("Jr.", 2), "jnr": ("Jr.", 2),
               "ii": ("II", 2), "2nd": ("II", 2), "iii": ("III", 3), "3rd": ("III", 3),
               "iv": ("IV", 4), "4th": ("IV", 4)}
# the abbreviations no family name is spelled as: cut from a full name before it is split
# ("Tom Baker Junior" keeps Junior, a surname too). After a space, a comma or a hyphen: a
# double-barrelled family name never ends in an abbreviated generation, so "BUKUROH-JNR" and
# "DARKO -JNR" (a Ghanaian savings group's family cells, docs/realworld22.md (c)) are Bukuroh
# and Darko, Jr. (the spelled-out words stay: "Garcia-Senior" may be two family names)
_ABBREVIATED = "|".join(("jr", "jnr", "sr", "snr", "ii", "iii", "iv"))
GENERATION_ABBREVIATED = rf"(?i)(?:,\s*|\s+|\s*-\s*)(?:{_ABBREVIATED})\.?$"
# A form of address written after the name, as Indian English addresses a woman ("Varadha VR
# Ma'am," in a list of invitees, docs/realworld30.md I1): no family name, cut from a full name
# with any generation beside it, in one repeated pass so that a second cleaning finds nothing.
# Only after another word: a cell of "Madam" alone is shown as written. ("Sir" after a name is
# Indian English too, but was not seen in a file; "Mam" is also a Khmer family name.)
# Group 1 is the name before them.
NAME_TAIL = (rf"(?i)^(.*?\S)(?:(?:,\s*|\s+|\s*-\s*)(?:{_ABBREVIATED})\.?"
             r"|[\s,]+(?:ma['’]am|madam)\.?)+[\s,]*$")
_GENERATION = "(" + "|".join(GENERATIONS) + r")\.?"
GENERATION_FIRST = rf"(?i)^\s*{_GENERATION}(?:$|[\s,])"
GENERATION_LAST = rf"(?i)[\s,]{_GENERATION}\s*$"
GENERATION_HYPHENED = rf"(?i)\S\s*-\s*({_ABBREVIATED})\.?\s*$"  # group 1: "BUKUROH-JNR"


def _dotted(words: list[str]) -> str:
    # "phd" also matches "Ph.D.", "P.h.D"; "peng" matches "P.Eng.".
    alts = sorted(("".join(rf"{c}\.?" if c.isalnum() else rf"\{c}" if c == "-" else r"\s+"
                           for c in w) for w in words), key=len, reverse=True)
    return "(?:" + "|".join(alts) + ")"


_CRED = _dotted(_CREDENTIALS)
# A comma tail made only of credentials: ", MBA", ", PhD, PMP", ", CPA/CFA", ", Jr.".
CRED_TAIL = rf"(?i)^(?:{_CRED})(?:[\s,/&+]+(?:{_CRED}))*[.\s]*$"
# Same, also accepting any short ALL-CAPS token ("CSCP", "P.ENG"): used only when the head has
# lower-case letters, so "SMITH, JOHN" stays a Last, First name.
CAPS_TAIL = (
    rf"^(?:(?i:{_CRED})|[A-Z][A-Z0-9.&-]{{1,7}})(?:[\s,/&+]+(?:(?i:{_CRED})|[A-Z][A-Z0-9.&-]{{1,7}}))*[.\s]*$"
)
EDGE_JUNK = " ,;:|/\\-–—·•*_~#+=&"
# a separator between honorifics or credentials: spaces, with any edge junk around them
# ("Dr. :Dr. Ann", "Doe Jr.: MBA"); were the junk left in place, the tidy after a cut would
# bare a second honorific or credential for a second cleaning to cut (not idempotent)
_SEP = "[" + "".join("\\" + c if c.isascii() else c for c in EDGE_JUNK.strip()) + r"\s]"
BARE_TAIL = (rf"(?i)(?:{_SEP}*[\s,]{_SEP}*{_dotted(_CREDENTIALS_BARE)})+(?:\.|{_SEP})*$")
# Spanish and Portuguese academic titles written before the given name ("Lic. Miriam" in a
# Mexican member's LinkedIn first name, docs/realworld30.md L2: licenciada; ingeniero,
# arquitecto, maestro/maestra, doctora, professora, engenheiro): only with their dot, since
# Ing, Eng and Dra are also names. Written out ("Ingeniero Federico", an endorser's first name
# in the same member's Endorsement_Received_Info.csv, docs/realworld30.md E1) no such word
# is a name.
_TITLES_DOTTED = r"(?:lic|licda|ing|arq|mtro|mtra|dra|profa|eng)\."
_TITLES_WORDS = (r"(?:ingenier[oa]|licenciad[oa]|arquitect[oa]|engenheir[oa]|doctora"
                 r"|doutora)\b")
PREFIXES = (r"(?i)^(?:(?:(?:dr|mr|mrs|ms|miss|mx|prof|sir|dame|rev|hon|herr|frau|mme|mlle)\.?"
            + r"|" + _TITLES_DOTTED + r"|" + _TITLES_WORDS + r")"
            + _SEP + r"*\s" + _SEP + "*)+")
# Thai titles are written glued to the given name ("นายบุญส่ง", Mr Boonsong; "นางสาวนฤมล",
# Miss Naruemon: docs/realworld15.md, F1), so PREFIXES' space never follows them. Cut only
# before a consonant or a leading vowel: "คุณากร" is a name, not "คุณ" (Khun) + "ากร". Longest
# first (นางสาว before นาง), repeated so that a second cleaning finds nothing left to cut.
# Police and military ranks too, written out ("พันตำรวจเอก", Police Colonel: grade, service,
# class) or abbreviated by dotted consonants ("พ.ต.อ.", "ด.ต."): two colonels of one
# province's police shared the rank as their first given word and were compared as one name.
# (a grade alone is a name: "พลอย", Ploy; "ร้อยแก้ว")
_THAI_RANK = r"(?:(?:พล|พัน|ร้อย|จ่าสิบ|สิบ)(?:ตำรวจ|อากาศ|เรือ)?(?:เอก|โท|ตรี)|ดาบตำรวจ)"
THAI_TITLES = (r"^(?:(?:นางสาว|นาง|นาย|เด็กชาย|เด็กหญิง|คุณ|ดร\.|" + _THAI_RANK
                + r"|(?:[\x{0E01}-\x{0E2E}]\.){2,4})\s*)+([\x{0E01}-\x{0E2E}\x{0E40}-\x{0E44}])")
# A given-name field holding nothing but an honorific ("Sir", "Dr.": the title typed where the
# name goes) is shown as written, but its key names nobody: compared as a given name it would
# refuse the person's own records as "clearly different given names". "Hon" is also a name.
# Titles written out count too ("Reverend", "Captain", "The" of "The Rt. Hon."): a card of
# "Reverend Pelham" is a son's or a father's, and as a given name "reverend" refused one and
# not the other. Titles that are also given names (Earl, Duke, Major) stay names.
ONLY_HONORIFIC = (r"(?i)^(?:dr|mr|mrs|ms|miss|mx|prof|sir|dame|lady|lord|rt|rev|herr|frau|mme"
                   r"|mlle|reverend|honourable|honorable|doctor|professor|captain|capt|colonel"
                   r"|col|lieutenant|lt|admiral|viscount|baron|bishop|the)\.?$")
_PARTICLES = (
    r"(?i:van|von|de|da|del|della|delle|dei|der|den|des|di|du|dos|das|do|la|le|lo|ten|ter|te"
    r"|bin|binti|bint|ibn|ben|al|el|af|zu|st\.?|saint)"
)
# given [middle] family, with the family part taking every particle before the last token.
WESTERN = (
    rf"^(?P<given>\S+)(?:\s+(?P<middle>.+?))??\s+(?P<family>(?:{_PARTICLES}\s+)*\S+)$"
)
_CJK_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"
CJK_ONLY = rf"^{_CJK_CHAR}+(?:\s+{_CJK_CHAR}+)*$"
# A plus-one's own row, named by the guest it comes with: "+1" between the guest's given and
# family names ("Bendik +1 Fostervoll", "Adam +1 Clarke": a wedding planner's guest table,
# docs/realworld22.md W3, each beside the guest's own row). It names nobody: shown as written,
# no name key (read as a name it was "Bendik 1 Fostervoll", paired with Bendik for review).
# A "+N" at the end is the party size of the guest's own row ("Thomas +2"), cut as before.
PLUS_ONE_OF = r"\p{L}[.'’]?\s+\+\s*[0-9]{1,2}\s+\p{L}"
# Russian order, "Surname Given Patronymic" (Иванов Иван Иванович), as Russian directories and
# phone books write names: three Cyrillic words, the last a patronymic. "Иван Иванович
# Иванов" (given first) is read by the western rule. Cyrillic only: Serbian and Croatian
# family names end in -ović (Петровић, Petrović) and stay family names.
PATRONYMIC_LAST = (r"(?i)^\p{Cyrillic}[\p{Cyrillic}-]*\s+\p{Cyrillic}+\s+"
                   r"\p{Cyrillic}+(?:ович|евич|овна|евна|ична)$")

# Letters of Unicode's Mathematical Alphanumeric Symbols block: "bold" or "double-struck" names
# (𝐀𝐧𝐚𝐧𝐝, 𝕄𝕒𝕟𝕚𝕜𝕒𝕟𝕥𝕒) typed to stand out on LinkedIn (docs/realworld27.md L1). NFKC maps them
# to plain letters; names.strip_decoration applies it only to values holding one.
STYLED_LETTERS = r"[\x{1D400}-\x{1D7FF}]"
# Symbols that are not emoji but decorate a name as emoji do: stars, check marks, arrows,
# geometric shapes, dingbats ("Luca Acker ✪" in a 2019 LinkedIn export, docs/realworld27.md
# L2). Other symbols only (\p{So}) of the arrows, technical, geometric, miscellaneous-symbol,
# dingbat and symbols-and-arrows blocks; no letter or mark of any script is in these blocks.
NAME_SYMBOLS = (r"[\p{So}&&[\x{2190}-\x{21FF}\x{2300}-\x{23FF}\x{25A0}-\x{27BF}"
                r"\x{2B00}-\x{2BFF}]]")
# Words marked as registered or trademarked at the end of a name: certifications after a
# LinkedIn family name ("Guerrero CEA®", "Schwab - CFP®": a Brazilian 2026 export,
# docs/realworld30.md L1). The sign marks a credential, never a name; cut before the sign itself
# is dropped with the emoji, which left "CEA" shown as part of the name. Only after another word.
MARKED_TAIL = r"(?:[\s,;:/|\-–—]+[^\s,]*[®™])+[\s.,]*$"
# Private-use characters: no standard letter, each vendor's or font's own glyph. Apple draws
# its logo at U+F8FF, which Mac users type after their names (a Brazilian 2026 LinkedIn
# export's "Simionato \uf8ff", docs/realworld30.md L1); elsewhere it shows as an empty box.
PRIVATE_USE = r"\p{Co}"

"""Name pools by locale and the nickname / short-form tables gen3 draws from.

Written blind (without reading kith's generators or dedupe) from general knowledge of how
people's names look in address books. Pools are drawn from Faker once per locale and then
sampled with Zipf weights, so a few names are very common (real books hold several
"Maria Garcia") and most are rare.
"""

from __future__ import annotations

import random
import unicodedata

from faker import Faker

# (locale, weight): the mix of a well-travelled professional's address book.
LOCALES = (("en_US", 27), ("en_GB", 9), ("de_DE", 8), ("fr_FR", 7), ("es_ES", 4),
           ("es_MX", 5), ("it_IT", 5), ("pt_BR", 5), ("nl_NL", 4), ("pl_PL", 4),
           ("hi_IN", 7), ("ja_JP", 4), ("zh_CN", 6), ("ar", 5))

# Faker has no romanised Arabic or Hindi names; these are common romanisations (several
# spellings of one name are listed separately on purpose: they are different people's
# spellings, and TRANSLIT below varies one person's spelling between sources).
_AR_MALE = ("Mohammed", "Ahmed", "Ali", "Omar", "Khalid", "Youssef", "Hassan", "Hussein",
            "Ibrahim", "Abdullah", "Mustafa", "Tariq", "Karim", "Samir", "Nabil", "Walid",
            "Faisal", "Hamza", "Bilal", "Ziad", "Rami", "Majid", "Saeed", "Adel", "Jamal",
            "Abdulrahman", "Abdelaziz", "Yasser", "Nasser", "Fahad", "Sultan", "Marwan")
_AR_FEMALE = ("Fatima", "Aisha", "Mariam", "Noor", "Layla", "Huda", "Salma", "Rania",
              "Yasmin", "Leila", "Amira", "Dina", "Hana", "Reem", "Nadia", "Samira", "Zainab",
              "Lina", "Mona", "Jamila", "Rasha", "Heba", "Dalia", "Sara", "Lubna", "Farah")
_AR_FAMILY = ("Al-Sayed", "Haddad", "Khalil", "Mansour", "Hassan", "Nasser", "Saleh",
              "Al-Masri", "Abboud", "Farouk", "Hamdan", "Al-Khatib", "Qureshi", "Aziz",
              "Al-Rashid", "Darwish", "Ibrahim", "Suleiman", "Othman", "Bakr", "Al-Amin",
              "Shaheen", "Yousef", "Najjar", "Khoury", "Awad", "El-Hajj", "Al-Tamimi",
              "Zayed", "Barakat", "Issa", "Mahmoud", "Kassem", "Jaber", "Al-Harbi")

# Faker's romanised Japanese and Chinese given-name lists are short (20-30 names), which
# would make namesakes far commoner than in life; these widen them.
_JA_MALE = ("Haruto", "Sota", "Yuto", "Riku", "Kaito", "Takumi", "Ren", "Daiki", "Shota",
            "Kenta", "Yuki", "Hiroshi", "Takeshi", "Kazuki", "Ryota", "Naoki", "Tatsuya",
            "Kenji", "Makoto", "Satoshi", "Yusuke", "Koji", "Akira", "Masato", "Tomoya",
            "Shinji", "Daisuke", "Yuya", "Haruki", "Sho", "Kohei", "Tetsuya", "Jun", "Go")
_JA_FEMALE = ("Yui", "Hina", "Aoi", "Sakura", "Yuna", "Misaki", "Haruka", "Nanami", "Ayaka",
              "Mai", "Emi", "Yoko", "Keiko", "Naomi", "Rina", "Saki", "Kana", "Mio", "Chihiro",
              "Asuka", "Megumi", "Tomoko", "Yuko", "Noriko", "Aya", "Mana", "Riko", "Eri")
_JA_FAMILY = ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto",
              "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi",
              "Matsumoto", "Inoue", "Kimura", "Hayashi", "Shimizu", "Yamazaki", "Mori", "Abe",
              "Ikeda", "Hashimoto", "Yamashita", "Ishikawa", "Nakajima", "Maeda", "Fujita",
              "Ogawa", "Goto", "Okada", "Hasegawa", "Murakami", "Kondo", "Ishii", "Saito",
              "Sakamoto", "Endo", "Aoki", "Fujii", "Nishimura", "Fukuda", "Ota", "Miura",
              "Okamoto", "Matsuda", "Nakagawa", "Nakano", "Harada", "Ono", "Tamura", "Takeuchi",
              "Kaneko", "Wada", "Nakayama", "Ishida", "Ueda", "Morita", "Hara", "Shibata",
              "Sakai", "Kudo", "Yokoyama", "Miyazaki", "Miyamoto", "Uchida", "Takagi", "Ando",
              "Taniguchi", "Ohno", "Maruyama", "Imai", "Takada", "Fujiwara", "Takeda", "Murata",
              "Ueno", "Sugiyama", "Masuda", "Sugawara", "Hirano", "Otsuka", "Chiba", "Kubo")
_PINYIN = ("wei", "jing", "li", "min", "hua", "jun", "yan", "ming", "xiao", "hong", "jian",
           "lin", "fang", "ping", "hui", "yu", "qiang", "lei", "tao", "bo", "chen", "yi",
           "xin", "ying", "zhi", "hao", "jie", "na", "ting", "kai", "rui", "yang", "feng",
           "dong", "guo", "shan", "lan", "mei", "qing", "wen", "xue", "long", "peng", "fei")

# One person's name romanised differently by different people (or the same person on
# different forms). Applied per record to names in this table.
TRANSLIT = {
    "Mohammed": ("Mohamed", "Muhammad", "Mohammad", "Mohd"),
    "Youssef": ("Yousef", "Yusuf", "Joseph"), "Hussein": ("Hussain", "Husain"),
    "Abdulrahman": ("Abdul Rahman", "Abdelrahman", "Abd al-Rahman"),
    "Abdelaziz": ("Abdul Aziz", "Abdulaziz"), "Aisha": ("Aysha", "Ayesha"),
    "Mariam": ("Maryam", "Miriam"), "Leila": ("Layla", "Laila"), "Yasmin": ("Yasmine", "Jasmin"),
    "Al-Sayed": ("El-Sayed", "Alsayed", "El Sayed"), "Al-Masri": ("El-Masri", "Almasri"),
    "Al-Khatib": ("Alkhatib", "El Khatib"), "Al-Rashid": ("Alrashid", "Al Rashid"),
    "Al-Amin": ("Alamin", "El-Amin"), "Al-Tamimi": ("Altamimi",), "Al-Harbi": ("Alharbi",),
    "Qureshi": ("Quraishi", "Koreshi"), "Yousef": ("Youssef", "Yusuf"),
    "Shaheen": ("Shahin",), "Khoury": ("Khouri", "El Khoury"),
}

# Nicknames and short forms as people actually use them (several languages). Keyed by the
# formal given name; the values are what a friend's phone may hold instead.
NICKNAMES = {
    # English
    "William": ("Bill", "Will", "Billy", "Liam"), "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "Richard": ("Rick", "Rich", "Dick"), "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Johnny", "Jack"), "Michael": ("Mike", "Mikey", "Mick"),
    "Christopher": ("Chris", "Topher"), "Elizabeth": ("Liz", "Beth", "Betty", "Eliza", "Lisa"),
    "Katherine": ("Kate", "Katie", "Kathy"), "Catherine": ("Cathy", "Kate", "Cat"),
    "Kathryn": ("Kate", "Kathy"), "Jennifer": ("Jen", "Jenny"),
    "Margaret": ("Maggie", "Peggy", "Meg"), "Jacqueline": ("Jackie",),
    "Alexander": ("Alex", "Sasha", "Xander"), "Alexandra": ("Alex", "Sasha", "Sandra"),
    "Anthony": ("Tony",), "Joseph": ("Joe", "Joey"), "Thomas": ("Tom", "Tommy"),
    "Daniel": ("Dan", "Danny"), "Matthew": ("Matt",), "Nicholas": ("Nick",),
    "Patricia": ("Pat", "Patty", "Trish"), "Rebecca": ("Becky", "Becca"),
    "Samantha": ("Sam",), "Samuel": ("Sam", "Sammy"), "Benjamin": ("Ben", "Benji"),
    "Jonathan": ("Jon", "Johnny"), "Edward": ("Ed", "Eddie", "Ted"), "Theodore": ("Ted", "Theo"),
    "Susan": ("Sue", "Suzy"), "Deborah": ("Debbie", "Deb"), "Victoria": ("Vicky", "Tori"),
    "Andrew": ("Andy", "Drew"), "Steven": ("Steve",), "Stephen": ("Steve",),
    "Timothy": ("Tim",), "Gregory": ("Greg",), "Jeffrey": ("Jeff",), "Kenneth": ("Ken", "Kenny"),
    "Ronald": ("Ron", "Ronnie"), "Donald": ("Don", "Donnie"), "Lawrence": ("Larry",),
    "Charles": ("Charlie", "Chuck"), "Henry": ("Harry", "Hank"), "Frederick": ("Fred", "Freddie"),
    "Peter": ("Pete",), "Zachary": ("Zach",), "Abigail": ("Abby",), "Christina": ("Tina", "Chris"),
    "Christine": ("Chris", "Tina"), "Jessica": ("Jess", "Jessie"), "Kimberly": ("Kim",),
    "Pamela": ("Pam",), "Cynthia": ("Cindy",), "Barbara": ("Barb", "Babs"),
    "Gabriel": ("Gabe",), "Nathaniel": ("Nate", "Nathan"), "Nathan": ("Nate",),
    "Raymond": ("Ray",), "Douglas": ("Doug",), "Phillip": ("Phil",), "Philip": ("Phil",),
    "Eleanor": ("Ellie", "Nora"), "Olivia": ("Liv",), "Isabella": ("Bella", "Izzy"),
    "Amelia": ("Millie", "Amy"), "Madison": ("Maddie",), "Allison": ("Ally",),
    "Dorothy": ("Dot", "Dottie"), "Frances": ("Fran",), "Francis": ("Frank",),
    "Gerald": ("Gerry",), "Harold": ("Hal", "Harry"), "Leonard": ("Len", "Leo"),
    # German / Dutch
    "Johannes": ("Hannes", "Jo", "Hans", "Jan"), "Wolfgang": ("Wolf",), "Margarete": ("Grete",),
    "Friedrich": ("Fritz",), "Elisabeth": ("Lisa", "Lies"), "Katharina": ("Kathi", "Kati"),
    "Maximilian": ("Max",), "Christian": ("Chris",), "Stefan": ("Steff",), "Josef": ("Sepp",),
    "Susanne": ("Susi",), "Andreas": ("Andi",), "Matthias": ("Matze",), "Sebastian": ("Basti",),
    "Tobias": ("Tobi",), "Franziska": ("Franzi",), "Hendrik": ("Henk",), "Cornelis": ("Kees",),
    "Jacobus": ("Koos", "Jaap"), "Petrus": ("Piet",), "Theodorus": ("Theo",),
    "Wilhelmina": ("Wil", "Mien"), "Catharina": ("Toos", "Karin"),
    # French
    "Frédéric": ("Fred",), "Christophe": ("Chris",), "Nicolas": ("Nico",),
    "Stéphanie": ("Steph",), "Dominique": ("Dom",), "Alexandre": ("Alex",),
    "Benoît": ("Ben",), "Emmanuel": ("Manu",), "Sébastien": ("Seb",), "Isabelle": ("Isa",),
    "Véronique": ("Véro",), "Valérie": ("Val",), "Jean-Baptiste": ("JB",),
    "Jean-Pierre": ("JP",), "Maximilien": ("Max",),
    # Spanish
    "José": ("Pepe",), "Francisco": ("Paco", "Pancho", "Curro"), "Guillermo": ("Memo", "Guille"),
    "Jesús": ("Chuy",), "Ignacio": ("Nacho",), "Alejandro": ("Alex", "Ale"),
    "Dolores": ("Lola",), "Concepción": ("Concha",), "Rosario": ("Charo",),
    "Manuel": ("Manolo", "Manu"), "Enrique": ("Quique",), "Roberto": ("Beto",),
    "Alberto": ("Beto",), "Eduardo": ("Lalo", "Edu"), "Antonio": ("Toño", "Tonino", "Toni"),
    "Guadalupe": ("Lupe",), "Fernando": ("Nando", "Fer"), "Rafael": ("Rafa",),
    "Santiago": ("Santi",), "Cristina": ("Cris",), "Isabel": ("Isa", "Chabela"),
    "Mercedes": ("Merche",),
    # Italian
    "Giuseppe": ("Beppe", "Peppe", "Pino"), "Francesco": ("Franco", "Checco"),
    "Giovanni": ("Gianni", "Nanni"), "Alessandro": ("Sandro", "Ale"),
    "Salvatore": ("Totò", "Turi"), "Domenico": ("Mimmo",), "Vincenzo": ("Enzo",),
    "Elisabetta": ("Betta",), "Federico": ("Fede",), "Lorenzo": ("Renzo",), "Massimo": ("Max",),
    "Gabriele": ("Lele",), "Emanuele": ("Manu", "Lele"), "Margherita": ("Marghe",),
    "Alessandra": ("Ale", "Sandra"), "Francesca": ("Fra", "Franci"),
    # Portuguese
    "Francisca": ("Chica",), "Antônio": ("Tonho", "Toninho"), "Gabriela": ("Gabi",),
    "Fernanda": ("Nanda",), "Mariana": ("Mari",), "Beatriz": ("Bia",), "Isabela": ("Bela",),
    "Leonardo": ("Léo",), "Guilherme": ("Gui",), "Carolina": ("Carol",),
    # Polish
    "Aleksander": ("Olek",), "Aleksandra": ("Ola",), "Katarzyna": ("Kasia",),
    "Małgorzata": ("Gosia", "Małgosia"), "Krzysztof": ("Krzyś",), "Wojciech": ("Wojtek",),
    "Tomasz": ("Tomek",), "Agnieszka": ("Aga",), "Magdalena": ("Magda",), "Joanna": ("Asia",),
    "Józef": ("Józek",), "Piotr": ("Piotrek",), "Jakub": ("Kuba",), "Elżbieta": ("Ela",),
    "Stanisław": ("Staś",), "Zbigniew": ("Zbyszek",), "Jan": ("Janek",), "Anna": ("Ania", "Anka"),
    # South Asian
    "Venkatesh": ("Venky",), "Rajesh": ("Raju",), "Abhishek": ("Abhi",), "Priyanka": ("Priya",),
    "Siddharth": ("Sid",), "Aditya": ("Adi",), "Ashwin": ("Ash",), "Nikhil": ("Nik",),
    "Subramaniam": ("Subbu",),
}

# East-Asian colleagues often use an adopted English given name at work.
ADOPTED = ("David", "Kevin", "Jason", "Eric", "Tony", "Jack", "Vincent", "Jerry", "Frank",
           "Grace", "Amy", "Cindy", "Vivian", "Helen", "Jenny", "Linda", "Lily", "Irene")

COMMON_SUFFIX = {"en_US": ("Inc.", "LLC", "Corp."), "en_GB": ("Ltd", "plc", "LLP"),
                 "de_DE": ("GmbH", "AG", "GmbH & Co. KG"), "fr_FR": ("SA", "SAS", "SARL"),
                 "es_ES": ("S.L.", "S.A."), "es_MX": ("S.A. de C.V.",),
                 "it_IT": ("S.p.A.", "S.r.l."), "pt_BR": ("Ltda.", "S.A."),
                 "nl_NL": ("B.V.", "N.V."), "pl_PL": ("Sp. z o.o.", "S.A."),
                 "hi_IN": ("Pvt Ltd", "Ltd"), "ja_JP": ("K.K.", "Co., Ltd."),
                 "zh_CN": ("Co., Ltd.", "Ltd."), "ar": ("LLC", "FZE", "FZ-LLC")}


def fold(s: str) -> str:
    """The name as typed on a keyboard without accents: NFKD, marks dropped; the letters
    that do not decompose (ł, ø, ß, đ) mapped to their usual ASCII spellings."""
    s = s.translate(str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss",
                                   "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE", "œ": "oe"}))
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _zipf_pick(rng: random.Random, pool: list[str], n: int, offset: int = 3) -> list[str]:
    """Zipf weights 1/(rank + offset): a small offset gives a heavy head (given names, where
    the top name holds a few per cent), a large one a flat spread."""
    weights = [1.0 / (r + offset) for r in range(len(pool))]
    return rng.choices(pool, weights=weights, k=n)


# How concentrated family names are: the commonest holds ~7% in China (Wang, Li), several
# per cent in India and Brazil (Kumar, Silva), under 1% in Europe and the US (Smith 0.8%,
# Müller 0.3%). The offset gives roughly those shares on these pools.
_FAMILY_OFFSET = {"zh_CN": 3, "hi_IN": 12, "pt_BR": 12, "ar": 12, "ja_JP": 25}


class NamePools:
    """Zipf-weighted given and family names per locale, built once per seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 1)
        self.male: dict[str, list[str]] = {}
        self.female: dict[str, list[str]] = {}
        self.family: dict[str, list[str]] = {}
        for i, (loc, _) in enumerate(LOCALES):
            self._build(loc, seed * 101 + i)

    def _build(self, loc: str, seed: int) -> None:
        if loc == "ar":  # family names: tribal/place names plus patronymics ("Bin Khalid")
            m, f = list(_AR_MALE), list(_AR_FEMALE)
            fam = list(_AR_FAMILY) + [f"{p} {g}" for g in _AR_MALE for p in ("Bin", "Abu")]
        else:
            fk = Faker("en_IN" if loc == "hi_IN" else loc)
            fk.seed_instance(seed)
            if loc == "ja_JP":
                draw_m, draw_f = fk.first_romanized_name_male, fk.first_romanized_name_female
                draw_fam = fk.last_romanized_name
            elif loc == "zh_CN":
                draw_m = draw_f = fk.first_romanized_name
                draw_fam = fk.last_romanized_name
            else:
                draw_m, draw_f, draw_fam = fk.first_name_male, fk.first_name_female, fk.last_name
            m = _unique(draw_m() for _ in range(3000))
            f = _unique(draw_f() for _ in range(3000))
            fam = _unique(draw_fam() for _ in range(6000))
            if loc == "ja_JP":
                m, f = _unique(m + list(_JA_MALE)), _unique(f + list(_JA_FEMALE))
                fam = _unique(fam + list(_JA_FAMILY))
            elif loc == "zh_CN":  # two-syllable given names are the most common shape
                combos = _unique((a + b).capitalize() for a in _PINYIN for b in _PINYIN
                                 if a != b)
                rng = random.Random(seed)
                rng.shuffle(combos)
                m = f = m + combos[:600]
        # first-seen order of Faker's weighted draws: roughly commonest first
        self.male[loc], self.female[loc], self.family[loc] = m, f, fam

    def common(self, loc: str, given: str, family: str) -> bool:
        """Both names among the most frequent of their pools: the names real namesakes
        share ("Maria Garcia", "John Smith"), not rare ones."""
        first = given in self.female[loc][:25] or given in self.male[loc][:25]
        return first and family.split()[0] in self.family[loc][:40]

    def given(self, rng: random.Random, loc: str, female: bool) -> str:
        pool = self.female[loc] if female else self.male[loc]
        return _zipf_pick(rng, pool, 1, 10 if loc == "zh_CN" else 3)[0]

    def surname(self, rng: random.Random, loc: str) -> str:
        off = _FAMILY_OFFSET.get(loc, 150)
        fam = _zipf_pick(rng, self.family[loc], 1, off)[0]
        if loc in ("es_ES", "es_MX"):  # two surnames: father's, mother's
            fam += " " + _zipf_pick(rng, self.family[loc], 1, off)[0]
        return fam


def _unique(names) -> list[str]:
    seen: dict[str, None] = {}
    for n in names:
        if n:
            seen.setdefault(n.strip(), None)
    return list(seen)


def short_form(given: str) -> str | None:
    """A generic clipped form for long names the table lacks: the first closed syllable
    ("Kristopher" -> "Kris", "Rodrigo" -> "Rod", "Stephanie" -> "Steph")."""
    if len(given) < 6 or "-" in given or " " in given:
        return None
    vowels = "aeiouyAEIOUYáéíóúàèìòù"
    i = 0
    while i < len(given) and given[i] not in vowels:  # leading consonants
        i += 1
    while i < len(given) and given[i] in vowels:  # the first vowel group
        i += 1
    clipped = given[:i + 1]  # ... and the consonant closing it
    if given[i + 1:i + 2] == "h":  # a digraph stays whole: Steph, Seth
        clipped += "h"
    return clipped if 3 <= len(clipped) < len(given) - 1 else None

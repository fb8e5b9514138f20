"""Which legacy encoding a file that is not UTF-8 is in: Western, Cyrillic, Hebrew or CJK.

The field notes rule out charset guessers (charset-normalizer reads cp1252 as cp1250). This is
narrower: after the BOM and strict UTF-8 have failed, the only question is whether the bytes
are one of the CJK legacy encodings users' old exports are in (Shift-JIS, EUC-JP, GB18030,
Big5, EUC-KR), and the answer must be "no" for Western text. Evidence, all of which must hold:

- the bytes decode strictly in that encoding;
- its non-ASCII bytes mostly come in runs (CJK characters are multi-byte and names are several
  characters), where Western accented letters stand alone between ASCII letters;
- nearly every non-ASCII character decoded is of the language's scripts (kana, hangul, CJK
  ideographs, CJK punctuation), not half-width katakana, private-use or other symbols, which
  is what Latin text misread as CJK turns into;
- a good share of them are among the characters contact lists are full of in that language
  (common family and given-name characters, kana, "company", "city", "phone"...): random
  characters, which misread Western bytes are, rarely are.

Then Cyrillic (cp1251, what Windows and a Russian or Ukrainian Outlook write: a contacts
export from one is otherwise read as Latin-1 junk, `Îáðàùåíèå`, and no header is found;
docs/realworld12.md R1). Every Cyrillic letter is one byte of 0xC0-0xFF there, so words are
runs of such bytes, where Western accented letters come one or two at a time; evidence, all of
which must hold: most non-ASCII bytes sit in runs of three or more; nearly all of them decode to
Cyrillic letters, of enough different ones; and about as many are vowels as a language written
in words has (a third to two thirds), which runs of accented Latin letters read as Cyrillic
are not.

Hebrew (cp1255) and Greek (cp1253) are told by the shape of their words before Cyrillic (see
`hebrew_encoding`, `greek_encoding`); Mac Roman by its line ends and letters
(`mac_roman_encoding`).

Otherwise the configured single-byte fallback (cp1252) is used.
"""

from __future__ import annotations

import codecs
import re

AUTO = "auto"  # fallback_encoding's default: cp1252, or CJK on the evidence above
WESTERN = "cp1252"

_JA = ("田中山本藤木川野井村子一小松上林佐大原高橋伊鈴加渡辺邊斎斉吉石森池清水岡内島谷口宮崎前後長西東"
       "北南坂太郎次三花美恵智和明正雄秀幸裕直樹真由紀久保武千代浩之健司誠俊英彦夫男会社株式有限"
       "京都府阪横浜名古屋市区町丁目番地号電話携帯部課様営業")
_ZH_S = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
         "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
         "顾毛郝龚邵万钱严覃武戴莫孔向汤伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国玉"
         "兰文海红志小春晓东公司有限责任北京上海广州深圳市区省路号电话手机经理部技术科")
_ZH_T = ("陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁"
         "趙顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董溫唐藍石蔣古紀姚連馮歐程湯田康姜白汪鄒尤巫"
         "鐘黎涂龔嚴韓袁金童陸夏柳邵錢伍倪于譚駱熊任甘秦顧毛章史官萬俞雷志明俊傑建宏文華美玲淑"
         "惠芬雅婷怡君家豪偉公司有限股份台北臺市區路號電話手機經理部")
_KO = ("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄"
       "채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부영"
       "수혜미숙재동상철호희훈준아자순태규택식환일중광만웅세근회서울시구로번전화휴대폰장과팀대표")

# codec -> (language tag, common characters); tried in this order, ties keep the first.
CANDIDATES = {
    "cp932": ("ja", frozenset(_JA)),  # Shift-JIS as Windows writes it (a superset)
    "euc_jp": ("ja", frozenset(_JA)),
    "gb18030": ("zh", frozenset(_ZH_S)),
    "cp950": ("zh", frozenset(_ZH_T)),  # Big5 as Windows writes it
    "cp949": ("ko", frozenset(_KO)),  # EUC-KR and its Windows superset
}
SAMPLE = 1 << 18  # bytes looked at: enough for thousands of names
MIN_DISTINCT = 4  # different common characters a CJK verdict needs at least


def _script_ok(ch: str, lang: str) -> bool:
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF60:
        return True  # ideographs, CJK punctuation, full-width forms
    if lang == "ja":
        return 0x3040 <= o <= 0x30FF  # hiragana, katakana
    if lang == "ko":
        return 0xAC00 <= o <= 0xD7A3 or 0x3130 <= o <= 0x318F  # hangul
    return False


def _common(ch: str, lang: str, common: frozenset[str]) -> bool:
    return ch in common or (lang == "ja" and 0x3041 <= ord(ch) <= 0x30FA)


def _runs_share(sample: bytes) -> float:
    """Share of non-ASCII bytes with a non-ASCII neighbour."""
    high = [b >= 0x80 for b in sample]
    n = len(high)
    hits = total = 0
    for i, h in enumerate(high):
        if h:
            total += 1
            if (i and high[i - 1]) or (i + 1 < n and high[i + 1]):
                hits += 1
    return hits / total if total else 0.0


def _score(sample: bytes, codec: str) -> float:
    """Share of the decoded non-ASCII characters that are common in the codec's language, or
    0 when the bytes are not plausibly that language at all."""
    lang, common = CANDIDATES[codec]
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return 0.0
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    if not foreign:
        return 0.0
    plausible = sum(_script_ok(ch, lang) for ch in foreign)
    hits = [ch for ch in foreign if _common(ch, lang, common)]
    # A few characters prove nothing: a misread Western word repeated on every row can hit
    # one common character many times, real CJK names hit many different ones.
    if plausible < 0.95 * len(foreign) or len(set(hits)) < _min_distinct(foreign, lang):
        return 0.0
    return len(hits) / len(foreign)


def _min_distinct(foreign: list[str], lang: str) -> int:
    """Different common characters needed. Hiragana lower the bar for Japanese: in Shift-JIS
    they are 0x82 + 0x9F..0xF1, which in cp1252 is a low quote before an accented letter, a
    pair Western text does not hold; so a one-contact file (名無しの権兵衛) is evidence enough."""
    if lang == "ja" and len({c for c in foreign if 0x3041 <= ord(c) <= 0x3096}) >= 2:
        return MIN_DISTINCT - 1
    return MIN_DISTINCT


def _sample(data: bytes) -> bytes:
    """The first SAMPLE bytes, cut at a line end so no character is split."""
    if len(data) <= SAMPLE:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE)
    return data[: cut + 1] if cut > 0 else data[:SAMPLE]


def cjk_encoding(data: bytes) -> str | None:
    """The CJK legacy encoding the bytes are in, or None (then: the Western fallback)."""
    sample = _sample(data)
    if _runs_share(sample) < 0.6:
        return None  # accented letters between ASCII ones: Western text
    best, best_score = None, 0.25  # below a quarter common characters: not evidence enough
    for codec in CANDIDATES:
        score = _score(sample, codec)
        if score > best_score:
            best, best_score = codec, score
    if best is None:
        return None
    return _if_whole_file(data, best)


CYRILLIC = "cp1251"
_CYRILLIC_LETTERS = frozenset(
    "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁёІіЇїЄєЎўҐґЈјЅѕЉљЊњЋћЏџ")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєў")
MIN_CYRILLIC_LETTERS = 6  # different letters: a name or two already has that many


def _long_runs_share(sample: bytes, length: int = 3) -> float:
    """Share of non-ASCII bytes in runs of at least `length` non-ASCII bytes."""
    inside = total = run = 0
    for b in sample + b"\0":
        if b >= 0x80:
            run += 1
            continue
        total += run
        if run >= length:
            inside += run
        run = 0
    return inside / total if total else 0.0


def _if_whole_file(data: bytes, encoding: str) -> str | None:
    """`encoding` when the whole file decodes in it (the evidence was read from a sample, and a
    code page may leave bytes undefined), else None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def cyrillic_encoding(data: bytes) -> str | None:
    """cp1251 when the bytes are evidence of Cyrillic words (see the module docstring)."""
    sample = _sample(data)
    if _long_runs_share(sample) < 0.6:
        return None
    text = sample.decode(CYRILLIC, errors="replace")
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    letters = [ch.lower() for ch in foreign if ch in _CYRILLIC_LETTERS]
    if len(letters) < 0.9 * len(foreign) or len(set(letters)) < MIN_CYRILLIC_LETTERS:
        return None
    vowels = sum(ch in _CYRILLIC_VOWELS for ch in letters) / len(letters)
    if not 1 / 3 <= vowels <= 2 / 3:
        return None
    return _if_whole_file(data, CYRILLIC)  # cp1251 leaves one byte (0x98) undefined


HEBREW = "cp1255"
_HEBREW_LETTER = re.compile(rb"[\xe0-\xfa]+")  # alef to tav: one byte each in cp1255
_FINAL = frozenset(b"\xea\xed\xef\xf3\xf5")  # final kaf, mem, nun, pe, tsadi
_NOT_FINAL = frozenset(b"\xeb\xee\xf0\xf4\xf6")  # their forms inside a word
MIN_HEBREW_LETTERS = 4  # different letters: a short name (`לוי`, `יוסי`) has that many


def hebrew_encoding(data: bytes) -> str | None:
    """cp1255 when the bytes are Hebrew words. Hebrew writes five letters differently at the
    end of a word, so its words are runs of 0xE0-0xFA bytes with a final form at the end and
    never inside, and no word ends in the inside form: accented Latin letters (the same bytes
    in cp1252, `àôøéí`) and Cyrillic ones (cp1251: every Russian word has `к`, `н`, `п`, `у`,
    final forms here, inside it) do not keep that rule. The shared corpus's Hebrew vCard
    (docs/realworld13.md) was read as cp1252 junk."""
    sample = _sample(data)
    high = sum(b >= 0x80 for b in sample)
    words = _HEBREW_LETTER.findall(sample)
    letters = sum(map(len, words))
    if not high or letters < 0.95 * high or _long_runs_share(sample) < 0.6:
        return None
    if len(set(b"".join(words))) < MIN_HEBREW_LETTERS:
        return None
    # an acronym's parts (`בע"מ`, `מנכ"ל`: the gershayim between them) keep no such rule
    shaped = [m.group() for m in _HEBREW_LETTER.finditer(sample)
              if len(m.group()) > 1 and sample[m.end():m.end() + 1] not in (b'"', b"'")]
    broken = sum(any(b in _FINAL for b in w[:-1]) or w[-1] in _NOT_FINAL for w in shaped)
    if broken > 0.05 * len(shaped):
        return None
    return _if_whole_file(data, HEBREW)  # cp1255 leaves some bytes undefined


GREEK = "cp1253"
_GREEK_WORD = re.compile("[\u0386-\u03ce]+")  # Ά to ώ: every Greek letter cp1253 has
_GREEK_VOWELS = frozenset("αεηιουωάέήίόύώϊϋΐΰ")
MIN_GREEK_LETTERS = 6  # different letters, as for Cyrillic


def _sigma_broken(word: str) -> bool:
    """Greek writes sigma `ς` at a word's end and `σ` everywhere else: a final form inside a
    word, or a lowercase word ending in the inside form, is not Greek."""
    return "ς" in word[:-1] or (word[-1] == "σ" and len(word) > 1)


def greek_encoding(data: bytes) -> str | None:
    """cp1253 when the bytes are Greek words: nearly all non-ASCII bytes Greek letters in runs,
    enough different ones, sigma in its final form only at the end of words (Russian read as
    Greek has `ς` inside nearly every word: cp1251's `т`, and cp1253 has no `я` at all), and
    vowels a third to two thirds of the letters, as Greek words have (Russian and Latin
    letters read as Greek are mostly consonants). The shared corpus's Greek vCard
    (FolkerKinzel, cp1253 with nothing declared on its names) was read as cp1252 junk."""
    sample = _sample(data)
    if _long_runs_share(sample) < 0.6:
        return None
    try:
        text = sample.decode(GREEK)
    except UnicodeDecodeError:
        return None
    words = _GREEK_WORD.findall(text)
    letters = "".join(words).lower()
    foreign = sum(ord(ch) > 0x7F for ch in text)
    if not letters or len(letters) < 0.95 * foreign or len(set(letters)) < MIN_GREEK_LETTERS:
        return None
    if sum(map(_sigma_broken, words)) > 0.05 * len(words):
        return None
    if not 1 / 3 <= sum(ch in _GREEK_VOWELS for ch in letters) / len(letters) <= 2 / 3:
        return None
    return _if_whole_file(data, GREEK)  # cp1253 leaves some bytes undefined


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for UTF-16 with no BOM (Windows' "Unicode" exports, the
    roundcube sample): NUL bytes on one parity only, as the ASCII characters every export has
    (delimiters, line ends, addresses) leave them, and text that decodes without control
    characters. A file of Greek, Cyrillic or CJK names has fewer NULs than one of Latin names
    (its letters have no NUL byte), so a share of a twentieth is enough when the other parity has
    clearly fewer (hangul and CJK characters whose low byte is 0, `준` U+C900, `一` U+4E00,
    put a few there) and the decoded text reads as lines: binary data leaves NULs on both, or
    decodes into control characters."""
    head = head[: len(head) & ~1]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    units = len(head) // 2
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= max(4, units // 20) and other * 2 < nuls:
            try:
                text = head.decode(enc)
            except UnicodeDecodeError:  # a character cut at the end, or not UTF-16 at all
                text = head[:-2].decode(enc, errors="replace")
                if text.count("\ufffd") > 1:
                    continue
            if any(ch < " " and ch not in "\r\n\t" for ch in text):
                continue
            if "\n" in text or "\r" in text or units < 512:
                return enc
    return None


def legacy_encoding(data: bytes, fallback: str) -> str:
    """The code page for bytes that are not UTF-8: an explicit `fallback_encoding` wins;
    `auto` means CJK, Hebrew, Greek or Cyrillic on evidence, else cp1252."""
    if fallback.lower() != AUTO:
        try:
            return codecs.lookup(fallback).name
        except LookupError:
            return WESTERN
    return (cjk_encoding(data) or hebrew_encoding(data) or greek_encoding(data)
            or cyrillic_encoding(data) or mac_roman_encoding(data) or WESTERN)


# Excel for Mac's "CSV (Macintosh)", and classic Mac OS programs, write Mac Roman with bare CR
# line ends. Read as cp1252, a ward directory's "Valderas Muñoz" became "Mu–oz" (0x96 is `ñ`
# in Mac Roman, an en dash in cp1252; docs/realworld20.md S1). Evidence, both of which must
# hold: the Mac's own line ends (CR and not one LF: no other system writes them), and its
# letters inside words, more of them than cp1252's: a byte after an ASCII letter and before a
# lowercase one must be a lowercase letter, and is a point for the code page that reads it so
# when the other does not (`ñ` 0x96 and `é` 0x8E in Mac Roman are cp1252's `–` and `Ž`;
# cp1252's `ü` 0xFC is Mac Roman's `¸`). A word's first or last letter proves nothing: curly
# quotes read as letters in the other code page there, and "Šimek" and "über" both begin a word.
MAC = "mac_roman"
_IN_WORD_LOWER = re.compile(rb"(?<=[A-Za-z])[\x80-\xff](?=[a-z])")


def mac_roman_encoding(data: bytes) -> str | None:
    """Mac Roman for a file with bare CR line ends whose words read as Mac Roman letters."""
    sample = _sample(data)
    if b"\r" not in sample or b"\n" in data:
        return None
    score = 0
    for m in _IN_WORD_LOWER.finditer(sample):
        mac, western = _reads(m.group()[0], MAC).islower(), _reads(m.group()[0], WESTERN).islower()
        score += (mac and not western) - (western and not mac)
    return MAC if score > 0 else None


# DOS code page 850 inside a Windows (cp1252) file: a German Outlook export whose header is
# cp1252 and whose names and streets are cp850 (docs/realworld12.md O1: `J\x81rgen`, 0x81 being
# no cp1252 character at all, `K\x94hler`, `Stra\xe1e`), names typed into a DOS program and
# carried over byte for byte. Read as cp1252, `ü` was lost (U+FFFD) and `ö` became `”`. A byte
# between two ASCII letters is a point for cp850 when only cp850 reads it as a letter (0x81
# `ü`, 0x94 `ö`, 0x84 `ä`: cp1252 has nothing or punctuation there), and a point for cp1252
# when only cp1252 reads it as a letter words are written with (0xE4 `ä`, which cp850 reads
# `õ`; 0xDF `ß`, cp850 `▀`). Western text, whose accented letters are all cp1252 letters, so
# never scores for cp850.
DOS = "cp850"
_WORD_LETTERS = "àáâãäåæçèéêëìíîïñòóôöøùúûüýÿßšžœ"  # õ left out: cp850's 0xE4 is cp1252's ä
# cp1252 punctuation people type between words without spaces (`A–Z`, `wait…what`) is no
# cp850 evidence, though cp850 reads it as a letter.
_PUNCTUATION = frozenset({0x85, 0x91, 0x96, 0x97})


def _reads(b: int, enc: str) -> str:
    return bytes([b]).decode(enc, errors="replace")


_POINTS = {
    WESTERN: frozenset(b for b in range(0x80, 0x100) if _reads(b, WESTERN) in _WORD_LETTERS
                       and _reads(b, DOS) not in _WORD_LETTERS),
    DOS: frozenset(b for b in range(0x80, 0x100) if _reads(b, DOS) in _WORD_LETTERS
                   and not _reads(b, WESTERN).isalpha() and b not in _PUNCTUATION),
}
_IN_WORD = re.compile(rb"(?<=[A-Za-z])[\x80-\xff](?=[A-Za-z])")
MIN_DOS_POINTS = 3  # words, not one stray byte


def _dos_points(line: bytes) -> tuple[int, int]:
    """(cp1252 points, cp850 points) of the bytes between two ASCII letters."""
    western = dos = 0
    for m in _IN_WORD.finditer(line):
        b = m.group()[0]
        western += b in _POINTS[WESTERN]
        dos += b in _POINTS[DOS]
    return western, dos


def dos_lines(data: bytes) -> bool:
    """The bytes hold cp850 words, clearly more of them than cp1252 words."""
    western, dos = _dos_points(_sample(data))
    return dos >= MIN_DOS_POINTS and dos > 2 * western


def decode_dos_lines(data: bytes) -> str:
    """Each line in the code page its words are in: cp850 unless the line has more cp1252
    words (a header Outlook wrote); lines with no evidence either way follow the file."""
    out = []
    for line in data.splitlines(keepends=True):
        western, dos = _dos_points(line)
        out.append(line.decode(WESTERN if western > dos else DOS, errors="replace"))
    return "".join(out)

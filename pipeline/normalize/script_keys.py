"""Match keys for a name written in its own script that meet the Latin spelling its bearer writes.

A phone book or Google holds a Korean, Japanese or Arabic name in its script; LinkedIn holds the
Latin spelling the person uses. Names are keyed through anyascii, whose spelling of these
scripts is nobody's (docs/script34.md):

- **Hangul** letter by letter: 박 -> "bag", 김 -> "gim", 이 -> "i" (Park, Kim, Lee). A Korean
  family name's key is the spelling most of its bearers write (pipeline/data/korean_family.csv).
  Given names are left as anyascii spells them (the Revised Romanisation: 민준 -> "minjun",
  which is how most young Koreans write theirs), except a few syllables nearly everyone
  writes otherwise (pipeline/data/korean_given_syllables.csv: 우 woo, 현 hyun, 훈 hoon, 영
  young, 성 sung: 동우 Dongwoo, not "dongu").
- **Kanji** read as Mandarin: 佐藤 -> "zuoteng" (Sato). A listed Japanese family name's key is
  its Hepburn spelling (pipeline/data/japanese_family.csv, the list cjk_names splits whole names
  at). Kanji given names need a dictionary kith does not ship: left as they are.
- **Kana** is romanised by anyascii already, but with the long vowels written out (さとう ->
  "satou", ゆうき -> "yuuki") and the small ゃゅょ as syllables of their own (りょう -> "riyou",
  しょうた -> "shiyouta"); people write Sato, Yuki, Ryo, Shota, so a kana name's key joins the
  small kana to the syllable before (Hepburn: ryo, sho, cho, jo) and drops the long vowels
  (ou, oo -> o; uu -> u).
- **Arabic** is written without short vowels: anyascii gives the consonants (محمد حسن -> "mhmd
  hsn"). features.latin_spellings gives such a record the Latin spelling of the book's record
  with the same consonant skeleton (:func:`consonant_skeleton`), Mohammed Hassan.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import polars as pl
from anyascii import anyascii

from pipeline.normalize import fold_series


def _table(name: str) -> dict[str, str]:
    text = resources.files("pipeline").joinpath(f"data/{name}").read_text("utf-8")
    rows = (line.split(",") for line in text.splitlines() if line and not line.startswith("#"))
    return {script.strip(): latin.strip() for script, latin in rows}


KOREAN_FAMILY = _table("korean_family.csv")
JAPANESE_FAMILY = _table("japanese_family.csv")
KOREAN_GIVEN_SYLLABLES = _table("korean_given_syllables.csv")
_FAMILY_SPELLINGS = {**KOREAN_FAMILY, **JAPANESE_FAMILY}
_HANGUL_ONLY = r"^[\p{Hangul}\s-]+$"
_KANA_ONLY = r"^[\p{Hiragana}\p{Katakana}ー・\s]+$"


_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o", "ャ": "a", "ュ": "u", "ョ": "o"}


def _kana_romaji(text: str) -> str:
    """anyascii of a kana name, with a small ゃゅょ joined to the syllable before (き+ょ: kyo;
    し+ょ: sho, not "shiyo")."""
    out = ""
    for ch in text:
        if ch in _SMALL_Y and out.endswith("i"):
            stem = out[:-1]
            out = stem + ("" if stem.endswith(("sh", "ch", "j")) else "y") + _SMALL_Y[ch]
        else:
            out += anyascii(ch)
    return out


def _hangul_given(text: str) -> str:
    return "".join(KOREAN_GIVEN_SYLLABLES.get(ch) or anyascii(ch) for ch in text)


def _rekeyed(frame: pl.DataFrame, rows: pl.Series, romanise) -> pl.DataFrame:
    """`frame`'s key at `rows` folded again from `romanise` of the cleaned name."""
    text = frame["c"].filter(rows).map_elements(romanise, return_dtype=pl.String)
    return frame.with_columns(frame["k"].scatter(rows.arg_true(), fold_series(text)))


def script_key(cleaned: pl.Series, key: pl.Series, family: bool) -> pl.Series:
    """`key` (the folded key of the cleaned name `cleaned`) with the rules above: a listed
    Korean or Japanese family name (`family`) keyed by its Latin spelling, a kana name without
    written-out long vowels."""
    frame = pl.DataFrame({"c": cleaned, "k": key})
    c, k = pl.col("c"), pl.col("k")
    small = frame["c"].str.contains("[ゃゅょャュョ]").fill_null(False)
    if small.any():  # the key again from the joined syllables, folded as any name is
        frame = _rekeyed(frame, small, _kana_romaji)
    if not family:
        hangul = (frame["c"].str.contains(_HANGUL_ONLY)
                  & frame["c"].str.contains("[" + "".join(KOREAN_GIVEN_SYLLABLES) + "]")
                  ).fill_null(False)
        if hangul.any():
            frame = _rekeyed(frame, hangul, _hangul_given)
    kana = k.str.replace_all("ou", "o").str.replace_all("oo", "o").str.replace_all("uu", "u")
    out = pl.when(c.str.contains(_KANA_ONLY)).then(kana).otherwise(k)
    if family:
        listed = c.str.strip_chars().replace_strict(_FAMILY_SPELLINGS, default=None)
        out = pl.coalesce(listed, out)
    return frame.select(out.alias(key.name)).to_series()


ARABIC = r"\p{Arabic}"
_WORD_FINAL_H = re.compile(r"h\b")
_VOWEL_CLASS = {"a": "", "o": "u", "u": "u", "w": "u", "e": "i", "i": "i", "y": "i"}


@cache
def _parsed(key: str) -> tuple[str, tuple[str, ...]]:
    """The consonants of a folded name key and, per gap around them (before the first, between
    two, after the last), the classes of the vowel letters written there, one a letter ("u":
    o, u, w; "i": e, i, y; "" for a)."""
    text = re.sub(r"[^a-z]", "", _WORD_FINAL_H.sub("", key.replace("q", "k")))
    consonants: list[str] = []
    gaps = [""]
    for ch in text:
        if ch in _VOWEL_CLASS:
            gaps[-1] += _VOWEL_CLASS[ch] or "a"
        elif not (consonants and consonants[-1] == ch and gaps[-1] == ""):
            consonants.append(ch)
            gaps.append("")
    return "".join(consonants), tuple(gaps)


def consonant_skeleton(key: str) -> str:
    """The consonants of a folded name key, as Arabic script writes them: vowels and the
    semivowels w/y dropped (Arabic writes long vowels with و/ي, Latin with o/u/i/ee), a
    word-final h dropped (ة, written -a or -ah: Fatima, Fatimah), q as k (Tariq, Tarek), a
    doubled letter once (Mohammed, Hassan: Arabic marks a doubling with a sign anyascii drops),
    words joined ("Abdul Rahman" / عبد الرحمن, "Al-Khatib" / الخطيب). "mhmd" and "mohammed" ->
    "mhmd"."""
    return _parsed(key)[0]


def spelling_distance(arabic_key: str, latin_key: str) -> int | None:
    """None unless `latin_key` can spell `arabic_key`: the same skeleton, and the long vowels
    Arabic writes (و, ي: "w", "y" in its key) written in the same gap of the Latin spelling:
    حسين ("hsyn") is Hussein or Hussain, not Hassan; محمود ("mhmwd") Mahmoud, not Mohamed
    (short vowels Arabic does not write: any Latin vowel fits where it writes none). Else how
    many long vowels the Latin spelling writes (two vowel letters: Mahmoud's "ou") where the
    Arabic writes none: 0 for Mohamed, 1 for Mahmoud, as spellings of محمد."""
    arabic, latin = _parsed(arabic_key), _parsed(latin_key)
    if arabic[0] != latin[0]:
        return None
    pairs = list(zip(arabic[1], latin[1], strict=True))
    if not all(set(a.replace("a", "")) <= set(b) for a, b in pairs):
        return None
    return sum(1 for a, b in pairs if not a.replace("a", "") and len(b) > 1)

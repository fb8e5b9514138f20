"""Chinese and Korean names written whole, without a space: where the family name ends.

A Taiwanese chapter's roster writes "曾俊凱" in its 姓名 column (docs/realworld21.md, T8); kith
kept the whole string as the family name, so the given name was empty and the name key one
word. A Chinese name of two to four Han characters is the family name first: one character
(曾, 黃, 林: nearly every Chinese family name), or two for the compound family names
(歐陽, 司馬, 諸葛, ...), then the given name. A four-character name without a compound family
name stays whole: a woman's two family names (陳林美玲) or a Japanese name (山田太郎) as often as
anything else. A Korean name of three Hangul syllables is one family syllable and a
two-syllable given name (김민준), or a two-syllable family name (남궁, 황보, 제갈, 선우, 독고) and
one; four syllables only after one of those. Two Hangul syllables stay whole: a phone book's
"엄마" (Mum) is as common as a two-syllable name; a name ending in the honorific 님
("선생님", teacher) is a title.

**Japanese names are split only at a known family name.** A Japanese family name is one to
three kanji with no rule to find its end (田中守 is 田中 + 守, 森鴎外 森 + 鴎外), so a list
decides: a whole name that starts with one of the commonest Japanese family names
(JAPANESE_FAMILY: 田中, 山田, 佐々木, ...) and has one to three kanji after it is split there, in
any book (田中守: 田中 + 守, not the Chinese 田 + 中守; 山田太郎: 山田 + 太郎, no longer whole).
Any other kanji name is as a Chinese one would be, except in a Japanese-written book: a file
in which any name holds kana (hiragana or katakana) splits none of its other kanji-only names
(:func:`kana_files`). The display is the same either way (family and given written together,
names.join_display); only the keys dedupe compares change.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import script_keys

# Compound (two-character) Chinese family names, traditional and simplified.
HAN_COMPOUND = (
    "歐陽", "欧阳", "司馬", "司马", "諸葛", "诸葛", "上官", "東方", "东方", "皇甫", "尉遲", "尉迟",
    "公孫", "公孙", "令狐", "慕容", "夏侯", "長孫", "长孙", "宇文", "司徒", "澹臺", "澹台", "西門",
    "西门", "軒轅", "轩辕", "端木", "申屠", "南宮", "南宫", "鍾離", "钟离", "呼延", "赫連", "赫连",
    "獨孤", "独孤", "司空", "太史", "濮陽", "濮阳", "公冶", "拓跋", "完顏", "完颜", "万俟",
)
HANGUL_COMPOUND = ("남궁", "황보", "제갈", "선우", "독고")
# Japanese family names of two to four kanji (about the commonest two hundred of the usual
# national rankings, plus a few long ones), as Japanese writes them: pipeline/data/
# japanese_family.csv, with the Latin spelling script_keys keys them by. A whole kanji name that
# starts with one of them, with one to three kanji after, is that family name and a given name
# (田中守: 田中 + 守; 山田太郎: 山田 + 太郎; 佐々木健: 佐々木 + 健), in any book: no Chinese family
# name is written so, and a Chinese given name seldom starts with the second kanji. Left out:
# the one-kanji names (林, 森, 原: Chinese as often), and two-kanji ones that open with a
# common Chinese family name and could be it and a given name (高田, 石井, 安田, 熊谷, 白石).
JAPANESE_FAMILY = tuple(script_keys.JAPANESE_FAMILY)
_HAN = r"^\p{Han}{2,4}$"
_HANGUL = r"^\p{Hangul}{3,4}$"
_COMPOUND = "^(?:" + "|".join(HAN_COMPOUND + HANGUL_COMPOUND) + ")"
KANA = r"[\p{Hiragana}\p{Katakana}]"


_JAPANESE = ("^(" + "|".join(sorted(JAPANESE_FAMILY, key=len, reverse=True))
             + r")\p{Han}{1,3}$")


def japanese_family_length(v: pl.Expr) -> pl.Expr:
    """How many kanji of a whole name (`v`) are a listed Japanese family name (JAPANESE_FAMILY)
    followed by a given name of one to three; null otherwise."""
    # the list's pattern only on names of kanji alone: on every name it doubled the cost
    kanji = pl.when(v.str.contains(r"^\p{Han}{2,7}$")).then(v)
    return kanji.str.extract(_JAPANESE).str.len_chars()


def family_length(v: pl.Expr) -> pl.Expr:
    """How many characters of a whole Chinese, Korean or Japanese name (`v`, cleaned, no
    space) are the family name; null when it is no such name or is left whole (see above)."""
    japanese = japanese_family_length(v)
    alone = v.is_in(list(JAPANESE_FAMILY))  # 田中 alone, as 歐陽 alone: the family name, whole
    return (pl.when(japanese.is_not_null()).then(japanese).when(alone).then(None)
            .otherwise(_chinese_or_korean(v)))


def _chinese_or_korean(v: pl.Expr) -> pl.Expr:
    n = v.str.len_chars()
    han = v.str.contains(_HAN)
    hangul = v.str.contains(_HANGUL) & ~v.str.ends_with("님")
    compound = v.str.contains(_COMPOUND)
    return (pl.when(~(han | hangul)).then(None)
            .when(compound & (n > 2)).then(pl.lit(2))
            .when(compound | (n == 4)).then(None)  # 歐陽 alone; four without a compound: whole
            .when(han | (n == 3)).then(pl.lit(1)))


_NAME_COLUMNS = ("full_name", "given_name", "family_name", "nickname")


def kana_files(frame: pl.DataFrame) -> pl.Series:
    """Per row: its file's names hold kana somewhere (a Japanese-written book). Looked for
    only when some full name is a whole Han name (the rest of the world's books pay one
    pattern over the full names)."""
    none = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    if "full_name" not in frame.columns or \
            not frame["full_name"].str.contains(r"\p{Han}").fill_null(False).any():
        return none
    present = [c for c in _NAME_COLUMNS if c in frame.columns]
    kana = pl.any_horizontal(pl.col(c).str.contains(KANA).fill_null(False) for c in present)
    files = pl.col("source_file") if "source_file" in frame.columns else pl.lit("")
    return frame.select(kana.any().over(files.fill_null(""))).to_series()


def parse_full_names(frame: pl.DataFrame) -> pl.Series:
    """names.parse_full_name of the frame's full names, with whole Han names left unsplit in
    the files :func:`kana_files` calls Japanese."""
    from pipeline.normalize import names  # names uses family_length: imported here, no cycle

    full = pl.col("full_name")
    kana = kana_files(frame)
    if not kana.any():
        return frame.select(names.parse_full_name(full)).to_series()
    return frame.select(
        pl.when(kana).then(names.parse_full_name(pl.when(kana).then(full), split_cjk=False))
        .otherwise(names.parse_full_name(pl.when(~kana).then(full)))).to_series()


# A name written in kana alone, with no kanji: a foreign name in katakana (ダブル バイト) or a
# name's reading (ヤマダ タロウ). Joined as a kanji name is, family then given with nothing
# between (山田太郎), its two names run into one word (バイトダブル: Apple's address-book server
# test card, docs/realworld37.md), so a space parts them, family first as for every CJK name
# (a card's FN may give the other order; N's parts decide, as for 山田太郎). A name with kanji
# (佐藤ハナコ, 山田太郎) is joined as before.
_KANA_NAME = r"^[\p{Hiragana}\p{Katakana}\x{30FC}\x{30FB}\x{FF70}\x{FF65}]+$"


def kana_display(given: pl.Expr, middle: pl.Expr, family: pl.Expr, joined: pl.Expr) -> pl.Expr:
    """`joined` (names.join_display), or `family given` for a kana-only given and family name
    with no middle name."""
    kana = (given.str.contains(_KANA_NAME) & family.str.contains(_KANA_NAME)
            & middle.is_null()).fill_null(False)
    return pl.when(kana).then(pl.concat_str([family, given], separator=" ")).otherwise(joined)

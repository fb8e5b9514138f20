"""Legacy encodings: CJK files (Shift-JIS, EUC-JP, GB18030, Big5, EUC-KR) are read in their
encoding on evidence in the bytes; Western cp1252 text is never read as CJK; an explicit
fallback_encoding wins; files.parquet records the encoding of every file read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.charsets import cjk_encoding, legacy_encoding
from pipeline.inputs import Limits
from pipeline.stages.ingest import ingest
from pipeline.stages.ingest_parse import parse_bytes
from pipeline.textio import decode

HERE = Path(__file__).parent / "fixtures" / "encodings"
CORPUS = Path(__file__).parents[2] / "shared" / "corpus"

FIXTURES = {
    "thunderbird_shift_jis.csv": ("cp932", "山田 太郎"),
    "thunderbird_shift_jis_one_contact.csv": ("cp932", "名無しの権兵衛"),
    "contacts_ja_headers_euc_jp.csv": ("euc_jp", "高橋 誠"),
    "contacts_gb18030.csv": ("gb18030", "王伟"),
    "contacts_big5.csv": ("cp950", "陳志明"),
    "contacts_euc_kr.csv": ("cp949", "김민준"),
    "western_cp1252.csv": ("cp1252", None),
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_read_in_its_encoding(name: str) -> None:
    encoding, first_name = FIXTURES[name]
    fmt, reason, parsed = parse_bytes((HERE / name).read_bytes(), name, "auto")
    assert parsed is not None, reason
    assert parsed.encoding == encoding
    if first_name:
        assert parsed.contacts["full_name"][0] == first_name
    names = " ".join(str(v) for v in parsed.contacts.select("given_name", "family_name").rows())
    assert "\ufffd" not in names


def test_vcard_without_charset_in_shift_jis() -> None:
    data = (HERE / "vcard_shift_jis_undeclared.vcf").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "phone.vcf", "auto")
    assert fmt == "vcard" and parsed.encoding == "cp932"
    assert parsed.contacts["full_name"].to_list() == ["山田 太郎", "佐藤 花子", "鈴木 一郎"]
    assert parsed.contacts["organization"][0] == "株式会社サンプル"
    told = parse_bytes(data, "phone.vcf", "cp1252")[2]  # an explicit setting wins
    assert told.encoding == "cp1252" and told.contacts["full_name"][0] != "山田 太郎"


def test_config_fallback_encoding(tmp_path: Path, monkeypatch) -> None:
    from pipeline.config import ConfigError, load

    monkeypatch.chdir(tmp_path)
    assert load(None).fallback_encoding == "auto"  # the built-in default
    for value, ok in (("auto", True), ("shift_jis", True), ("cp1250", True), ("klingon", False)):
        path = tmp_path / "kith.toml"
        path.write_text(f'fallback_encoding = "{value}"\n', "utf-8")
        if ok:
            assert load(path).fallback_encoding == value
        else:
            with pytest.raises(ConfigError):
                load(path)


def test_western_fixture_values() -> None:
    _, _, parsed = parse_bytes((HERE / "western_cp1252.csv").read_bytes(), "w.csv", "auto")
    assert parsed.contacts["family_name"].to_list() == [
        "Peña", "Müller", "Lefèvre", "Conceição", "Ødegård", "Nováková", "Œuvray"]


def test_an_explicit_fallback_wins() -> None:
    sjis = (HERE / "thunderbird_shift_jis.csv").read_bytes()
    assert decode(sjis, "cp1252")[1] == "cp1252"  # told so: no guessing
    assert decode(sjis, "auto")[1] == "cp932"
    western = (HERE / "western_cp1252.csv").read_bytes()
    assert decode(western, "cp1250")[1] == "cp1250"
    assert legacy_encoding(western, "shift_jis") == "shift_jis"


def test_files_table_records_the_encoding(tmp_path: Path) -> None:
    for name in FIXTURES:
        (tmp_path / name).write_bytes((HERE / name).read_bytes())
    (tmp_path / "utf8.csv").write_text("Name,Email\nAnn Lee,ann@example.org\n", "utf-8")
    (tmp_path / "notes.json").write_text('{"a": 1}', "utf-8")
    files = ingest([tmp_path], [], Limits()).files
    got = dict(zip(files["path"], files["encoding"], strict=True))
    assert got == {**{n: e for n, (e, _) in FIXTURES.items()}, "utf8.csv": "utf-8",
                   "notes.json": None}


def test_corpus_legacy_files_never_read_as_cjk() -> None:
    """Every cp1252/Latin (and Greek, Hebrew, Cyrillic code page) file of the shared corpus,
    and every non-ASCII UTF-8 Western file of it re-encoded as cp1252: none is read as CJK.
    (The corpus's Shift-JIS Android vCards hold one name each, too little evidence for a
    file-wide verdict; they declare CHARSET=SHIFT_JIS on each value, which decides.)"""
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    legacy, western, cjk = 0, 0, {}
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:3] == b"\xef\xbb\xbf" or b"\0" in data:
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            legacy += 1
            if cjk_encoding(data):
                cjk[path.name] = cjk_encoding(data)
            continue
        try:
            reencoded = text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        if not text.isascii():
            western += 1
            assert cjk_encoding(reencoded) is None, path.name
    assert legacy >= 15 and western >= 15
    assert cjk == {}


GIVEN = ["José", "Jürgen", "François", "Françoise", "João", "Bjørn", "Søren", "Zoë", "Chloé",
         "Hélène", "Agnès", "Ramón", "Inés", "Núria", "Íñigo", "Ægir", "Åsa", "Håkan", "Jörg",
         "Björn", "Émile", "Loïc", "Gaëlle", "Bénédicte", "Conceição", "Estêvão", "Ângela",
         "Sébastien", "Kévin", "Maël", "Anaïs", "Jérôme", "Ólafur", "Þórdís", "Ðani", "Grégoire"]
FAMILY = ["Peña", "Müller", "Lefèvre", "Gonçalves", "Ødegård", "Groß", "Weiß", "Schröder",
          "Muñoz", "Núñez", "Ibáñez", "Conceição", "Assunção", "Brandão", "Gómez", "Šimek",
          "Œuvray", "Ærø", "Østergård", "Öztürk", "Dvorák", "Lindqvist", "Façade", "Hénault",
          "Köhler", "Jäger", "Dürrenmatt", "Crème", "Würth", "Çelik", "Fernández", "Ruíz"]
WORDS = ["Straße", "München", "Köln", "Zürich", "São Paulo", "Málaga", "Besançon", "Liège",
         "Tromsø", "Århus", "Société Générale", "Crédit Agricole", "Bäckerei", "Telefónica",
         "Düsseldorf", "Genève", "Château", "naïve", "coöperatie", "Ação", "informação",
         "ações", "não", "são", "über", "für", "Geschäftsführer", "Directeur général",
         "Gerente de ventas", "Ingeniería", "Département", "Þjóðskrá", "½ day", "5 €", "“quoted”"]
ACCENTED = "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßŒœŠšŽžŸ"
# A made-up Western word: ASCII letters with accented letters, never more than two in a row.
MADE_UP = st.lists(st.sampled_from("abcdefghijklmnoprstuvwyz") | st.sampled_from(ACCENTED),
                   min_size=2, max_size=12).map("".join).filter(
    lambda w: not any(all(c in ACCENTED for c in w[i:i + 3]) for i in range(len(w) - 2)))
ROW = st.tuples(st.sampled_from(GIVEN) | MADE_UP, st.sampled_from(FAMILY) | MADE_UP,
                st.sampled_from(WORDS) | MADE_UP)


@settings(max_examples=400, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=60), st.sampled_from([",", ";", "\t"]))
def test_western_text_in_cp1252_is_never_read_as_cjk(rows, delim: str) -> None:
    text = f"First Name{delim}Last Name{delim}Company\r\n" + "".join(
        f"{g}{delim}{f}{delim}{w} {f.lower()}@example.org\r\n" for g, f, w in rows)
    data = text.encode("cp1252")
    assert cjk_encoding(data) is None
    try:
        data.decode("utf-8")  # ASCII only (or, rarely, also valid UTF-8): decided before
    except UnicodeDecodeError:
        assert decode(data, "auto") == (data.decode("cp1252"), "cp1252")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("王李张刘陈杨黄赵吴周徐孙"), st.sampled_from("伟芳娜敏静丽强磊军洋")),
                min_size=3, max_size=40))
def test_chinese_names_in_gb18030_are_read_as_such(names) -> None:
    text = "姓名,电话\r\n" + "".join(f"{a}{b},1380013{i:04d}\r\n" for i, (a, b) in enumerate(names))
    assert decode(text.encode("gb18030"), "auto") == (text, "gb18030")


def test_russian_outlook_export_in_cp1251_is_read_in_cp1251() -> None:
    """A Russian Outlook desktop export is cp1251 with no BOM (docs/realworld12.md R1): read as
    cp1252 its header was Latin-1 junk and the whole file was refused. Its e-mail display-name
    and e-mail type columns are not addresses."""
    data = (HERE / "outlook_ru_cp1251.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "Contacts.CSV", "auto")
    assert parsed is not None, reason
    assert parsed.encoding == "cp1251"
    c = parsed.contacts
    assert c["given_name"].to_list() == ["Иван", "Анна"]
    assert c["middle_name"].to_list() == ["Петрович", "Сергеевна"]
    assert c["family_name"].to_list() == ["Сидоров", "Кузнецова"]
    assert c["organization"].to_list() == ["ООО Ромашка", None]
    assert c["emails"].to_list() == [["ivan.sidorov@example.ru"], ["anna.kuznetsova@example.ru"]]
    assert c["phones"].to_list() == [["+7 495 123-45-67"], ["+7 916 555-01-23"]]


RU_GIVEN = ["Иван", "Анна", "Сергей", "Ольга", "Дмитрий", "Елена", "Юлия", "Роман", "Мария",
            "Алексей", "Наталья", "Павел", "Тарас", "Оксана", "Віталій", "Олена", "Євген"]
RU_FAMILY = ["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Шевченко",
             "Коваленко", "Бондаренко", "Ткаченко", "Морозов", "Волкова", "Холл", "Ли"]


def test_dos_cp850_rows_under_a_cp1252_header_are_read_line_by_line() -> None:
    """docs/realworld12.md O1: Outlook wrote the header in cp1252, the names came from a DOS
    program in cp850. Read as cp1252, `ü` (0x81, no cp1252 character) was lost as U+FFFD and
    `ö` became `”`; each line is now read in the code page its words are in. An explicit
    fallback_encoding still wins."""
    data = (HERE / "outlook_de_cp1252_header_cp850_data.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "Kontakte.CSV", "auto")
    assert parsed is not None, reason
    assert parsed.encoding == "cp1252+cp850"
    c = parsed.contacts
    assert c["given_name"].to_list() == ["Jürgen", "Björn", "Zoé"]
    assert c["family_name"].to_list() == ["Köhler", "Weiß", "Müller-Lüdenscheidt"]
    assert c["city"].to_list() == ["München", "Köln", "Zürich"]
    assert c["phones"].to_list() == [["+49 89 1234567"], ["+49 221 7654321"], ["+41 44 1234567"]]
    assert decode(data, "cp1252")[1] == "cp1252"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY), st.sampled_from(WORDS)),
                min_size=3, max_size=40))
def test_cp850_rows_come_back_or_the_file_stays_cp1252(rows) -> None:
    """Rows written in cp850 under a cp1252 header: read back exactly when their words are
    evidence of cp850, else the whole file is read as cp1252, as before (never a mix that
    garbles a line that was right)."""
    rows = [r for r in rows if all(ch.isascii() or ch in _CP850_SAFE for ch in "".join(r))]
    head = "Vorname;Nachname;Straße geschäftlich\r\n"
    body = "".join(f"{g};{f};{w}\r\n" for g, f, w in rows)
    data = head.encode("cp1252") + body.encode("cp850")
    text, enc = decode(data, "auto")
    if enc == "cp1252+cp850":
        assert text == head + body
    else:
        assert (text, enc) == (data.decode("cp1252", errors="replace"), "cp1252")


_CP850_SAFE = frozenset(ch for ch in ACCENTED + "½€“”" if ch.encode("cp850", "ignore")
                        and ch.encode("cp1252", "ignore"))


def test_hebrew_vcard_in_cp1255_with_nothing_declared_is_read_in_hebrew() -> None:
    """The shared corpus's Hebrew vCard (FolkerKinzel/VCards, MIT; docs/realworld13.md): `FN` in
    cp1255 with no CHARSET, read as cp1252 junk (`àôøéí ÷éùåï`)."""
    data = (HERE.parent / "vcard" / "folkerkinzel_Hebrew.vcf").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "Hebrew.vcf", "auto")
    assert parsed is not None, reason
    c = parsed.contacts
    assert c["full_name"].to_list() == ["אפרים קישון"]
    assert (c["given_name"].to_list(), c["family_name"].to_list()) == (["Ephraim"], ["Kishon"])


def test_hebrew_csv_in_cp1255_is_read_in_cp1255() -> None:
    data = (HERE / "outlook_he_cp1255.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "contacts.csv", "auto")
    assert parsed is not None, reason
    assert parsed.encoding == "cp1255"
    c = parsed.contacts
    assert c["given_name"].to_list() == ["יוסי", "מרים", "אברהם"]
    assert c["family_name"].to_list() == ["כהן", "לוי", "מזרחי"]
    assert c["organization"].to_list() == ["תעשיות אלון בע\"מ", "צה\"ל", None]


def test_greek_vcard_in_cp1253_with_nothing_declared_is_read_in_greek() -> None:
    """The shared corpus's Greek vCard (FolkerKinzel/VCards, MIT; docs/realworld14.md): `FN`,
    `N` and `ADR` in cp1253 with no CHARSET (only `LABEL` declares it), read as cp1252 junk."""
    data = (HERE.parent / "vcard" / "folkerkinzel_Greek.vcf").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "Greek.vcf", "auto")
    assert parsed is not None, reason
    c = parsed.contacts
    assert parsed.encoding == "cp1253"
    assert c["full_name"].to_list() == ["Βαγγέλης"]
    assert c["given_name"].to_list() == ["Ευάγγελος"]
    assert c["family_name"].to_list() == ["Παπαθανασίου"]
    assert c["city"].to_list() == ["Αθήνα"]


def test_greek_csv_in_cp1253_is_read_in_cp1253() -> None:
    data = (HERE / "outlook_gr_cp1253.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "contacts.csv", "auto")
    assert parsed is not None, reason
    assert parsed.encoding == "cp1253"
    c = parsed.contacts
    assert c["given_name"].to_list() == ["Γιώργος", "Ελένη", "Νίκος"]
    assert c["family_name"].to_list() == ["Παπαδόπουλος", "Οικονόμου", "Σταθόπουλος"]
    assert c["organization"].to_list() == ["Ναυτιλιακή Αιγαίου Α.Ε.", None, "ΟΤΕ"]


HE_GIVEN = ["יוסי", "מרים", "אברהם", "שרה", "דוד", "רחל", "משה", "נועה", "יעקב", "תמר", "אורי"]
HE_FAMILY = ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "דהן", "אברהם", "פרידמן", "שפירא", "גולן"]


GR_GIVEN = ["Γιώργος", "Ελένη", "Νίκος", "Μαρία", "Δημήτρης", "Κατερίνα", "Γιάννης", "Σοφία",
            "Κώστας", "Αναστασία", "Παναγιώτης", "Χρήστος", "Ευαγγελία", "Άννα", "Ηλίας"]
GR_FAMILY = ["Παπαδόπουλος", "Οικονόμου", "Σταθόπουλος", "Νικολάου", "Γεωργίου", "Παπαδάκη",
             "Βλάχος", "Αντωνίου", "Κωνσταντινίδης", "Μαυρίδου", "Ιωάννου", "Λαμπράκης"]


# (code page, given names, family names, header, delimiter, phone prefix): a phone book as
# that language's users write it
NATIONAL_BOOKS = [
    ("cp1251", RU_GIVEN, RU_FAMILY, "Имя;Фамилия;Телефон", ";", "+7 900"),
    ("cp1255", HE_GIVEN, HE_FAMILY, "First Name,Last Name,Mobile Phone", ",", "+972 50"),
    ("cp1253", GR_GIVEN, GR_FAMILY, "Όνομα;Επώνυμο;Κινητό τηλέφωνο", ";", "+30 69"),
]


@pytest.mark.parametrize(("encoding", "given_names", "family_names", "header", "sep", "prefix"),
                         NATIONAL_BOOKS, ids=[b[0] for b in NATIONAL_BOOKS])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_names_in_a_national_code_page_are_read_as_such(
        encoding, given_names, family_names, header, sep, prefix, data) -> None:
    names = data.draw(st.lists(st.tuples(st.sampled_from(given_names),
                                         st.sampled_from(family_names)), min_size=1, max_size=40))
    text = header + "\r\n" + "".join(
        f"{g}{sep}{f}{sep}{prefix} {i:07d}\r\n" for i, (g, f) in enumerate(names))
    assert decode(text.encode(encoding), "auto") == (text, encoding)

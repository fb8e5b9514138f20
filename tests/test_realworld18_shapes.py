"""Shapes of docs/realworld18.md's real files, on hand-made fixtures: Chinese and Korean
address-book headers (Thunderbird's zh-CN export in GBK, a company directory, a Korean
company book) and Japanese names written with the ideographic space."""

import polars as pl
from exports_support import kith_run
from test_addressbook import HERE, parse

from pipeline import charsets
from pipeline.formats import addressbook_rejects, csvheaders
from pipeline.normalize import region, script_region
from pipeline.stages.ingest_parse import parse_bytes


def test_thunderbirds_chinese_export_is_read():
    """Thunderbird writes its CSV headers in the interface's language and, on a Chinese
    Windows, the file in GBK: kith knew none of the headers and rejected the file as "no
    header row kith knows" (docs/realworld18.md X4: 41 cards)."""
    data = (HERE / "thunderbird_zh_gbk.csv").read_bytes()
    assert charsets.cjk_encoding(data) == "gb18030"  # as a run finds it
    fmt, reason, p = parse_bytes(data, "通讯录.csv", "gb18030")
    assert fmt == "contacts_csv" and p.rejects.height == 0, reason
    rows = p.contacts.sort("source_row").to_dicts()
    assert [r["full_name"] for r in rows] == ["林小雨", "wang.lei@example.cn", "陈静"]
    lin = rows[0]
    assert (lin["given_name"], lin["title"], lin["department"], lin["organization"]) == (
        "林小雨", "工程师", "研发部", "示例科技")
    assert lin["phones"] == ["13800138000"] and lin["city"] == "北京"
    assert lin["birthday"] == "1990-05-17"
    assert rows[2]["notes"] == "大学同学" and p.unread == ()


def test_the_gbk_export_in_a_kith_run(tmp_path):
    kith_run(tmp_path, {"通讯录.csv": (HERE / "thunderbird_zh_gbk.csv").read_bytes()})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    assert records["display_name"].to_list()[0] == "林小雨"
    # a national number, no region named: the Han names try China, the one country of the
    # script whose plan reads it
    assert records["phones_e164"].to_list()[0] == ["+8613800138000"]
    assert records.height == 3


def test_a_chinese_company_directorys_mobiles_are_read():
    """`移动电话` (mobile) was no phone header: a directory's 78 mobiles were unread
    (docs/realworld18.md X5). The switchboard (`总机`, one number for the whole company) and
    the extension (`分机`) stay unread and named: neither is the person's own number."""
    fmt, p = parse("company_directory_zh.csv")
    assert fmt == "contacts_csv" and p.rejects.height == 0
    rows = p.contacts.sort("source_row").to_dicts()
    assert [r["phones"] for r in rows] == [
        ["13800138001"], ["13800138002"], ["13800138003(南)13900139003(北)", "025-5555-0199"]]
    assert [r["department"] for r in rows] == ["总经办", "研发部", "研发部"]
    assert p.unread == (("总机", 3), ("分机", 2))


def test_cjk_title_and_department_headers():
    for header, field in (("직책", "title"), ("부서", "department"), ("职务", "title"),
                          ("部门", "department"), ("部署", "department"), ("役職", "title"),
                          ("移动电话号码", "phones"), ("휴대전화", "phones"), ("姓氏", "family_name"),
                          ("显示名称", "full_name"), ("主要电子邮件", "emails")):
        assert csvheaders.field_of(header, frozenset()) == field, header
    assert csvheaders.field_of("总机", frozenset()) is None  # a switchboard: the company's


def test_a_korean_company_book_reads_title_and_department():
    data = ("\ufeff이름,이메일,직책,부서,회사\n김하늘,sky.kim@example.kr,과장,기술영업,예시텍\n"
            "박도윤,doyun.park@example.kr,사원,,예시텍\n").encode()
    fmt, reason, p = parse_bytes(data, "주소록.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    rows = p.contacts.sort("source_row")
    assert rows["title"].to_list() == ["과장", "사원"]
    assert rows["department"].to_list() == ["기술영업", None] and p.unread == ()


def test_japanese_names_with_the_ideographic_space_are_person_names():
    """Japanese lists write `山田　太郎` with U+3000 between the family and given name. No such
    name passed the person-name check, so a Japanese phone list without e-mail was rejected
    whole: "nothing says its rows are people" (docs/realworld18.md X7)."""
    data = "氏名,電話番号\n山田　太郎,03-1234-5678\n佐藤　花子,090-1234-5678\n".encode()
    fmt, reason, p = parse_bytes(data, "名簿.csv", "utf-8")
    assert fmt == "contacts_csv", reason
    assert p.contacts.sort("source_row")["full_name"].to_list() == ["山田　太郎", "佐藤　花子"]
    # names alone, with addresses: still a list of names only, and now said so
    only = "名前,住所1\n村田　和子,美崎町　１１―１６\n上尾　正次,美崎町　１１―１２\n".encode()
    fmt, reason, p = parse_bytes(only, "住所録.csv", "utf-8")
    assert p is None and reason.startswith("A list of names only")


HAN = ("CN|HK|JP|MO|SG|TW",)
# Chinese mobiles as a company directory writes them: 11 digits, no +86; those starting 186,
# 177, 185 are valid NANP numbers when the leading 1 is read as the +1 country code
CN_MOBILES = [f"1{p}{n:08d}" for p in ("38", "39", "58", "86", "77", "85", "51", "52")
              for n in range(12345670, 12345673)]


def lists(values):
    return pl.Series("phones", [[v] for v in values], dtype=pl.List(pl.String))


def test_chinese_names_read_chinese_mobiles_in_china():
    """A Chinese directory names no region (no +86) and Han is written in several countries,
    so kith read the mobiles as US numbers: one in four valid there, as +1 numbers nobody
    has (docs/realworld18.md X5). China alone fits them, so the Han names try China."""
    choice = region.infer(lists(CN_MOBILES), scripts=HAN)
    assert "CN" in (choice.region, choice.second) and not choice.doubtful
    without = region.infer(lists(CN_MOBILES))
    assert without.doubtful and "CN" not in (without.region, without.second)


def test_japanese_mobiles_under_kanji_names_choose_nothing():
    """Japanese mobiles are valid in China too: two members of the group fit, none is tried."""
    jp = [f"090-{n:04d}-{n * 7 % 10000:04d}" for n in range(1200, 1230)]
    choice = region.infer(lists(jp), scripts=HAN)
    assert "CN" not in (choice.region, choice.second)
    assert script_region.choose_in_group(("TH", "CN|JP"), lambda r: True) == ["TH"]
    assert script_region.choose_in_group(("CN|JP",), lambda r: r == "JP") == ["JP"]


def test_han_names_make_the_group():
    frame = pl.DataFrame({"source_file": ["a.csv"] * 3, "full_name": ["马飞", "徐清", "Aaron.Zhu"],
                          "given_name": [None] * 3, "family_name": [None] * 3},
                         schema_overrides={"given_name": pl.String, "family_name": pl.String})
    assert script_region.script_regions(frame) == HAN
    kana = frame.with_columns(full_name=pl.lit("やまだ 太郎"))
    assert script_region.script_regions(kana) == ("JP",)


def test_a_row_named_by_a_list_of_addresses_is_a_mailing_list():
    """Thunderbird's CSV export writes a mailing list as a row whose name and e-mail are its
    members' addresses joined by "; " (docs/realworld18.md X4, 18 members): read as a person
    with 18 addresses, it was joined with one of its members. A reject with its reason."""
    data = (b"First Name,Last Name,Display Name,Primary Email\r\n"
            b"Lin,Wei,Lin Wei,lin.wei@example.cn\r\n"
            b",,lin.wei@example.cn; chen.jing@example.cn,lin.wei@example.cn; chen.jing@example.cn\r\n"
            b"Chen,Jing,Chen Jing,chen.jing@example.cn\r\n"
            b",,wang.lei@example.cn,wang.lei@example.cn\r\n")
    fmt, reason, p = parse_bytes(data, "tb.csv", "utf-8")
    assert p is not None, reason
    assert p.contacts.sort("source_row")["source_row"].to_list() == [0, 2, 3]
    assert p.rejects["reason"].to_list() == [addressbook_rejects.LIST_ROW]

"""vCard reader: golden fixtures per quirk, the real-world corpus, and property-based fuzzing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.formats import vcard
from pipeline.formats.vcard import looks_like_vcard, parse_vcard
from pipeline.formats.vcard_cards import iter_cards
from pipeline.formats.vcard_tokens import parse_line, to_text

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "vcard"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
KNOWN_REASONS = {
    vcard.REASON_EMPTY,
    vcard.REASON_NOTHING,
    vcard.REASON_TRUNCATED,
    vcard.REASON_GROUP,
    vcard.REASON_TOO_BIG,
    vcard.REASON_OUTSIDE,
}


def check_accounting(parsed) -> None:
    """Every card in exactly one of contacts/rejects; frames exactly typed as the schema says."""
    assert parsed.contacts.schema == pl.Schema(schema.CONTACTS_RAW)
    assert parsed.rejects.schema == pl.Schema(schema.REJECTS)
    kept = parsed.contacts["source_row"].to_list()
    rejected = parsed.rejects["source_row"].to_list()
    assert sorted(kept + rejected) == list(range(parsed.rows_total))
    reasons = set(parsed.rejects["reason"].to_list())
    assert reasons <= KNOWN_REASONS, reasons  # "could not be read" would mean a reader bug
    assert parsed.contacts["source_file"].null_count() == parsed.contacts.height
    assert parsed.contacts["full_name"].null_count() == 0
    assert all(len(e) <= schema.EXCERPT_MAX for e in parsed.rejects["excerpt"].to_list())


def compact(row: dict) -> dict:
    return {
        k: v for k, v in row.items() if v not in (None, []) and k not in ("source", "source_row")
    }


# --- golden fixtures ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_golden(name: str) -> None:
    want = EXPECTED[name]
    parsed = parse_vcard((FIXTURES / name).read_bytes())
    check_accounting(parsed)
    assert parsed.rows_total == want["rows_total"]
    got = {str(r["source_row"]): compact(r) for r in parsed.contacts.to_dicts()}
    assert got == want["contacts"]
    assert set(parsed.contacts["source"].to_list()) <= {"vcard"}
    reasons = {str(r["source_row"]): r["reason"] for r in parsed.rejects.to_dicts()}
    assert reasons == want["rejects"]


def test_every_fixture_has_a_golden() -> None:
    assert {p.name for p in FIXTURES.glob("*.vcf")} == set(EXPECTED)


def row0(name: str) -> dict:
    return parse_vcard((FIXTURES / name).read_bytes()).contacts.row(0, named=True)


def test_key_quirks_spelled_out() -> None:
    # A few of the goldens again, written out so a reader sees what each quirk must produce.
    assert row0("qp_android_softbreak.vcf")["family_name"] == "Żółć"
    assert row0("qp_outlook_midescape.vcf")["notes"] == "Line one\nLine two\n\nLine four"
    assert row0("charset_per_property.vcf")["full_name"] == "Renée Peña"  # undeclared cp1252
    assert row0("android_v21_japanese_1.vcf")["full_name"] == "安藤ロイド"
    assert row0("folding.vcf")["full_name"] == "Bartholomew Montgomery-Smythe"
    assert row0("apple_items_linkedin.vcf")["urls"][0] == "http://ada.example.org"
    assert row0("bday_1604_sentinel.vcf")["birthday"] == "1604-08-20"
    assert row0("script_name.vcf")["full_name"] == '<script>alert("x")</script> Mallory'
    assert row0("utf16be_no_bom.vcf")["country"] == "Perú"


def test_type_and_pref_syntaxes_map_to_the_same_model() -> None:
    text = to_text((FIXTURES / "type_pref_syntaxes.vcf").read_bytes())[0]
    cache: dict = {}
    heads = [parse_line(line, cache) for line in next(iter_cards(text)).lines]
    tel = [h for h, _ in filter(None, heads) if h.name == "TEL"]
    types = [{t.upper() for t in h.params.get("TYPE", ())} for h in tel]
    for kinds in types[:3] + types[4:6]:
        assert {"WORK", "VOICE"} <= kinds or {"HOME", "VOICE"} <= kinds, kinds
    assert "PREF" in types[3] and tel[4].params["PREF"] == ["1"]
    assert types[6] == {"COMMA", "SEPARATED:INSIDE.DQUOTE", "PREF"}
    email = [h for h, _ in filter(None, heads) if h.name == "EMAIL"]
    assert {"INTERNET", "HOME", "PREF"} <= {t.upper() for t in email[0].params["TYPE"]}
    impp = [h for h, _ in filter(None, heads) if h.name == "IMPP"][0]
    assert impp.params["X-SERVICE-TYPE"] == ["Mike’s very special, custom IM:"]


@pytest.mark.parametrize("fast", ["1", "0"])
def test_role_is_the_title_when_title_is_missing(fast, monkeypatch) -> None:
    """An office directory's converter writes the job title in ROLE and no TITLE
    (docs/realworld7.md, V2); a card with both keeps TITLE. Both readers alike."""
    monkeypatch.setattr(vcard, "FAST", fast == "1")
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    data = ("BEGIN:VCARD\nVERSION:3.0\nN;CHARSET=utf-8:Krol;Anna;;;\nROLE;CHARSET=utf-8:Head of "
            "Section\nEMAIL;INTERNET:anna@example.org\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\n"
            "FN:Ben Ode\nTITLE:Intern\nROLE:Same thing\nEMAIL:ben@example.org\nEND:VCARD\n")
    assert parse_vcard(data.encode()).contacts["title"].to_list() == ["Head of Section", "Intern"]


@pytest.mark.parametrize("fast", ["1", "0"])
def test_android_group_card_with_fn_group_is_a_reject_not_a_person(fast, monkeypatch) -> None:
    """An Android 2.1 export writes each contact group as a card: `N:;<group>;;;` and
    `FN_GROUP:<group>`, no FN, no number (docs/realworld15.md, F7). The group's name is no
    person; a card with empty TEL lines is one. Both readers alike."""
    monkeypatch.setattr(vcard, "FAST", fast == "1")
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = parse_vcard((FIXTURES / "android21_fn_group.vcf").read_bytes())
    check_accounting(parsed)
    assert parsed.contacts["full_name"].to_list() == ["Inês Sousa ❤️", "Rui Pt"]
    assert parsed.rejects["reason"].to_list() == [vcard.REASON_GROUP] * 2


def test_rfc6868_parameter_escapes() -> None:
    head, value = parse_line("ADR;LABEL=\"Main St.^nSpringfield ^'HQ^' ^^1\":;;Main St.", {})
    assert head.params["LABEL"] == ['Main St.\nSpringfield "HQ" ^1']
    assert value == ";;Main St."


def test_vcard21_unfolding_keeps_the_whitespace() -> None:
    cards = list(iter_cards("BEGIN:VCARD\nVERSION:2.1\nNOTE:Girl\n Scout\nEND:VCARD\n"))
    assert cards[0].lines == ["VERSION:2.1", "NOTE:Girl Scout"]
    cards = list(iter_cards("BEGIN:VCARD\nVERSION:3.0\nNOTE:Girl\n Scout\nEND:VCARD\n"))
    assert cards[0].lines == ["VERSION:3.0", "NOTE:GirlScout"]


def test_fallback_encoding_is_used_for_undeclared_8bit() -> None:
    data = b"BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Piotr\nEND:VCARD\n"
    assert parse_vcard(data).contacts["family_name"][0] == "Iksiñski"  # cp1252
    assert parse_vcard(data, "iso-8859-2").contacts["family_name"][0] == "Iksiński"  # The Bat!
    assert parse_vcard(data, "no-such-codec").contacts["family_name"][0] == "Iksiñski"


def test_charsets_that_make_surrogates_are_not_trusted() -> None:
    # utf-7 and raw_unicode_escape can decode to lone surrogates, which Arrow cannot store.
    for cs in (b"utf-7", b"raw_unicode_escape", b"unicode_escape"):
        data = b"BEGIN:VCARD\nFN;CHARSET=" + cs + b";QUOTED-PRINTABLE:+2AA-\\ud800=E9\nEND:VCARD\n"
        assert parse_vcard(data).contacts["full_name"].to_list() == ["+2AA-\\ud800é"]


def test_size_bounds() -> None:
    long_name = "x" * (vcard.VALUE_MAX + 10)
    data = f"BEGIN:VCARD\nVERSION:3.0\nFN:{long_name}\nEND:VCARD\n".encode()
    assert len(parse_vcard(data).contacts["full_name"][0]) == vcard.VALUE_MAX
    note = "NOTE:" + "y" * 70 + "\n"
    huge = "BEGIN:VCARD\nFN:Big\n" + note * 80_000 + "END:VCARD\n"  # 6 MB of text
    parsed = parse_vcard(huge.encode())
    assert parsed.rejects["reason"].to_list() == [vcard.REASON_TOO_BIG]
    photo = "BEGIN:VCARD\nFN:Pic\nPHOTO;ENCODING=b:" + "QUFB" * 1_600_000 + "\nEND:VCARD\n"
    assert parse_vcard(photo.encode()).contacts["full_name"].to_list() == ["Pic"]


def test_no_cards_gives_an_empty_result() -> None:
    for data in (b"", b"\xef\xbb\xbf", b"First Name,Last Name\r\nAda,Lovelace\r\n", b"\x00\xff"):
        parsed = parse_vcard(data)
        assert parsed.rows_total == 0
        assert parsed.contacts.is_empty() and parsed.rejects.is_empty()
        assert parsed.contacts.schema == pl.Schema(schema.CONTACTS_RAW)


@pytest.mark.parametrize(
    "head",
    [
        b"BEGIN:VCARD\r\nVERSION:3.0\r\n",
        b"begin:vcard\nfn:x\n",
        b"\xef\xbb\xbfBEGIN:VCARD\n",
        b"\n\n# exported by a tool\n  \nBEGIN:vCard\n",
        "BEGIN:VCARD\r\nFN:Ä\r\n".encode("utf-16"),
        "BEGIN:VCARD\r\nFN:Ä\r\n".encode("utf-16-be"),
        "BEGIN:VCARD\r\nFN:Ä\r\n".encode("utf-16-le"),
        "BEGIN:VCARD\r\n".encode("utf-32"),
        (b"BEGIN:VCARD\nNOTE:" + b"z" * 5000)[:4096],
        b"Notes\nBEGIN:VCARD\n",  # junk before the first card
        b"ENCODING:UTF-8\r\nBEGIN:VCARD\r\n",
        b"--BEGIN:VCARD\nFN:x\n",
        b"item1.BEGIN:VCARD\nFN:x\n",
        b" BEGIN:VCARD\nFN:x\n",  # starts with a continuation line
        b"VERSION:3.0\nFN:No Begin\nEND:VCARD\n",  # lost its BEGIN line
    ],
)
def test_looks_like_vcard_yes(head: bytes) -> None:
    assert looks_like_vcard(head)


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"\xef\xbb\xbf",
        b"First Name,Last Name,E-mail Address\r\n",
        b"BEGIN:VCALENDAR\n",
        b"END:VCARD\n",  # no property before it
        b"Name,Notes\r\nAnn,the word VCARD in a cell\r\n",
        b"Unicode in vCards\n.....\n>>> import vobject\n>>> card = vobject.vCard()\n"
        b">>> print(card.serialize())\nBEGIN:VCARD\nFN:x\nEND:VCARD\n",  # a doctest's example
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "First Name,Last Name\r\n".encode("utf-16"),
    ],
)
def test_looks_like_vcard_no(head: bytes) -> None:
    assert not looks_like_vcard(head)


# --- the real-world corpus ----------------------------------------------------------------------

CORPUS_FILES = sorted(CORPUS.glob("*.vcf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file(path: Path) -> None:
    data = path.read_bytes()
    parsed = parse_vcard(data)
    check_accounting(parsed)
    if parsed.rows_total:
        assert looks_like_vcard(data[:4096])
    formats = set(parsed.contacts["source_format"].to_list())
    assert formats <= {"vcard_21", "vcard_30", "vcard_40"}
    for row in parsed.contacts.iter_rows(named=True):
        for key, value in row.items():
            if isinstance(value, str):
                assert value == value.strip() or key == "notes", (key, value)
                assert value, key  # empty strings are stored as null
        assert "\ufffd" not in (row["full_name"] or ""), row["full_name"]


@needs_corpus
def test_corpus_totals_and_spot_checks() -> None:
    totals: Counter = Counter()
    by_file = {}
    for path in CORPUS_FILES:
        parsed = parse_vcard(path.read_bytes())
        by_file[path.name] = parsed
        totals["cards"] += parsed.rows_total
        totals["contacts"] += parsed.contacts.height
        totals.update(parsed.rejects["reason"].to_list())
    assert totals["cards"] >= 300
    assert totals["contacts"] >= 0.9 * totals["cards"], totals

    def first(name: str, field: str):
        return by_file[name].contacts[field][0] if name in by_file else None

    spots = {
        ("thoughtvcards_UnicodeNameSample.vcf", "given_name"): "陈丽君",  # QP break after ':'
        ("folkerkinzel_German.vcf", "full_name"): "Sören Täve Nüßlebaum",  # undeclared cp1252
        ("folkerkinzel_Murks.vcf", "family_name"): "Nüßlebaum",  # CHARSET=Murks
        ("roundcube_utf-16_sample.vcf", "full_name"): "Ǽgean ĽdaMonté",  # UTF-16BE, no BOM
        (
            "derived_ios17_test_literal.vcf",
            "linkedin_url",
        ): "https://www.linkedin.com/in/williamhgates",
        ("android_v21_invalid_multiple_line.vcf", "emails"): ["omega@example.com"],
    }
    for (name, field), want in spots.items():
        if name in by_file:
            got = first(name, field)
            assert (got.to_list() if isinstance(got, pl.Series) else got) == want, name
    company = by_file.get("rcmcarddav_EmptyFNCompany.vcf")
    if company is not None:  # FN empty, X-ABShowAs:COMPANY: the display name is the company
        assert company.contacts["full_name"][0] == company.contacts["organization"][0]
    if "android_v21_nest.vcf" in by_file:
        # A BEGIN inside a card without an AGENT property is the next card (the open one is
        # cut off there); the parent's last property before its END is a card of its own.
        nest = by_file["android_v21_nest.vcf"].contacts
        assert nest["family_name"].to_list() == ["parent", "nest1", "nest2", None]
        assert nest["phones"].to_list()[-1] == ["1"]
    if "rcmcarddav_Group.vcf" in by_file:
        assert by_file["rcmcarddav_Group.vcf"].rejects["reason"].to_list() == [vcard.REASON_GROUP]


# --- property-based: never raise, always account for every card --------------------------------

FRAGMENTS = [
    "BEGIN:VCARD", "END:VCARD", "begin:vcard", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0",
    "FN:", "FN:Ann", "N:a;b;c,d;e;f;g", "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=",
    "=C3=A9=", "=0", "NOTE;QUOTED-PRINTABLE:x=", "ORG;CHARSET=Murks:\\;\\,", "EMAIL:\"A\" <a@b>",
    "TEL;VALUE=uri:tel:+1;ext=", "TEL;TYPE=\"a,b:c\";PREF=1:1", "URL:http\\://x", " folded",
    "\tfolded", "", "#", "CATEGORIES:a\\, b", "KIND:group", "X-SOCIALPROFILE;type=linkedin:",
    "item1.URL:linkedin.com/in/x", "ITEM1.X-ABLABEL:_$!<PROFILE>!$_", "PHOTO;BASE64:",
    "  QUFB", "ADR:;;;;;;", "ADR:a;b;c;d;e;f;g;h", "BDAY:1604-01-01", "X-ABShowAs:COMPANY",
    "CHARSET=utf-16", "N;CHARSET=punycode:\xff", "FN;CHARSET=raw_unicode_escape:\\ud800\xe9",
    "NOTE;CHARSET=utf-7;QUOTED-PRINTABLE:+2AA-=E9", "\\", "^n^'", ":", ";", "X Y:z", "a/b:c",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    check_accounting_safe(parse_vcard(data))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_never_raises_on_text_inside_a_card(text: str) -> None:
    data = ("BEGIN:VCARD\r\n" + text + "\r\nEND:VCARD\r\n").encode("utf-8", "surrogatepass")
    parsed = parse_vcard(data)
    check_accounting_safe(parsed)
    assert parsed.rows_total >= 1


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r\r\n", "\r"]),
    st.sampled_from(["utf-8", "utf-16-le", "utf-16", "cp1252", "shift_jis"]),
)
def test_never_raises_on_vcard_like_lines(lines: list[str], eol: str, encoding: str) -> None:
    data = eol.join(lines).encode(encoding, "replace")
    check_accounting_safe(parse_vcard(data))
    looks_like_vcard(data[:4096])


def check_accounting_safe(parsed) -> None:
    # Fuzzed input may legitimately have no full_name-bearing card, but the invariants hold.
    assert sorted(
        parsed.contacts["source_row"].to_list() + parsed.rejects["source_row"].to_list()
    ) == list(range(parsed.rows_total))
    assert set(parsed.rejects["reason"].to_list()) <= KNOWN_REASONS
    assert parsed.contacts["full_name"].null_count() == 0
    assert parsed.contacts.schema == pl.Schema(schema.CONTACTS_RAW)


# --- structure: no card swallowed, junk rejected with its line ----------------------------------


def test_structure_quirks_spelled_out() -> None:
    junk = parse_vcard((FIXTURES / "structure_leading_junk.vcf").read_bytes())
    assert junk.contacts["full_name"].to_list() == ["Anna Stray", "Bert Stray"]
    assert [e.split(":")[0] for e in junk.rejects["excerpt"].to_list()] == ["line 3", "line 11"]
    cut = parse_vcard((FIXTURES / "structure_truncated_then_card.vcf").read_bytes())
    # The complete cards after a cut-off one are records, not swallowed as nested cards.
    assert cut.contacts["full_name"].to_list() == ["Cut Early", "Whole One", "Whole Two",
                                                    "Has Agent"]
    assert cut.rejects["reason"].to_list() == [vcard.REASON_TRUNCATED]


CARD_BODIES = st.sampled_from(["FN:{n}", "N:{n};Given", "EMAIL:{n}@example.com",
                               "TEL:+1 555 01{n}", "NOTE:about {n}", "X-ODD:{n}"])
JUNK = st.sampled_from(["", "# comment", "ENCODING:UTF-8", "/9j/4AAQSkZJRg==", "stray text",
                        "\x1a", "X-NOTE:between", "END:VCARD"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(CARD_BODIES, max_size=4),
                          st.sampled_from(["end", "no-end", "dashes", "group", "no-begin"]),
                          st.lists(JUNK, max_size=2)), min_size=1, max_size=8),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_no_card_swallowed(cards, eol: str, bom: bool) -> None:
    """Cards complete, cut off, with damaged or missing markers, junk between: every card with
    a name ends up a record or a reject of its own, in file order; no card hides another."""
    lines: list[str] = []
    named: list[str] = []
    for k, (bodies, shape, junk) in enumerate(cards):
        body = [b.format(n=f"p{k}x") for b in bodies]
        name = f"Person{k}"
        if shape == "no-begin":
            if lines and lines[-1] != "END:VCARD":
                lines.append("END:VCARD")  # only an ended card lets a BEGIN-less one be seen
            body = ["VERSION:3.0", f"FN:{name}", *body]
        else:
            begin = {"dashes": "--BEGIN:VCARD", "group": "item1.BEGIN:VCARD"}.get(shape,
                                                                                 "BEGIN:VCARD")
            body = [begin, "VERSION:3.0", f"FN:{name}", *body]
        lines += body + (["END:VCARD"] if shape != "no-end" else [])
        named.append(name)
        if shape != "no-end":
            lines += [j for j in junk if j != "END:VCARD" or lines[-1] != "END:VCARD"]
    data = (("\ufeff" if bom else "") + eol.join(lines) + eol).encode("utf-8")
    parsed = parse_vcard(data)
    check_accounting(parsed)
    assert looks_like_vcard(data[:4096])
    kept = parsed.contacts.sort("source_row")["full_name"].to_list()
    assert kept == named


def test_cards_glued_without_a_newline_are_two_people():
    """`cat a.vcf b.vcf` when a.vcf lacks its final newline: END:VCARDBEGIN:VCARD on one line
    (found in vCardLib's test files) must not merge the second card into the first."""
    from pipeline.formats.vcard_cards import iter_cards
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann One\nEMAIL:ann@example.com\nEND:VCARDbegin:vcard\n"
            "VERSION:3.0\nFN:Bob Two\nEMAIL:bob@example.com\nEND:VCARD\n")
    cards = [c.lines for c in iter_cards(text)]
    assert cards == [["VERSION:3.0", "FN:Ann One", "EMAIL:ann@example.com"],
                     ["VERSION:3.0", "FN:Bob Two", "EMAIL:bob@example.com"]]


def test_segments_count_the_lines_between_marker_like_lines():
    """Only lines holding "ARD"/"ard" are walked one by one; the plain lines between them
    still start a run outside the cards (before the first card, after the last) and still
    decide an AGENT's embedded card, also one whose AGENT line precedes a nested END."""
    text = ("some words before\n\nBEGIN:VCARD\nFN:Ann\nAGENT:\n\nBEGIN:VCARD\nFN:Bob\nAGENT:\n"
            "END:VCARD\nBEGIN:VCARD\nFN:Cy\nEND:VCARD\nEMAIL:ann@example.com\nEND:VCARD\n"
            "BEGIN:VCARD\nFN:Dee\nEND:VCARD\n\nwords after the cards\n")
    got = [(c.start, c.stop, c.outside, c.ended, c.lines) for c in iter_cards(text)]
    assert got == [(0, 2, True, False, []),
                   (2, 15, False, True, ["FN:Ann", "AGENT:", "EMAIL:ann@example.com"]),
                   (15, 18, False, True, ["FN:Dee"]),
                   (19, 21, True, False, [])]


def test_plain_and_irregular_card_bodies_read_alike():
    """A body with no blank, comment, folded, soft-break or marker-like line is taken as it
    stands; one name with "ard" in it sends a card the line-by-line way, to the same lines."""
    for name in ("Ann", "Richard"):
        text = f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nNOTE:a=b\nEND:VCARD\n"
        assert [c.lines for c in iter_cards(text)] == [["VERSION:3.0", f"FN:{name}", "NOTE:a=b"]]
    text = "BEGIN:VCARD\nFN:Ann\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\n=3Db\n\n# c\nEND:VCARD\n"
    assert [c.lines for c in iter_cards(text)] == [["FN:Ann", "NOTE;ENCODING=QUOTED-PRINTABLE:a=3Db"]]


def test_an_undecodable_byte_in_a_parameter_is_replaced_not_stored():
    # found by tests/test_ingest_fuzz.py: an invalid UTF-8 byte inside Apple's x-user= made a
    # lone surrogate that Arrow refused, and the whole file raised
    data = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
            b"X-SOCIALPROFILE;type=linkedin;x-user=ada\xeblove:https://x.example\r\n"
            b"EMAIL;LABEL=b\xfcro:ada@example.org\r\nEND:VCARD\r\n")
    parsed = parse_vcard(data)
    assert parsed.contacts.height == 1 and parsed.rejects.height == 0
    assert parsed.contacts["linkedin_url"][0] == "https://www.linkedin.com/in/ada\ufffdlove"


@pytest.mark.parametrize("fast", ["1", "0"])
def test_suite_and_po_box_of_an_address_are_kept_with_the_street(fast, monkeypatch) -> None:
    """RFC 6350's own example card (6.3.1): `ADR;TYPE=work:;Suite D2-630;2875 Laurier;...`. The
    extended address (suite, flat) and the post office box were dropped: an address lost its
    suite. Both readers join them to the street line (docs/realworld14.md, part 1c)."""
    monkeypatch.setattr(vcard, "FAST", fast == "1")
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    data = ("BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\nADR;TYPE=work:;Suite D2-630;2875 "
            "Laurier;Quebec;QC;G1V 2M2;Canada\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\n"
            "ADR;TYPE=home:PO Box 12;;;Springfield;IL;62701;USA\nEND:VCARD\nBEGIN:VCARD\n"
            "VERSION:3.0\nFN:Bo Li\nADR:;Flat 4;1 Main St;;;;\nEND:VCARD\n")
    c = parse_vcard(data.encode()).contacts
    assert c["street"].to_list() == ["2875 Laurier, Suite D2-630", "PO Box 12", "1 Main St, Flat 4"]
    assert c["city"].to_list() == ["Quebec", "Springfield", None]


def test_a_nickname_list_names_its_first_item_not_a_person_of_two():
    """NICKNAME:Jo,Josie on a card with nothing else to name it (docs/realworld23.md R6): the
    record is shown "Jo". Kept whole, "Jo,Josie" was the card's name, and normalize read it
    as "Last, First": a person "Josie Jo" with the family name "Jo"."""
    from pipeline.stages.normalize import normalize_records

    parsed = parse_vcard((FIXTURES / "nickname_lists.vcf").read_bytes())
    frame = parsed.contacts.with_columns(source_file=pl.lit("nickname_lists.vcf"))
    got = normalize_records(frame).select("display_name", "given_clean", "family_clean")
    assert got.row(1) == ("Jo", "Jo", None)
    assert got.row(2) == ("Kit", "Kit", None)

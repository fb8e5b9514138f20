"""Organisation from a work e-mail: a person without an organisation whose address is at a
domain that other people's records tie to one organisation gets that organisation, with
`organization_source` saying so. Personal mail providers (gmail.com, web.de, ...) never
name an employer: the dedupe list and the networks file's `personal_domains` are both honoured.

A domain names an organisation only when at least two thirds of the people at that domain
who have an organisation agree on it (a shared mail host of several firms names none), and
either two or more people agree or the domain spells the organisation's name (hooli.com for
Hooli): one colleague with an employer on a family domain does not make the family staff.
"""

from __future__ import annotations

import re

import polars as pl

from pipeline.dedupe.mail_spellings import PERSONAL_DOMAINS
from pipeline.textfmt import fmt

FROM_RECORD = "record"
# RFC 2606 example domains (test data and documentation, never an employer).
RESERVED = frozenset({"example.com", "example.org", "example.net", "example.edu"})
AGREEMENT = 2 / 3
# Labels of a domain that say nothing about the organisation (mail.hooli.co.uk -> hooli).
_GENERIC_LABELS = r"^(www|mail|email|e-mail|smtp|corp|intra|co|com|org|net|gov|edu|ac|ltd)$"


def spells(domain: str, org_key: str | None) -> bool:
    """True when a label of the domain (three characters or more, not the TLD or a generic
    label) is the organisation's key without spaces, begins it, or begins with its first word
    (hooli.com ~ "hooli", acme-corp.de ~ "acme corporation", hoolimail.com ~ "hooli labs";
    not example.org ~ "variance example")."""
    if not org_key:
        return False
    compact = org_key.replace(" ", "")
    first = org_key.split(" ")[0]
    for label in domain.split(".")[:-1]:
        label = label.replace("-", "")
        if len(label) < 3 or re.match(_GENERIC_LABELS, label):
            continue
        if compact.startswith(label) or (len(first) >= 3 and label.startswith(first)):
            return True
    return False


def _person_domains(records: pl.DataFrame, personal: frozenset[str]) -> pl.DataFrame:
    """(person_id, domain, pos): each person's work-mail domains, in the order of their
    records (by record id) and of the addresses within a record."""
    # pos: the row number once sorted, so a smaller pos is an earlier address (a window
    # numbering per person is ten times slower at a million records, and not needed). Sorted
    # after the personal domains are gone: a third of the rows, without the list column
    # (sorting a million records' address lists took 0.5 s); the stable sort keeps a record's
    # addresses in their order.
    return (records.select("person_id", "record_id", pl.col("email_keys").alias("e"))
            .filter(pl.col("e").list.len() > 0).explode("e")
            # e-mail keys are lower case already (normalize stage)
            .with_columns(pl.col("e").str.extract(r"@([^@\s]+)$", 1)
                          .str.strip_chars(".").alias("domain"))
            .drop_nulls("domain").filter(~pl.col("domain").is_in(list(personal)))
            .sort("record_id", maintain_order=True).with_row_index("pos")
            .select("person_id", "domain", "pos"))


def domain_organizations(people: pl.DataFrame, records: pl.DataFrame,
                         personal: frozenset[str], domains: pl.DataFrame | None = None
                         ) -> pl.DataFrame:
    """domain -> organization, org_key: the organisation most people at the domain have,
    when at least AGREEMENT of them share it. `domains`: _person_domains, if computed."""
    # selected before filtering: an eager filter gathers every column of people (~40)
    known = people.select("person_id", "organization", "org_key").filter(
        pl.col("org_key").is_not_null())
    if domains is None:
        domains = _person_domains(records, personal)
    votes = (domains.unique(["person_id", "domain"])
             .join(known, on="person_id"))
    per_key = (votes.group_by("domain", "org_key")
               .agg(pl.len().alias("n"), pl.col("organization").mode().sort().first()))
    total = per_key.group_by("domain").agg(pl.col("n").sum().alias("total"))
    best = (per_key.sort(["domain", "n", "org_key"], descending=[False, True, False])
            .unique("domain", keep="first", maintain_order=True).join(total, on="domain"))
    best = best.filter(pl.col("n") >= AGREEMENT * pl.col("total"))
    # On distinct domains only (one row each): a Python check is cheap here.
    named = pl.Series([spells(d, k) for d, k in zip(best["domain"], best["org_key"],
                                                     strict=True)], dtype=pl.Boolean)
    return best.filter((pl.col("n") >= 2) | named).select("domain", "organization", "org_key")


def fill_organizations(people: pl.DataFrame, records: pl.DataFrame,
                       personal_domains: frozenset[str] = frozenset()) -> pl.DataFrame:
    """people (with their `records`: person_id, record_id, email_keys) with `organization_source` set ("record", or "work e-mail domain D") and the
    organisation filled from a work domain where it was missing."""
    personal = PERSONAL_DOMAINS | RESERVED | frozenset(personal_domains)
    people = people.with_columns(
        pl.when(pl.col("organization").is_not_null()).then(pl.lit(FROM_RECORD))
        .alias("organization_source"))
    domains = _person_domains(records, personal)
    mapping = domain_organizations(people, records, personal, domains)
    if mapping.height == 0:
        return people
    missing = people.select("person_id").filter(people["organization"].is_null())
    found = (domains.join(missing, on="person_id", how="semi")
             .join(mapping, on="domain").sort("person_id", "pos")
             .unique("person_id", keep="first", maintain_order=True)
             .select("person_id", pl.col("organization").alias("_org"),
                     pl.col("org_key").alias("_key"),
                     fmt("work e-mail domain {}", "domain").alias("_src")))
    out = people.join(found, on="person_id", how="left", maintain_order="left")
    return out.with_columns(
        pl.coalesce("organization", "_org").alias("organization"),
        pl.coalesce("org_key", "_key").alias("org_key"),
        pl.coalesce("organization_source", "_src").alias("organization_source"),
    ).drop("_org", "_key", "_src")

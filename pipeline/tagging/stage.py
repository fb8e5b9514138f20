"""Stage 4 (tag): people + records + interactions + owner -> tagged people, networks, targets.

    result = tag(people, records, interactions, owner, rules=load_rules(path),
                 targets=load_targets(path), decisions=decisions.load(path), as_of=date)

A pure function: the same tables, rules, targets, decisions and as-of date give the same
output, row for row. See the modules of :mod:`pipeline.tagging` for each step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from pipeline import schema
from pipeline.dedupe.decisions import Decision
from pipeline.enrich import companies as companies_mod
from pipeline.enrich import openings as openings_mod
from pipeline.enrich.org_domain import fill_organizations
from pipeline.enrich.roles import add_roles
from pipeline.tagging import activity, evidence
from pipeline.tagging import overrides as overrides_mod
from pipeline.tagging import targets as targets_mod
from pipeline.tagging.rules import Rules
from pipeline.tagging.targets import Target

_ALL = sorted(schema.NETWORK_NAMES)
# Every subset of the networks as a sorted list, indexed by its bit mask (bit i = _ALL[i]).
_SUBSETS = pl.Series([[n for i, n in enumerate(_ALL) if m >> i & 1] for m in range(1 << len(_ALL))],
                     dtype=schema.LS)


def network_lists(ids: pl.Series, networks: pl.DataFrame) -> pl.Series:
    """people.networks for the person ids `ids`: the sorted networks with a row in `networks`.

    With sorted ids (as dedupe writes people) each row finds its person by binary search and
    the person's set is a bit mask; the list is then gathered from the eight possible lists.
    """
    bit = pl.col("network").replace_strict({n: 1 << i for i, n in enumerate(_ALL)},
                                           return_dtype=pl.UInt8)
    if not ids.is_sorted():
        order = ids.arg_sort()
        return network_lists(ids.gather(order), networks).gather(order.arg_sort())
    pos = ids.search_sorted(networks["person_id"], side="left")
    found = networks.select("person_id", bit.alias("bit")).with_columns(pos.alias("pos")).filter(
        pl.col("pos") < ids.len())
    found = found.filter(ids.gather(found["pos"]) == found["person_id"])
    mask = np.zeros(ids.len(), dtype=np.uint8)
    np.bitwise_or.at(mask, found["pos"].to_numpy(), found["bit"].to_numpy())
    return _SUBSETS.gather(pl.Series(mask, dtype=pl.UInt32)).alias("networks")


@dataclass
class TagResult:
    people: pl.DataFrame  # schema.PEOPLE, tag columns filled
    networks: pl.DataFrame  # schema.NETWORKS, sorted by person_id, network, rule
    targets: pl.DataFrame  # schema.TARGETS, sorted by target, rank
    stats: dict = field(default_factory=dict)
    openings: pl.DataFrame | None = None  # schema.OPENINGS
    companies: pl.DataFrame | None = None  # schema.COMPANIES
    linked: pl.DataFrame | None = None  # activity.LINKED: kept so a refresh can re-date it
    # companies_mod.MEMBERS and the owner's own cards: kept so a refresh re-dates companies
    # without the records
    company_members: pl.DataFrame | None = None
    own_cards: pl.Series | None = None


def with_target_paths(people: pl.DataFrame, records: pl.DataFrame, owner: pl.DataFrame,
                      targets: list, own_cards, columns: list[str] | None = None
                      ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(people with their target companies, conformed and sorted by id; the warm paths into
    each target). The as-of refresh (pipeline/redate.py) recomputes the same from here, on
    some of the people's columns (`columns`: those of schema.PEOPLE the result keeps)."""
    # no targets: nobody is a path, and the owner's titles need no classifying (~0.2 s a
    # re-dated night at a million people)
    paths = targets_mod.paths(people, records, targets, exclude=own_cards,
                              owner_functions=targets_mod.owner_functions(owner, targets)
                              ) if targets else schema.empty(schema.TARGETS)
    if paths.height == 0:  # nobody is a path (no targets): the join would fill every row with []
        out = people.with_columns(target_companies=pl.lit([], dtype=schema.LS))
    else:
        out = people.drop("target_companies").join(
            targets_mod.person_targets(paths), on="person_id", how="left",
            maintain_order="left").with_columns(
            pl.col("target_companies").fill_null(pl.lit([], dtype=schema.LS)))
    out = schema.conform(out, schema.PEOPLE if columns is None else
                         {c: t for c, t in schema.PEOPLE.items() if c in columns})
    if not out["person_id"].is_sorted():
        out = out.sort("person_id")
    return out, paths


def tag(people: pl.DataFrame, records: pl.DataFrame, interactions: pl.DataFrame,
        owner: pl.DataFrame, *, rules: Rules, targets: list[Target], decisions: list[Decision],
        as_of: dt.date, known_roles: pl.DataFrame | None = None,
        ahead: dict | None = None) -> TagResult:
    """`known_roles`: titles' roles as this code classified them before (enrich.roles.add_roles).
    `ahead`: parts computed with other owners' (a batch's group: pipeline/batch/grouped_tag.py):
    "name_key" (evidence.owner_facts) and "hits" (evidence.rule_rows), each optional."""
    ahead = ahead or {}
    people = schema.conform(people, schema.PEOPLE)
    records = schema.conform(records, schema.RECORDS)
    # Enrichment first: a filled-in organisation and the role make target paths too.
    people = add_roles(fill_organizations(people, records, rules.personal_domains),
                       known_roles)
    interactions = schema.conform(interactions, schema.INTERACTIONS)
    me = evidence.owner_facts(owner, rules.personal_domains,
                              **({"name_key": ahead["name_key"]} if "name_key" in ahead else {}))
    own_cards = evidence.owner_people(records, me)

    linked, stats = activity.link(interactions, records, me.name_key, as_of)
    rows = evidence.rule_rows(records, linked, me, rules, ids=people["person_id"],
                              exclude=own_cards, hits=ahead.get("hits"))
    overrides = overrides_mod.override_people(records, decisions)
    networks = overrides_mod.apply_overrides(rows, overrides)
    networks = schema.conform(networks, schema.NETWORKS)

    out = people.with_columns(network_lists(people["person_id"], networks).alias("networks"))
    out = activity.activity_columns(out, linked, rules, as_of)

    out, paths = with_target_paths(out, records, owner, targets, own_cards)

    counts = networks.group_by("network").agg(pl.col("person_id").n_unique())
    by_network = dict(zip(counts["network"], counts["person_id"], strict=True))
    stats.update({
        "people": out.height,
        # counted on the column: filtering `out` would gather its ~40 columns to count rows
        "untagged": int((out["networks"].list.len() == 0).sum()),
        **{f"network_{n}": by_network.get(n, 0) for n in schema.NETWORK_NAMES},
        "owner_cards": own_cards.len(),
        "overrides": overrides["decision_id"].n_unique(),
        "overrides_unresolved": overrides.filter(pl.col("person_id").is_null()).height,
        "dormant": int(out["dormant"].sum()),
        "target_paths": paths.height,
        "organizations_from_email": int(
            out["organization_source"].str.starts_with("work e-mail").sum()),
    })
    stats["untagged_lists"] = untagged_lists(out, records, own_cards)
    mentioned = schema.conform(openings_mod.openings(linked, interactions), schema.OPENINGS)
    stats["opening_mentions"] = mentioned.height
    members = companies_mod.members(out, records, exclude=own_cards)
    firms = companies_mod.from_members(members, out, targets)
    return TagResult(out, networks, paths, stats, mentioned, firms, linked, members, own_cards)


# An event's or a club's list says what the group is only by being that list, so no built-in
# rule tags its people (README, "community and event lists"); a `file` rule does. The run says
# which lists left people in no network (user40: a product meetup's Eventbrite list, whose
# attendees she expected in a network, sat in Untagged with nothing saying why or what to do).
LIST_HINT_MIN = 2


def untagged_lists(people: pl.DataFrame, records: pl.DataFrame, own: pl.Series) -> dict[str, int]:
    """{contact CSV file: people in no network with a record of it}, files with at least
    LIST_HINT_MIN of them; the owner's own cards are not counted (they are in none by design)."""
    untagged = people.filter((pl.col("networks").list.len() == 0)
                             & ~pl.col("person_id").is_in(own.implode())).select("person_id")
    if untagged.height < LIST_HINT_MIN:
        return {}
    per = (records.lazy().filter(pl.col("source") == "csv").select("person_id", "source_file")
           .join(untagged.lazy(), on="person_id", how="semi")
           .group_by("source_file").agg(pl.col("person_id").n_unique().alias("n"))
           .filter(pl.col("n") >= LIST_HINT_MIN).sort("source_file").collect())
    return dict(per.iter_rows())

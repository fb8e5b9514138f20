"""The tagging builders (tests/tagging_frames.py) give frames of the stage schemas."""

from __future__ import annotations

from tagging_frames import AS_OF, inter, interactions, owner, people, rec, records, run_tag

from pipeline import schema
from pipeline.tagging import load_rules, tag


def test_builders_give_stage_schemas():
    r = records([rec("a", "Ann Lee", "linkedin", org="Acme Inc.", slug="ann-lee")])
    assert dict(r.schema) == schema.RECORDS
    assert r["org_key"][0] == "acme"
    assert dict(people(r).schema) == schema.PEOPLE
    assert dict(interactions([inter("message", "incoming", "2025-01-01", "Ann Lee")]).schema) \
        == schema.INTERACTIONS
    assert dict(owner(positions=[("Acme", "2020-01-01", None)]).schema) == schema.OWNER


def test_tag_output_schemas_and_sorting():
    res = run_tag([rec("b", "Bo Z", "linkedin", slug="bo"), rec("a", "Al Y", labels=["Gym"])])
    assert dict(res.people.schema) == schema.PEOPLE
    assert dict(res.networks.schema) == schema.NETWORKS
    assert dict(res.targets.schema) == schema.TARGETS
    assert res.networks["person_id"].to_list() == ["p_a", "p_b"]
    assert res.people["person_id"].is_sorted()


def test_empty_tables():
    from pipeline.dedupe.decisions import Decision
    from pipeline.tagging import Target
    res = tag(schema.empty(schema.PEOPLE), schema.empty(schema.RECORDS),
              schema.empty(schema.INTERACTIONS), schema.empty(schema.OWNER),
              rules=load_rules(None), targets=[Target("Acme")],
              decisions=[Decision(1, "in-network", "email:a@b.c", "peer")], as_of=AS_OF)
    assert (res.people.height, res.networks.height, res.targets.height) == (0, 0, 0)
    assert res.stats["overrides_unresolved"] == 1

"""A network reason taken from a record's title or organisation names that record's source
(docs/left34.md item 3; user34: `kith networks "Nathan Loxson"` said "title 'Recruiter'
matches recruiter" while LinkedIn shows him a Principal Engineer: the title was an old Google
card's).

Expected before running: the person with a LinkedIn record (Principal Engineer at Deloitte) and
an old Google card (Recruiter at Quill & Co) is business because "title 'Recruiter' on your
Google contact matches recruiter"; a title both sources hold is one finding naming both; a
user's own template may use {source} for these kinds too (it read "" before).
"""

from __future__ import annotations

from tagging_frames import reasons, rec, run_tag

from pipeline.tagging.rules import parse_rules


def test_a_title_from_an_old_card_names_its_source():
    res = run_tag([rec("a", "Nathan Loxson", "linkedin", org="Deloitte",
                       title="Principal Engineer", slug="nathan-loxson"),
                   rec("a", "Nathan Loxson", "google", org="Quill & Co", title="Recruiter")])
    found = [why for why in reasons(res, "a").values() if why.startswith("title")]
    assert found == ["title 'Recruiter' on your Google contact matches recruiter"]


def test_the_same_title_on_two_records_is_one_finding_naming_both():
    res = run_tag([rec("a", "Ann Lee", "linkedin", title="Technical Recruiter", slug="ann-lee"),
                   rec("a", "Ann Lee", "google", title="Technical Recruiter")])
    found = [why for why in reasons(res, "a").values() if why.startswith("title")]
    assert found == ["title 'Technical Recruiter' on your Google and LinkedIn contact matches "
                     "recruiter"]


def test_a_users_template_reads_the_source():
    rules = parse_rules({"rule": [{"name": "org-pta", "network": "community",
                                   "kind": "organization", "match": ["pta"],
                                   "reason": "{source}: {value}"}]}, None)
    res = run_tag([rec("a", "Ann Lee", "vcard", org="Lincoln PTA")], rules=rules)
    assert reasons(res, "a") == {"org-pta": "vCard: Lincoln PTA"}

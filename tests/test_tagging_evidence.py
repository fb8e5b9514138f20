"""Every rule family of the default networks.toml, the reasons it gives, and overrides."""

from __future__ import annotations

import polars as pl
import pytest
from tagging_frames import inter, nets, owner, reasons, rec, records, run_tag

from pipeline.dedupe.decisions import Decision


def test_linkedin_connection_is_business_evidence():
    res = run_tag([rec("a", "Ann Lee", "linkedin", slug="ann-lee")])
    assert nets(res, "a") == ["business"]
    assert reasons(res, "a") == {"linkedin-connection": "LinkedIn connection"}


def test_linkedin_imported_contacts_are_not_connections():
    res = run_tag([rec("a", "Ann Lee", "linkedin", fmt="linkedin_imported_contacts")])
    assert nets(res, "a") == []


def test_person_without_evidence_is_untagged():
    res = run_tag([rec("a", "Ann Lee", "vcard", emails=["ann@gmail.com"], org="Blue Harbor")])
    assert nets(res, "a") == []
    assert res.networks.height == 0
    assert res.stats["untagged"] == 1


@pytest.mark.parametrize("source,label,network,reason", [
    ("google", "Gym", "peer", "Google label 'Gym'"),
    ("google", "Family", "peer", "Google label 'Family'"),
    ("vcard", "Friends", "peer", "vCard category 'Friends'"),
    ("vcard", "Church", "community", "vCard category 'Church'"),
    ("google", "Volunteering", "community", "Google label 'Volunteering'"),
    ("google", "Alumni", "community", "Google label 'Alumni'"),
    ("outlook", "Clients", "business", "Outlook category 'Clients'"),
    ("google", "Work", "business", "Google label 'Work'"),
    ("google", "Familie", "peer", "Google label 'Familie'"),
    ("vcard", "Sąsiedzi", "peer", "vCard category 'Sąsiedzi'"),
    ("google", "家族", "peer", "Google label '家族'"),
    ("google", " FRIENDS ", "peer", "Google label 'FRIENDS'"),
])
def test_labels_and_categories(source, label, network, reason):
    res = run_tag([rec("a", "Ann Lee", source, labels=[label])])
    assert nets(res, "a") == [network]
    assert list(reasons(res, "a").values()) == [reason]


def test_unknown_labels_say_nothing():
    res = run_tag([rec("a", "Ann Lee", labels=["Starred", "Misc", "myContacts"])])
    assert nets(res, "a") == []


@pytest.mark.parametrize("org,rule,match", [
    ("St. Mary's Church", "org-religion", "church"),
    ("Église Saint-Pierre", "org-religion", "eglise"),
    ("Evangelische Kirchengemeinde Köln", "org-religion", "kirchengemeinde"),
    ("Parafia św. Anny", "org-religion", "parafia"),
    ("Springfield General Hospital", "org-healthcare", "hospital"),
    ("Universitätsklinikum Köln", "org-healthcare", "universitatsklinikum"),
    ("Hôpital Necker", "org-healthcare", "hopital"),
    ("Grundschule am Park", "org-education", "grundschule"),
    ("Universidad de Sevilla", "org-education", "universidad"),
    ("University of Illinois", "org-education", "university"),
    ("東京大学", "org-education", "大学"),
    ("City of Portland", "org-government", "city of"),
    ("Ayuntamiento de Madrid", "org-government", "ayuntamiento"),
    ("YMCA of Denver", "org-sports-recreation", "ymca"),
    ("Little League Baseball", "org-sports-recreation", "little league"),
    ("Habitat for Humanity", "org-nonprofit", "habitat for humanity"),
    ("Gates Foundation", "org-nonprofit", "foundation"),
])
def test_organisation_keywords_are_community(org, rule, match):
    res = run_tag([rec("a", "Ann Lee", org=org)])
    assert nets(res, "a") == ["community"]
    assert reasons(res, "a") == {
        rule: f"organisation '{org}' on your Google contact matches {match}"}


@pytest.mark.parametrize("org", ["Churchill Capital", "Schooler Analytics", "Templeton Funds",
                                 "Blue Health", "Clubhouse Media"])
def test_keywords_match_whole_words_only(org):
    assert nets(run_tag([rec("a", "Ann Lee", org=org)]), "a") == []


def test_staffing_agency_and_chamber_of_commerce_are_business():
    res = run_tag([rec("a", "Ann Lee", org="Initech Staffing"),
                   rec("b", "Bo Ng", org="Austin Chamber of Commerce")])
    assert nets(res, "a") == nets(res, "b") == ["business"]


@pytest.mark.parametrize("title,network,match", [
    ("Technical Recruiter", "business", "recruiter"),
    ("Recruiting Coordinator", "business", "recruiting"),
    ("Talent Acquisition Partner", "business", "talent acquisition"),
    ("HR Business Partner", "business", "hr"),
    ("Head of People", "business", "head of people"),
    ("Personalreferentin", "business", "personalreferentin"),
    ("Chargée de recrutement", "business", "recrutement"),
    ("Reclutadora", "business", "reclutadora"),
    ("Pastor", "community", "pastor"),
    ("Lehrerin", "community", "lehrerin"),
])
def test_title_keywords(title, network, match):
    res = run_tag([rec("a", "Ann Lee", title=title)])
    assert nets(res, "a") == [network]
    assert list(reasons(res, "a").values()) == [
        f"title '{title}' on your Google contact matches {match}"]


def test_email_domains():
    res = run_tag([
        rec("a", "Ann Lee", emails=["ann@cs.illinois.edu"]),
        rec("b", "Bo Ng", emails=["bo@portland.gov"]),
        rec("c", "Cy Oh", emails=["cy@redcross.org"]),
        rec("d", "Di Pa", emails=["di@gmail.com", "di@acme.com"]),
    ])
    assert nets(res, "a") == nets(res, "b") == nets(res, "c") == ["community"]
    assert reasons(res, "a") == {"email-community": "e-mail at cs.illinois.edu (.edu)"}
    assert nets(res, "d") == []


def test_employer_domain_uses_owner_addresses_but_not_personal_providers():
    own = owner(emails=["olive@acme.com", "olive.owner@gmail.com"])
    res = run_tag([rec("a", "Ann Lee", emails=["ann@acme.com"]),
                   rec("b", "Bo Ng", emails=["bo@gmail.com"])], own=own)
    assert reasons(res, "a") == {
        "employer-domain": "e-mail at acme.com, a domain you have an address at"}
    assert nets(res, "b") == []


def test_former_coworker_from_owner_positions_is_peer():
    own = owner(positions=[("Blue Capital LLC", "2009-06-01", "2011-12-01"),
                           ("Atlantic Pharma", "2013-02-01", None)])
    res = run_tag([
        # vCard still shows the old employer (spelled without "LLC"); LinkedIn the new one.
        rec("a", "Ann Lee", "vcard", org="Blue Capital"),
        rec("a", "Ann Lee", "linkedin", org="Cedar Labs", slug="ann-lee"),
        rec("b", "Bo Ng", "google", org="Atlantic Pharma, Inc."),
    ], own=own)
    assert nets(res, "a") == ["business", "peer"]
    assert reasons(res, "a")["former-coworker"] == \
        "former co-worker: you both worked at Blue Capital LLC"
    assert reasons(res, "b") == {"current-colleague":
                                 "works at Atlantic Pharma, where you work"}


def test_an_employer_you_returned_to_is_current_not_former():
    own = owner(positions=[("Acme", "2010-01-01", "2012-01-01"), ("Acme", "2015-01-01", None)])
    res = run_tag([rec("a", "Ann Lee", org="Acme")], own=own)
    assert nets(res, "a") == ["business"]


def test_linkedin_invitation_to_an_address_book_contact_is_business():
    res = run_tag([rec("a", "Ann Lee", "google")],
                  [inter("invitation", "outgoing", "2025-03-01", "Ann Lee", slug="ann-lee-1")])
    assert reasons(res, "a") == {"linkedin-activity": "LinkedIn invitation"}


def test_several_findings_share_one_row_and_are_capped():
    res = run_tag([rec("a", "Ann Lee", "google", labels=["Friends", "Gym", "Family", "Neighbors"]),
                   rec("a", "Ann Lee", "vcard", labels=["Friends"])])
    assert res.networks.height == 1
    assert reasons(res, "a") == {"label-peer": "Google label 'Family'; Google label 'Friends'; "
                                 "Google label 'Gym'; and 2 more"}


def test_several_networks_at_once():
    res = run_tag([rec("a", "Ann Lee", "linkedin", slug="ann", org="St. Mary's Church"),
                   rec("a", "Ann Lee", "google", labels=["Gym"])])
    assert nets(res, "a") == ["business", "community", "peer"]
    assert res.networks["network"].to_list() == ["business", "community", "peer"]


def test_owner_card_gets_no_tags():
    own = owner("Olive", "Owner", positions=[("Acme", "2020-01-01", None)])
    res = run_tag([rec("o", "Olive Owner", "vcard", org="Acme", labels=["Family"]),
                   rec("a", "Ann Lee", "vcard", org="Acme")], own=own)
    assert nets(res, "o") == []
    assert nets(res, "a") == ["business"]
    assert res.stats["owner_cards"] == 1


def test_namesake_of_the_owner_who_is_a_linkedin_connection_is_tagged():
    res = run_tag([rec("o", "Olive Owner", "linkedin", slug="olive-owner-2")],
                  own=owner("Olive", "Owner"))
    assert nets(res, "o") == ["business"]


def _d(i, kind, key, network):
    return Decision(i, kind, key, network, "test", "2025-01-01")


def test_override_adds_a_network_with_its_own_row():
    recs = [rec("a", "Ann Lee", "google", emails=["Ann.Lee@Example.com"])]
    res = run_tag(recs, decisions=[_d(1, "in-network", "email:ann.lee@example.com", "peer")])
    assert nets(res, "a") == ["peer"]
    assert reasons(res, "a") == {"override": "your decision"}


def test_override_removes_every_rule_row_of_that_network_only():
    recs = [rec("a", "Ann Lee", "linkedin", slug="ann-lee", labels=["Clients"]),
            rec("a", "Ann Lee", "google", labels=["Gym"])]
    res = run_tag(recs, decisions=[_d(1, "not-in-network", "linkedin:Ann-Lee", "business")])
    assert nets(res, "a") == ["peer"]
    assert set(res.networks["network"]) == {"peer"}


def test_latest_override_wins_and_unknown_keys_are_counted():
    recs = [rec("a", "Ann Lee", "google", phones=["+15035550100"], record="r_a1")]
    res = run_tag(recs, decisions=[
        _d(1, "in-network", "phone:+15035550100", "community"),
        _d(2, "not-in-network", "record:r_a1", "community"),
        _d(3, "in-network", "email:nobody@example.com", "peer"),
        _d(4, "same", "record:r_a1", "record:r_x"),  # not a network decision: ignored
    ])
    assert nets(res, "a") == []
    assert res.stats["overrides"] == 3
    assert res.stats["overrides_unresolved"] == 1


def test_rules_only_see_the_person_records():
    recs = records([rec("a", "Ann Lee", labels=["Gym"]), rec("b", "Bo Ng")])
    res = run_tag(recs)
    assert nets(res, "b") == []
    assert res.networks.filter(pl.col("person_id") == "p_b").height == 0


def test_employer_matching_ignores_a_trailing_group_or_holdings():
    own = owner(positions=[("Barr & Roach Group", "2011-02-01", "2016-05-01")])
    res = run_tag([rec("a", "Ann Lee", org="Barr & Roach"),
                   rec("b", "Bo Ng", org="Barr & Roach Holdings Inc."),
                   rec("c", "Cy Oh", org="Barr")], own=own)
    assert nets(res, "a") == nets(res, "b") == ["peer"]
    assert nets(res, "c") == []


def test_a_literal_reason_from_several_sources_is_one_finding(tmp_path):
    from pipeline.tagging import load_rules
    path = tmp_path / "n.toml"
    path.write_text('[[rule]]\nname = "mine"\nnetwork = "peer"\nkind = "source"\n'
                    'match = ["google", "vcard"]\nreason = "in my phone"\n', "utf-8")
    res = run_tag([rec("a", "Ann Lee", "google"), rec("a", "Ann Lee", "vcard")],
                  rules=load_rules(path))
    assert reasons(res, "a") == {"mine": "in my phone"}


def test_network_lists_for_sorted_and_unsorted_ids():
    from pipeline.tagging.stage import network_lists
    ids = pl.Series(["p_c", "p_a", "p_b", "p_d"])
    rows = pl.DataFrame({"person_id": ["p_a", "p_a", "p_b", "p_c", "p_x"],
                         "network": ["peer", "business", "community", "peer", "peer"]})
    want = [["peer"], ["business", "peer"], ["community"], []]
    assert network_lists(ids, rows).to_list() == want
    assert network_lists(ids.sort(), rows).to_list() == [want[i] for i in (1, 2, 0, 3)]


@pytest.mark.parametrize("own_rows", ["none", "name", "email"])
def test_owner_lookup_on_a_large_frame(own_rows):
    """A user without Profile.csv (no owner name, no e-mail) with tens of thousands of records:
    the owner lookup once raised ShapeError, because polars 2.1 splits a large filter into
    parts and evaluates a `lit(False).fill_null(False)` predicate per part."""
    from pipeline import schema
    from pipeline.tagging import evidence
    base = records([rec("a", "Ann Lee", "vcard"), rec("o", "Olive Owner", "google",
                                                        emails=["olive@example.org"])])
    large = pl.concat([base] * 20_000).rechunk()
    own = {"none": schema.empty(schema.OWNER), "name": owner("Olive", "Owner"),
           "email": owner("Zed", "Nobody", emails=["olive@example.org"])}[own_rows]
    found = evidence.owner_people(large, evidence.owner_facts(own, frozenset()))
    assert found.to_list() == ([] if own_rows == "none" else ["p_o"])

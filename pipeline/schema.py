"""Every table kith writes, in one place: the stage tables, the published outputs, the id
state, changes, the batch's warm paths, and the columns of the user's notes and ledger files.

Every stage reads and writes frames with exactly these columns and types. Readers build frames
with :func:`conform`, which adds missing columns as typed nulls and casts everything, so an
all-null column never arrives as dtype ``Null`` (polars' ``.str`` methods fail on it). It and
the other frame builders (empty, from_columns, RowBuilder) live in pipeline.frames and are
imported here, where every stage calls them (``schema.conform(frame, schema.RECORDS)``).

Every Parquet file kith writes carries SCHEMA_VERSION in its metadata (VERSION_KEY); a stage
table of another version is not trusted: the run rebuilds it from the stage before (see
pipeline.run), and says so.
"""

from __future__ import annotations

import polars as pl

# the frame builders, called as schema.conform(...) etc. all over kith (pipeline.frames)
from pipeline.frames import RowBuilder as RowBuilder
from pipeline.frames import conform as conform
from pipeline.frames import empty as empty
from pipeline.frames import from_columns as from_columns

# Bump when a persisted table changes shape; stage files with another version are rebuilt.
SCHEMA_VERSION = 7  # 3: files gained `encoding`; 4: street/postcode, review rank and value,
# more pair levels, people.relationship, seniority, function, organization_source;
# 5: introductions.parquet (a current run without it is recomputed, not reused);
# 6: pairs.title_level (job titles compared: a refresh re-runs dedupe with the new model);
# 7: people.nickname (the name your own address book calls a person by: "Hi Bill,")
VERSION_KEY = "kith_schema_version"  # Parquet key-value metadata

S = pl.String
LS = pl.List(pl.String)

# "csv" is any other contact CSV whose headers say what the columns hold.
SOURCES = ("linkedin", "google", "outlook", "thunderbird", "vcard", "csv", "telegram", "slack")
# Sources that are the user's own address books (Google, Outlook, vCard: a phone's or a mail
# program's, Thunderbird, Telegram's contacts). A generic CSV ("csv": a spreadsheet, a CRM,
# an event's guest list, attendee export or newsletter list, which kith reads alike and cannot
# tell apart) or a Slack workspace's members are lists the person is on: "in your address
# book" said of them claims a relationship the user may not have (keep_in_touch.IN_FILE).
ADDRESS_BOOKS = ("google", "vcard", "outlook", "thunderbird", "telegram")
# How the worksheets and reasons name a source.
SOURCE_NAMES = {"linkedin": "LinkedIn", "google": "Google", "outlook": "Outlook",
                "thunderbird": "Thunderbird", "vcard": "vCard", "csv": "CSV",
                "telegram": "Telegram", "slack": "Slack"}

# Stage 1 (ingest): one row per contact record, values as the exporter wrote them (trimmed).
CONTACTS_RAW: dict[str, pl.DataType] = {
    "source": S,  # one of SOURCES
    "source_format": S,  # e.g. linkedin_connections, google_current, outlook_de, vcard_21
    "source_file": S,  # path relative to the INPUT; zip members as "a.zip!member"
    "source_row": pl.Int64,  # 0-based data row (CSV) or card (vCard) within the file
    "full_name": S,  # the exporter's display name (FN, Name, Display Name), if any
    "name_prefix": S,
    "given_name": S,
    "middle_name": S,
    "family_name": S,
    "name_suffix": S,
    "nickname": S,
    "organization": S,
    "department": S,
    "title": S,
    "emails": LS,
    "phones": LS,  # raw phone strings, in the exporter's order
    "urls": LS,  # web pages, social profiles (LinkedIn profile URLs included)
    "linkedin_url": S,  # an explicit LinkedIn profile URL field (Connections URL, X-SOCIALPROFILE)
    "labels": LS,  # Google labels / vCard CATEGORIES / Outlook Categories, "* " marker stripped
    "birthday": S,  # raw
    "connected_on": S,  # raw LinkedIn "Connected On"
    "city": S,
    "region": S,
    "country": S,
    "notes": S,  # bounded to NOTES_MAX characters
    "street": S,  # of the same address as city (Google "Street", vCard ADR street, Outlook)
    "postcode": S,
}
NOTES_MAX = 2000

# Stage 1: LinkedIn messages, invitations, endorsements, recommendations.
# One row per source row and counterpart (a group message to 3 people gives 3 rows).
INTERACTIONS_RAW: dict[str, pl.DataType] = {
    "source": S,
    "source_format": S,
    "source_file": S,
    "source_row": pl.Int64,
    "kind": S,  # message | invitation | endorsement | recommendation
    "direction": S,  # incoming | outgoing | unknown
    "occurred_raw": S,
    "counterpart_name": S,
    "counterpart_url": S,
    "conversation_id": S,
    "detail": S,  # subject, skill name, or first 200 characters of the text
}

# Stage 1: the account owner (LinkedIn Profile, Positions, Education, Email Addresses, ...).
OWNER_RAW: dict[str, pl.DataType] = {
    "source_file": S,
    "source_row": pl.Int64,
    "kind": S,  # profile | position | education | email | phone
    "first_name": S,
    "last_name": S,
    "headline": S,
    "organization": S,
    "title": S,
    "location": S,
    "started_raw": S,
    "finished_raw": S,
    "value": S,  # the e-mail address or phone number for kind email / phone
}

REJECTS: dict[str, pl.DataType] = {
    "source_file": S,
    "source_row": pl.Int64,  # null when the whole file is rejected
    "reason": S,
    "excerpt": S,  # at most EXCERPT_MAX characters of the raw input
}
EXCERPT_MAX = 200

FILES: dict[str, pl.DataType] = {
    "path": S,
    "sha256": S,
    "size_bytes": pl.Int64,
    "format": S,  # detected kind, e.g. linkedin_connections, vcard, unknown
    "status": S,  # ingested | skipped | rejected
    "reason": S,
    "rows_total": pl.Int64,  # data rows (CSV) or cards (vCard) found in the file
    "rows_records": pl.Int64,  # distinct source rows that became contact records
    "rows_interactions": pl.Int64,  # distinct source rows that became interactions
    "rows_owner": pl.Int64,
    "rows_rejected": pl.Int64,
    "encoding": S,  # how the bytes were decoded: utf-8, utf-16-le, cp1252, cp932, ... (null: not read)
}

# Stage 2 (normalize) adds these to CONTACTS_RAW; records.parquet = CONTACTS_RAW + RECORDS_NORM.
RECORDS_NORM: dict[str, pl.DataType] = {
    "record_id": S,
    "person_id": S,
    "display_name": S,  # credentials, emoji and pronouns removed
    "given_clean": S,
    "family_clean": S,
    "name_key": S,  # ASCII-folded "given family", lower case
    "given_key": S,
    "family_key": S,
    "email_keys": LS,  # lower case; gmail dots and +tags folded
    "emails_invalid": LS,  # values from `emails` that are not e-mail addresses
    "phones_e164": LS,  # only numbers phonenumbers calls valid
    "phone_extensions": LS,  # aligned with phones_e164 ("" when none)
    "phones_invalid": LS,
    "org_key": S,
    "linkedin_slug": S,  # canonical "<slug>" (lower case, percent-decoded)
    "birthday_year": pl.Int32,  # null when unknown (incl. Apple's 1604 sentinel)
    "birthday_month": pl.Int32,
    "birthday_day": pl.Int32,
    "connected_on_date": pl.Date,
    "labels_clean": LS,  # system labels (myContacts, starred) removed, lower-cased, sorted
    "street_key": S,  # ASCII-folded street line, street types abbreviated ("12 main st")
    "postcode_key": S,  # upper-case letters and digits ("SW1A1AA")
}
RECORDS: dict[str, pl.DataType] = {**RECORDS_NORM, **CONTACTS_RAW}

INTERACTIONS: dict[str, pl.DataType] = {
    "interaction_id": S,
    **INTERACTIONS_RAW,
    "occurred_at": pl.Datetime("us", "UTC"),
    "counterpart_slug": S,
    "counterpart_key": S,  # ASCII-folded name key, for counterparts without a URL
}

OWNER: dict[str, pl.DataType] = {
    **OWNER_RAW,
    "org_key": S,
    "started_on": pl.Date,
    "finished_on": pl.Date,
}


# Stage 3 (dedupe): one row per scored candidate pair.
COMPARISON_FIELDS = ("given", "family", "middle", "email", "phone", "linkedin", "org", "birthday",
                     "city", "street", "postcode", "email_name", "domain_org", "title")
PAIRS: dict[str, pl.DataType] = {
    "record_id_l": S,
    "record_id_r": S,
    "rule": S,  # the first blocking rule that proposed the pair
    **{f"{f}_level": S for f in COMPARISON_FIELDS},  # e.g. exact, nickname, jw_high, different, null
    "weight": pl.Float64,  # total match weight (log2 Bayes factor incl. prior)
    "outcome": S,  # merge | review | distinct (from the thresholds)
    "clustered": S,  # together | apart: what clustering did with the pair
    "reason": S,  # why (e.g. "refused: two different LinkedIn profiles")
}

REVIEW: dict[str, pl.DataType] = {
    "record_id_l": S,
    "record_id_r": S,
    "person_id_l": S,
    "person_id_r": S,
    "name_l": S,
    "name_r": S,
    "weight": pl.Float64,
    "reason": S,
    "merge_command": S,
    "keep_apart_command": S,
    "rank": pl.Int64,  # 1 = most worth your answer (likelihood x importance)
    "likelihood": pl.Float64,  # chance the two are one person, from the weight
    "value": pl.Float64,  # likelihood x importance (notes, target company)
    "agreed": S,  # comparison fields that agreed, e.g. "family, phone, street"
    "conflicted": S,  # fields that disagreed
}

# The review queue's candidates as dedupe weighed them, before the queue's ranking settled
# those past its limit (a dedupe stage table, not published): a first note on someone, a
# target company or a new limit re-ranks them without scoring again (review.rerank).
QUEUE: dict[str, pl.DataType] = {
    "record_id_l": S,
    "record_id_r": S,
    "outcome": S,  # merge | review, from the weight
    "reason": S,
}

# One row per person. Provenance columns name the record each chosen value came from.
PEOPLE: dict[str, pl.DataType] = {
    "person_id": S,
    "display_name": S,  # a phone number or an address alone: "(no name; ...)" (unnamed.py)
    "given_name": S,
    "family_name": S,
    # what your own address books call them when it is another form of given_name ("Bill"
    # for William: a Nickname field or a card's given name; dedupe/goes_by.py), else null
    "nickname": S,
    "emails": LS,
    "phones": LS,  # E.164
    "organization": S,
    "org_key": S,
    "title": S,
    "linkedin_url": S,
    "linkedin_slug": S,
    "labels": LS,
    "city": S,
    "birthday": S,  # ISO date, or --MM-DD when the year is unknown
    "sources": LS,
    "record_count": pl.Int64,
    "record_ids": LS,
    "display_name_record": S,
    "organization_record": S,
    "title_record": S,
    "linkedin_url_record": S,
    "connected_on": pl.Date,
    # Stage 4 (tag) fills these.
    "networks": LS,
    "warmth": pl.Float64,
    "warmth_reason": S,
    "first_connected": pl.Date,
    "last_interaction": pl.Date,
    "messages_sent": pl.Int64,
    "messages_received": pl.Int64,
    "reached_out_first": S,  # me | them | unknown
    "follow_up_due": pl.Date,
    "cadence_days": pl.Int64,  # keep-in-touch cadence that applies to this person
    "dormant": pl.Boolean,  # connected, warm once, silent for long
    "target_companies": LS,
    # Outreach fills this: why a follow-up cadence applies ("" for a cold tie; see
    # pipeline/keep_in_touch.py).
    "relationship": S,
    # Enrichment (pipeline/enrich), filled by the tag stage.
    "seniority": S,  # executive | vp | director | manager | senior | ic | intern (from title)
    "function": S,  # engineering, data, product, design, sales, ... (pipeline.enrich.roles)
    "organization_source": S,  # "record", or "work e-mail domain D" when filled from e-mail
}

# How this run's people relate to the previous run's (for notes that must follow a person).
LINEAGE: dict[str, pl.DataType] = {
    "previous_person_id": S,
    "person_id": S,  # null when every record of the previous person is gone
    "change": S,  # same | merged | split | gone
}

NETWORKS: dict[str, pl.DataType] = {
    "person_id": S,
    "network": S,  # peer | business | community
    "rule": S,
    "reason": S,
}
NETWORK_NAMES = ("peer", "business", "community")

# Stage 4: who can refer me at each target company, ranked.
TARGETS: dict[str, pl.DataType] = {
    "target": S,  # the company as named in targets.toml
    "person_id": S,
    "display_name": S,
    "relation": S,  # works_there | worked_there
    "organization": S,  # the organisation value that matched
    "title": S,
    "warmth": pl.Float64,
    "rank": pl.Int64,  # 1 = warmest path into this target
    "reason": S,  # e.g. "works at Globex (per LinkedIn); 12 messages, last 3 weeks ago"
}

# Stage 4: messages that mention an opening, or in which they say they are looking for one
# (pipeline.enrich.openings), newest first.
OPENINGS: dict[str, pl.DataType] = {
    "person_id": S,
    "mention": S,  # opening | looking (they wrote that they are looking for a role)
    "occurred_on": pl.Date,
    "direction": S,  # incoming | outgoing | unknown
    "excerpt": S,  # at most 140 characters of the message; shown in worksheets, never logged
    "interaction_id": S,
}

# Stage 4: organisations the people work at now or worked at before (pipeline.enrich.companies).
COMPANIES: dict[str, pl.DataType] = {
    "organization": S,  # the name most people write
    "employer_key": S,
    "people_now": pl.Int64,
    "people_before": pl.Int64,
    "warmest": pl.Float64,  # warmth of the warmest person there (now or before)
    "warmest_person_id": S,
    "warmest_name": S,
    "networks": LS,  # networks of the people there
    "target": S,  # the targets.toml company it is, if any
}

# Outreach: introductions you could make (pipeline.enrich.introductions), the rows the
# worksheets and `kith serve` show. One row per (who needs, who can help).
INTRODUCTIONS: dict[str, pl.DataType] = {
    "introduction_id": S,  # "i_" + digest of seeker_id, helper_id and kind: stable across runs
    "seeker_id": S,  # who needs help
    "seeker_name": S,
    "need": S,
    "helper_id": S,  # who can help
    "helper_name": S,
    "helper_work": S,  # "title at organisation"
    "kind": S,  # the strongest reason: organisation | function | offer | opening
    "score": pl.Int64,
    "reason": S,  # every reason, in words
    "rank": pl.Int64,  # 1 = best open suggestion; null once accepted or dismissed
    "status": S,  # open | accepted | dismissed (the user's introduction_decisions.csv)
}

# The previous run's record -> person id map (DIR/state/person_ids.parquet): stable ids.
STATE: dict[str, pl.DataType] = {"record_id": S, "person_id": S}

# What changed since the previous run (changes.parquet).
CHANGES: dict[str, pl.DataType] = {
    "change": S,  # new | gone | merged | split | job | title | interactions
    "person_id": S,
    "display_name": S,
    "detail": S,
}

# kith batch: target company -> owner -> contact, for owners who opted in (warm_paths.parquet).
WARM_PATHS: dict[str, pl.DataType] = {
    "target_key": S,  # the company key shared across owners
    "target": S,  # the company as this owner's targets file names it
    "owner_id": S,
    "owner_rank": pl.Int64,  # 1 = the owner with the warmest path into this target
    "owner_paths": pl.Int64,  # how many of the owner's contacts lead into it
    "owner_best_warmth": pl.Float64,
    "person_id": S,  # unique within the owner only
    "display_name": S,
    "relation": S,  # works_there | worked_there
    "organization": S,
    "title": S,
    "warmth": pl.Float64,
    "warmth_reason": S,
    "rank": pl.Int64,  # the contact's rank among the owner's paths into this target
    "reason": S,
}

# The user's own CSV files (kith adds missing columns, never removes or reorders theirs).
NOTES_USER_COLUMNS = ("need", "offer", "next_step", "follow_up", "referral_status",
                      "referred_by", "do_not_contact")
NOTES_HEADER = ("person_id", "name", *NOTES_USER_COLUMNS, "kith_status", "kith_flag")
LEDGER_HEADER = ("date", "person_id", "name", "kind", "text")
# introduction_decisions.csv beside notes.csv: introductions you accepted or dismissed.
INTRO_DECISIONS_FILE = "introduction_decisions.csv"
INTRO_DECISIONS_HEADER = ("date", "introduction_id", "decision", "seeker_id", "seeker_name",
                          "helper_id", "helper_name")

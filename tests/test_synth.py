"""The synthetic export generator: determinism, exporter fidelity, truth coverage, phones, names."""

from __future__ import annotations

import csv
import io
import os
import quopri
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import phonenumbers
import polars as pl
import pytest

from pipeline.synth import (
    SOURCES,
    build,
    format_phone,
    generate,
    namesake_rate,
    records_target,
)
from pipeline.synth.people import Rng

ROOT = Path(__file__).resolve().parents[1]
FORMATS_MD = ROOT / "docs" / "formats.md"
SAMPLE = ROOT / "data" / "sample"
SAMPLE_TRUTH = ROOT / "tests" / "fixtures" / "sample_truth.parquet"
# The sample is made with exactly this call (see data/sample/README.md).
SAMPLE_ARGS = {"n_people": 90, "seed": 20251128, "sources": SOURCES, "nasty": True}

NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
         "addresses are missing. You will only see email addresses for connections who have "
         "allowed their connections to see or download their email address using this setting "
         "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
         'https://www.linkedin.com/help/linkedin/answer/261"\n\n')
# Copied verbatim from docs/formats.md sections 1-3.
HEADERS = {
    "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT "
                    "PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT",
    "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,Endorser "
                                     "Last Name,Endorser Public Url,Endorsement Status",
    "Recommendations_Received.csv": "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
                   "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On",
    "Skills.csv": "Name",
}
GOOGLE_FIXED = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic "
                "Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization "
                "Title,Organization Department,Birthday,Notes,Photo,Labels")
OUTLOOK = ('"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",'
           '"Business Street","Business Street 2","Business Street 3","Business City","Business State",'
           '"Business Postal Code","Business Country/Region","Home Street","Home Street 2","Home Street 3",'
           '"Home City","Home State","Home Postal Code","Home Country/Region","Other Street",'
           '"Other Street 2","Other Street 3","Other City","Other State","Other Postal Code",'
           '"Other Country/Region","Assistant\'s Phone","Business Fax","Business Phone",'
           '"Business Phone 2","Callback","Car Phone","Company Main Phone","Home Fax","Home Phone",'
           '"Home Phone 2","ISDN","Mobile Phone","Other Fax","Other Phone","Pager","Primary Phone",'
           '"Radio Phone","TTY/TDD Phone","Telex","Account","Anniversary","Assistant\'s Name",'
           '"Billing Information","Birthday","Business Address PO Box","Categories","Children",'
           '"Directory Server","E-mail Address","E-mail Type","E-mail Display Name","E-mail 2 Address",'
           '"E-mail 2 Type","E-mail 2 Display Name","E-mail 3 Address","E-mail 3 Type",'
           '"E-mail 3 Display Name","Gender","Government ID Number","Hobby","Home Address PO Box",'
           '"Initials","Internet Free Busy","Keywords","Language","Location","Manager\'s Name",'
           '"Mileage","Notes","Office Location","Organizational ID Number","Other Address PO Box",'
           '"Priority","Private","Profession","Referred By","Sensitivity","Spouse","User 1","User 2",'
           '"User 3","User 4","Web Page"')


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("synth")
    generate(250, 7, d, sources=SOURCES)
    return d


def _files(d: Path) -> dict[str, bytes]:
    """Every file of an export folder, zip members as 'archive.zip!member'."""
    found = {}
    for f in sorted(d.iterdir()):
        if f.suffix == ".zip":
            with zipfile.ZipFile(f) as zf:
                found |= {f"{f.name}!{i.filename}": zf.read(i) for i in zf.infolist()}
        elif f.suffix != ".parquet":
            found[f.name] = f.read_bytes()
    return found


def _data_rows(name: str, data: bytes) -> int:
    """Data rows as a reader counts them: CSV rows after the header (and LinkedIn's preamble)."""
    if name.endswith(".vcf"):
        return data.count(b"BEGIN:VCARD")
    text = data.decode("cp1252" if name.startswith("outlook") else "utf-8-sig")
    if name.endswith("Connections.csv"):
        text = text.removeprefix(NOTES)
    return len(list(csv.reader(io.StringIO(text)))) - 1


def test_same_seed_gives_identical_bytes_across_processes(tmp_path):
    script = ("import sys; from pathlib import Path; from pipeline.synth import generate, SOURCES; "
              "generate(120, 3, Path(sys.argv[1]), sources=SOURCES)")
    for i, hashseed in enumerate(("1", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / str(i))], check=True, env=env, cwd=ROOT)
    a, b = (sorted(p.name for p in (tmp_path / str(i)).iterdir()) for i in (0, 1))
    assert a == b and len(a) == 6
    for name in a:
        assert (tmp_path / "0" / name).read_bytes() == (tmp_path / "1" / name).read_bytes(), name
    generate(120, 4, tmp_path / "other", sources=SOURCES)
    assert (tmp_path / "other" / "contacts.vcf").read_bytes() != (tmp_path / "0" / "contacts.vcf").read_bytes()


def test_headers_and_byte_level_shape(out):
    files = _files(out)
    zname = next(p.name for p in out.glob("*.zip"))
    assert re.fullmatch(r"Basic_LinkedInDataExport_\d\d-\d\d-\d{4}\.zip", zname)
    for member, header in HEADERS.items():
        text = files[f"{zname}!{member}"].decode("utf-8")
        if member == "Connections.csv":
            assert text.startswith(NOTES)
            text = text.removeprefix(NOTES)
        assert text.split("\n", 1)[0] == header and "\r" not in text.split("\n", 1)[0]
    google = files["contacts.csv"]
    assert google.startswith(b"\xef\xbb\xbf" + GOOGLE_FIXED.encode() + b",")
    first = google.decode("utf-8-sig").split("\n", 1)[0]
    groups = first[len(GOOGLE_FIXED) + 1 :].split(",")
    assert all(re.fullmatch(r"(E-mail|Phone|Address|Website) \d+ - [A-Za-z ]+", g) for g in groups)
    outlook = files["outlook_contacts.csv"]
    assert outlook.startswith(OUTLOOK.encode() + b"\r\n")
    assert b"\n" not in outlook.replace(b"\r\n", b"")  # CRLF only
    outlook.decode("cp1252")
    vcf = files["contacts.vcf"]
    assert b"\n" not in vcf.replace(b"\r\n", b"") and vcf.startswith(b"BEGIN:VCARD\r\nVERSION:")
    assert b"VERSION:3.0\r\n" in vcf and b"VERSION:2.1\r\n" in vcf


def test_headers_are_the_ones_formats_md_documents():
    doc = FORMATS_MD.read_text(encoding="utf-8")
    for header in [*HEADERS.values(), GOOGLE_FIXED, OUTLOOK, NOTES.split("\n")[1]]:
        if header != "Name":
            assert header in doc, header[:60]


def test_vcard_quirks(tmp_path):
    generate(600, 11, tmp_path, sources=("vcard",))
    vcf = (tmp_path / "contacts.vcf").read_bytes()
    lines = vcf.split(b"\r\n")
    ios = vcf.split(b"BEGIN:VCARD")
    assert any(b"item1.ADR;type=HOME" in c for c in ios) and b"X-SOCIALPROFILE;type=linkedin" in vcf
    assert b"BDAY;X-APPLE-OMIT-YEAR=1604:1604-" in vcf and b"TEL;CELL;PREF:" in vcf
    assert b"CATEGORIES:" in vcf and b"CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" in vcf
    for card in ios:
        if b"VERSION:3.0" in card:  # folded at 75 octets
            assert all(len(x) <= 75 for x in card.split(b"\r\n"))
    soft = [i for i, x in enumerate(lines) if x.endswith(b"=") and b"QUOTED-PRINTABLE" in x]
    assert soft, "no quoted-printable soft line break"
    i = soft[0]
    joined = lines[i].split(b":", 1)[1][:-1] + lines[i + 1]
    assert not lines[i + 1].startswith(b" ")  # QP continuations are not folded lines
    quopri.decodestring(joined).decode("utf-8")


def test_truth_covers_every_data_row(out):
    truth = pl.read_parquet(out / "truth.parquet")
    assert truth.columns == ["source_file", "source_row", "person_key", "true_networks", "kind"]
    assert truth.schema["true_networks"] == pl.List(pl.String)
    assert set(truth["kind"]) <= {"contact", "interaction", "owner", "ghost"}
    for name, data in _files(out).items():
        rows = truth.filter(pl.col("source_file") == name)["source_row"].sort().to_list()
        assert rows == list(range(_data_rows(name, data))), name
    assert truth.filter(pl.col("kind") == "ghost")["person_key"].null_count() == truth.filter(
        pl.col("kind") == "ghost").height
    assert truth.filter(pl.col("kind") == "contact")["person_key"].null_count() == 0
    people = pl.read_parquet(out / "people_truth.parquet")
    keyed = truth.drop_nulls("person_key")
    assert set(keyed["person_key"]) == set(people["person_key"])
    assert {n for ns in people["networks"] for n in ns} == {"peer", "business", "community"}
    nets = keyed.join(people.select("person_key", "networks"), on="person_key")
    assert (nets["true_networks"] == nets["networks"]).all()
    assert people.filter(pl.col("networks").list.len() > 0)["evidence"].list.len().min() > 0


def test_generated_phones_are_valid():
    pop, rng = build(3000, 5), Rng(1)
    checked = 0
    for p in [pop.owner, *pop.people]:
        for ph in (p.mobile, p.work_phone, p.home):
            if ph:
                want = phonenumbers.parse("+" + {"US": "1", "GB": "44", "DE": "49", "FR": "33",
                                                 "ES": "34", "PL": "48", "CN": "86", "JP": "81"}[ph[0]] + ph[1])
                assert phonenumbers.is_valid_number(want), ph
                for _ in range(3):
                    text = format_phone(ph, rng)
                    got = phonenumbers.parse(text, ph[0])
                    assert phonenumbers.is_valid_number(got) and got == want, (text, ph)
                checked += 1
    assert checked > 3000
    shared = [p.home for p in pop.people if p.home]
    assert len(set(shared)) < len(shared)  # households share a landline


def test_namesake_rate_grows_with_size():
    rates = {n: namesake_rate(build(n, 1)) for n in (500, 2000, 20000)}
    print("namesake rate by population:", rates)
    assert rates[500] < 0.03 and rates[2000] < 0.06
    assert rates[500] < rates[2000] < rates[20000] and rates[20000] > 0.1


def test_records_target_and_coverage(tmp_path):
    counts = generate(records_target(3000), 2, tmp_path)
    assert 2700 <= counts["contact_records"] <= 3300
    people = pl.read_parquet(tmp_path / "people_truth.parquet").filter(pl.col("role") != "owner")
    share = {s: people["sources"].list.contains(s).mean() for s in ("linkedin", "google", "vcard")}
    assert 0.5 < share["linkedin"] < 0.7 and 0.38 < share["google"] < 0.55 and 0.33 < share["vcard"] < 0.5
    assert people["sources"].list.len().gt(1).mean() > 0.25  # many people in several exports


def test_committed_sample_is_the_generator_output(tmp_path):
    if not SAMPLE.exists() or not SAMPLE_TRUTH.exists():
        pytest.skip("no committed sample")
    assert not list(SAMPLE.glob("*.parquet"))  # kith ingests the whole folder: exports only
    generate(out_dir=tmp_path, truth_path=tmp_path / "t.parquet",
             people_truth_path=tmp_path / "p.parquet", **SAMPLE_ARGS)
    for f in tmp_path.iterdir():
        if f.suffix != ".parquet":
            assert (SAMPLE / f.name).read_bytes() == f.read_bytes(), f"regenerate data/sample: {f.name}"
    assert SAMPLE_TRUTH.read_bytes() == (tmp_path / "t.parquet").read_bytes()
    blob = b"".join(_files(SAMPLE).values())
    assert b"<script>alert(1)</script>" in blob and b'=HYPERLINK(' in blob

"""Round 29 (docs/adversarial29.md, X6): an introduction's two asks, double opt-in. On main
`kith introductions` had no drafted message: the user wrote both asks by hand. Now
`--messages` drafts the ask to the one who can help, then the one to the one who needs it;
each is addressed to one of the two, so neither quotes your notes about either."""

from __future__ import annotations

import re

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich import drafts

NEED = "a lawyer to read a contract; divorce pending, keep quiet"


def test_each_introduction_has_its_two_asks_without_your_notes(sample_homes):
    folder = sample_homes.home_with_a_need("test", need=NEED).path.parent
    res = CliRunner().invoke(main, ["introductions", "--messages",
                                    "--config", str(folder / "kith.toml")])
    assert res.exit_code == 0, res.output
    listed = re.findall(r"^\s+\d+\. Kenneth Smith needs .* -> (.+?) \(", res.output, re.M)
    assert len(listed) == 2  # data/sample's two attorneys
    blocks = re.split(r"^\s+\d+\. ", res.output, flags=re.M)[1:]
    for helper, block in zip(listed, blocks, strict=True):
        lines = block.split("\n")
        assert "divorce" in lines[0]  # the list is yours: it shows what you noted
        drafted = "\n".join(lines[2:])
        assert "divorce" not in drafted and "keep quiet" not in drafted
        first, second = drafted.split("Once they agree, ask Kenneth Smith:")
        assert f"First ask {helper}:" in first and "Subject: Would you be open" in first
        assert f"Hi {helper.split()[0]}," in first and "I know Kenneth Smith" in first
        assert "Hi Kenneth," in second and f"I think {helper} could help you" in second


def test_an_introduction_names_a_need_they_stated_and_old_drafts_files_still_work(tmp_path):
    own = tmp_path / "drafts.toml"  # a user's file from before the introduction asks
    own.write_text('[default]\nsubject = "Hi"\nbody = "Hello {first_name}"\n', "utf-8")
    templates = drafts.load(own)
    values = {"name": "Rita Oz", "given_name": "Rita", "other_name": "Hal Ng",
              "need": "a new role (Open to work)", "my_name": "Me"}
    subject, body = drafts.draft(templates, "intro_helper", values, ["a data job"])
    assert subject == "Would you be open to an introduction?"
    assert body.startswith("Hi Rita,\n\nI know Hal Ng, and I think you could help them with "
                           "a new role (Open to work).")
    _, body = drafts.draft(templates, "intro_helper", values, ["a new role (Open to work)"])
    assert "I think you could help them. Would you" in body

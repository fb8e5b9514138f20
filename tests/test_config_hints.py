"""A setting written where TOML does not put it where the user looks: `default_region`
appended at the end of `kith init`'s kith.toml lands in its last table ([plan]), one written
under a section of its own ([normalize]) is no top-level setting, a section's setting at the
top of the file, and a typo. Each error names the key, its line and what to do."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline import config
from pipeline.cli import main


def _error(tmp_path, text: str) -> str:
    path = tmp_path / "kith.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    return str(err.value)


def test_a_setting_appended_below_the_last_section(tmp_path):
    msg = _error(tmp_path, config.TEMPLATE + 'default_region = "GB"\n')
    assert "default_region is a top-level setting" in msg
    assert "[plan]" in msg and "above the first [section]" in msg
    assert "line" in msg


def test_a_setting_in_a_section_of_its_own(tmp_path):
    msg = _error(tmp_path, '[normalize]\ndefault_region = "GB"\n')
    assert "default_region is a top-level setting" in msg and "[normalize]" in msg


def test_a_section_setting_at_the_top(tmp_path):
    msg = _error(tmp_path, "merge_threshold = 3\n")
    assert "merge_threshold belongs under the [dedupe] header" in msg


def test_a_typo_is_named_with_the_setting_meant(tmp_path):
    msg = _error(tmp_path, 'default_regoin = "GB"\n')
    assert "unknown setting(s) default_regoin (did you mean default_region?)" in msg
    assert "kith.toml takes" in msg and "fallback_encoding" in msg


def test_the_run_says_it_in_one_line_and_exits_2(tmp_path):
    (tmp_path / "kith.toml").write_text(config.TEMPLATE + 'default_region = "GB"\n', "utf-8")
    (tmp_path / "exports").mkdir()
    res = CliRunner().invoke(main, ["run", "--config", str(tmp_path / "kith.toml")])
    assert res.exit_code == 2
    assert "move it above the first [section]" in res.output
    assert "Traceback" not in res.output


def test_the_template_and_a_well_placed_setting_still_load(tmp_path):
    path = tmp_path / "kith.toml"
    path.write_text(config.TEMPLATE.replace('default_region = "auto"', 'default_region = "GB"'),
                    "utf-8")
    assert config.load(path).default_region == "GB"

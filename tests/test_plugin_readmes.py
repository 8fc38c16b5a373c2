"""The website and ledger plugins' READMEs stay true: their settings examples are the demo's
and are accepted by the plugins; the ledger's table of kinds is the 2019 rule set's."""

from __future__ import annotations

import re
from pathlib import Path

import disclosure_rules_ledger as ledger
import disclosure_rules_website as website
import pytest
import yaml

from disclosure_rules.collect.collectors import CollectConfig
from disclosure_rules.ruleset.loader import load_ruleset
from disclosure_rules.testing import collectors_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
YAML_BLOCK = re.compile(r"```yaml\n(?P<body>plugins:\n.*?)```", re.S)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(ROOT / "rulesets" / "2019.yaml")


def _example(plugin: str) -> CollectConfig:
    text = (ROOT / "plugins" / plugin / "README.md").read_text(encoding="utf-8")
    [block] = YAML_BLOCK.findall(text)
    return CollectConfig.from_text(block, path=EXAMPLES / "collect.yaml")


def _demo(plugin: str) -> dict:
    data = yaml.safe_load((EXAMPLES / "collect.yaml").read_text(encoding="utf-8"))
    return data["plugins"][plugin]


def test_website_readme_example_is_the_demos_and_is_accepted(ruleset):
    config = _example("website")
    assert dict(config.settings("website")) == _demo("website")
    found = collectors_of(website, ruleset=ruleset, config=config, name="website")
    assert [(c.name, c.unit) for c in found] == [
        ("website:tech", "tech"), ("website:regulation", "regulation"), ("website:port", "port")]


def test_ledger_readme_example_is_from_the_demo_and_is_accepted(ruleset):
    config = _example("ledger")
    files = config.settings("ledger")["files"]
    assert all(entry in _demo("ledger")["files"] for entry in files)
    found = collectors_of(ledger, ruleset=ruleset, config=config, name="ledger")
    assert [c.unit for c in found] == ["regulation", "office", "port", "approval"]


def test_ledger_readme_lists_every_ledger_kind_with_its_columns(ruleset):
    text = (ROOT / "plugins" / "ledger" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| `(\w+)` \| (.+) \|$", text, re.M)
    documented = {kind: (sheet, columns) for sheet, kind, columns in rows}
    wanted = [k for k in ruleset.evidence_kinds if k.name != "attestation"]
    assert list(documented) == [k.name for k in wanted]
    for kind in wanted:
        sheet, columns = documented[kind.name]
        assert sheet == ledger.read.sheet_title(kind)
        cells = [re.match(r"(\S+?)(\*?) `(\w+)`", c.strip()).groups()
                 for c in columns.split(";")]
        assert cells == [(f.label, "*" if f.required else "", f.name) for f in kind.fields]

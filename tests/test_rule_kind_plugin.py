"""A rule kind from an installed plugin: the example package of docs/plugins.md (“编写规则种类”)
is installed with pip, its kind is loaded from YAML, evaluated on every backend with equal
findings, and shown by ``show`` and ``check`` like a built-in kind."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from _plugin_support import installed_package
from disclosure_rules import Status, evaluate
from disclosure_rules.rules.registry import refresh
from disclosure_rules.ruleset.loader import load_ruleset

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "plugins.md"
BLOCK = re.compile(r"```\w*\n# file: review/(?P<path>\S+)\n(?P<body>.*?)```", re.S)
DIST = "disclosure-rules-review"
MODULE = "disclosure_rules_review"

RULESET = """\
schema: 1
id: review-2019
title: 先审后发
year: 2019
units:
  - {id: tech, name: 科技科}
  - {id: port, name: 港航事务中心}
evidence_kinds:
  publication:
    label: 网站公开信息
    date_field: published
    fields:
      published: {type: date, label: 公开日期, required: true}
  secrecy_review:
    label: 保密审查记录
    date_field: reviewed
    fields:
      reviewed: {type: date, label: 审查日期, required: true}
      publication: {type: ref, ref_kind: publication, label: 所审查的公开信息}
tasks:
  - number: 9
    heading: [二、保密审查]
    requirement: 公开前进行保密审查
    responsible: 科技科、港航事务中心
    units:
      负责: [科技科, 港航事务中心]
    deadline: 常态化工作
    rules:
      - id: t09-reviewed
        kind: reviewed
        evidence: publication
        review: secrecy_review
        link: publication
"""

EVIDENCE = [
    {"kind": "publication", "unit": "tech", "key": "P1", "title": "通知一",
     "fields": {"published": "2019-05-10"}},
    {"kind": "publication", "unit": "tech", "key": "P2", "title": "通知二",
     "fields": {"published": "2019-06-10"}},
    {"kind": "publication", "unit": "port", "key": "P3", "title": "通告三",
     "fields": {"published": "2019-07-01"}},
    {"kind": "secrecy_review", "unit": "tech", "key": "R1", "title": "审查单一",
     "fields": {"reviewed": "2019-05-09", "publication": "P1"}},
    {"kind": "secrecy_review", "unit": "tech", "key": "R2", "title": "审查单二（事后补审）",
     "fields": {"reviewed": "2019-06-12", "publication": "P2"}},
    {"kind": "secrecy_review", "unit": "tech", "key": "R3", "title": "审查单三",
     "fields": {"reviewed": "2019-07-01", "publication": "P3"}},
]


@pytest.fixture
def review_plugin(tmp_path: Path) -> Iterator[Path]:
    package = tmp_path / "review"
    files = {m["path"]: m["body"] for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))}
    assert set(files) == {"pyproject.toml", "src/disclosure_rules_review/__init__.py"}
    for name, body in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(body, encoding="utf-8")
    with installed_package(package, DIST, MODULE):
        refresh()
        try:
            yield package
        finally:
            refresh()


def _fingerprint(result):
    return [(f.rule, f.unit, f.subject, f.status, f.code, f.evidence, f.reason)
            for f in result.findings]


def test_installed_rule_kind_is_loaded_evaluated_on_every_backend_and_reported(
        review_plugin, tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text(RULESET, encoding="utf-8")
    ruleset = load_ruleset(path)
    [(_, rule)] = list(ruleset.rules())
    assert (rule.kind, type(rule).__module__) == ("reviewed", MODULE)

    results = {backend: evaluate(ruleset, EVIDENCE, date(2019, 12, 31), backend=backend)
               for backend in ("durable", "index", "reference")}
    assert _fingerprint(results["durable"]) == _fingerprint(results["reference"])
    assert _fingerprint(results["index"]) == _fingerprint(results["reference"])
    verdicts = {(f.unit, f.subject): (f.status, f.reason) for f in results["durable"].findings}
    assert {k: s for k, (s, _) in verdicts.items()} == {
        ("tech", "item:P1"): Status.PASS,  # reviewed the day before
        ("tech", "item:P2"): Status.FAIL,  # reviewed two days after release
        ("port", "item:P3"): Status.PASS,  # reviewed on the day, by another unit's review
    }
    assert "公开前没有保密审查记录" in verdicts[("tech", "item:P2")][1]

    cli = Path(sys.executable).with_name("disclosure-rules")
    shown = subprocess.run([str(cli), "show", str(path), "--width", "200"],
                           capture_output=True, text=True, timeout=60, check=True)
    assert "t09-reviewed（先审后发）" in shown.stdout

    evidence = tmp_path / "evidence.jsonl"
    evidence.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in EVIDENCE),
                        encoding="utf-8")
    checked = subprocess.run([str(cli), "check", str(path), "--evidence", str(evidence),
                              "--as-of", "2019-12-31", "--format", "json"],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1, checked.stderr  # a duty failed
    findings = json.loads(checked.stdout)["findings"]
    assert sorted((f["subject"], f["status"]) for f in findings) == [
        ("item:P1", "pass"), ("item:P2", "fail"), ("item:P3", "pass")]
    assert any("公开前没有保密审查记录" in f["reason"] for f in findings)


def test_a_rule_set_naming_a_kind_no_plugin_offers_is_rejected_with_the_kinds_known(tmp_path):
    """Without the package (uninstalled by the fixture above), ``reviewed`` is unknown again."""
    refresh()
    path = tmp_path / "review.yaml"
    path.write_text(RULESET, encoding="utf-8")
    cli = Path(sys.executable).with_name("disclosure-rules")
    done = subprocess.run([str(cli), "validate", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1  # the rule set is wrong for this installation
    assert "未知的规则种类“reviewed”" in done.stdout + done.stderr

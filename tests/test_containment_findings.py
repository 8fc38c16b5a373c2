"""The three collector faults (raises, hangs past its timeout, yields evidence of the wrong
shape or kind) end as ``error`` findings for that unit only, with the collector's reason in
the finding, while every other unit is judged on its evidence as usual."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from disclosure_rules import Status, evaluate
from disclosure_rules.collect.collectors import Collector
from disclosure_rules.collect.running import run_collectors
from disclosure_rules.ruleset.loader import loads_ruleset

AS_OF = date(2019, 12, 31)

RULESET = """
schema: 1
id: containment
title: 采集器故障隔离测试
year: 2019
units:
  - {id: tech, name: 科技科}
  - {id: office, name: 局办公室}
  - {id: port, name: 港航事务中心}
  - {id: regulation, name: 法规科}
evidence_kinds:
  publication:
    label: 网站公开信息
    date_field: published
    fields:
      published: {type: date, label: 公开日期, required: true}
tasks:
  - number: 1
    heading: [一、测试]
    requirement: 各单位在网站公开信息
    responsible: 科技科、局办公室、港航事务中心、法规科
    units: {负责: [科技科, 局办公室, 港航事务中心, 法规科]}
    deadline: 2019年12月底前
    rules:
      - {id: t1-publication, kind: present, evidence: publication}
"""


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()  # the abandoned collector thread ends with the test


def test_each_fault_becomes_an_error_finding_with_its_reason(release) -> None:
    ruleset = loads_ruleset(RULESET)

    def good(ctx):
        yield ctx.record("publication", "https://x.gov.cn/1", published="2019-03-01")

    def raises(ctx):
        yield ctx.record("publication", "https://x.gov.cn/2", published="2019-03-01")
        raise ValueError("栏目页结构变了")

    def hangs(ctx):
        release.wait(30)
        yield ctx.record("publication", "https://x.gov.cn/3", published="2019-03-01")

    def wrong(ctx):
        yield ctx.record("publication", "https://x.gov.cn/4", published="去年三月")

    collectors = [
        Collector("t:tech", "tech", ("publication",), good),
        Collector("t:office", "office", ("publication",), raises),
        Collector("t:port", "port", ("publication",), hangs, timeout=0.5),
        Collector("t:regulation", "regulation", ("publication",), wrong),
    ]
    collected = run_collectors(collectors, ruleset=ruleset, as_of=AS_OF)
    result = evaluate(ruleset, collected.evidence, AS_OF, failures=collected.run.failures())
    by_unit = {f.unit: f for f in result.findings}

    assert by_unit["tech"].status is Status.PASS
    for unit, reason in (("office", "ValueError: 栏目页结构变了"),
                         ("port", "超时（0.5 秒）"),
                         ("regulation", "应为日期")):
        finding = by_unit[unit]
        assert finding.status is Status.ERROR, unit
        assert reason in finding.reason, (unit, finding.reason)
        # what the evidence alone would have said is kept: nothing was delivered, so fail
        assert finding.would_be is Status.FAIL
    assert result.score == 100.0  # errors are not counted as failures in the score

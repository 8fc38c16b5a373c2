"""A collector's gap that concerns only some of its kinds (a :class:`KindProblem`) turns only
the unit's findings on those kinds into ``error``; its other kinds keep their verdicts, its
records are all kept, and the scope survives the run file that ``check --run`` reads."""

from __future__ import annotations

from datetime import date

from disclosure_rules import Status, evaluate
from disclosure_rules.collect.collectors import Collector, KindProblem, Location, Problem
from disclosure_rules.collect.running import run_collectors
from disclosure_rules.evidence.records import CollectionRun
from disclosure_rules.ruleset.loader import loads_ruleset

AS_OF = date(2019, 12, 31)

RULESET = """
schema: 1
id: kinds
title: 按证据类型隔离的测试
year: 2019
units:
  - {id: tech, name: 科技科}
evidence_kinds:
  publication:
    label: 网站公开信息
    date_field: published
    fields:
      published: {type: date, label: 公开日期, required: true}
  site_update:
    label: 网站更新
    date_field: updated
    fields:
      updated: {type: date, label: 更新日期, required: true}
tasks:
  - number: 1
    heading: [一、测试]
    requirement: 科技科公开信息并更新网站
    responsible: 科技科
    units: {负责: [科技科]}
    deadline: 2019年12月底前
    rules:
      - {id: t1-publication, kind: present, evidence: publication}
      - {id: t1-update, kind: present, evidence: site_update}
"""

GAP = Location("http://127.0.0.1/tzgg/index_20.html", path="栏目“通知公告”")


def _run(*extra: object):
    ruleset = loads_ruleset(RULESET)

    def collect(ctx):
        yield ctx.record("publication", "https://x.gov.cn/1", published="2019-03-01")
        yield ctx.record("site_update", "https://x.gov.cn/u1", updated="2019-12-20")
        yield from extra

    collected = run_collectors([Collector("t:tech", "tech", ("publication", "site_update"),
                                          collect)], ruleset=ruleset, as_of=AS_OF)
    return ruleset, collected


def _statuses(ruleset, collected, failures=None):
    failures = collected.run.failures() if failures is None else failures
    result = evaluate(ruleset, collected.evidence, AS_OF, failures=failures)
    return {f.rule: f for f in result.findings}


def test_kind_problem_errors_only_the_kinds_it_names():
    gap = KindProblem(GAP, "列表读到上限 20 页即停止，约 1600 条未读", kinds=("publication",))
    ruleset, collected = _run(gap)
    [report] = collected.run.reports
    assert report.records == 2 and report.rejected == 0  # a gap is not a rejected record
    assert set(report.kind_errors) == {"publication"}
    assert "约 1600 条未读" in report.kind_errors["publication"]
    assert report.error.startswith("采集器 t:tech 未能读全“网站公开信息”（publication）：")
    [failure] = collected.run.failures()
    assert failure.kinds == ("publication",)
    found = _statuses(ruleset, collected)
    assert found["t1-publication"].status is Status.ERROR
    assert found["t1-publication"].would_be is Status.PASS
    assert "约 1600 条未读" in found["t1-publication"].reason
    assert found["t1-update"].status is Status.PASS
    assert collected.problems["t:tech"] == (gap,)


def test_plain_problem_still_concerns_every_kind():
    ruleset, collected = _run(Problem(GAP, "页面无法读取"))
    [report] = collected.run.reports
    assert report.rejected == 1 and report.kind_errors == {}
    found = _statuses(ruleset, collected)
    assert {f.status for f in found.values()} == {Status.ERROR}


def test_a_rejected_record_widens_a_kind_problem_to_every_kind():
    gap = KindProblem(GAP, "列表未读完", kinds=("publication",))
    ruleset, collected = _run(gap, {"kind": "site_update", "unit": "tech", "key": "u2",
                                    "fields": {"updated": "去年"}})
    [report] = collected.run.reports
    assert report.kind_errors == {}
    assert "1 条记录被拒绝" in report.error and "列表未读完" in report.error
    found = _statuses(ruleset, collected)
    assert {f.status for f in found.values()} == {Status.ERROR}


def test_kind_problem_naming_an_undeclared_kind_concerns_every_kind():
    ruleset, collected = _run(KindProblem(GAP, "未读完", kinds=("policy_document",)))
    [report] = collected.run.reports
    assert report.kind_errors == {} and report.rejected == 1
    found = _statuses(ruleset, collected)
    assert {f.status for f in found.values()} == {Status.ERROR}


def test_kind_scope_survives_the_run_file(tmp_path):
    gap = KindProblem(GAP, "未读完", kinds=("site_update",))
    ruleset, collected = _run(gap)
    _, run_json = collected.write(tmp_path / "evidence")
    again = CollectionRun.read(run_json)
    assert again.failures() == collected.run.failures()
    found = _statuses(ruleset, collected, again.failures())
    assert found["t1-update"].status is Status.ERROR
    assert found["t1-publication"].status is Status.PASS


def test_a_run_file_with_bad_kind_errors_is_bad_input(tmp_path):
    import json

    import pytest

    from disclosure_rules.errors import EvidenceError

    _, collected = _run()
    _, run_json = collected.write(tmp_path / "evidence")
    data = json.loads(run_json.read_text(encoding="utf-8"))
    data["reports"][0]["kind_errors"] = ["publication"]
    run_json.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"reports\[0\]\.kind_errors"):
        CollectionRun.read(run_json)

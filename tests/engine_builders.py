"""Small rule sets and evidence built in Python for the engine tests (no YAML involved)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from disclosure_rules.evidence.records import Evidence
from disclosure_rules.rules import AccompaniedRule, PresentRule
from disclosure_rules.ruleset.deadlines import (
    ContinuousDeadline,
    Deadline,
    ExternalDeadline,
    FixedDeadline,
    TimelyDeadline,
)
from disclosure_rules.ruleset.model import (
    Assignment,
    EvidenceKind,
    FieldSpec,
    FieldType,
    Role,
    Rule,
    Ruleset,
    Task,
    Unit,
    UnitRegistry,
    Waiver,
)
from disclosure_rules.ruleset.workdays import default_calendar

UNITS = ("u1", "u2", "u3")

KINDS = (
    EvidenceKind("doc", "政策文件", (
        FieldSpec("published", FieldType.DATE, required=True),
        FieldSpec("doc_type", FieldType.TEXT),
        FieldSpec("form", FieldType.TEXT),
        FieldSpec("topic", FieldType.TEXT),
    ), date_field="published"),
    EvidenceKind("interp", "政策解读", (
        FieldSpec("published", FieldType.DATE, required=True),
        FieldSpec("policy", FieldType.REF, ref_kind="doc"),
        FieldSpec("form", FieldType.TEXT),
    ), date_field="published"),
    EvidenceKind("decision", "行政执法决定", (
        FieldSpec("decided", FieldType.DATE, required=True),
        FieldSpec("published", FieldType.DATE),
    ), date_field="decided"),
    EvidenceKind("event", "应公开事项", (
        FieldSpec("occurred", FieldType.DATE, required=True),
    ), date_field="occurred"),
    EvidenceKind("pub", "网站公开信息", (
        FieldSpec("published", FieldType.DATE, required=True),
        FieldSpec("subject", FieldType.REF, ref_kind="event"),
    ), date_field="published"),
    EvidenceKind("application", "政府信息公开申请", (
        FieldSpec("received", FieldType.DATE, required=True),
        FieldSpec("replied", FieldType.DATE),
        FieldSpec("extended", FieldType.BOOL),
    ), date_field="received"),
    EvidenceKind("site_update", "网站栏目更新", (
        FieldSpec("updated", FieldType.DATE, required=True),
        FieldSpec("column", FieldType.TEXT),
    ), date_field="updated"),
    EvidenceKind("attestation", "书面说明", (
        FieldSpec("topic", FieldType.TEXT, required=True),
        FieldSpec("signed_on", FieldType.DATE, required=True),
    ), date_field="signed_on"),
    EvidenceKind("undated_doc", "制度文件（无日期）", (
        FieldSpec("topic", FieldType.TEXT),
    )),
)


def ruleset(rules_and_deadlines: list[tuple[Rule, Deadline]], *, units: tuple[str, ...] = UNITS,
            waivers: tuple[Waiver, ...] = (), year: int = 2019,
            weights: tuple[float, ...] | None = None,
            roles: dict[str, Role] | None = None) -> Ruleset:
    """Every unit 负责 in every task, unless ``roles`` gives a unit another role."""
    roles = roles or {}
    tasks = []
    for n, (rule, deadline) in enumerate(rules_and_deadlines, start=1):
        tasks.append(Task(
            number=n, heading=(f"{n}、",), requirement=f"任务{n}", responsible_text="各单位",
            assignments=tuple(Assignment(u, roles.get(u, Role.RESPONSIBLE)) for u in units),
            deadline=deadline, rules=(rule,),
            weight=weights[n - 1] if weights else 1.0,
        ))
    registry = UnitRegistry(tuple(Unit(u, f"单位{u}") for u in units))
    return Ruleset(id="test", title="测试规则集", year=year, units=registry,
                   evidence_kinds=KINDS, tasks=tuple(tasks), calendar=default_calendar(),
                   waivers=waivers, sha256="0" * 64)


def ev(kind: str, unit: str, key: str, title: str = "", **fields: Any) -> Evidence:
    return Evidence(kind, unit, key, title or key, fields)


def d(text: str) -> date:
    return date.fromisoformat(text)


FIXED = FixedDeadline(date(2019, 11, 30), "2019年11月底前")
TIMELY = TimelyDeadline(20, "及时公开")
QUARTERLY = ContinuousDeadline("quarter", "常态化工作")
CITY = ExternalDeadline("市", None, "按市里统一安排完成")


def two_rule_case() -> tuple[Ruleset, list[Evidence]]:
    """A present and an accompanied rule over 400 documents and 200 interpretations: enough
    facts for many small sessions and shards (the memory and Dask tests)."""
    start = date(2019, 1, 1)
    rs = ruleset([(PresentRule(id="p", evidence="doc"), FixedDeadline(date(2019, 6, 30), "6月")),
                  (AccompaniedRule(id="a", evidence="doc", companion="interp", link="policy",
                                   within=3), ContinuousDeadline("quarter", "常态化"))])
    records = [ev("doc", f"u{1 + n % 3}", f"文{n}", published=start + timedelta(days=n % 360))
               for n in range(400)]
    records += [ev("interp", "u2", f"解{n}", published=start + timedelta(days=n % 360 + n % 6),
                   policy=f"文{n}") for n in range(0, 400, 2)]
    return rs, records

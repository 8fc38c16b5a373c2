"""responded — every request received by ``as_of`` is answered within ``within`` working days
(plus ``extension_days`` when extended, 条例第三十三条)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import ClassVar

from attrs import frozen
from yaml.nodes import Node

from ..engine.intermediate import PlanContext, fixed
from ..engine.reference import ReferenceContext
from ..engine.semantics import UNDATED, hours_limit, item_limit, kind_label
from ..engine.verdicts import item_undated, none_to_check, within_limit
from ..evidence.records import Evidence
from ..results.findings import Finding
from ..ruleset.kinds import RuleChecker, RuleKind
from ..ruleset.model import FieldType, Rule, Ruleset, Task
from .window import TEMPLATES, Window


@frozen(kw_only=True)
class RespondedRule(Rule):
    """Every request (``evidence``) received on ``received_field`` has a reply on
    ``replied_field`` within ``within`` working days; an extension (``extension_field`` true,
    with its own evidence) adds ``extension_days`` working days (条例第三十三条)."""

    kind: ClassVar[str] = "responded"
    evidence: str
    received_field: str = "received"
    replied_field: str = "replied"
    extension_field: str | None = None
    within: int = 20
    extension_days: int = 20
    count_start: bool = False
    #: a limit in calendar hours instead of ``within`` working days (舆情回应: 48 小时)
    within_hours: int | None = None

    def evidence_kinds(self) -> tuple[str, ...]:
        return (self.evidence,)


def received_by(record: Evidence, rule: RespondedRule, as_of: date) -> bool:
    """A request counts once received by ``as_of``; one without a received date counts too
    (its finding is an error: the limit cannot be computed)."""
    received = record.date(rule.received_field)
    return received is None or received <= as_of


def _extended(rule: RespondedRule, record: Evidence) -> bool:
    return bool(rule.extension_field and record.fields.get(rule.extension_field) is True)


def plan(ctx: PlanContext) -> None:
    rule, plan_, ri, as_of = ctx.rule, ctx.plan, ctx.ri, ctx.as_of
    assert isinstance(rule, RespondedRule)
    cal = ctx.ruleset.calendar
    hi = as_of.toordinal()
    label = kind_label(ctx.ruleset, rule.evidence)
    mine = ctx.by_unit(rule.evidence)
    # one detail dict per extension state, shared by the item slots: within_limit copies it
    by_extension = {ext: {"label": label, "within": rule.within, "extended": ext,
                          "extension_days": rule.extension_days if ext else 0,
                          "within_hours": rule.within_hours}
                    for ext in (False, True)}
    for unit in ctx.units:
        items = [(d, r) for d, r in mine.get(unit, []) if received_by(r, rule, as_of)]
        if not items:
            s = ctx.subject(unit, "unit")
            ctx.add(s, (), fixed(none_to_check(s, label)))
            continue
        for n, (_day, record) in enumerate(items):
            s = ctx.subject(unit, f"item:{record.key}")
            received = record.date(rule.received_field)
            if received is None:
                ctx.add(s, (), fixed(item_undated(s, record, rule.received_field, label)))
                continue
            extended = _extended(rule, record)
            if rule.within_hours is not None:
                limit = hours_limit(received, rule.within_hours)
            else:
                days = rule.within + (rule.extension_days if extended else 0)
                limit = item_limit(cal, received, days, rule.count_start)
            key = (ri, "self", unit, n)
            replied = record.date(rule.replied_field)
            if replied is not None and replied <= as_of:
                plan_.item(key, replied.toordinal(), record)
            pid = plan_.probe(key, UNDATED, hi)
            ctx.add(s, (pid,), Window(plan_, s, pid, (received.toordinal(), record), received,
                                      limit, as_of, by_extension[extended]))


def reference(ctx: ReferenceContext) -> list[Finding]:
    rule, as_of = ctx.rule, ctx.as_of
    assert isinstance(rule, RespondedRule)
    items = [(d, r) for d, r in ctx.of(rule.evidence) if received_by(r, rule, as_of)]
    label = kind_label(ctx.ruleset, rule.evidence)
    if not items:
        return [none_to_check(ctx.subject("unit"), label)]
    out = []
    for _day, item in items:
        s = ctx.subject(f"item:{item.key}")
        received = item.date(rule.received_field)
        if received is None:
            out.append(item_undated(s, item, rule.received_field, label))
            continue
        extended = _extended(rule, item)
        if rule.within_hours is None:
            days = rule.within + (rule.extension_days if extended else 0)
            limit = item_limit(ctx.ruleset.calendar, received, days, rule.count_start)
        else:  # calendar hours, day granularity: the ⌈h/24⌉-th calendar day after receipt
            limit = received + timedelta(days=math.ceil(rule.within_hours / 24))
        replied = item.date(rule.replied_field)
        matched = [] if replied is None or replied > as_of else [(replied.toordinal(), item)]
        detail = {"label": label, "within": rule.within, "extended": extended,
                  "extension_days": rule.extension_days if extended else 0,
                  "within_hours": rule.within_hours}
        out.append(within_limit(s, (received.toordinal(), item), received, limit, matched,
                                as_of, detail))
    return out


def check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    assert isinstance(rule, RespondedRule)
    primary = checker.kinds[rule.evidence]
    for param in ("received_field", "replied_field"):
        checker.expect_field(primary, getattr(rule, param), FieldType.DATE, m.get(param),
                             f"{path}.{param}")
    if rule.extension_field is not None:
        checker.expect_field(primary, rule.extension_field, FieldType.BOOL,
                             m.get("extension_field"), f"{path}.extension_field")
    if rule.within_hours is not None:
        for param in ("within", "extension_field", "extension_days", "count_start"):
            if param in m:
                checker.problem(m.get(param), f"{path}.{param}",
                                f"写了 within_hours（按小时计）时不能再写 {param}",
                                "按工作日计写 within，按小时计写 within_hours，二者选一")


def can_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    """A request answered late, or not at all, fails."""
    return True


DOC = """\
#### responded —— 按时答复

每条在检查日前收到的请求（`evidence`，
如依申请公开的申请）自 `received_field` 日期起 `within` 个工作日内答复
（`replied_field`）；`extension_field` 为 `true`（经批准延期并告知申请人）的，
时限再加 `extension_days`
个工作日。对象：每条请求。按时答复 → pass；晚了 → fail；尚未答复且未到时限 → pending；
已过时限 → fail；
没有请求 → not_applicable。

```yaml
- id: t05-application-reply
  kind: responded
  evidence: application
  received_field: received
  replied_field: replied
  extension_field: extended
  within: 20
  extension_days: 20
  count_start: false
```

`within_hours`（代替 `within`，不能与 `within`、`extension_field`、`extension_days`、
`count_start` 同写）：时限按**自然小时**计，节假日照算，例如舆情“48小时内回应”写
`within_hours: 48`。证据只有日期、没有时刻，因此按日折算：事件可能发生在当日任何时刻，
答复日期不晚于收到（发现）之日后第 ⌈小时数 ÷ 24⌉ 个自然日即算在时限内——48 小时为其后第 2 天，
24 小时、5 小时为次日。国庆假期中发现、8 天后才回应的舆情因此为逾期。

条例第三十条（补正期间重新起算）、第三十二条和第三十四条（征求第三方、其他机关意见的时间不计入）：
台账中的 `received` 请填补正后收到之日；征求意见的时间目前须由单位在台账中扣除后填写。
"""

KIND = RuleKind(name="responded", params=RespondedRule, label="按时答复",
                label_en="answered on time", plan=plan, reference=reference,
                templates=TEMPLATES, check=check, can_fail=can_fail, doc=DOC,
                working_days=True)

"""What accompanied, timely and responded share: one finding per item, which needs a
candidate (companion, publication, reply) within its working-day limit (the decide object and
the reason templates of ``window.*``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..engine.intermediate import Matches, Plan
from ..engine.verdicts import Dated, Subject, within_limit
from ..results.findings import Finding
from .counting import ITEMS_NONE

TEMPLATES: dict[str, tuple[str, str]] = {
    "window.met": (
        "{item}{outcome}，在{limit}内。",
        "{item}: {outcome}, within {limit}."),
    "window.pending": (
        "{item}尚无{what}；{limit}尚未到期。",
        "{item}: no {what} yet; {limit}, not yet due."),
    "window.late": (
        "逾期：{item}{outcome}，超过{limit}。",
        "Late: {item}: {outcome}, beyond {limit}."),
    "window.missing": (
        "缺少{what}：{item}应在{limit}前有{what}，截至 {as_of} 未见。",
        "Missing {what}: {item} needed one by the {limit}; none by {as_of}."),
    "window.undated": (
        "{item}缺少日期字段“{field}”，无法计算时限。",
        "{item} has no date in field “{field}”; the limit cannot be computed."),
    **ITEMS_NONE,
}


class Window:
    """Decides one item of accompanied / timely / responded.  There is one per evidence item,
    so it is a slotted object rather than a closure (a closure over these eight values, with
    its cells, the ``(day, record)`` tuple and a detail dict of its own, took ~3 × the
    memory)."""

    __slots__ = ("as_of", "day", "detail", "limit", "pid", "plan", "record", "s", "start")

    def __init__(self, plan: Plan, s: Subject, pid: int | None, item: Dated, start: date,
                 limit: date, as_of: date, detail: dict[str, Any]) -> None:
        self.plan, self.s, self.pid = plan, s, pid
        self.day, self.record = item
        self.start, self.limit, self.as_of, self.detail = start, limit, as_of, detail

    def __call__(self, m: Matches) -> Finding:
        pid = self.pid
        candidates = self.plan.dated(m.get(pid, ())) if pid is not None else []
        return within_limit(self.s, (self.day, self.record), self.start, self.limit,
                            candidates, self.as_of, self.detail)

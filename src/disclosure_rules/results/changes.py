"""What changed between two results: findings by (rule, unit, subject) → status.

One function, :func:`diff_findings`, compares the findings of two results in their JSON form
(``Result.to_json()["findings"]``), so it reads stored results of any schema version that keeps
``rule``, ``unit``, ``subject`` and ``status`` on each finding.  A finding present on one side
only counts as changed (its status on the other side is ``None``).

A finding gone from ``after`` means one of three things.  When its rule has no finding for the
unit in ``after`` any more, the rule no longer checks it (不再检查).  When it still has, the
rule judges the unit by other subjects now: a finding whose detail says ``fixed_when_gone``
(one per offending record, e.g. a dead link) is gone because the offence was fixed (已消除);
any other was replaced by the rule's new findings (由新结论取代 — e.g. “no column updated at
all” giving way to a finding per column once one is).  The finding says so in its data, so
this module need not know which rule kinds behave that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from attrs import frozen

from .findings import Status

__all__ = ["Change", "diff_findings"]

FindingKey = tuple[str, str, str]


@frozen
class Change:
    """One finding whose status differs between ``before`` and ``after``."""

    rule: str
    unit: str
    subject: str
    task: int | None
    before: str | None  # a Status value; None: no such finding before
    after: str | None  # None: no such finding any more
    reason: str  # the latest reason (after's, else before's)
    #: gone from ``after`` because fixed: an offending record no longer found
    fixed: bool = False
    #: gone from ``after`` while its rule still judges the unit by other findings
    superseded: bool = False

    @property
    def key(self) -> FindingKey:
        return (self.rule, self.unit, self.subject)

    @property
    def label(self) -> str:
        """What the change means for the office, in Chinese."""
        return _label(self.before, self.after, zh=True, fixed=self.fixed,
                      superseded=self.superseded)

    @property
    def label_en(self) -> str:
        return _label(self.before, self.after, zh=False, fixed=self.fixed,
                      superseded=self.superseded)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "unit": self.unit, "subject": self.subject, "task": self.task,
                "before": self.before, "after": self.after, "change": self.label_en,
                "reason": self.reason}


def _label(before: str | None, after: str | None, *, zh: bool, fixed: bool = False,
           superseded: bool = False) -> str:
    fail, passed = Status.FAIL.value, Status.PASS.value
    if after == fail:
        return "新增未通过" if zh else "newly failing"
    if before == fail and after == passed:
        return "已整改" if zh else "fixed"
    if after is None and fixed:
        return "已消除（不再发现）" if zh else "fixed: no longer found"
    if after is None and superseded:
        return "由新结论取代" if zh else "superseded by the rule's new findings"
    if after is None:
        return "不再检查" if zh else "no longer checked"
    if before is None:
        return f"新增（{Status(after).zh}）" if zh else f"new ({after})"
    if after == Status.PENDING.value:
        return "新增未到期" if zh else "newly pending"
    if after == Status.ERROR.value:
        return "变为无法判定" if zh else "now undecidable"
    if after == Status.WAIVED.value:
        return "新获豁免" if zh else "newly waived"
    if after == passed:
        return "变为通过" if zh else "now passing"
    return (f"{Status(before).zh} → {Status(after).zh}" if zh else f"{before} → {after}")


def diff_findings(before: Iterable[Mapping[str, Any]],
                  after: Iterable[Mapping[str, Any]]) -> list[Change]:
    """The findings whose status differs, in the order of ``after`` (then those gone)."""
    old = {_key(f): f for f in before}
    changes: list[Change] = []
    seen: set[FindingKey] = set()
    checked: set[tuple[str, str]] = set()  # (rule, unit) pairs ``after`` still has findings of
    for f in after:
        key = _key(f)
        seen.add(key)
        checked.add(key[:2])
        was = old.get(key)
        was_status = None if was is None else str(was["status"])
        if was_status != f["status"]:
            changes.append(_change(key, f, was_status, str(f["status"]), f))
    for key, f in old.items():
        if key not in seen:
            still = key[:2] in checked
            fixed = still and _fixed_when_gone(f)
            changes.append(_change(key, f, str(f["status"]), None, f, fixed=fixed,
                                   superseded=still and not fixed))
    return changes


def _fixed_when_gone(f: Mapping[str, Any]) -> bool:
    detail = f.get("detail")
    return isinstance(detail, Mapping) and detail.get("fixed_when_gone") is True


def _key(f: Mapping[str, Any]) -> FindingKey:
    return (str(f["rule"]), str(f["unit"]), str(f["subject"]))


def _change(key: FindingKey, f: Mapping[str, Any], before: str | None, after: str | None,
            latest: Mapping[str, Any], *, fixed: bool = False,
            superseded: bool = False) -> Change:
    task = f.get("task")
    return Change(*key, task if isinstance(task, int) else None, before, after,
                  str(latest.get("reason") or ""), fixed, superseded)

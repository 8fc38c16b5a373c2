"""Checks of a valid rule set that only warn (``validate --strict`` makes them errors).

A rule set can load without error and still say something its author did not mean.  The
commonest case: last year's file copied with only ``id`` and ``year`` changed, its deadlines,
``due`` and ``trigger_date`` dates and calendar years still of last year.  Each check here is
a function ``(root node, reader, year)`` that adds located problems to the reader; ``CHECKS``
lists them, so a new warning is one function more.

Exempt from the leftover check: a ``due`` (or a deadline phrase's date) up to 31 March of the
next year (annual reports are due by 31 January, 条例第四十九条; the old rule's 31 March),
calendar years of the next year, and every date of a task or rule marked ``year_ok: true``.
Free text (basis, description, labels) is not checked: quoting an earlier document's date is
normal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import DeadlineError, Problem, RulesetError
from .deadlines import FixedDeadline, parse_deadline
from .yaml_nodes import Reader, compose, read_text

__all__ = ["CHECKS", "lint_ruleset", "lint_text"]

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PHRASE_YEAR = re.compile(r"(\d{4})\s*年")
_HINT = "如确属本年度，请改正；有意保留的，在该任务或规则中写 year_ok: true"


def _items(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value if isinstance(k, ScalarNode)}


def _seq(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _iso(node: Node | None) -> date | None:
    if not isinstance(node, ScalarNode) or not (m := _ISO.fullmatch(node.value.strip())):
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _year_ok(m: dict[str, Node]) -> bool:
    node = m.get("year_ok")
    return isinstance(node, ScalarNode) and node.value.lower() in ("true", "yes", "on")


def _next_year_early(day: date, year: int) -> bool:
    """A date up to 31 March of the next year: annual duties of ``year`` fall due then."""
    return day.year == year + 1 and day <= date(year + 1, 3, 31)


def _leftover_dates(root: Node, r: Reader, year: int) -> None:
    def other(node: Node, path: str, what: str, found: int) -> None:
        message = f"规则集年度为 {year} 年，{what}却是 {found} 年的：是否沿用了往年的内容？"
        r.problem(node, path, message, _HINT)

    def check_due(node: Node | None, path: str) -> None:
        day = _iso(node)
        if node is not None and day is not None and day.year != year \
                and not _next_year_early(day, year):
            other(node, path, f"due 日期 {day.isoformat()}", day.year)

    for i, task_node in enumerate(_seq(_items(root).get("tasks"))):
        path = f"tasks[{i}]"
        task = _items(task_node)
        if _year_ok(task):
            continue
        phrase = task.get("deadline")
        if isinstance(phrase, ScalarNode):
            _check_phrase(phrase, f"{path}.deadline", year, other)
        check_due(task.get("due"), f"{path}.due")
        for j, rule_node in enumerate(_seq(task.get("rules"))):
            rule = _items(rule_node)
            if _year_ok(rule):
                continue
            check_due(rule.get("due"), f"{path}.rules[{j}].due")
            trigger = rule.get("trigger_date")
            day = _iso(trigger)
            if trigger is not None and day is not None and day.year != year:
                other(trigger, f"{path}.rules[{j}].trigger_date",
                      f"触发日期 {day.isoformat()}", day.year)


def _check_phrase(node: ScalarNode, path: str, year: int,
                  other: Callable[[Node, str, str, int], None]) -> None:
    text = unicodedata.normalize("NFKC", node.value)
    for match in _PHRASE_YEAR.finditer(text):
        found = int(match[1])
        if found == year:
            continue
        if found == year + 1:
            try:
                deadline = parse_deadline(text, default_year=year)
            except DeadlineError:
                deadline = None
            if isinstance(deadline, FixedDeadline) and _next_year_early(deadline.due, year):
                continue
        other(node, path, f"完成时间“{node.value}”", found)


def _leftover_calendar(root: Node, r: Reader, year: int) -> None:
    years = _items(_items(_items(root).get("calendar")).get("years"))
    for key_text, node in years.items():
        if key_text.isdigit() and int(key_text) not in (year, year + 1):
            r.problem(node, f"calendar.years.{key_text}",
                      f"规则集年度为 {year} 年，日历却写了 {key_text} 年：是否沿用了往年的内容？",
                      "规则集只用到本年度和下一年年初的日历；多余的年份请删去")


#: the checks that warn; ``validate --strict`` turns each of their problems into an error
def _rules_that_cannot_fail(root: Node, r: Reader, year: int) -> None:
    """A rule that no evidence can make fail (its kind's ``can_fail`` says so, e.g. a
    ``share`` with ``threshold: 0``) checks nothing."""
    from .kinds import current
    from .loader import _Builder

    ruleset = _Builder(Reader(r.source)).build(root, path=None, sha256="")
    if ruleset is None:  # did not load (an include, or errors ``validate`` reports itself)
        return
    kinds = current()
    task_nodes = _seq(_items(root).get("tasks"))
    for t, (task, task_node) in enumerate(zip(ruleset.tasks, task_nodes, strict=False)):
        rule_nodes = _seq(_items(task_node).get("rules"))
        for n, (rule, node) in enumerate(zip(task.rules, rule_nodes, strict=False)):
            if not kinds.of(rule).can_fail(rule, task, ruleset):
                r.problem(node, f"tasks[{t}].rules[{n}]",
                          f"规则 {rule.id}（{rule.kind}）在任何证据下都不会不通过，检查不出问题",
                          "请检查其数值（如 threshold）")


CHECKS: tuple[Callable[[Node, Reader, int], None], ...] = (
    _leftover_dates, _leftover_calendar, _rules_that_cannot_fail)


def lint_text(text: str, *, source: str = "<input>", year: int | None = None) -> list[Problem]:
    """Warnings of a rule set's text (assumed to load without error)."""
    root = compose(text, source, error=RulesetError)
    if root is None:
        return []
    if year is None:
        node = _items(root).get("year")
        if not isinstance(node, ScalarNode) or not node.value.isdigit():
            return []
        year = int(node.value)
    reader = Reader(source)
    for check in CHECKS:
        check(root, reader, year)
    return sorted(reader.problems, key=lambda p: (p.location.line or 0, p.location.column or 0))


def lint_ruleset(path: str | Path) -> list[Problem]:
    return lint_text(read_text(path, error=RulesetError), source=str(path))

"""What the author must review after an import: names the unit registry does not know (with
suggestions) and rule kinds the requirement text suggests.

Both are suggestions only: the skeleton lists them as comments, never as rules or units the
author did not write.
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from attrs import frozen

from ..ruleset.model import UnitRegistry

__all__ = ["RuleHint", "UnknownName", "rule_hints", "unknown_names"]


@frozen
class UnknownName:
    name: str
    rows: tuple[int, ...]
    suggestions: tuple[str, ...]  # names or group phrases of the registry


def _variants(name: str) -> list[str]:
    """Spellings of the same unit: with or without the 局 prefix, 科/科室."""
    out = [name, name.removeprefix("局"), "局" + name]
    out += [v.removesuffix("室") for v in out if v.endswith("科室")]
    return list(dict.fromkeys(out))


def unknown_names(rows: dict[str, list[int]], registry: UnitRegistry) -> list[UnknownName]:
    """Names of the 责任部门 cells (name → row numbers) the registry does not resolve, each
    with the closest registry names (a unit's name, alias or a group's phrase)."""
    known = registry.known_names()
    out = []
    for name, numbers in rows.items():
        if registry.resolve(name):
            continue
        exact = [v for v in _variants(name) if registry.resolve(v)]
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        suggestions = tuple(dict.fromkeys([*exact, *close]))
        out.append(UnknownName(name, tuple(dict.fromkeys(numbers)), suggestions))
    return out


@frozen
class RuleHint:
    """A rule kind the requirement text suggests, with the words that suggested it and a rule
    in YAML to start from (evidence kinds as ``rulesets/2019.yaml`` declares them)."""

    kind: str
    words: str
    yaml: tuple[str, ...]


def _hint_lines(number: int, year: int | None, kind: str) -> tuple[str, ...]:
    rid = f"t{number:02d}"
    y = year or date.today().year
    if kind == "accompanied":
        return (f"- id: {rid}-interpretation", "  kind: accompanied",
                "  evidence: policy_document", "  companion: interpretation", "  link: policy",
                "  within: 3", "  count_start: false")
    if kind == "timely":
        return (f"- id: {rid}-enforcement", "  kind: timely", "  event: enforcement_decision",
                "  where: {decision_type: {in: [行政许可, 行政处罚]}}",
                "  published_field: published", "  within: 7", "  count_start: false")
    if kind == "responded":
        return (f"- id: {rid}-application-reply", "  kind: responded",
                "  evidence: application", "  received_field: received",
                "  replied_field: replied", "  extension_field: extended", "  within: 20",
                "  extension_days: 20", "  count_start: false")
    if kind == "present":
        return (f"- id: {rid}-annual-report", "  kind: present", "  evidence: annual_report",
                f"  where: {{report_type: 年度报告, report_year: {y}}}", "  min_count: 1",
                f"  due: {y + 1}-01-31  # 条例第四十九条：每年1月31日前公布上一年度年报")
    return (f"- id: {rid}-fresh", "  kind: fresh", "  evidence: site_update",
            "  max_age_days: 14", "  measure: age")


#: (pattern, kind, why) in the order they are tried; a row gets every kind whose words it has
_HINTS = (
    (re.compile(r"三同步|同步解读|谁起草谁解读"), "accompanied", "政策文件与解读材料同步发布"),
    (re.compile(r"谁执法谁公示|双公示"), "timely", "行政许可、处罚决定7个工作日内公示"),
    (re.compile(r"依申请"), "responded", "依申请公开20个工作日内答复（条例第三十三条）"),
    (re.compile(r"年报|年度报告"), "present", "年报于次年1月31日前公布（条例第四十九条）"),
    (re.compile(r"不断更新|及时更新|更新"), "fresh", "栏目或账号定期更新"),
)


def rule_hints(number: int, text: str, year: int | None) -> list[RuleHint]:
    """Rule kinds the words of a row (its requirement and heading) suggest, where clear."""
    out = []
    for pattern, kind, why in _HINTS:
        match = pattern.search(text)
        if match and all(h.kind != kind for h in out):
            out.append(RuleHint(kind, f"“{match[0]}”：{why}", _hint_lines(number, year, kind)))
    return out

"""Rule-set tests: cases of evidence with the verdicts their author expects.

A rule set says what the office means by each duty; its tests prove it.  A test file sits
beside the rule set (``rulesets/2019.tests.yaml``, or every ``*.yaml`` of a folder
``rulesets/2019.tests/``) and holds cases::

    cases:
      - name: 分管领导按时明确并报备
        as_of: 2019-07-15
        evidence:
          - {kind: staff_designation, unit: 局办公室, key: sd-1,
             fields: {designated: 2019-06-20, person: 张三, role: 分管领导, reported: 2019-06-21}}
        expect:
          - {rule: t01-leader, unit: 局办公室, status: 通过}

Each expectation names a rule, optionally a unit (a name, an alias or an id; without it every
unit the rule checks), optionally a subject (``unit``, ``period:2019-Q3``, ``item:<key>``,
``group:<value>``; without it every finding of the rule × unit) and optionally the reason
``code``.  Every finding it names must have the expected status, and at least one must exist.
Evidence is checked exactly as ``check`` checks it: a record the rule set would reject is a
problem of the test file, never a silently empty case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import attrs
from attrs import frozen
from yaml.nodes import Node

from ..errors import InputError, Location, Problem, RulesetError, did_you_mean
from ..evidence.records import Evidence, check_record
from ..results.findings import Finding, Status
from ..ruleset.model import Ruleset
from ..ruleset.yaml_nodes import Reader, compose, read_text
from .evaluator import evaluate

__all__ = [
    "Case",
    "CaseOutcome",
    "Coverage",
    "Expectation",
    "coverage",
    "default_test_files",
    "load_cases",
    "run_case",
]

_STATUS_WORDS: dict[str, Status] = {s.zh: s for s in Status} | {s.value: s for s in Status}


@frozen
class Expectation:
    """One expected verdict: ``rule`` × ``unit`` (None: every unit) × ``subject`` (None: every
    subject) has ``status`` (and ``code`` when given)."""

    rule: str
    unit: str | None
    subject: str | None
    status: Status
    code: str | None
    location: Location

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and (self.unit is None or finding.unit == self.unit)
            and (self.subject is None or finding.subject == self.subject)
        )


@frozen
class Case:
    name: str
    as_of: date
    records: tuple[Evidence, ...]
    expectations: tuple[Expectation, ...]
    location: Location


@frozen
class CaseOutcome:
    """What one expectation found: the findings it named and, when it failed, why."""

    case: Case
    expectation: Expectation
    findings: tuple[Finding, ...]
    failure: str | None

    @property
    def passed(self) -> bool:
        return self.failure is None


@frozen
class Coverage:
    """Per rule id, the statuses the cases expect of it, in rule-set order."""

    expected: tuple[tuple[str, frozenset[Status]], ...]

    @property
    def missing_pass(self) -> tuple[str, ...]:
        return tuple(r for r, s in self.expected if Status.PASS not in s)

    @property
    def missing_fail(self) -> tuple[str, ...]:
        return tuple(r for r, s in self.expected if Status.FAIL not in s)

    @property
    def untested(self) -> tuple[str, ...]:
        return tuple(r for r, s in self.expected if not s)

    @property
    def covered(self) -> int:
        """Rules with both a passing and a failing case."""
        return sum(1 for _, s in self.expected if {Status.PASS, Status.FAIL} <= s)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / len(self.expected) if self.expected else 100.0


# -- finding the files -----------------------------------------------------------------------


def default_test_files(ruleset_path: str | Path) -> list[Path]:
    """The tests kept beside a rule set: ``NAME.tests.yaml`` and ``NAME.tests/*.yaml``."""
    path = Path(ruleset_path)
    stem = path.name.removesuffix(path.suffix)
    found = [path.with_name(f"{stem}.tests.yaml"), path.with_name(f"{stem}.tests.yml")]
    out = [p for p in found if p.is_file()]
    folder = path.with_name(f"{stem}.tests")
    if folder.is_dir():
        out.extend(sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")))
    return out


def expand_test_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders as their ``*.yaml`` files, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            out.append(path)
    return out


# -- reading ---------------------------------------------------------------------------------


def load_cases(path: str | Path, ruleset: Ruleset) -> tuple[Case, ...]:
    """The cases of one test file, checked against ``ruleset``; every problem of the file is
    reported together as one :class:`RulesetError`."""
    source = str(path)
    root = compose(read_text(path, error=RulesetError), source, error=RulesetError)
    reader = Reader(source)
    cases: list[Case] = []
    if root is None:
        reader.problem(None, "", "测试文件为空")
    else:
        top = reader.mapping(root, "", required=("cases",), optional=("note",))
        for path_, node in reader.sequence(top.get("cases") if top else None, "cases"):
            case = _case(reader, node, path_, ruleset)
            if case is not None:
                cases.append(case)
    if reader.problems:
        problems = sorted(reader.problems,
                          key=lambda p: (p.location.line or 0, p.location.column or 0))
        raise RulesetError(problems, summary=f"测试文件 {source} 有 {len(problems)} 处错误：")
    return tuple(cases)


def _case(reader: Reader, node: Node, path: str, ruleset: Ruleset) -> Case | None:
    m = reader.mapping(node, path, required=("name", "as_of", "expect"),
                       optional=("evidence", "note"))
    if m is None:
        return None
    name = reader.text(m.get("name"), f"{path}.name")
    as_of = reader.scalar(m.get("as_of"), f"{path}.as_of", date)
    records: list[Evidence] = []
    for sub, item in reader.sequence(m.get("evidence"), f"{path}.evidence"):
        raw = reader.plain(item, sub)
        location = reader.location(item, sub)
        record, problems = check_record(raw, ruleset, location=location)
        reader.problems.extend(
            attrs.evolve(p, location=attrs.evolve(p.location, path=f"{sub}.{p.location.path}"))
            for p in problems)
        if record is not None:
            records.append(record)
    expectations = [
        e for sub, item in reader.sequence(m.get("expect"), f"{path}.expect")
        if (e := _expectation(reader, item, sub, ruleset)) is not None
    ]
    if "expect" in m and not expectations and not reader.problems:
        reader.problem(m["expect"], f"{path}.expect", "用例至少需要一条期望结论")
    if name is None or as_of is None:
        return None
    return Case(name, as_of, tuple(records), tuple(expectations), reader.location(node, path))


def _expectation(reader: Reader, node: Node, path: str, ruleset: Ruleset) -> Expectation | None:
    m = reader.mapping(node, path, required=("rule", "status"),
                       optional=("unit", "subject", "code", "task"))
    if m is None:
        return None
    rule = reader.text(m.get("rule"), f"{path}.rule")
    if rule is not None and rule not in ruleset.rule_map:
        reader.problem(m["rule"], f"{path}.rule", f"规则集中没有规则“{rule}”",
                       did_you_mean(rule, ruleset.rule_map))
        rule = None
    status_word = reader.text(m.get("status"), f"{path}.status")
    status = _STATUS_WORDS.get(status_word or "")
    if status_word is not None and status is None:
        reader.problem(m["status"], f"{path}.status", f"未知的结论“{status_word}”",
                       "可用：" + "、".join(s.zh for s in Status))
    unit = None
    if "unit" in m:
        unit = _unit(reader, m["unit"], f"{path}.unit", ruleset, rule)
        if unit is None:
            return None
    task = reader.scalar(m.get("task"), f"{path}.task", int, optional=True)
    owner = ruleset.rule_map[rule][0].number if rule is not None else None
    if task is not None and owner is not None and owner != task:
        reader.problem(m["task"], f"{path}.task",
                       f"规则“{rule}”属于第 {owner} 行，不是第 {task} 行")
    subject = reader.text(m.get("subject"), f"{path}.subject", required=False)
    code = reader.text(m.get("code"), f"{path}.code", required=False)
    if rule is None or status is None:
        return None
    return Expectation(rule, unit, subject, status, code, reader.location(node, path))


def _unit(reader: Reader, node: Node, path: str, ruleset: Ruleset, rule: str | None) -> str | None:
    name = reader.text(node, path)
    if name is None:
        return None
    ids = ruleset.units.resolve(name)
    if len(ids) != 1:
        hint = did_you_mean(name, ruleset.units.known_names())
        what = "是单位组，期望须针对具体单位" if ids else "不是已知的单位"
        reader.problem(node, path, f"“{name}”{what}", hint)
        return None
    if rule is not None:
        task, rule_obj = ruleset.rule_map[rule]
        if ids[0] not in task.units_for(rule_obj):
            reader.problem(node, path, f"规则“{rule}”不检查单位“{name}”",
                           "可用：" + "、".join(ruleset.units.name_of(u)
                                              for u in task.units_for(rule_obj)))
            return None
    return ids[0]


# -- running ---------------------------------------------------------------------------------


def run_case(ruleset: Ruleset, case: Case, *, backend: str = "durable",
             lang: str = "zh") -> list[CaseOutcome]:
    """Evaluate the case's evidence as of its date and judge each expectation."""
    result = evaluate(ruleset, case.records, case.as_of, lang=lang, backend=backend)
    return [_judge(case, e, result.findings, ruleset) for e in case.expectations]


def _judge(case: Case, expectation: Expectation, findings: Sequence[Finding],
           ruleset: Ruleset) -> CaseOutcome:
    named = tuple(f for f in findings if expectation.matches(f))
    if not named:
        where = f"单位“{ruleset.units.name_of(expectation.unit)}”" if expectation.unit else ""
        if expectation.subject:
            where += f"对象“{expectation.subject}”"
        subjects = sorted({f.subject for f in findings if f.rule == expectation.rule
                           and (expectation.unit is None or f.unit == expectation.unit)})
        hint = f"（实有对象：{'、'.join(subjects)}）" if subjects else ""
        return CaseOutcome(case, expectation, named, f"没有{where}的结论{hint}")
    wrong = [f for f in named if f.status is not expectation.status
             or (expectation.code is not None and f.code != expectation.code)]
    if not wrong:
        return CaseOutcome(case, expectation, named, None)
    lines = []
    for f in wrong:
        unit = ruleset.units.name_of(f.unit)
        code = f"，理由代码 {f.code}" if expectation.code is not None else ""
        lines.append(f"{unit} {f.subject}：实际为“{f.status.zh}”{code}——{f.reason}")
    expected = f"“{expectation.status.zh}”"
    if expectation.code is not None:
        expected += f"（理由代码 {expectation.code}）"
    return CaseOutcome(case, expectation, named, f"期望 {expected}\n" + "\n".join(lines))


def coverage(ruleset: Ruleset, cases: Iterable[Case]) -> Coverage:
    expected: dict[str, set[Status]] = {rule.id: set() for _, rule in ruleset.rules()}
    for case in cases:
        for e in case.expectations:
            expected[e.rule].add(e.status)
    return Coverage(tuple((rule, frozenset(s)) for rule, s in expected.items()))


def no_tests_error(ruleset_path: str) -> InputError:
    return InputError(Problem(
        Location(ruleset_path), "找不到测试文件",
        "把测试写在规则集旁的 NAME.tests.yaml 或 NAME.tests/ 文件夹中，或在命令行中给出测试文件"))

"""The JUnit XML writer (CI systems): one test suite per task, one test case per rule × unit.

A case fails when any of its findings failed (未通过), is an error when a verdict could not be
reached (无法判定), passes when something passed, and is skipped when nothing was decided (all
未到期, 已豁免 or 不适用).  The XML is written as it goes (a million findings never form one
tree); characters XML cannot hold are dropped from texts.
"""

from __future__ import annotations

import io
import re
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from ..results.findings import Finding, Status
from ..results.result import Result
from .view import View, subject_text
from .writer import ReportOptions

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def outcome(findings: list[Finding]) -> Status:
    """The case's outcome: fail, else error, else pass, else (nothing decided) pending."""
    statuses = {f.status for f in findings}
    for status in (Status.FAIL, Status.ERROR, Status.PASS):
        if status in statuses:
            return status
    return Status.PENDING


def write(result: Result, stream: IO[bytes], options: ReportOptions) -> None:
    view = View.of(result, options.lang, options.unit)
    cases: dict[int, dict[tuple[str, str], list[Finding]]] = {}
    for f in view.findings():
        cases.setdefault(f.task, {}).setdefault((f.rule, f.unit), []).append(f)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    total = {s: 0 for s in (Status.FAIL, Status.ERROR, Status.PENDING)}
    outcomes = {task: {key: outcome(items) for key, items in by_case.items()}
                for task, by_case in cases.items()}
    for by_case in outcomes.values():
        for status in by_case.values():
            if status in total:
                total[status] += 1
    tests = sum(len(c) for c in cases.values())
    text.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    text.write(f"<testsuites name={_attr(view.title())} tests=\"{tests}\" "
               f"failures=\"{total[Status.FAIL]}\" errors=\"{total[Status.ERROR]}\" "
               f"skipped=\"{total[Status.PENDING]}\">\n")
    for task in result.tasks:
        by_case = cases.get(task.number)
        if not by_case:
            continue
        states = list(outcomes[task.number].values())
        name = (f"第{task.number}项 " if options.lang != "en" else f"task {task.number} ")
        text.write(f"  <testsuite name={_attr(name + task.requirement)} tests=\"{len(states)}\" "
                   f"failures=\"{states.count(Status.FAIL)}\" "
                   f"errors=\"{states.count(Status.ERROR)}\" "
                   f"skipped=\"{states.count(Status.PENDING)}\" "
                   f"timestamp=\"{result.as_of.isoformat()}T23:59:59\">\n")
        warnings = view.warnings()
        if warnings:  # CI systems show a suite's properties beside its cases
            text.write("    <properties>\n")
            for warning in warnings:
                text.write(f"      <property name=\"warning\" value={_attr(warning)} />\n")
            text.write("    </properties>\n")
        for (rule, unit), items in by_case.items():
            status = outcome(items)
            text.write(f"    <testcase classname={_attr(f'{rule}.{unit}')} "
                       f"name={_attr(view.rule_text(rule) + ' · ' + view.unit_name(unit))}")
            if status is Status.PASS:
                text.write(" />\n")
                continue
            text.write(">\n")
            wanted = [f for f in items if f.status is status] if status in (
                Status.FAIL, Status.ERROR) else items
            body = "\n".join(_line(f, view) for f in wanted)
            tag = {Status.FAIL: "failure", Status.ERROR: "error"}.get(status, "skipped")
            message = _line(wanted[0], view)
            text.write(f"      <{tag} message={_attr(message)}>{escape(_clean(body))}</{tag}>\n")
            text.write("    </testcase>\n")
        text.write("  </testsuite>\n")
    text.write("</testsuites>\n")
    text.flush()
    text.detach()


def _line(f: Finding, view: View) -> str:
    about = subject_text(f)
    return f"[{view.label(f.status)}] {about + ': ' if about else ''}{f.reason}"

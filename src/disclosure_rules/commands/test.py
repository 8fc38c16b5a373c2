"""``disclosure-rules test RULESET [TESTS...]``: run a rule set's tests, pytest-style.

Exit 0 when every expectation holds, 1 when one does not, 2 for bad input (the rule set or a
test file cannot be read).
"""

from __future__ import annotations

import argparse
import sys

from ..engine.evaluator import BACKENDS
from ..engine.ruleset_tests import (
    Case,
    CaseOutcome,
    coverage,
    default_test_files,
    expand_test_paths,
    load_cases,
    no_tests_error,
    run_case,
)
from ..ruleset.loader import load_ruleset
from ..ruleset.model import Ruleset

NAME = "test"
HELP = "运行规则集测试：用给定证据检查每条规则的结论是否符合预期"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ruleset", metavar="RULESET", help="规则集 YAML 文件")
    parser.add_argument("tests", nargs="*", metavar="TESTS",
                        help="测试文件或文件夹（默认：规则集旁的 NAME.tests.yaml 或 NAME.tests/）")
    parser.add_argument("--coverage", action="store_true",
                        help="列出缺少“通过”或“未通过”用例的规则")
    parser.add_argument("-v", "--verbose", action="store_true", help="逐条列出每个期望")
    parser.add_argument("--backend", choices=BACKENDS, default="durable",
                        help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.ruleset)
    paths = expand_test_paths(args.tests) if args.tests else default_test_files(args.ruleset)
    if not paths:
        raise no_tests_error(args.ruleset)
    files = [(str(p), load_cases(p, ruleset)) for p in paths]  # all read before any runs
    failures: list[CaseOutcome] = []
    total = 0
    for source, cases in files:
        marks: list[str] = []
        for case in cases:
            for outcome in run_case(ruleset, case, backend=args.backend):
                total += 1
                marks.append("." if outcome.passed else "F")
                if args.verbose:
                    state = "通过" if outcome.passed else "失败"
                    e = outcome.expectation
                    print(f"{e.location.file}:{e.location.line} {case.name} {e.rule} {state}")
                if not outcome.passed:
                    failures.append(outcome)
        if not args.verbose:
            print(f"{source} {''.join(marks)}")
    if failures:
        print("\n" + " 失败 ".center(40, "="))
        for outcome in failures:
            e = outcome.expectation
            unit = f" × {ruleset.units.name_of(e.unit)}" if e.unit else ""
            print(f"\n{e.location.file}:{e.location.line}: 用例“{outcome.case.name}”"
                  f"（审计日期 {outcome.case.as_of}）{e.rule}{unit}")
            for line in (outcome.failure or "").splitlines():
                print(f"    {line}")
    if args.coverage:
        _print_coverage(ruleset, [c for _, cases in files for c in cases])
    passed = total - len(failures)
    summary = f"{passed} 项通过" + (f"，{len(failures)} 项失败" if failures else "")
    print("\n" + f" {summary} ".center(40, "="))
    return 1 if failures else 0


def _print_coverage(ruleset: Ruleset, cases: list[Case]) -> None:
    cov = coverage(ruleset, cases)
    print(f"\n覆盖率：{cov.covered}/{len(cov.expected)} 条规则同时有“通过”和“未通过”用例"
          f"（{cov.percent:.0f}%）")
    if cov.untested:
        print("  没有任何用例：" + "、".join(cov.untested))
    no_pass = [r for r in cov.missing_pass if r not in cov.untested]
    no_fail = [r for r in cov.missing_fail if r not in cov.untested]
    if no_pass:
        print("  缺少“通过”用例：" + "、".join(no_pass))
    if no_fail:
        print("  缺少“未通过”用例：" + "、".join(no_fail))
    sys.stdout.flush()

"""``disclosure-rules test``: rule-set tests kept beside the rule set, run like pytest."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_rules.cli import main
from disclosure_rules.engine.ruleset_tests import coverage, default_test_files, load_cases, run_case
from disclosure_rules.results.findings import Status
from disclosure_rules.ruleset.loader import load_ruleset

ROOT = Path(__file__).parent.parent
RULESET = ROOT / "rulesets" / "2019.yaml"
TESTS = ROOT / "rulesets" / "2019.tests.yaml"

#: rules whose task deadline is 按市里/省里统一安排 without a due date: they can pass or be
#: pending, never fail, until the rule set gives them a date
#: Rules no test case can make fail.  None since external deadlines without a date fall due at
#: the end of the rule set's year.
CANNOT_FAIL: set[str] = set()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "disclosure_rules.cli", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          cwd=ROOT)


def test_shipped_tests_of_2019_pass_through_the_cli() -> None:
    done = run_cli("test", "rulesets/2019.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"rulesets/2019\.tests\.yaml \.+\n", done.stdout)
    assert "失败" not in done.stdout and "项通过" in done.stdout


def test_every_rule_that_can_fail_has_a_pass_and_a_fail_case() -> None:
    ruleset = load_ruleset(RULESET)
    cov = coverage(ruleset, load_cases(TESTS, ruleset))
    assert cov.untested == () and cov.missing_pass == ()
    assert set(cov.missing_fail) == CANNOT_FAIL
    assert cov.covered == len(ruleset.rule_map) - len(CANNOT_FAIL)


def test_coverage_lists_the_rules_without_a_fail_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(RULESET), "--coverage"]) == 0
    out = capsys.readouterr().out
    total = len(load_ruleset(RULESET).rule_map)
    assert f"覆盖率：{total - len(CANNOT_FAIL)}/{total} 条规则" in out
    lines = [x for x in out.splitlines() if "缺少“未通过”用例" in x]
    listed = set(lines[0].split("：")[1].split("、")) if lines else set()
    assert listed == CANNOT_FAIL


def test_an_altered_expected_status_fails_with_expected_and_got(tmp_path: Path) -> None:
    text = TESTS.read_text(encoding="utf-8")
    altered = text.replace("subject: item:民生实事-1, status: 通过}",
                           "subject: item:民生实事-1, status: 未通过}")
    assert altered != text
    mutated = tmp_path / "altered.tests.yaml"
    mutated.write_text(altered, encoding="utf-8")
    done = run_cli("test", str(RULESET), str(mutated))
    assert done.returncode == 1
    line = altered.splitlines().index(next(x for x in altered.splitlines()
                                          if "item:民生实事-1, status: 未通过" in x)) + 1
    assert f"{mutated}:{line}:" in done.stdout
    assert "期望 “未通过”" in done.stdout and "实际为“通过”" in done.stdout
    assert re.search(r"\d+ 项通过，1 项失败", done.stdout)
    assert "F" in done.stdout.splitlines()[0]


def test_an_altered_reason_code_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TESTS.read_text(encoding="utf-8").replace("status: 未通过, code: count.late}",
                                                     "status: 未通过, code: count.missing}", 1)
    mutated = tmp_path / "code.tests.yaml"
    mutated.write_text(text, encoding="utf-8")
    assert main(["test", str(RULESET), str(mutated)]) == 1
    assert "理由代码 count.late" in capsys.readouterr().out


def test_a_subject_with_no_finding_is_a_failure_not_a_pass(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    case = tmp_path / "none.tests.yaml"
    case.write_text(
        "cases:\n  - name: 没有这件申请\n    as_of: 2019-12-31\n    expect:\n"
        "      - {rule: t05-application-reply, unit: 法规科, subject: item:不存在, status: 通过}\n",
        encoding="utf-8")
    assert main(["test", str(RULESET), str(case)]) == 1
    assert "没有单位“法规科”对象“item:不存在”的结论" in capsys.readouterr().out


def test_bad_test_file_exits_2_naming_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tests.yaml"
    bad.write_text(
        "cases:\n  - name: x\n    as_of: 2019-13-01\n    evidence:\n"
        "      - {kind: nope, unit: 局办公室, key: a}\n    expect:\n"
        "      - {rule: t01-leadr, status: 好}\n"
        "      - {rule: t01-leader, unit: 财务科, status: 通过}\n",
        encoding="utf-8")
    done = run_cli("test", str(RULESET), str(bad))
    assert done.returncode == 2
    err = done.stderr
    assert "有 5 处错误" in err and "Traceback" not in err
    assert f"{bad}:3:12: cases[0].as_of: 不存在的日期" in err
    assert f"{bad}:5:9: cases[0].evidence[0].kind: 未声明的证据类型“nope”" in err
    assert "是否想写：t01-leader" in err and "未知的结论“好”" in err
    assert "规则“t01-leader”不检查单位“财务科”" in err


def test_tests_found_beside_the_rule_set_as_file_or_folder(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    ruleset = tmp_path / "2019.yaml"
    shutil.copy(RULESET, ruleset)
    assert default_test_files(ruleset) == []
    assert main(["test", str(ruleset)]) == 2
    assert "找不到测试文件" in capsys.readouterr().err
    folder = tmp_path / "2019.tests"
    folder.mkdir()
    shutil.copy(TESTS, folder / "all.yaml")
    (folder / "one.yaml").write_text(
        "cases:\n  - name: 无证据\n    as_of: 2019-07-15\n    expect:\n"
        "      - {rule: t01-leader, status: 未通过}\n", encoding="utf-8")
    assert default_test_files(ruleset) == [folder / "all.yaml", folder / "one.yaml"]
    assert main(["test", str(ruleset)]) == 0
    out = capsys.readouterr().out
    assert f"{folder / 'one.yaml'} .\n" in out


def test_expectation_without_unit_covers_every_unit_of_the_rule(tmp_path: Path) -> None:
    ruleset = load_ruleset(RULESET)
    case = tmp_path / "all.tests.yaml"
    case.write_text(
        "cases:\n  - name: 无证据\n    as_of: 2019-07-15\n    expect:\n"
        "      - {rule: t01-leader, status: 通过}\n", encoding="utf-8")
    [loaded] = load_cases(case, ruleset)
    [outcome] = run_case(ruleset, loaded)
    assert not outcome.passed
    assert len(outcome.findings) == 5  # 局办公室 and the four 局属 units
    assert {f.status for f in outcome.findings} == {Status.FAIL}

"""Next year's office swaps the rule set and changes no code: a 2020 rule set made from the
2019 one works across the 2020 Spring Festival; a 2027 one (a year the calendar package does not
cover) stops with a clear message until its holidays are given in the rule set, then works."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from disclosure_rules import Evidence, Status, evaluate
from disclosure_rules.cli import main
from disclosure_rules.ruleset.loader import loads_ruleset

TEXT_2019 = (Path(__file__).parents[1] / "rulesets" / "2019.yaml").read_text(encoding="utf-8")
RULE = "t18-licensing-penalty"  # penalty decisions published within 7 working days


def decision(key: str, decided: date, published: date) -> Evidence:
    return Evidence("enforcement_decision", "regulation", key, f"行政处罚决定 {key}",
                    {"decided": decided, "decision_type": "行政处罚", "published": published})


def verdicts(result) -> dict[str, Status]:
    return {f.subject: f.status for f in result.findings if f.rule == RULE and
            f.unit == "regulation"}


def test_a_2020_rule_set_counts_working_days_across_the_extended_spring_festival() -> None:
    ruleset = loads_ruleset(TEXT_2019.replace("2019", "2020"), source="2020.yaml")
    assert ruleset.year == 2020 and ruleset.tasks[0].deadline.due == date(2020, 6, 30)
    # decided Fri 2020-01-17: Sun 01-19 is a make-up working day, 01-24..02-02 are off,
    # so the 7th working day is Tue 02-04
    result = evaluate(ruleset, [
        decision("潭交罚〔2020〕1号", date(2020, 1, 17), date(2020, 2, 4)),
        decision("潭交罚〔2020〕2号", date(2020, 1, 17), date(2020, 2, 5)),
    ], date(2020, 12, 31))
    assert verdicts(result) == {"item:潭交罚〔2020〕1号": Status.PASS,
                                "item:潭交罚〔2020〕2号": Status.FAIL}


def test_a_year_without_holiday_data_is_a_clear_error_until_the_rule_set_gives_it(
    tmp_path, capsys
) -> None:
    ruleset_path = tmp_path / "2027.yaml"
    ruleset_path.write_text(TEXT_2019.replace("2019", "2027"), encoding="utf-8")
    evidence = tmp_path / "evidence.jsonl"
    evidence.write_text(json.dumps({
        "kind": "enforcement_decision", "unit": "法规科", "key": "潭交罚〔2027〕1号",
        "fields": {"decided": "2027-09-28", "decision_type": "行政处罚",
                   "published": "2027-10-11"},
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    args = ["check", str(ruleset_path), "--evidence", str(evidence), "--as-of", "2027-12-31"]

    assert main(args) == 2
    err = capsys.readouterr().err
    assert "2027年没有节假日数据" in err and "calendar:" in err and "Traceback" not in err

    # The office adds the State Council's 2027 schedule (here: a made-up 国庆 for the test).
    calendar = ("calendar:\n  years:\n    2027:\n"
                "      holidays: [2027-01-01, 2027-10-01..2027-10-07]\n"
                "      workdays: [2027-09-26, 2027-10-09]\n")
    text = ruleset_path.read_text(encoding="utf-8")
    ruleset_path.write_text(text.replace("\nunits:", f"\n{calendar}units:", 1), encoding="utf-8")
    assert main([*args, "--format", "json"]) == 1  # evaluated: other duties have no evidence
    doc = json.loads(capsys.readouterr().out)
    [finding] = [f for f in doc["findings"] if f["rule"] == RULE and f["unit"] == "regulation"]
    # 09-28 Tue → 09-29, 09-30 (2), 10-08 (3), 10-09 Sat worked (4), 10-11 (5): within 7
    assert finding["status"] == "pass"

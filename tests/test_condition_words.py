"""Reasons name a rule's conditions in the office's words, by the fields' labels, not as the
YAML's ``field op value`` (``outcome eq 链接失效``)."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_rules.engine.semantics import condition_text
from disclosure_rules.ruleset.model import Condition, EvidenceKind, FieldSpec, FieldType, Op

KIND = EvidenceKind("link_check", "链接检查", (
    FieldSpec("outcome", FieldType.ENUM, "检查结果"),
    FieldSpec("status", FieldType.INT, "状态码"),
    FieldSpec("reason", FieldType.TEXT, "判断依据"),
    FieldSpec("form", FieldType.ENUM, "形式"),
    FieldSpec("checked", FieldType.DATE, "检查日期"),
))


@pytest.mark.parametrize(("condition", "words"), [
    (Condition("outcome", Op.EQ, "链接失效"), "检查结果为链接失效"),
    (Condition("outcome", Op.NE, "可访问"), "检查结果不为可访问"),
    (Condition("status", Op.GE, 400), "状态码 ≥ 400"),
    (Condition("status", Op.LT, 300), "状态码 < 300"),
    (Condition("form", Op.IN, ("图片", "音频", "视频")), "形式为图片、音频或视频"),
    (Condition("form", Op.IN, ("图片",)), "形式为图片"),
    (Condition("form", Op.NOT_IN, ("文字", "图表")), "形式不为文字或图表"),
    (Condition("reason", Op.CONTAINS, "身份证"), "判断依据含“身份证”"),
    (Condition("reason", Op.EXISTS, True), "已填写判断依据"),
    (Condition("reason", Op.EXISTS, False), "未填写判断依据"),
    (Condition("checked", Op.LE, date(2019, 6, 30)), "检查日期 ≤ 2019-06-30"),
])
def test_each_operator_reads_as_a_phrase_with_the_fields_label(condition: Condition,
                                                               words: str) -> None:
    assert condition_text((condition,), KIND) == words


def test_several_conditions_are_joined_by_and_and_unknown_fields_keep_their_name() -> None:
    conditions = (Condition("status", Op.GE, 400), Condition("note", Op.EXISTS, True))
    assert condition_text(conditions, KIND) == "状态码 ≥ 400且已填写note"
    assert condition_text((Condition("status", Op.GE, 400),)) == "status ≥ 400"
    assert condition_text(()) == ""

"""YAML syntax errors told in Chinese, at the line the author must fix, with a hint.

PyYAML reports where it gave up, which is often a line after the mistake and always in
English.  The mistakes people who type Chinese make most are recognised here:

- a Tab in the indentation (YAML allows only spaces);
- a full-width colon ``：`` after a key (typed with a Chinese input method), which YAML reads
  as part of the text, so the error surfaces on a later line;
- an unclosed ``[`` or ``{``: PyYAML stops where it expected the closing bracket; the author
  needs the line of the opening one.
"""

from __future__ import annotations

import re

import yaml
from attrs import frozen

__all__ = ["SyntaxReport", "describe_syntax_error"]

#: a key written with a full-width colon: ``id： x``, ``- number：1``, ``{name： b``
_FULLWIDTH_KEY = re.compile(r"^(?P<lead>[\s\-{,]*)(?P<key>[A-Za-z_][\w.-]*|[^\s:：#\[\]{},]+)\s*：")

_PROBLEMS = (
    ("cannot start any token", "这里有 YAML 不允许的字符"),
    ("could not find expected ':'", "找不到“键: 值”中的冒号"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”"),
    ("expected <block end>", "缩进不一致"),
    ("expected ',' or ']'", "方括号“[”没有闭合"),
    ("expected ',' or '}'", "花括号“{”没有闭合"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found duplicate anchor", "重复的锚点（&）"),
    ("found undefined alias", "引用了未定义的锚点（*）"),
)


@frozen
class SyntaxReport:
    line: int | None  # 1-based
    column: int | None
    message: str
    hint: str | None


def _translate(problem: str) -> str:
    for english, chinese in _PROBLEMS:
        if english in problem:
            return chinese
    return problem


def describe_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> SyntaxReport:
    """Where and what the author must fix for a PyYAML syntax error in ``text``."""
    problem = exc.problem or str(exc)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    lines = text.splitlines()
    original = f"（YAML：{problem}）"
    if "'\\t'" in problem:
        return SyntaxReport(line, column, "YAML 语法错误：这一行用了制表符（Tab）" + original,
                            "缩进只能用空格，请把 Tab 换成空格，通常每级两个空格")
    if line is not None:
        context = [exc.context_mark.line + 1] if exc.context_mark else []
        for number in dict.fromkeys([*context, line, line - 1, line - 2, line - 3]):
            if 1 <= number <= len(lines) and _FULLWIDTH_KEY.match(lines[number - 1]):
                col = lines[number - 1].index("：") + 1
                return SyntaxReport(number, col, "YAML 语法错误：键后面用了全角冒号“：”" + original,
                                    "请改成半角冒号“:”，冒号后加一个空格，如“id: xxx”")
    context = exc.context or ""
    if exc.context_mark is not None and "flow" in context:
        opening = "[" if "sequence" in context else "{"
        closing = "]" if opening == "[" else "}"
        at = exc.context_mark
        return SyntaxReport(
            at.line + 1, at.column + 1,
            f"YAML 语法错误：这里的“{opening}”没有对应的“{closing}”" + original,
            f"在第 {line} 行之前补上“{closing}”，或检查其中是否漏了逗号",
        )
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "冒号后要有空格；若值本身含冒号，请给整个值加引号"
    elif "expected <block end>" in problem:
        hint = "同一层的键应左对齐，缩进只用空格"
    return SyntaxReport(line, column, f"YAML 语法错误：{_translate(problem)}{original}", hint)

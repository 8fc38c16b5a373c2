"""Reading YAML as located nodes, so every problem can name its file, line, column and path.

PyYAML's composer gives nodes with marks; this module wraps them in a small reader that checks
shapes (mapping, list, scalar of a type), rejects duplicate and unknown keys with a
did-you-mean, and collects problems instead of stopping at the first one.  It knows nothing
about rule sets: ``ruleset_loader`` and the calendar and configuration loaders build on it.

Defences, so that hostile input is refused quickly with a located error: a size limit on the
file (checked before it is read), strict UTF-8, a composer that stops at MAX_DEPTH levels of
nesting (PyYAML's own composer recurses until Python's stack runs out) and at MAX_NODES nodes
(before a huge document is built in memory), and a budget of node visits so that a YAML
"billion laughs" (aliases of aliases) is an error, not a hang.  The limits are far above what
the documents need (the 2019 rule set: 49 KB, 2,775 nodes, 8 levels) and keep a refusal to
seconds and tens of MB; ``bench/hostile.py`` measures them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError, Location, Problem, did_you_mean
from .yaml_hints import describe_syntax_error

MAX_BYTES = 512 * 1024
MAX_NODES = 30_000
MAX_DEPTH = 50
MAX_NODE_VISITS = 200_000

_TYPE_NAMES = {
    str: "文本",
    int: "整数",
    float: "数字",
    bool: "是/否（true/false）",
    date: "日期（YYYY-MM-DD）",
}


class _Constructor(SafeConstructor):
    """Scalar construction only: the reader walks collections itself."""


class _TooLarge(ComposerError):
    """A document past MAX_DEPTH or MAX_NODES."""


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader whose composer refuses documents nested deeper than MAX_DEPTH or with
    more than MAX_NODES nodes, at the node where the limit is met."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooLarge(None, None, f"嵌套超过 {MAX_DEPTH} 层，不再读取",
                                    self.peek_event().start_mark)
            if self._nodes > MAX_NODES:
                raise _TooLarge(None, None, f"内容超过 {MAX_NODES} 个节点，不再读取",
                                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_text(path: str | Path, *, error: type[InputError] = InputError) -> str:
    """The file's text: bounded in size, strictly UTF-8 (a BOM is allowed)."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise error(Problem(Location(name), f"文件过大（{size} 字节，上限 {MAX_BYTES} 字节）"))
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(Problem(Location(name), f"无法读取文件：{exc.strerror or exc}")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            Problem(
                Location(name, line, column),
                f"文件不是 UTF-8 编码（第 {exc.start} 字节无法解码）",
                "请用 UTF-8 另存该文件",
            )
        ) from None


def compose(text: str, source: str, *, error: type[InputError] = InputError) -> Node | None:
    """The document's root node (None for an empty document); syntax errors are located."""
    try:
        return yaml.compose(text, Loader=_BoundedLoader)
    except yaml.MarkedYAMLError as exc:
        if isinstance(exc, _TooLarge):
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            column = mark.column + 1 if mark else None
            raise error(Problem(Location(source, line, column),
                                f"YAML 文件过大：{exc.problem or exc}",
                                "规则集、配置等文件不应有这么多内容；请检查文件是否正确")) from None
        found = describe_syntax_error(text, exc)  # in Chinese, at the line to fix, with a hint
        location = Location(source, found.line, found.column)
        raise error(Problem(location, found.message, found.hint)) from None
    except yaml.YAMLError as exc:
        raise error(Problem(Location(source), f"YAML 语法错误：{exc}")) from None


class Reader:
    """Walks located nodes and collects problems."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self._visits = 0
        self._constructor = _Constructor()

    # -- problems ------------------------------------------------------------------------------
    def location(self, node: Node | None, path: str) -> Location:
        if node is None:
            return Location(self.source, None, None, path)
        mark = node.start_mark
        # a node of another file merged into this document (a rule set's include) names it
        source = self.source if mark.name in (None, "<unicode string>") else mark.name
        return Location(source, mark.line + 1, mark.column + 1, path)

    def problem(self, node: Node | None, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.location(node, path), message, hint))

    def _visit(self, node: Node, path: str) -> bool:
        self._visits += 1
        if self._visits == MAX_NODE_VISITS:
            self.problem(node, path, "YAML 结构过大或别名（&/*）展开过多，已停止读取")
        return self._visits < MAX_NODE_VISITS

    # -- shapes --------------------------------------------------------------------------------
    def mapping(
        self,
        node: Node | None,
        path: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
        open_keys: bool = False,
    ) -> dict[str, Node] | None:
        """Keys of a mapping node → value nodes.  Unknown keys are problems unless
        ``open_keys``; missing required keys are problems; duplicate keys always are."""
        if node is None or not self._visit(node, path):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, path, f"应为映射（key: value），实际为{_shape(node)}")
            return None
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in result:
                self.problem(key_node, _join(path, key), f"重复的键“{key}”")
                continue
            result[key] = value_node
        if open_keys:
            return result
        return self.keys(node, path, result, required=required, optional=optional)

    def keys(
        self,
        node: MappingNode,
        path: str,
        found: dict[str, Node],
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Node]:
        """Check the keys of a mapping already read with ``open_keys`` (for a mapping whose
        allowed keys depend on one of its values, e.g. a rule's ``kind``): unknown keys are
        reported at the key and dropped, missing required keys are reported."""
        allowed = (*required, *optional)
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in found and key not in allowed:
                hint = did_you_mean(key, allowed)
                if "：" in key:  # ``name： b`` is one key to YAML: a full-width colon
                    hint = "键后面用了全角冒号“：”，请改成半角冒号“:”并在其后加空格"
                self.problem(key_node, _join(path, key), f"未知的键“{key}”", hint)
                del found[key]
        for key in required:
            if key not in found:
                self.problem(node, path, f"缺少必填的键“{key}”")
        return found

    def _key(self, node: Node, path: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.problem(node, path, "映射的键应为文本")
            return None
        value = self._construct(node, path)
        if value is _INVALID:
            return None
        return str(value)

    def sequence(self, node: Node | None, path: str) -> Iterator[tuple[str, Node]]:
        """(path, node) of each item of a list node; a scalar is not a list."""
        if node is None or not self._visit(node, path):
            return
        if not isinstance(node, SequenceNode):
            self.problem(node, path, f"应为列表，实际为{_shape(node)}")
            return
        for index, item in enumerate(node.value):
            yield f"{path}[{index}]", item

    def scalar(self, node: Node | None, path: str, kind: type, *, optional: bool = False) -> Any:
        """A scalar of ``kind`` (str, int, float, bool, date); None (with a problem unless
        ``optional`` and absent) when it does not fit."""
        if node is None:
            return None
        if not self._visit(node, path):
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, path, f"应为{_TYPE_NAMES[kind]}，实际为{_shape(node)}")
            return None
        value = self._construct(node, path)
        if value is _INVALID:
            return None
        if value is None and optional:
            return None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            # an integer too large for a float is infinite: the caller's bounds refuse it
            huge = math.inf if value > 0 else -math.inf
            value = float(value) if abs(value) < 2 ** 1023 else huge
        if kind is date and isinstance(value, datetime):
            value = value.date()
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = node.value  # a number where text is wanted: keep what was written
        if kind is date and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(node, path, f"应为{_TYPE_NAMES[kind]}，实际为“{node.value}”")
            return None
        if kind is str:
            value = value.strip()
        return value

    def text(self, node: Node | None, path: str, *, required: bool = True) -> str | None:
        value = self.scalar(node, path, str, optional=not required)
        if required and value == "":
            self.problem(node, path, "不能为空")
            return None
        return value

    def strings(self, node: Node | None, path: str) -> list[str]:
        """A list of texts; a single text is accepted as a list of one."""
        if node is None:
            return []
        if isinstance(node, ScalarNode):
            value = self.text(node, path)
            return [value] if value else []
        out = []
        for sub, item in self.sequence(node, path):
            value = self.text(item, sub)
            if value:
                out.append(value)
        return out

    def plain(self, node: Node | None, path: str) -> Any:
        """The node as plain Python data (for sections handed on to another loader)."""
        if node is None or not self._visit(node, path):
            return None
        if isinstance(node, ScalarNode):
            value = self._construct(node, path)
            return None if value is _INVALID else value
        if isinstance(node, SequenceNode):
            return [self.plain(item, sub) for sub, item in self.sequence(node, path)]
        mapping = self.mapping(node, path, open_keys=True) or {}
        return {key: self.plain(value, _join(path, key)) for key, value in mapping.items()}

    def _construct(self, node: ScalarNode, path: str) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError) as exc:
            reason = getattr(exc, "problem", None) or str(exc)
            if "day is out of range" in reason or "month must be" in reason:
                self.problem(node, path, f"不存在的日期“{node.value}”")
            else:
                self.problem(node, path, f"无法读取的值“{node.value}”：{reason}")
            return _INVALID


_INVALID = object()


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "映射"
    if isinstance(node, SequenceNode):
        return "列表"
    return f"“{node.value}”"

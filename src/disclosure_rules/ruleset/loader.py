"""Loading a rule set (YAML) into the frozen model, with every problem located.

``load_ruleset(path)`` reads the file safely (size limit, strict UTF-8, alias budget), walks the
located nodes, builds the model and checks what the model alone cannot: unique ids, units that
resolve, deadline phrases, rules that name declared evidence kinds and fields of the right type.
All problems of a file are reported together as one ``RulesetError``; nothing is half-loaded.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import (
    DeadlineError,
    PluginError,
    RulesetError,
    did_you_mean,
)
from .deadlines import (
    REST_DAY_RULES,
    Deadline,
    ExternalDeadline,
    FixedDeadline,
    RestDayRule,
    parse_deadline,
)
from .kinds import current as current_kinds
from .model import (
    MAX_TEXT,
    TASK_UNITS,
    Assignment,
    Condition,
    EvidenceKind,
    FieldSpec,
    FieldType,
    Op,
    Role,
    Rule,
    Ruleset,
    Task,
    Unit,
    UnitGroup,
    UnitRegistry,
    Waiver,
)
from .workdays import WorkingCalendar, missing_year_message
from .yaml_nodes import Reader, compose, read_text

SCHEMA_VERSION = 1
_UNIT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_TOP_REQUIRED = ("schema", "id", "title", "year", "units", "evidence_kinds", "tasks")
_TOP_OPTIONAL = ("issuer", "issued", "source", "groups", "calendar", "waivers",
                 "deadline_on_rest_day")
_TASK_REQUIRED = ("number", "heading", "requirement", "responsible", "units", "deadline", "rules")
_TASK_OPTIONAL = ("due", "city_note", "basis", "weight", "category", "original", "note",
                  "id", "renamed_from", "year_ok", "units_added")
_COMMON_RULE_KEYS = ("id", "kind", "description", "applies_to", "units", "where", "due", "basis")

_ROLE_WORDS = [word for role in Role for word in (role.value, role.english)]

#: Domain bounds of the numeric parameters of a rule set (docs/rulesets.md, “数值参数的范围”):
#: name → (lowest, highest, what is counted).  A value outside is a located error when the rule
#: set is loaded — never an overflow in ``check``, never a rule that cannot be evaluated.
PARAM_BOUNDS: Mapping[str, tuple[int, int, str]] = {
    "max_age_days": (0, 3660, "天（自然日，至多十年）"),
    "max_age_months": (1, 120, "个月（日历月，至多十年）"),
    "within": (0, 1000, "个工作日"),
    "within_hours": (1, 8760, "小时（至多一年）"),
    "extension_days": (0, 1000, "个工作日"),
    "min_count": (1, 100_000, "条"),
    "max_count": (0, 100_000, "条"),
    "older_than_days": (0, 3660, "天（自然日，至多十年）"),
    "older_than_months": (1, 120, "个月（日历月，至多十年）"),
    "min_items": (0, 100_000, "条"),
    "number": (1, 9999, ""),  # a task's 序号
    "weight": (0, 1000, ""),  # a task's weight
    "max_length": (1, MAX_TEXT, "字"),  # a text field's longest value
}
#: Bounds of a numeric rule parameter not listed above (a rule kind added later).
DEFAULT_BOUNDS = (0, 1_000_000, "")


def load_ruleset(path: str | Path) -> Ruleset:
    """Load and validate a rule set file.  Raises ``RulesetError`` listing every problem."""
    source = str(path)
    text = read_text(path, error=RulesetError)
    return loads_ruleset(text, source=source, path=source)


def loads_ruleset(text: str, *, source: str = "<input>", path: str | None = None) -> Ruleset:
    """Load a rule set from YAML text (``source`` names it in error messages)."""
    root = compose(text, source, error=RulesetError)
    digest = hashlib.sha256(text.encode())
    builder = _Builder(Reader(source))
    _include(root, Path(path).parent if path else Path(), builder.reader, digest)
    ruleset = builder.build(root, path=path, sha256=digest.hexdigest())
    _raise_problems(builder.reader, f"规则集 {source}")
    assert ruleset is not None  # build returns None only after reporting a problem
    return ruleset


def load_waivers(path: str | Path, ruleset: Ruleset) -> tuple[Waiver, ...]:
    """Waivers kept in their own file (``waivers: [...]``), checked against ``ruleset``.

    The office grants waivers during the year; a separate file lets it do so without touching
    the rule set, whose hash identifies the duties themselves.
    """
    source = str(path)
    root = compose(read_text(path, error=RulesetError), source, error=RulesetError)
    builder = _Builder(Reader(source))
    builder.units = ruleset.units
    top = builder.reader.mapping(root, "", required=("waivers",)) if root is not None else None
    if root is None:
        builder.reader.problem(None, "", "豁免文件为空")
    waivers = builder.waivers(top.get("waivers") if top else None, list(ruleset.tasks))
    _raise_problems(builder.reader, f"豁免文件 {source}")
    return tuple(waivers)


def _raise_problems(reader: Reader, what: str) -> None:
    """Raise every problem the reader collected, in file order, as one RulesetError."""
    if reader.problems:
        problems = sorted(reader.problems,
                          key=lambda p: (p.location.line or 0, p.location.column or 0))
        raise RulesetError(problems, summary=f"{what} 有 {len(problems)} 处错误：")


class _Builder:
    """One pass over the document; problems accumulate in ``reader``."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.units = UnitRegistry(())
        self.kinds: dict[str, EvidenceKind] = {}
        self.rule_ids: set[str] = set()
        self.task_ids: set[str] = set()
        self.year = 0
        #: the path and value node of each condition of a ``where``/``having`` (by its path)
        self.condition_nodes: dict[str, list[tuple[str, Node]]] = {}

    # -- top level -----------------------------------------------------------------------------
    def build(self, root: Node | None, *, path: str | None, sha256: str) -> Ruleset | None:
        r = self.reader
        if root is None:
            r.problem(None, "", "规则集为空")
            return None
        top = r.mapping(root, "", required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
        if top is None:
            return None
        schema = r.scalar(top.get("schema"), "schema", int)
        if schema is not None and schema != SCHEMA_VERSION:
            r.problem(top["schema"], "schema",
                      f"不支持的格式版本 {schema}（支持 {SCHEMA_VERSION}）")
        ruleset_id = r.text(top.get("id"), "id")
        title = r.text(top.get("title"), "title")
        year = r.scalar(top.get("year"), "year", int)
        if year is not None and not 2000 <= year <= 2100:
            r.problem(top["year"], "year", f"年份 {year} 不合理")
        self.year = year or 0
        calendar = self.calendar(top.get("calendar"))
        on_rest_day = self.rest_day_rule(top.get("deadline_on_rest_day"))
        self.units = self.registry(top.get("units"), top.get("groups"))
        self.kinds = self.evidence_kinds(top.get("evidence_kinds"))
        tasks = self.tasks(top.get("tasks"))
        waivers = self.waivers(top.get("waivers"), tasks)
        self.check_calendar(calendar, tasks, top, on_rest_day)
        if r.problems or None in (ruleset_id, title, year, calendar, on_rest_day):
            return None
        return Ruleset(
            id=ruleset_id,
            title=title,
            year=year,
            units=self.units,
            evidence_kinds=tuple(self.kinds.values()),
            tasks=tuple(tasks),
            calendar=calendar,
            issuer=r.text(top.get("issuer"), "issuer", required=False) or "",
            issued=r.scalar(top.get("issued"), "issued", date, optional=True),
            source=r.text(top.get("source"), "source", required=False) or "",
            waivers=tuple(waivers),
            path=path,
            sha256=sha256,
            deadline_on_rest_day=on_rest_day,
        )

    def calendar(self, node: Node | None) -> WorkingCalendar | None:
        return WorkingCalendar.from_node(self.reader, node)

    def rest_day_rule(self, node: Node | None) -> RestDayRule | None:
        """``deadline_on_rest_day``: ``keep`` (default) or ``next_working_day``."""
        if node is None:
            return "keep"
        value = self.reader.text(node, "deadline_on_rest_day")
        if value is None:
            return None
        if value not in REST_DAY_RULES:
            self.reader.problem(
                node, "deadline_on_rest_day",
                f"deadline_on_rest_day 应为 {' 或 '.join(REST_DAY_RULES)}，而不是“{value}”"
                "（next_working_day：期限最后一日是休息日的顺延至下一个工作日，"
                "民法总则第二百零三条）",
                did_you_mean(value, REST_DAY_RULES))
            return None
        return value  # type: ignore[return-value]  # one of REST_DAY_RULES

    def check_calendar(self, calendar: WorkingCalendar | None, tasks: list[Task],
                       top: Mapping[str, Node], on_rest_day: RestDayRule | None) -> None:
        """A rule set with working-day limits (a kind with ``working_days``), or one that moves
        deadlines off rest days, needs holiday data for its year: without it ``check`` could
        not count a single limit.  Reported here, at ``validate``, with what to add.  (An item
        late in December whose limit runs into the next year needs that year too; ``check``
        names it if it is missing.)"""
        if calendar is None or not self.year or calendar.covers(self.year):
            return
        kinds = current_kinds()
        if on_rest_day == "next_working_day" or any(
                kinds.of(rule).working_days for task in tasks for rule in task.rules):
            self.reader.problem(top.get("calendar") or top.get("year"), "calendar",
                                missing_year_message(self.year))

    # -- units ---------------------------------------------------------------------------------
    def registry(self, units_node: Node | None, groups_node: Node | None) -> UnitRegistry:
        r = self.reader
        units: list[Unit] = []
        seen_names: dict[str, str] = {}
        for path, item in r.sequence(units_node, "units"):
            m = r.mapping(item, path, required=("id", "name"), optional=("aliases", "tags"))
            if m is None:
                continue
            unit_id = r.text(m.get("id"), f"{path}.id")
            name = r.text(m.get("name"), f"{path}.name")
            aliases = r.strings(m.get("aliases"), f"{path}.aliases")
            tags = r.strings(m.get("tags"), f"{path}.tags")
            if unit_id is None or name is None:
                continue
            if not _UNIT_ID.match(unit_id):
                r.problem(m["id"], f"{path}.id", f"单位标识“{unit_id}”须为小写英文字母开头的 ASCII")
            for label in (unit_id, name, *aliases):
                if label in seen_names:
                    r.problem(item, path, f"名称“{label}”与单位 {seen_names[label]} 重复")
                seen_names[label] = unit_id
            units.append(Unit(unit_id, name, tuple(aliases), frozenset(tags)))
        if not units and units_node is not None:
            r.problem(units_node, "units", "至少需要一个单位")
        registry = UnitRegistry(tuple(units))
        groups: list[UnitGroup] = []
        all_tags = {t for u in units for t in u.tags}
        for path, item in r.sequence(groups_node, "groups"):
            m = r.mapping(item, path, required=("phrase",), optional=("tags", "units", "note"))
            if m is None:
                continue
            phrase = r.text(m.get("phrase"), f"{path}.phrase")
            tags = r.strings(m.get("tags"), f"{path}.tags")
            members: list[str] = []
            for sub, name_node in r.sequence(m.get("units"), f"{path}.units"):
                members.extend(self.resolve(registry, name_node, sub, allow_groups=False))
            if phrase is None:
                continue
            if phrase in seen_names:
                r.problem(m["phrase"], f"{path}.phrase", f"词组“{phrase}”与单位名称重复")
            seen_names[phrase] = phrase
            if bool(tags) == bool(m.get("units")):
                r.problem(item, path, f"单位组“{phrase}”须且只须给出 tags 或 units 之一")
                continue
            for tag in set(tags) - all_tags:
                r.problem(m["tags"], f"{path}.tags", f"没有单位带有标签“{tag}”",
                          did_you_mean(tag, all_tags))
            group = UnitGroup(phrase, frozenset(tags), tuple(dict.fromkeys(members)),
                              r.text(m.get("note"), f"{path}.note", required=False) or "")
            if tags and not registry.members(group):
                r.problem(item, path, f"没有单位同时带有标签 {'、'.join(tags)}")
            groups.append(group)
        return UnitRegistry(tuple(units), tuple(groups))

    def resolve(
        self, registry: UnitRegistry, node: Node, path: str, *, allow_groups: bool = True
    ) -> tuple[str, ...]:
        name = self.reader.text(node, path)
        if name is None:
            return ()
        if not allow_groups and name in registry.group_by_phrase:
            self.reader.problem(node, path, f"此处须为具体单位，“{name}”是单位组")
            return ()
        ids = registry.resolve(name)
        if not ids:
            self.reader.problem(node, path, f"未知的单位“{name}”",
                                did_you_mean(name, registry.known_names()))
        return ids

    # -- evidence kinds ------------------------------------------------------------------------
    def evidence_kinds(self, node: Node | None) -> dict[str, EvidenceKind]:
        r = self.reader
        kinds: dict[str, EvidenceKind] = {}
        declared = r.mapping(node, "evidence_kinds", open_keys=True) or {}
        for name, kind_node in declared.items():
            path = f"evidence_kinds.{name}"
            if not _UNIT_ID.match(name):
                r.problem(kind_node, path, f"证据类型名“{name}”须为小写 ASCII 标识")
            m = r.mapping(kind_node, path, required=("label", "fields"),
                          optional=("date_field", "description"))
            if m is None:
                continue
            fields: list[FieldSpec] = []
            field_nodes = r.mapping(m.get("fields"), f"{path}.fields", open_keys=True) or {}
            for field_name, field_node in field_nodes.items():
                spec = self.field_spec(field_name, field_node, f"{path}.fields.{field_name}")
                if spec is not None:
                    fields.append(spec)
            date_field = r.text(m.get("date_field"), f"{path}.date_field", required=False)
            kind = EvidenceKind(
                name,
                r.text(m.get("label"), f"{path}.label") or name,
                tuple(fields),
                date_field,
                r.text(m.get("description"), f"{path}.description", required=False) or "",
            )
            if date_field is not None:
                self.expect_field(kind, date_field, FieldType.DATE, m["date_field"],
                                  f"{path}.date_field")
            kinds[name] = kind
        for name, kind in kinds.items():
            for spec in kind.fields:
                if spec.type is FieldType.REF and spec.ref_kind not in kinds:
                    r.problem(declared[name], f"evidence_kinds.{name}.fields.{spec.name}",
                              f"引用了未声明的证据类型“{spec.ref_kind}”",
                              did_you_mean(str(spec.ref_kind), kinds))
        return kinds

    def field_spec(self, name: str, node: Node, path: str) -> FieldSpec | None:
        r = self.reader
        m = r.mapping(node, path, required=("type",),
                      optional=("label", "required", "ref_kind", "choices", "max_length"))
        if m is None:
            return None
        type_name = r.text(m.get("type"), f"{path}.type")
        try:
            field_type = FieldType(type_name)
        except ValueError:
            if type_name is not None:
                r.problem(m["type"], f"{path}.type", f"未知的字段类型“{type_name}”",
                          did_you_mean(type_name, [t.value for t in FieldType]))
            return None
        ref_kind = r.text(m.get("ref_kind"), f"{path}.ref_kind", required=False)
        choices = r.strings(m.get("choices"), f"{path}.choices")
        if field_type is FieldType.REF and not ref_kind:
            r.problem(node, path, "ref 类型的字段须给出 ref_kind（所引用的证据类型）")
        if field_type is FieldType.ENUM and not choices:
            r.problem(node, path, "enum 类型的字段须给出 choices")
        return FieldSpec(
            name,
            field_type,
            r.text(m.get("label"), f"{path}.label", required=False) or "",
            bool(r.scalar(m.get("required"), f"{path}.required", bool, optional=True)),
            ref_kind,
            tuple(choices),
            self.bounded("max_length", m.get("max_length"), f"{path}.max_length", int) or 2000,
        )

    def expect_field(
        self,
        kind: EvidenceKind,
        name: str,
        field_type: FieldType | None,
        node: Node | None,
        path: str,
        *,
        ref_kind: str | None = None,
    ) -> None:
        """Check that ``kind`` has field ``name`` (of ``field_type`` when given)."""
        spec = kind.field_map.get(name)
        if spec is None:
            self.reader.problem(node, path, f"证据类型“{kind.name}”没有字段“{name}”",
                                did_you_mean(name, kind.field_map))
        elif field_type is not None and spec.type is not field_type:
            self.reader.problem(
                node, path,
                f"字段“{kind.name}.{name}”应为 {field_type.value} 类型，实际为 {spec.type.value}",
            )
        elif ref_kind is not None and spec.ref_kind != ref_kind:
            self.reader.problem(
                node, path, f"字段“{kind.name}.{name}”应引用“{ref_kind}”，实际引用“{spec.ref_kind}”"
            )

    # -- tasks ---------------------------------------------------------------------------------
    def tasks(self, node: Node | None) -> list[Task]:
        r = self.reader
        tasks: list[Task] = []
        numbers: set[int] = set()
        for path, item in r.sequence(node, "tasks"):
            task = self.task(item, path)
            if task is None:
                continue
            if task.number in numbers:
                r.problem(item, f"{path}.number", f"任务序号 {task.number} 重复")
            numbers.add(task.number)
            tasks.append(task)
        if node is not None and not tasks and not r.problems:
            r.problem(node, "tasks", "至少需要一项任务")
        return tasks

    def task(self, node: Node, path: str) -> Task | None:
        r = self.reader
        m = r.mapping(node, path, required=_TASK_REQUIRED, optional=_TASK_OPTIONAL)
        if m is None:
            return None
        number = r.scalar(m.get("number"), f"{path}.number", int)
        if number is not None and number < 1:
            r.problem(m["number"], f"{path}.number", "任务序号须为正整数")
            number = None
        elif number is not None:
            number = self.check_bounds("number", number, m["number"], f"{path}.number")
        heading = r.strings(m.get("heading"), f"{path}.heading")
        requirement = r.text(m.get("requirement"), f"{path}.requirement")
        responsible = r.text(m.get("responsible"), f"{path}.responsible")
        assignments = self.assignments(m.get("units"), f"{path}.units")
        if "units_added" in m:  # units the table does not name, kept apart to check against it
            named = {a.unit for a in assignments}
            assignments += [a for a in self.assignments(m["units_added"], f"{path}.units_added")
                            if a.unit not in named]
        deadline = self.deadline(m.get("deadline"), m.get("due"), path)
        weight = r.scalar(m.get("weight"), f"{path}.weight", float, optional=True)
        if weight is not None and weight < 0:
            r.problem(m["weight"], f"{path}.weight", "权重不能为负数")
        elif weight is not None:
            weight = self.check_bounds("weight", weight, m["weight"], f"{path}.weight")
        task_units = {a.unit for a in assignments}
        rules = []
        for sub, rule_node in r.sequence(m.get("rules"), f"{path}.rules"):
            rule = self.rule(rule_node, sub, task_units)
            if rule is not None:
                rules.append(rule)
        if "rules" in m and isinstance(m["rules"].value, list) and not m["rules"].value:
            r.problem(m["rules"], f"{path}.rules", "每项任务至少需要一条规则")
        if None in (number, requirement, responsible, deadline) or not assignments:
            return None
        return Task(
            number=number,
            heading=tuple(heading),
            requirement=requirement,
            responsible_text=responsible,
            assignments=tuple(assignments),
            deadline=deadline,
            rules=tuple(rules),
            city_note=r.text(m.get("city_note"), f"{path}.city_note", required=False) or "",
            basis=tuple(r.strings(m.get("basis"), f"{path}.basis")),
            weight=1.0 if weight is None else weight,
            category=r.text(m.get("category"), f"{path}.category", required=False) or "",
            original=r.text(m.get("original"), f"{path}.original", required=False) or "",
            note=r.text(m.get("note"), f"{path}.note", required=False) or "",
            **self.task_identity(m, path),
        )

    def task_identity(self, m: Mapping[str, Node], path: str) -> dict[str, Any]:
        """A task's optional stable ``id`` and the ``renamed_from`` ids it had before; ids are
        unique within the rule set, so ``diff`` can match tasks across years by them."""
        r = self.reader
        task_id = r.text(m.get("id"), f"{path}.id", required=False) or ""
        if task_id and not _RULE_ID.match(task_id):
            r.problem(m["id"], f"{path}.id", f"任务标识“{task_id}”须为 ASCII（字母、数字、-_.）")
        if task_id and task_id in self.task_ids:
            r.problem(m["id"], f"{path}.id", f"任务标识“{task_id}”重复")
        self.task_ids.add(task_id)
        renamed = tuple(r.strings(m.get("renamed_from"), f"{path}.renamed_from"))
        if renamed and not task_id:
            r.problem(m["renamed_from"], f"{path}.renamed_from", "写了 renamed_from 的任务须有 id")
        self.year_ok(m.get("year_ok"), f"{path}.year_ok")
        return {"id": task_id, "renamed_from": renamed}

    def year_ok(self, node: Node | None, path: str) -> None:
        """``year_ok: true`` marks a task's or rule's dates of another year as intended; only
        the leftover check (``ruleset_lint``) reads it, here it is only checked."""
        self.reader.scalar(node, path, bool, optional=True)

    def assignments(self, node: Node | None, path: str) -> list[Assignment]:
        r = self.reader
        by_role = r.mapping(node, path, open_keys=True)
        if by_role is None:
            return []
        out: dict[str, Assignment] = {}
        for role_name, names_node in by_role.items():
            try:
                role = Role.parse(role_name)
            except ValueError:
                r.problem(names_node, f"{path}.{role_name}", f"未知的角色“{role_name}”",
                          did_you_mean(role_name, _ROLE_WORDS))
                continue
            names = list(r.sequence(names_node, f"{path}.{role_name}"))
            for sub, name_node in names:
                phrase = name_node.value if isinstance(name_node, ScalarNode) else None
                via = phrase if phrase in self.units.group_by_phrase else None
                for unit_id in self.resolve(self.units, name_node, sub):
                    if unit_id not in out:  # a unit named twice keeps its first (strongest) role
                        out[unit_id] = Assignment(unit_id, role, via)
        if not out and not r.problems:
            r.problem(node, path, "任务没有责任单位")
        return list(out.values())

    def deadline(self, node: Node | None, due_node: Node | None, path: str) -> Deadline | None:
        r = self.reader
        phrase = r.text(node, f"{path}.deadline")
        if phrase is None:
            return None
        try:
            deadline = parse_deadline(phrase, default_year=self.year or None)
        except DeadlineError as exc:
            if due_node is not None:
                return self.deadline_by_due(phrase, due_node, path)
            r.problem(node, f"{path}.deadline", str(exc),
                      "可用：2019年6月、2019年11月底前、及时公开、常态化工作、"
                      "按市里统一安排完成 等；或保留原文并另写 due: YYYY-MM-DD")
            return None
        due = r.scalar(due_node, f"{path}.due", date, optional=True)
        if due is not None:
            if not isinstance(deadline, ExternalDeadline):
                r.problem(due_node, f"{path}.due",
                          "只有“按市里/省里统一安排”的期限可以另给 due 日期；"
                          "固定期限请写在 deadline 中")
                return None
            deadline = attrs.evolve(deadline, due=due)
        return deadline

    def deadline_by_due(self, phrase: str, due_node: Node, path: str) -> Deadline | None:
        """A 完成时间 phrase the parser does not know (``2020年10月中旬``) keeps the table's
        words; the explicit ``due`` date says what it means."""
        due = self.reader.scalar(due_node, f"{path}.due", date)
        return None if due is None else FixedDeadline(due, phrase)

    # -- rules ---------------------------------------------------------------------------------
    def rule(self, node: Node, path: str, task_units: set[str]) -> Rule | None:
        r = self.reader
        m = r.mapping(node, path, open_keys=True)  # which keys are allowed depends on kind
        if m is None:
            return None
        kinds = current_kinds()
        if "kind" not in m:
            r.problem(node, path, "规则缺少 kind", "可用：" + "、".join(kinds.names()))
            return None
        kind_name = r.text(m["kind"], f"{path}.kind")
        if kind_name is None:
            return None
        rule_kind = kinds.get(kind_name)
        if rule_kind is None:
            r.problem(m["kind"], f"{path}.kind", f"未知的规则种类“{kind_name}”",
                      did_you_mean(kind_name, kinds.names()))
            return None
        cls = rule_kind.params
        params = _rule_params(cls)
        required = tuple(n for n, (_, req) in params.items() if req)
        optional = tuple(n for n in params if n not in required)
        assert isinstance(node, MappingNode)  # r.mapping returned a mapping
        m = r.keys(node, path, m, required=("kind", *required), optional=(*optional, "year_ok"))
        self.year_ok(m.pop("year_ok", None), f"{path}.year_ok")
        values: dict[str, Any] = {}
        for name, value_node in m.items():
            if name == "kind":
                continue
            value = self.rule_value(name, params[name][0], value_node, f"{path}.{name}")
            if value is not None:
                values[name] = value
        if len(values) < len(m) - 1:
            if isinstance(values.get("id"), str):  # known, so waivers naming it do not fail too
                self.rule_ids.add(values["id"])
            return None
        rule_id = values["id"]
        if not _RULE_ID.match(rule_id):
            r.problem(m["id"], f"{path}.id", f"规则标识“{rule_id}”须为 ASCII（字母、数字、-_.）")
        if rule_id in self.rule_ids:
            r.problem(m["id"], f"{path}.id", f"规则标识“{rule_id}”重复")
        self.rule_ids.add(rule_id)
        try:
            rule = cls(**values)
        except (TypeError, ValueError) as exc:  # pragma: no cover - params mirror the class
            r.problem(node, path, f"规则参数有误：{exc}")
            return None
        self.check_rule(rule, m, path)
        if rule.units and not set(rule.units) <= task_units:
            extra = "、".join(self.units.name_of(u) for u in set(rule.units) - task_units)
            r.problem(m["units"], f"{path}.units", f"{extra} 不是本任务的责任单位")
        return rule

    def rule_value(self, name: str, annotation: str, node: Node, path: str) -> Any:
        r = self.reader
        if name == "units":
            ids: list[str] = []
            for sub, item in r.sequence(node, path):
                ids.extend(self.resolve(self.units, item, sub))
            return tuple(dict.fromkeys(ids)) or None
        if name == "applies_to":
            roles = []
            for sub, item in r.sequence(node, path):
                text = r.text(item, sub)
                try:
                    roles.append(Role.parse(text or ""))
                except ValueError:
                    r.problem(item, sub, f"未知的角色“{text}”",
                              did_you_mean(str(text), _ROLE_WORDS))
            return tuple(roles) or None
        if annotation == "tuple[Condition, ...]":
            return self.conditions(node, path)
        if annotation.replace(" | None", "") == "tuple[UnitRef, ...]":
            return self.unit_refs(node, path)
        base = annotation.replace(" | None", "")
        kind = {"str": str, "int": int, "float": float, "bool": bool, "date": date}.get(base)
        if kind is None:  # pragma: no cover - a new parameter type needs a reader here
            raise AssertionError(f"no reader for rule parameter {name}: {annotation}")
        value = r.scalar(node, path, kind)
        if kind in (int, float) and value is not None:
            if value < 0:
                r.problem(node, path, "不能为负数")
                return None
            return self.check_bounds(name, value, node, path)
        return value

    def unit_refs(self, node: Node, path: str) -> tuple[str, ...] | None:
        """A ``tuple[UnitRef, ...]`` parameter: one name or a list of them.  ``task`` stays as
        written (every unit of the rule's task, known when the rule is evaluated); any other
        name — a unit's id, name or alias, or a group phrase — becomes unit ids, and an
        unknown one is a problem located at it.  None when anything is wrong."""
        r = self.reader
        items = [(path, node)] if isinstance(node, ScalarNode) else list(r.sequence(node, path))
        if isinstance(node, SequenceNode) and not items:
            r.problem(node, path, "至少写一个单位（或 task，表示本任务的全部单位）")
            return None
        out: list[str] = []
        good = True
        for sub, item in items:
            name = r.text(item, sub)
            if name == TASK_UNITS:
                out.append(name)
                continue
            ids = self.units.resolve(name) if name is not None else ()
            if name is not None and not ids:
                r.problem(item, sub, f"未知的单位“{name}”",
                          did_you_mean(name, [*self.units.known_names(), TASK_UNITS]))
            good = good and bool(ids)
            out.extend(ids)
        return tuple(dict.fromkeys(out)) if good and out else None

    def bounded(self, name: str, node: Node | None, path: str, kind: type) -> Any:
        """An optional numeric scalar within ``PARAM_BOUNDS[name]``; None if absent or bad."""
        value = self.reader.scalar(node, path, kind, optional=True)
        return None if value is None else self.check_bounds(name, value, node, path)

    def check_bounds(self, name: str, value: float, node: Node | None, path: str) -> Any:
        """``value`` when it is finite and within the domain bounds of ``name``; else a
        located problem and None."""
        low, high, what = PARAM_BOUNDS.get(name, DEFAULT_BOUNDS)
        if isinstance(value, float) and not math.isfinite(value):
            self.reader.problem(node, path, f"{name} 须为有限的数，实际为 {value}")
            return None
        if not low <= value <= high:
            shown = str(value) if len(str(value)) <= 24 else f"{value:.3g}"
            self.reader.problem(node, path,
                                f"{name} 应在 {low} 到 {high}{what} 之间，实际为 {shown}")
            return None
        return value

    def conditions(self, node: Node, path: str) -> tuple[Condition, ...] | None:
        r = self.reader
        m = r.mapping(node, path, open_keys=True)
        if m is None:
            return None
        pairs: list[tuple[str, Op, Any, str]] = []
        value_nodes: dict[str, Node] = {}
        for field_name, value_node in m.items():
            sub = f"{path}.{field_name}"
            if isinstance(value_node, MappingNode):
                ops = r.mapping(value_node, sub, optional=tuple(o.value for o in Op)) or {}
                for op_name, op_node in ops.items():
                    value = r.plain(op_node, f"{sub}.{op_name}")
                    pairs.append((field_name, Op(op_name), value, f"{sub}.{op_name}"))
                    value_nodes[f"{sub}.{op_name}"] = op_node
            else:
                value = r.plain(value_node, sub)
                pairs.append((field_name, Op.IN if isinstance(value, list) else Op.EQ, value, sub))
                value_nodes[sub] = value_node
        out = []
        for field_name, op, value, sub in pairs:
            if op in (Op.IN, Op.NOT_IN) and not isinstance(value, list):
                r.problem(node, sub, f"{op.value} 的值应为列表")
                return None
            if isinstance(value, list):
                value = tuple(value)
            out.append(Condition(field_name, op, value))
        self.condition_nodes[path] = [(sub, value_nodes[sub]) for _, _, _, sub in pairs]
        return tuple(out)

    def check_rule(self, rule: Rule, m: Mapping[str, Node], path: str) -> None:
        """Cross-references: declared kinds, fields of the right type."""
        r = self.reader
        for param in current_kinds().of(rule).kind_params:
            name = getattr(rule, param, None)
            if name is not None and name not in self.kinds:
                r.problem(m.get(param), f"{path}.{param}", f"未声明的证据类型“{name}”",
                          did_you_mean(name, self.kinds))
        if any(k not in self.kinds for k in rule.evidence_kinds()):
            return
        primary = self.kinds[rule.evidence_kinds()[0]]
        for c in rule.where:
            self.expect_field(primary, c.field, None, m.get("where"), f"{path}.where.{c.field}")
        self.check_choices(primary, rule.where, f"{path}.where")
        kind = current_kinds().of(rule)
        try:
            kind.check(self, rule, m, path)
        except Exception as exc:
            raise PluginError(f"规则种类“{kind.name}”（插件 {kind.plugin}）在检查规则 "
                              f"{rule.id} 时出错：{type(exc).__name__}: {exc}") from exc

    def problem(self, node: Node | None, path: str, message: str,
                hint: str | None = None) -> None:
        """A located problem (what a kind's ``check`` reports through)."""
        self.reader.problem(node, path, message, hint)

    def check_choices(self, kind: EvidenceKind, conditions: tuple[Condition, ...],
                      path: str) -> None:
        """A condition comparing an enum field (eq, ne, in, not_in) with a value that is not
        among its ``choices`` can never hold (or always holds): a typo, reported here."""
        located = self.condition_nodes.get(path, [])
        for c, (sub, node) in zip(conditions, located, strict=False):
            spec = kind.field_map.get(c.field)
            if spec is None or spec.type is not FieldType.ENUM:
                continue
            if c.op not in (Op.EQ, Op.NE, Op.IN, Op.NOT_IN):
                continue
            values = c.value if isinstance(c.value, tuple) else (c.value,)
            for n, value in enumerate(values):
                if value in spec.choices:
                    continue
                at, where = node, sub
                if isinstance(c.value, tuple) and isinstance(node, SequenceNode):
                    at, where = node.value[n], f"{sub}[{n}]"
                self.reader.problem(
                    at, where,
                    f"“{value}”不是字段“{spec.label or spec.name}”（{kind.name}.{spec.name}）"
                    f"的可选值：{'、'.join(spec.choices)}",
                    did_you_mean(str(value), spec.choices))

    def need_date_field(self, kind: EvidenceKind, m: Mapping[str, Node], path: str) -> None:
        if kind.date_field is None:
            self.reader.problem(
                m.get("kind"), path,
                f"证据类型“{kind.name}”没有 date_field，无法判断期限",
                f"请在 evidence_kinds.{kind.name} 中给出 date_field",
            )

    # -- waivers -------------------------------------------------------------------------------
    def waivers(self, node: Node | None, tasks: list[Task]) -> list[Waiver]:
        r = self.reader
        rule_ids = {rule.id for t in tasks for rule in t.rules} | self.rule_ids
        out = []
        for path, item in r.sequence(node, "waivers"):
            m = r.mapping(item, path, required=("rule", "unit", "reason", "approver", "start"),
                          optional=("expires",))
            if m is None:
                continue
            rule = r.text(m.get("rule"), f"{path}.rule")
            if rule is not None and rule not in rule_ids:
                r.problem(m["rule"], f"{path}.rule", f"未知的规则“{rule}”",
                          did_you_mean(rule, rule_ids))
            units = self.resolve(self.units, m["unit"], f"{path}.unit", allow_groups=False) \
                if "unit" in m else ()
            start = r.scalar(m.get("start"), f"{path}.start", date)
            expires = r.scalar(m.get("expires"), f"{path}.expires", date, optional=True)
            if start and expires and expires < start:
                r.problem(m["expires"], f"{path}.expires", "豁免的截止日期早于开始日期")
            reason = r.text(m.get("reason"), f"{path}.reason")
            approver = r.text(m.get("approver"), f"{path}.approver")
            if None in (rule, start, reason, approver) or not units:
                continue
            out.append(Waiver(rule, units[0], reason, approver, start, expires))
        return out


def _rule_params(cls: type[Rule]) -> dict[str, tuple[str, bool]]:
    """Parameter name → (annotation text, required) of a rule class, from its attrs fields."""
    out: dict[str, tuple[str, bool]] = {}
    for f in attrs.fields(cls):
        out[f.name] = (str(f.type), f.default is attrs.NOTHING)
    return out



def load_units(path: str | Path) -> UnitRegistry:
    """A unit registry (units and groups) from a file: a rule set (last year's) or a file with
    only ``units:`` and ``groups:``, as a rule set writes them."""
    source = str(path)
    root = compose(read_text(path, error=RulesetError), source, error=RulesetError)
    builder = _Builder(Reader(source))
    r = builder.reader
    top = r.mapping(root, "", open_keys=True) if root is not None else None
    if root is None:
        r.problem(None, "", "单位名册文件为空")
    elif top is not None and "tasks" in top:
        return loads_ruleset(read_text(path, error=RulesetError), source=source, path=source).units
    elif top is not None:
        top = r.keys(root, "", top, required=("units",), optional=("groups",))  # type: ignore[arg-type]
    registry = builder.registry(top.get("units") if top else None,
                                top.get("groups") if top else None)
    _raise_problems(r, f"单位名册 {source}")
    return registry


_INCLUDABLE = ("units", "groups", "calendar")


def _include(root: Node | None, base: Path, reader: Reader, digest: Any) -> None:
    """Merge the files a rule set ``include``s (units, groups and calendar years shared by
    several rule sets) into its document, in place, before it is built.

    Each included file is checked on its own, its problems located in it; its units and groups
    come before the rule set's own and its calendar years beside them (a year in both is an
    error), so a name or year defined twice is still reported.  The included texts are part of
    the rule set's sha256: changing a shared file changes the identity of every result."""
    if not isinstance(root, MappingNode):
        return
    pairs = [(k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value == "include"]
    if not pairs:
        return
    root.value = [(k, v) for k, v in root.value if (k, v) not in pairs]
    items: dict[str, list[Node]] = {}
    for sub, item in reader.sequence(pairs[0][1], "include"):
        name = reader.text(item, sub)
        if name is None:
            continue
        target = base / name
        try:
            text = read_text(target, error=RulesetError)
            node = compose(text, str(target), error=RulesetError)
        except RulesetError as exc:
            for problem in exc.problems:
                where = problem.location if problem.location.line else None
                message = f"被 include 的文件 {target}：{problem.message}"
                if where is None:
                    reader.problem(item, sub, message, problem.hint)
                else:
                    reader.problems.append(problem)
            continue
        _name_marks(node, str(target))
        digest.update(b"\0" + text.encode())
        own = _Builder(Reader(str(target)))
        top = own.reader.mapping(node, "", optional=_INCLUDABLE) if node is not None else None
        if node is None or (top is not None and not top):
            own.reader.problem(node, "", "被 include 的文件须有 units、groups 或 calendar")
        if top:
            own.registry(top.get("units"), top.get("groups"))
            if "calendar" in top:
                WorkingCalendar.from_node(own.reader, top["calendar"])
        if own.reader.problems or not top:
            reader.problems.extend(own.reader.problems)
            continue
        for key, value in top.items():
            if key == "calendar":
                _merge_included(root, key, value, reader, sub)
            else:  # units and groups: the included files' first, in include order
                items.setdefault(key, []).extend(value.value)
    for key, nodes in items.items():
        lists = SequenceNode("tag:yaml.org,2002:seq", nodes)
        lists.start_mark = pairs[0][1].start_mark
        _merge_included(root, key, lists, reader, "include")


def _merge_included(root: MappingNode, key: str, value: Node, reader: Reader, path: str) -> None:
    mine = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == key), None)
    if mine is None:
        root.value.append((ScalarNode("tag:yaml.org,2002:str", key), value))
    elif key == "calendar":
        years = [v for k, v in value.value if k.value == "years"] if isinstance(
            value, MappingNode) else []
        own = [v for k, v in mine.value if k.value == "years"] if isinstance(
            mine, MappingNode) else []
        if years and own and isinstance(years[0], MappingNode) and isinstance(own[0], MappingNode):
            for year_key, year_node in years[0].value:
                if any(k.value == year_key.value for k, _ in own[0].value):
                    reader.problem(year_key, f"{path}.calendar.years.{year_key.value}",
                                   f"{year_key.value} 年的日历在规则集和被 include 的文件中都有")
                else:
                    own[0].value.insert(0, (year_key, year_node))
    elif isinstance(mine, SequenceNode) and isinstance(value, SequenceNode):
        mine.value[:0] = value.value
    else:
        reader.problem(mine, key, f"{key} 的形式与被 include 的文件不一致（应为列表）")


def _name_marks(node: Node | None, source: str) -> None:
    """Mark every node of an included document with its file, so a problem the rule set's
    reader finds in it (a name defined twice) names that file."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        item.start_mark.name = source
        if isinstance(item, MappingNode):
            stack.extend(n for pair in item.value for n in pair)
        elif isinstance(item, SequenceNode):
            stack.extend(item.value)

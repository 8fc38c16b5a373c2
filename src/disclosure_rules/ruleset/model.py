"""The domain vocabulary of a rule set: units, tasks, evidence kinds, rules, waivers.

Everything here is an attrs class, frozen: a loaded rule set never changes while it is evaluated.
The classes hold data and answer questions about it; reading YAML lives in ``ruleset_loader``,
evaluation in the engine.  :class:`Rule` holds what every rule has; each kind's parameters
are a subclass of it in the kind's module of :mod:`disclosure_rules.rules` (``kind`` is the
tag), registered through the ``disclosure_rules_rule_kinds`` hook — the built-in ones as well
as a plugin's.  The built-in classes (``PresentRule`` …) are still importable from here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import Any, ClassVar

import attrs
from attrs import field, frozen

from .deadlines import Deadline, PeriodEnd, RestDayRule, period_end
from .workdays import WorkingCalendar


class Role(enum.Enum):
    """A unit's part in a task, as the table words it."""

    LEAD = "牵头"
    RESPONSIBLE = "负责"
    SUPPORT = "配合"
    SPLIT = "分工负责"

    @property
    def english(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """Accept the Chinese word or the English name (``lead``, ``responsible``, ...)."""
        for role in cls:
            if text in (role.value, role.name.lower()):
                return role
        raise ValueError(text)


#: Roles whose units a rule checks unless the rule says otherwise.  A 配合 unit supports the
#: lead; its own evidence is welcome but its absence is the lead's failure, not its own.
CHECKED_ROLES: tuple[Role, ...] = (Role.LEAD, Role.RESPONSIBLE, Role.SPLIT)


@frozen
class Unit:
    """A 科室 or 局属单位 with a stable ASCII id."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@frozen
class UnitGroup:
    """A group phrase of the table (``局属各单位``) and the units it stands for.

    A group is either defined by tags (every unit carrying all of them) or by an explicit list
    of unit ids; vague phrases such as ``局机关相关科室`` must be listed explicitly by the author.
    """

    phrase: str
    tags: frozenset[str] = frozenset()
    units: tuple[str, ...] = ()
    note: str = ""


@frozen
class UnitRegistry:
    units: tuple[Unit, ...]
    groups: tuple[UnitGroup, ...] = ()

    @cached_property
    def by_id(self) -> Mapping[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def by_name(self) -> Mapping[str, Unit]:
        return {name: u for u in self.units for name in u.names}

    @cached_property
    def group_by_phrase(self) -> Mapping[str, UnitGroup]:
        return {g.phrase: g for g in self.groups}

    def members(self, group: UnitGroup) -> tuple[str, ...]:
        """Unit ids of a group, in registry order."""
        if group.units:
            return group.units
        return tuple(u.id for u in self.units if group.tags <= u.tags)

    def resolve(self, name: str) -> tuple[str, ...]:
        """Unit ids meant by a name, alias, id or group phrase; empty when unknown."""
        if name in self.by_id:
            return (name,)
        if name in self.by_name:
            return (self.by_name[name].id,)
        if name in self.group_by_phrase:
            return self.members(self.group_by_phrase[name])
        return ()

    def known_names(self) -> list[str]:
        return [*self.by_id, *self.by_name, *self.group_by_phrase]

    def name_of(self, unit_id: str) -> str:
        unit = self.by_id.get(unit_id)
        return unit.name if unit else unit_id


@frozen
class Assignment:
    """One unit's role in one task; ``via`` keeps the table's phrase when a group was expanded."""

    unit: str
    role: Role
    via: str | None = None


class FieldType(enum.Enum):
    DATE = "date"
    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    BOOL = "bool"
    REF = "ref"  # the key of another evidence item, of kind ``FieldSpec.ref_kind``
    ENUM = "enum"  # one of ``FieldSpec.choices``


#: The longest text a record's text field may hold, whatever its ``max_length`` says; it keeps
#: one record from exhausting memory or the engine's fact size (the evidence door enforces it).
MAX_TEXT = 20_000


@frozen
class FieldSpec:
    name: str
    type: FieldType
    label: str = ""
    required: bool = False
    ref_kind: str | None = None
    choices: tuple[str, ...] = ()
    max_length: int = 2000


@frozen
class EvidenceKind:
    """A declared kind of evidence: what its records carry, so bad evidence is caught early.

    ``date_field`` is the date that places a record in time: records dated after ``as_of`` are
    ignored, and deadline checks compare it with the due date.
    """

    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    date_field: str | None = None
    description: str = ""

    @cached_property
    def field_map(self) -> Mapping[str, FieldSpec]:
        return {f.name: f for f in self.fields}


class Op(enum.Enum):
    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"
    CONTAINS = "contains"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"
    EXISTS = "exists"


@frozen
class Condition:
    """``field op value`` on an evidence record, e.g. ``form in [图片, 音频, 视频]``."""

    field: str
    op: Op
    value: Any = None


#: A rule parameter naming units (``tuple[UnitRef, ...]``): in YAML a unit's id, name or alias,
#: a group phrase (its members), or the word :data:`TASK_UNITS`; the loader resolves names to
#: unit ids and reports an unknown one where it is written.
UnitRef = str
#: In a ``tuple[UnitRef, ...]`` parameter: every unit of the rule's task.
TASK_UNITS = "task"


def unit_refs(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...] | None:
    """A ``tuple[UnitRef, ...]`` parameter as given in Python: one name or several."""
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


# --------------------------------------------------------------------------------------------
# Rules.  Every rule checks each of its units; what a rule is "about" (its subjects) depends on
# its kind (disclosure_rules.rules): the unit itself, each evidence item of a kind, each period.


@frozen(kw_only=True)
class Rule:
    """Fields common to every rule kind."""

    kind: ClassVar[str] = ""
    id: str
    description: str = ""
    applies_to: tuple[Role, ...] = CHECKED_ROLES
    units: tuple[str, ...] = ()  # explicit unit ids; empty = the task's units with applies_to
    where: tuple[Condition, ...] = ()
    due: date | None = None  # overrides the task's deadline for this rule (a split task's part)
    basis: str = ""  # legal or policy source of the rule's numbers
    confirm: str = ""  # a judgement call the office should confirm; `show` lists it

    def evidence_kinds(self) -> tuple[str, ...]:
        """Evidence kinds this rule reads (used to validate references and to partition)."""
        raise NotImplementedError

    def outside_units(self, task: Task, kind: str) -> frozenset[str]:
        """Units outside ``task`` whose records of ``kind`` the rule counts all the same (a
        publication by the website unit, for a rule whose ``publishers`` name it): they are
        not evidence out of scope.  None by default."""
        return frozenset()


@frozen
class Waiver:
    """An approved exception: the rule does not count against the unit while it is active.
    A waived finding still reports what it would have been."""

    rule: str
    unit: str
    reason: str
    approver: str
    start: date
    expires: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.expires is None or day <= self.expires)


@frozen
class Task:
    """One row of the 责任分工分解表."""

    number: int
    heading: tuple[str, ...]  # 一、… / （一）… / 1、…  (restored where the cell was merged)
    requirement: str
    responsible_text: str  # the 责任部门 cell as the table words it
    assignments: tuple[Assignment, ...]
    deadline: Deadline
    rules: tuple[Rule, ...]
    city_note: str = ""  # 备注（市级安排）
    basis: tuple[str, ...] = ()
    weight: float = 1.0
    category: str = ""
    original: str = ""  # source text of the one cell (heading or requirement) whose typo was fixed
    note: str = ""
    id: str = ""  # a stable id across years (optional), so ``diff`` need not match by number
    renamed_from: tuple[str, ...] = ()  # earlier ids of this task

    def units_for(self, rule: Rule) -> tuple[str, ...]:
        """Unit ids a rule checks: its explicit list, else the task's units in its roles."""
        if rule.units:
            return rule.units
        seen: dict[str, None] = {}
        for a in self.assignments:
            if a.role in rule.applies_to:
                seen.setdefault(a.unit, None)
        return tuple(seen)

    def role_of(self, unit: str) -> Role | None:
        for a in self.assignments:
            if a.unit == unit:
                return a.role
        return None


@frozen
class Ruleset:
    id: str
    title: str
    year: int
    units: UnitRegistry
    evidence_kinds: tuple[EvidenceKind, ...]
    tasks: tuple[Task, ...]
    calendar: WorkingCalendar = field(eq=False)
    issuer: str = ""
    issued: date | None = None
    source: str = ""
    waivers: tuple[Waiver, ...] = ()
    path: str | None = None
    sha256: str = ""  # of the rule-set file's bytes
    #: ``next_working_day``: a period whose last day is a rest day ends on the next working day
    #: (民法总则第二百零三条); ``keep`` (default): the day as written.
    deadline_on_rest_day: RestDayRule = "keep"

    @cached_property
    def kind_map(self) -> Mapping[str, EvidenceKind]:
        return {k.name: k for k in self.evidence_kinds}

    def period_end(self, nominal: date) -> PeriodEnd:
        """The last day of a period written to end on ``nominal``, moved off a rest day when
        the rule set says ``deadline_on_rest_day: next_working_day``."""
        return period_end(nominal, self.deadline_on_rest_day, self.calendar)

    def rules(self) -> Iterator[tuple[Task, Rule]]:
        for task in self.tasks:
            for rule in task.rules:
                yield task, rule

    def with_waivers(self, waivers: tuple[Waiver, ...]) -> Ruleset:
        """A copy with ``waivers`` added to its own (e.g. from a waivers file)."""
        return attrs.evolve(self, waivers=self.waivers + tuple(waivers))

    @cached_property
    def rule_map(self) -> Mapping[str, tuple[Task, Rule]]:
        return {rule.id: (task, rule) for task, rule in self.rules()}

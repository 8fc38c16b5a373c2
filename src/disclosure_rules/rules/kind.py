"""What a rule kind is: the one object the loader, the compiler, the reference evaluator, the
reasons and ``show`` ask about a kind, so none of them names one.

A kind is registered through the ``disclosure_rules_rule_kinds`` hook (the built-in kinds in
:mod:`disclosure_rules.rules.builtin`, a province's own in its plugin) and checked by
:mod:`disclosure_rules.rules.registry` when it is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..engine.intermediate import PlanContext
    from ..engine.reference import ReferenceContext
    from ..results.findings import Finding
    from ..ruleset.model import Condition, EvidenceKind, FieldType, Rule, Ruleset, Task

#: code → (Chinese, English) reason template; ``{names}`` are detail values or the fragments
#: :mod:`disclosure_rules.reasons` makes from the detail.
Templates = Mapping[str, tuple[str, str]]


class RuleChecker:
    """What a kind's ``check`` may ask of the loader: located problems and field checks.

    The loader passes its own reader-backed implementation; this class only names the methods
    (a kind calls them, it never builds one)."""

    kinds: Mapping[str, EvidenceKind]

    def problem(self, node: Node | None, path: str, message: str,
                hint: str | None = None) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def expect_field(self, kind: EvidenceKind, name: str, field_type: FieldType | None,
                     node: Node | None, path: str,
                     ref_kind: str | None = None) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def need_date_field(self, kind: EvidenceKind, m: Mapping[str, Node],
                        path: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def check_choices(self, kind: EvidenceKind, conditions: tuple[Condition, ...],
                      path: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _no_check(checker: RuleChecker, rule: Rule, m: Mapping[str, Node], path: str) -> None:
    return None


def _can_always_fail(rule: Rule, task: Task, ruleset: Ruleset) -> bool:
    return True


@frozen
class RuleKind:
    """One kind of rule.

    :param name: the ``kind:`` of a rule in YAML; equal to ``params.kind``.
    :param params: the rule's parameters, an attrs class derived from
        :class:`~disclosure_rules.model.Rule` (the loader reads its fields from YAML).
    :param label: what the kind checks, in the office's words (``show``, reports).
    :param label_en: the same in English.
    :param plan: ``plan(ctx)`` adds the kind's slots — probes, items and a decide function for
        each finding-to-be — to the plan (:class:`~disclosure_rules.intermediate.PlanContext`).
        A kind that joins records asks the backends (durable-rules, index) to join them; only a
        kind that needs no join adds slots without probes and decides in Python.
    :param reference: ``reference(ctx)`` → the findings of one rule × unit, written plainly
        over the visible records (:class:`~disclosure_rules.reference.ReferenceContext`); the
        oracle every backend is compared with.
    :param templates: the reason templates of the codes the kind's findings carry.
    :param check: ``check(checker, rule, node_map, path)`` adds located problems for what
        the kind needs of the declared evidence kinds (fields, their types, date fields).
    :param can_fail: ``can_fail(rule, task, ruleset)`` — whether some evidence can make the
        rule fail (a rule that can only pass checks nothing).
    :param fragments: ``fragments(detail, zh)`` → more ``{names}`` for the kind's templates,
        made from a finding's detail in one language (Chinese when ``zh``).
    :param doc: the kind's section of docs/rulesets.md (Markdown, with its YAML example).
    :param kind_params: parameters that name an evidence kind (checked to be declared).
    :param working_days: whether the kind counts working days (its rule set then needs the
        calendar of its year).
    """

    name: str
    params: type[Rule]
    label: str
    label_en: str
    plan: Callable[[PlanContext], None]
    reference: Callable[[ReferenceContext], list[Finding]]
    templates: Templates = field(factory=dict)
    check: Callable[[RuleChecker, Rule, Mapping[str, Node], str], None] = _no_check
    can_fail: Callable[[Rule, Task, Ruleset], bool] = _can_always_fail
    fragments: Callable[[Mapping[str, Any], bool], Mapping[str, Any]] | None = None
    doc: str = ""
    kind_params: tuple[str, ...] = ("evidence",)
    working_days: bool = False
    plugin: str = ""  # filled in by the registry: who registered the kind

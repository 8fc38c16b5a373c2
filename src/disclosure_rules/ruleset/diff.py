"""What changed between two rule sets (last year's and this year's, or two drafts).

Tasks are matched by their stable ``id`` (and a new task's ``renamed_from``); tasks without ids
fall back to the row number together with the requirement text, then to the text alone (a row
that moved), then to the number alone (a row whose text was edited) — and the diff says which
match it used, because a match by number alone may pair two different duties.

For each matched task the diff lists changes of number, heading, requirement, 责任部门 (text and
units by role), deadline, 备注 (``city_note``), weight, and rules added, removed or changed with
their parameters; for the rule set it lists units and evidence kinds added, removed or changed.
"""

from __future__ import annotations

import enum
import json
from datetime import date
from typing import Any

import attrs
import yaml
from attrs import frozen

from .model import Rule, Ruleset, Task, Waiver

__all__ = ["Change", "RulesetDiff", "TaskDiff", "diff_rulesets", "to_json", "to_markdown",
           "to_text"]

#: how a task of the new rule set was paired with one of the old
MATCH_WORDS = {
    "id": "按任务 id",
    "renamed_from": "按 renamed_from",
    "number+text": "按序号和要求文字",
    "text": "按要求文字（序号变了）",
    "number": "仅按序号（要求文字变了，请核对是否同一任务）",
}


@frozen
class Change:
    """One field that differs: ``what`` names it (``requirement``, ``rule t01-a.within``)."""

    what: str
    old: Any
    new: Any


@frozen
class TaskDiff:
    status: str  # added | removed | changed
    old_number: int | None
    new_number: int | None
    task_id: str
    requirement: str
    matched_by: str | None = None
    changes: tuple[Change, ...] = ()


@frozen
class RulesetDiff:
    old: str
    new: str
    tasks: tuple[TaskDiff, ...]
    units_added: tuple[str, ...]
    units_removed: tuple[str, ...]
    units_changed: tuple[Change, ...]
    kinds_added: tuple[str, ...]
    kinds_removed: tuple[str, ...]
    kinds_changed: tuple[Change, ...]
    groups_changed: tuple[Change, ...] = ()
    waivers_dropped: tuple[str, ...] = ()  # old waivers that no longer apply, with why
    waivers_carried: tuple[str, ...] = ()  # old waivers whose rule and unit continue
    #: rule-set-wide settings that change every verdict they touch (``deadline_on_rest_day``)
    settings_changed: tuple[Change, ...] = ()

    @property
    def fallback_used(self) -> bool:
        return any(t.matched_by in ("number+text", "text", "number") for t in self.tasks)

    @property
    def empty(self) -> bool:
        return not (any(t.status != "same" for t in self.tasks) or self.units_added
                    or self.units_removed or self.units_changed or self.kinds_added
                    or self.kinds_removed or self.kinds_changed or self.groups_changed
                    or self.waivers_dropped or self.settings_changed)


# -- matching ----------------------------------------------------------------------------------


def _match(old: tuple[Task, ...], new: tuple[Task, ...]) -> list[tuple[Task, Task, str]]:
    pairs: list[tuple[Task, Task, str]] = []
    left = list(old)
    right = list(new)

    def take(test: Any, how: str) -> None:
        for n in list(right):
            for o in left:
                if test(o, n):
                    pairs.append((o, n, how))
                    left.remove(o)
                    right.remove(n)
                    break

    take(lambda o, n: o.id and o.id == n.id, "id")
    take(lambda o, n: o.id and o.id in n.renamed_from, "renamed_from")
    # the fallbacks pair only tasks without ids: an id says the task is another one
    take(lambda o, n: not (o.id and n.id) and (o.number, o.requirement)
         == (n.number, n.requirement), "number+text")
    take(lambda o, n: not (o.id and n.id) and o.requirement == n.requirement, "text")
    take(lambda o, n: not (o.id and n.id) and o.number == n.number, "number")
    return pairs


# -- comparing -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if attrs.has(type(value)):
        return {k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _rule_params(rule: Rule) -> dict[str, Any]:
    params = {"kind": rule.kind}
    params |= {k: _plain(v) for k, v in attrs.asdict(rule, recurse=False).items() if k != "id"}
    return params


def _units_by_role(task: Task, names: dict[str, str]) -> str:
    """The task's units as its ``units:`` names them: a group by its phrase (a change of the
    group's members is listed once, under the groups), a unit by its name."""
    roles: dict[str, list[str]] = {}
    for a in task.assignments:
        roles.setdefault(a.role.value, []).append(a.via or names.get(a.unit, a.unit))
    return "；".join(f"{role}：{'、'.join(dict.fromkeys(n))}" for role, n in roles.items())


def _group_members(ruleset: Ruleset) -> dict[str, str]:
    reg = ruleset.units
    return {g.phrase: "、".join(reg.name_of(u) for u in reg.members(g)) for g in reg.groups}


def _task_changes(o: Task, n: Task, old_names: dict[str, str],
                  new_names: dict[str, str]) -> list[Change]:
    changes: list[Change] = []

    def field(what: str, a: Any, b: Any) -> None:
        if a != b:
            changes.append(Change(what, a, b))

    field("number", o.number, n.number)
    field("heading", list(o.heading), list(n.heading))
    field("requirement", o.requirement, n.requirement)
    field("responsible", o.responsible_text, n.responsible_text)
    field("units", _units_by_role(o, old_names), _units_by_role(n, new_names))
    field("deadline", o.deadline.phrase, n.deadline.phrase)
    if o.deadline.phrase == n.deadline.phrase:
        field("deadline.meaning", o.deadline.describe(), n.deadline.describe())
    field("city_note", o.city_note, n.city_note)
    field("weight", o.weight, n.weight)
    old_rules = {r.id: r for r in o.rules}
    new_rules = {r.id: r for r in n.rules}
    for rule_id, rule in old_rules.items():
        if rule_id not in new_rules:
            changes.append(Change(f"rule {rule_id}", _rule_params(rule), None))
    for rule_id, rule in new_rules.items():
        if rule_id not in old_rules:
            changes.append(Change(f"rule {rule_id}", None, _rule_params(rule)))
            continue
        a, b = _rule_params(old_rules[rule_id]), _rule_params(rule)
        for key in dict.fromkeys([*a, *b]):
            if a.get(key) != b.get(key):
                changes.append(Change(f"rule {rule_id}.{key}", a.get(key), b.get(key)))
    return changes


def _kind_fields(ruleset: Ruleset) -> dict[str, dict[str, Any]]:
    return {k.name: {f.name: _plain(f) for f in k.fields} | {"date_field": k.date_field}
            for k in ruleset.evidence_kinds}


def _waivers(old: Ruleset, new: Ruleset) -> tuple[list[str], list[str]]:
    """Old waivers that no longer apply in the new rule set (rule removed, unit no longer
    checked by it, expired before the new year) and those that continue, said whether the new
    rule set already carries them."""
    dropped, carried = [], []
    have = {(w.rule, w.unit) for w in new.waivers}
    for w in old.waivers:
        label = f"{w.rule} × {old.units.name_of(w.unit)}（{w.reason}）"
        why = _waiver_ends(w, new)
        if why is not None:
            dropped.append(f"{label}：{why}")
        else:
            state = "已沿用" if (w.rule, w.unit) in have else "可沿用，新规则集中尚未写"
            carried.append(f"{label}：{state}")
    return dropped, carried


def _waiver_ends(w: Waiver, new: Ruleset) -> str | None:
    """Why last year's waiver no longer applies to the new rule set; None when it continues."""
    found = new.rule_map.get(w.rule)
    if found is None:
        return "规则已删除"
    if w.unit not in found[0].units_for(found[1]):
        return "该规则不再检查此单位"
    if w.expires is not None and w.expires < date(new.year, 1, 1):
        return f"已于 {w.expires.isoformat()} 到期"
    return None


def carried_waivers(old: Ruleset, new: Ruleset) -> list[Waiver]:
    """Last year's waivers that continue in the new rule set (its rule still checks the unit
    and it has not expired before the new year) and that the new rule set does not carry
    yet: what ``diff --carry-waivers`` writes as the new year's waivers file."""
    have = {(w.rule, w.unit) for w in new.waivers}
    return [w for w in old.waivers
            if _waiver_ends(w, new) is None and (w.rule, w.unit) not in have]


def waivers_yaml(waivers: list[Waiver], ruleset: Ruleset, source: str) -> str:
    """A waivers file (the format ``check --waivers`` reads) holding ``waivers``, units by
    name, with a comment saying where they came from."""
    entries = []
    for w in waivers:
        entry: dict[str, Any] = {"rule": w.rule, "unit": ruleset.units.name_of(w.unit),
                                 "reason": w.reason, "approver": w.approver,
                                 "start": w.start.isoformat()}
        if w.expires is not None:
            entry["expires"] = w.expires.isoformat()
        entries.append(entry)
    head = (f"# 从 {source} 沿用的豁免（disclosure-rules diff --carry-waivers 生成）：\n"
            "# 规则仍检查该单位且未在新年度之前到期。请核对原因、批准人和有效期后再使用。\n")
    body = yaml.safe_dump({"waivers": entries}, allow_unicode=True, sort_keys=False)
    return head + body


def diff_rulesets(old: Ruleset, new: Ruleset) -> RulesetDiff:
    old_names = {u.id: u.name for u in old.units.units}
    new_names = {u.id: u.name for u in new.units.units}
    tasks: list[TaskDiff] = []
    matched = _match(old.tasks, new.tasks)
    paired_old = {id(o) for o, _, _ in matched}
    paired_new = {id(n): (o, how) for o, n, how in matched}
    for n in new.tasks:
        if id(n) not in paired_new:
            tasks.append(TaskDiff("added", None, n.number, n.id, n.requirement))
            continue
        o, how = paired_new[id(n)]
        changes = _task_changes(o, n, old_names, new_names)
        status = "changed" if changes else "same"
        tasks.append(TaskDiff(status, o.number, n.number, n.id or o.id, n.requirement, how,
                              tuple(changes)))
    for o in old.tasks:
        if id(o) not in paired_old:
            tasks.append(TaskDiff("removed", o.number, None, o.id, o.requirement))
    units_changed = []
    old_units = {u.id: u for u in old.units.units}
    for u in new.units.units:
        before = old_units.get(u.id)
        if before is not None and _plain(before) != _plain(u):
            a, b = _plain(before), _plain(u)
            for key in a:
                if a[key] != b[key]:
                    units_changed.append(Change(f"{u.id}.{key}", a[key], b[key]))
    old_kinds, new_kinds = _kind_fields(old), _kind_fields(new)
    kinds_changed = []
    for name in new_kinds.keys() & old_kinds.keys():
        a, b = old_kinds[name], new_kinds[name]
        for key in dict.fromkeys([*a, *b]):
            if a.get(key) != b.get(key):
                kinds_changed.append(Change(f"{name}.{key}", a.get(key), b.get(key)))
    old_groups, new_groups = _group_members(old), _group_members(new)
    groups_changed = [Change(p, old_groups.get(p), new_groups.get(p))
                      for p in dict.fromkeys([*old_groups, *new_groups])
                      if old_groups.get(p) != new_groups.get(p)]
    dropped, carried = _waivers(old, new)
    settings_changed = tuple(Change(name, getattr(old, name), getattr(new, name))
                             for name in SETTINGS if getattr(old, name) != getattr(new, name))
    return RulesetDiff(
        old=old.path or old.id,
        new=new.path or new.id,
        tasks=tuple(tasks),
        units_added=tuple(f"{u}（{n}）" for u, n in new_names.items() if u not in old_names),
        units_removed=tuple(f"{u}（{n}）" for u, n in old_names.items() if u not in new_names),
        units_changed=tuple(units_changed),
        kinds_added=tuple(k for k in new_kinds if k not in old_kinds),
        kinds_removed=tuple(k for k in old_kinds if k not in new_kinds),
        kinds_changed=tuple(sorted(kinds_changed, key=lambda c: c.what)),
        groups_changed=tuple(groups_changed),
        waivers_dropped=tuple(dropped),
        waivers_carried=tuple(carried),
        settings_changed=settings_changed,
    )


#: The rule set's own settings, compared one by one.
SETTINGS = ("deadline_on_rest_day",)

# -- output --------------------------------------------------------------------------------------

_FIELD_WORDS = {
    "number": "序号",
    "heading": "工作任务（标题）",
    "requirement": "具体要求",
    "responsible": "责任部门",
    "units": "责任单位及角色",
    "deadline": "完成时间",
    "deadline.meaning": "完成时间的含义",
    "city_note": "备注",
    "weight": "权重",
    "deadline_on_rest_day": "期限最后一日为休息日时（deadline_on_rest_day）",
}


def _show(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _what(change: Change) -> str:
    if change.what.startswith("rule "):
        rule = change.what.removeprefix("rule ")
        if change.old is None:
            return f"新增规则 {rule}"
        if change.new is None:
            return f"删除规则 {rule}"
        rule_id, _, param = rule.partition(".")
        return f"规则 {rule_id} 的参数 {param}"
    return _FIELD_WORDS.get(change.what, change.what)


def _task_title(t: TaskDiff) -> str:
    number = t.new_number if t.new_number is not None else t.old_number
    ident = f"［{t.task_id}］" if t.task_id else ""
    moved = (f"（原第 {t.old_number} 行）"
             if t.old_number is not None and t.new_number not in (None, t.old_number) else "")
    return f"第 {number} 行{ident}{moved}"


def _lines(d: RulesetDiff, md: bool) -> list[str]:
    bullet = "- " if md else "  "
    sub = "  - " if md else "      "
    head = (lambda s: f"## {s}") if md else (lambda s: f"{s}：")
    out = [f"# {d.old} → {d.new}" if md else f"{d.old} → {d.new}"]
    if d.fallback_used:
        out += ["", ("> " if md else "注意：") + "部分任务没有 id，按序号和要求文字对应"
                "（见各任务的“对应方式”）；给任务加上 id 可避免错配。"]
    if d.empty:
        out += ["", "两个规则集没有差别。"]
        return out
    if d.settings_changed:
        out += ["", head("规则集设置变更")]
        out += [f"{bullet}{_what(c)}：{_show(c.old)} → {_show(c.new)}" for c in d.settings_changed]
    changed = [t for t in d.tasks if t.status == "changed"]
    groups = (("新增任务", [t for t in d.tasks if t.status == "added"]),
              ("删除任务", [t for t in d.tasks if t.status == "removed"]))
    for title, items in groups:
        if items:
            out += ["", head(f"{title}（{len(items)}）")]
            out += [f"{bullet}{_task_title(t)}：{t.requirement}" for t in items]
    if changed:
        out += ["", head(f"变更任务（{len(changed)}）")]
        for t in changed:
            how = MATCH_WORDS[t.matched_by or "id"]
            out.append(f"{bullet}{_task_title(t)}，对应方式：{how}")
            for c in t.changes:
                if c.old is None or c.new is None:
                    out.append(f"{sub}{_what(c)}：{_show(c.new if c.old is None else c.old)}")
                else:
                    out.append(f"{sub}{_what(c)}：{_show(c.old)} → {_show(c.new)}")
    for title, items in (("新增单位", d.units_added), ("删除单位", d.units_removed),
                         ("新增证据类型", d.kinds_added), ("删除证据类型", d.kinds_removed)):
        if items:
            out += ["", head(title), bullet + "、".join(items)]
    for title, items in (("不再适用的豁免", d.waivers_dropped), ("延续的豁免", d.waivers_carried)):
        if items:
            out += ["", head(title), *(bullet + item for item in items)]
    for title, changes in (("单位变更", d.units_changed), ("单位组成员变化", d.groups_changed),
                           ("证据类型变更", d.kinds_changed)):
        if changes:
            out += ["", head(title)]
            out += [f"{bullet}{c.what}：{_show(c.old)} → {_show(c.new)}" for c in changes]
    return out


def to_text(d: RulesetDiff) -> str:
    return "\n".join(_lines(d, md=False)) + "\n"


def to_markdown(d: RulesetDiff) -> str:
    return "\n".join(_lines(d, md=True)) + "\n"


def to_json(d: RulesetDiff) -> dict[str, Any]:
    def change(c: Change) -> dict[str, Any]:
        return {"what": c.what, "old": c.old, "new": c.new}

    return {
        "old": d.old,
        "new": d.new,
        "fallback_matching": d.fallback_used,
        "tasks": [
            {"status": t.status, "old_number": t.old_number, "new_number": t.new_number,
             "id": t.task_id or None, "requirement": t.requirement, "matched_by": t.matched_by,
             "changes": [change(c) for c in t.changes]}
            for t in d.tasks if t.status != "same"
        ],
        "units": {"added": list(d.units_added), "removed": list(d.units_removed),
                  "changed": [change(c) for c in d.units_changed]},
        "groups": {"changed": [change(c) for c in d.groups_changed]},
        "evidence_kinds": {"added": list(d.kinds_added), "removed": list(d.kinds_removed),
                           "changed": [change(c) for c in d.kinds_changed]},
        "waivers": {"dropped": list(d.waivers_dropped), "carried": list(d.waivers_carried)},
        "settings": {"changed": [change(c) for c in d.settings_changed]},
    }


def summary_counts(d: RulesetDiff) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0, "same": 0}
    for t in d.tasks:
        counts[t.status] += 1
    return counts

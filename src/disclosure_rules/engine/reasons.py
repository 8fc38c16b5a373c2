"""Reasons: one sentence per finding, in Chinese (default) or English, from its code and detail.

A reason names the document (title and 文号/key), the dates, the limit and what is missing, and
ends with the evidence ids behind the verdict.  Waived and error findings add the waiver or the
collector failure and say what the finding would have been.

Every code has one template per language, side by side, in the module of the rule kind whose
findings carry it (:mod:`disclosure_rules.rules`, found through the kind registry); a
template's ``{names}`` are detail values or the fragments :func:`_fragments` makes from the
detail (a document's name, the limit, the share …) in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..results.findings import Finding, Status
from ..ruleset.deadlines import moved_text
from ..ruleset.kinds import current as current_kinds

Lang = str

_WHO = {"市": ("市里", "the city"), "省": ("省里", "the province")}


def _doc(d: Mapping[str, Any] | None, zh: bool) -> str:
    """A record by its title and key (文号, URL, ledger row) and its date.  A record without a
    title of its own (or whose title is its key) is named by its key alone."""
    if not d:
        return ""
    key = d.get("key") or ""
    title = d.get("title") if d.get("title") != key else ""
    if zh:
        name = f"《{title}》（{key}）" if title else f"“{key}”"
        return f"{d['date']}的{name}" if d.get("date") else name
    name = f"“{title}” ({key})" if title else key
    return f"{name} of {d['date']}" if d.get("date") else name


def _self(d: Mapping[str, Any]) -> bool:
    """The matched record is the item itself (a ledger row holding both dates)."""
    m, i = d.get("matched"), d.get("item")
    return bool(m and i and m.get("id") == i.get("id"))


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _fragments(d: Mapping[str, Any], zh: bool) -> dict[str, Any]:
    """The pieces of the templates that are made from the detail, in one language."""
    def pick(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    f: dict[str, Any] = {
        name: _doc(d.get(name), zh) for name in ("item", "matched", "newest")}
    first = _doc(d.get("first"), zh)
    f["first"] = pick(f"，首条为{first}", f", first {first}") if first else ""
    for key in ("due", "until"):  # a last day moved off a rest day: say so and why
        if d.get("moved_from") and d.get(key):
            moved = moved_text(date.fromisoformat(d["moved_from"]), date.fromisoformat(d[key]),
                               "zh" if zh else "en")
            f[key] = pick(f"{d[key]}（{moved}）", f"{d[key]} ({moved})")
    f["by_due"] = pick(f"，在时限 {f.get('due', d['due'])} 前",
                       f", by the limit {f.get('due', d['due'])}") if d.get("due") else ""
    if "min" in d and "count" in d:
        f["short"] = d["min"] - d["count"]
    authority = d.get("authority", "")
    f["who"] = _WHO.get(authority, (authority, authority))[0 if zh else 1]
    f["late"] = _doc(d["late"][0], zh) if d.get("late") else ""
    f["period"] = pick("{} 至 {}", "{} to {}").format(d.get("period_start"), d.get("period_end"))
    f["lacking"] = pick("、", ", ").join(_doc(x, zh) for x in d.get("lacking", [])[:3])
    if "matching" in d:
        f["share"] = pick(
            "{label}共 {count} 条，其中 {matching} 条满足“{condition}”，占比 {p}，要求不低于 {t}",
            "{matching} of {count} record(s) of {label} satisfy “{condition}” ({p}, at least {t} "
            "needed)").format(**d, p=_pct(d["share"]), t=_pct(d["threshold"]))
    # accompanied / timely / responded
    what = d.get("companion") or d.get("publication") or pick("答复", "reply")
    f["what"] = what
    extension = d.get("extension_days") if d.get("extended") else None
    f["limit"] = (
        f"时限 {d.get('limit')}（{d.get('within')} 个工作日"
        + (f"，另加延期 {extension} 个工作日" if extension else "") + "）" if zh else
        f"{d.get('within')} working days"
        + (f" (+{extension} extension)" if extension else "") + f", limit {d.get('limit')}")
    if d.get("within_hours") is not None:  # calendar hours (responded.within_hours)
        f["limit"] = pick(f"时限 {d.get('limit')}（{d['within_hours']} 小时，按日计）",
                          f"{d['within_hours']} hours (by day), limit {d.get('limit')}")
    if _self(d):  # the record carries its own publication or reply date
        replied = what == pick("答复", "reply")
        on = d["matched"].get("date")
        f["outcome"] = (f"于 {on} {'答复' if replied else '公开'}" if zh else
                        f"{'replied' if replied else 'published'} on {on}")
    else:
        f["outcome"] = pick(f"的{what}为{f['matched']}", f"{what} {f['matched']}")
        if d.get("published_by"):  # another unit's publication counted (timely.publishers)
            f["outcome"] += pick(f"（由{d['published_by']}发布）",
                                 f" (published by {d['published_by']})")
    return f


def document(d: Mapping[str, Any] | None, zh: bool) -> str:
    """A record of a finding's detail (``describe``) as reasons name it, for a kind's
    ``fragments``."""
    return _doc(d, zh)


def _sentence(code: str, d: Mapping[str, Any], as_of: str, lang: Lang,
              rule_kind: str = "") -> str:
    kinds = current_kinds()
    templates = kinds.templates().get(code)
    if templates is None:
        return code
    zh = lang == "zh"
    values = {**d, **_fragments(d, zh), "as_of": as_of}
    kind = kinds.get(rule_kind) if rule_kind else None
    if kind is not None and kind.fragments is not None:
        values.update(kind.fragments(d, zh))
    return templates[0 if zh else 1].format_map(values)


def render(finding: Finding, as_of: date, lang: Lang = "zh") -> str:
    """The reason sentence of a finding (raw, waived or error)."""
    zh = lang == "zh"
    text = _sentence(finding.code, finding.detail, as_of.isoformat(), lang, finding.rule_kind)
    if finding.status is Status.WAIVED and finding.waiver:
        w = finding.waiver
        until = w.get("expires") or ("长期" if zh else "open-ended")
        would = "" if not finding.would_be else (
            finding.would_be.zh if zh else finding.would_be.value)
        text = (f"已豁免（{w['reason']}；批准人：{w['approver']}；"
                f"有效期 {w['start']} 至 {until}），否则为“{would}”：{text}" if zh else
                f"Waived ({w['reason']}; approved by {w['approver']}; {w['start']} to {until}); "
                f"would be {would}: {text}")
    if finding.status is Status.ERROR and "collector" in finding.detail:
        d = finding.detail
        why = d.get("collector_error") or ("未说明原因" if zh else "no reason given")
        text = (f"无法判定：{d['collector']} 收集证据失败（{why}）。按现有证据：{text}" if zh else
                f"Cannot decide: collector {d['collector']} failed ({why}). "
                f"On the evidence at hand: {text}")
    if finding.evidence:
        n = len(finding.evidence)
        shown = ("、" if zh else ", ").join(finding.evidence[:3])
        if zh:
            text += f"（证据：{shown}{f' 等 {n} 条' if n > 3 else ''}）"
        else:
            text += f" (evidence: {shown}{f' and {n - 3} more' if n > 3 else ''})"
    return text

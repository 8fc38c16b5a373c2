"""Reasons: one sentence per finding, in Chinese (default) or English, from its code and detail.

A reason names the document (title and 文号/key), the dates, the limit and what is missing, and
ends with the evidence ids behind the verdict.  Waived and error findings add the waiver or the
collector failure and say what the finding would have been.

Every code has one template per language in :data:`_TEMPLATES`, side by side; a template's
``{names}`` are detail values or the fragments :func:`_fragments` makes from the detail (a
document's name, the limit, the share …) in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .findings import Finding, Status

Lang = str

#: code → (Chinese, English) template.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "count.met": (
        "已有{label} {count} 条（至少需 {min} 条）{first}{by_due}；完成时间：{deadline}。",
        "{count} record(s) of {label} (at least {min} needed){first}{by_due}; "
        "deadline: {deadline}."),
    "count.pending": (
        "截至 {as_of} 有{label} {count} 条，尚缺 {short} 条；时限 {due}（{deadline}）尚未到期。",
        "{count} of {min} record(s) of {label} by {as_of}; due {due} ({deadline}), "
        "not yet due."),
    "count.external": (
        "截至 {as_of} 有{label} {count} 条，尚缺 {short} 条；完成时间由{who}另行确定"
        "（{deadline}），日期未定，暂不判定。",
        "{count} of {min} record(s) of {label} by {as_of}; the date is set by {who} "
        "({deadline}) and not set yet."),
    "count.late": (
        "逾期：{label}时限为 {due}（{deadline}），时限内仅 {on_time} 条（需 {min} 条），"
        "{late}晚于时限。",
        "Late: {label} was due {due} ({deadline}); only {on_time} of {min} by then, "
        "{late} came after the limit."),
    "count.missing": (
        "缺少{label}：时限 {due}（{deadline}）前应至少有 {min} 条，截至 {as_of} 只有 {count} 条。",
        "Missing {label}: at least {min} needed by {due} ({deadline}), {count} by {as_of}."),
    "period.met": (
        "{period} 期间有{label} {count} 条{first}；完成时间：{deadline}。",
        "{count} record(s) of {label} from {period}{first}."),
    "period.pending": (
        "{period} 期间尚无{label}（需 {min} 条），本期尚未结束。",
        "No {label} yet from {period}; the period has not ended."),
    "period.missing": (
        "缺少{label}：{period} 期间应至少有 {min} 条，实际 {count} 条；完成时间：{deadline}。",
        "Missing {label}: at least {min} needed from {period}, found {count}."),
    "window.met": (
        "{item}{outcome}，在{limit}内。",
        "{item}: {outcome}, within {limit}."),
    "window.pending": (
        "{item}尚无{what}；{limit}尚未到期。",
        "{item}: no {what} yet; {limit}, not yet due."),
    "window.late": (
        "逾期：{item}{outcome}，超过{limit}。",
        "Late: {item}: {outcome}, beyond {limit}."),
    "window.missing": (
        "缺少{what}：{item}应在{limit}前有{what}，截至 {as_of} 未见。",
        "Missing {what}: {item} needed one by the {limit}; none by {as_of}."),
    "window.undated": (
        "{item}缺少日期字段“{field}”，无法计算时限。",
        "{item} has no date in field “{field}”; the limit cannot be computed."),
    "items.none": (
        "截至 {as_of} 没有{label}，本项不适用。",
        "No {label} by {as_of}; not applicable."),
    "share.met": (
        "{share}。",
        "{share}."),
    "share.too_few": (
        "{label}仅 {count} 条，少于 {min_items} 条，不计算占比。",
        "Only {count} record(s) of {label}, fewer than {min_items}; not scored."),
    "share.below": (
        "{share}；不满足的如{lacking}。",
        "{share}; lacking e.g. {lacking}."),
    "share.pending": (
        "{share}，尚未到期；不满足的如{lacking}。",
        "{share}; not yet due; lacking e.g. {lacking}."),
    "fresh.none": (
        "截至 {as_of} 没有任何{label}，无法证明已更新（最长 {max_age_days} 天）。",
        "No {label} at all by {as_of} (max age {max_age_days} days)."),
    "fresh.ok": (
        "最近一次{label}为{newest}，距 {as_of} {age_days} 天，未超过 {max_age_days} 天。",
        "Newest {label} {newest}, {age_days} days before {as_of} (max {max_age_days})."),
    "fresh.stale": (
        "超期未更新：最近一次{label}为{newest}，距 {as_of} 已 {age_days} 天，"
        "超过 {max_age_days} 天。",
        "Stale: newest {label} {newest}, {age_days} days before {as_of}, more than "
        "{max_age_days}."),
    "gap.ok": (
        "{span_start} 至 {span_end} 期间{label}间隔均不超过 {max_gap_days} 天，"
        "最近一次为{newest}。",
        "No gap in {label} over {max_gap_days} days from {span_start} to {span_end}; "
        "newest {newest}."),
    "gap.exceeded": (
        "更新间隔过长：{gap_start} 至 {gap_end} 之间 {gap_days} 天没有{label}，"
        "超过 {max_gap_days} 天（共 {gaps} 处）。",
        "Gap too long: no {label} for {gap_days} days from {gap_start} to {gap_end} "
        "(max {max_gap_days}; {gaps} gap(s))."),
}

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
    f["by_due"] = pick(f"，在时限 {d['due']} 前", f", by the limit {d['due']}") if d.get(
        "due") else ""
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
    if _self(d):  # the record carries its own publication or reply date
        replied = what == pick("答复", "reply")
        on = d["matched"].get("date")
        f["outcome"] = (f"于 {on} {'答复' if replied else '公开'}" if zh else
                        f"{'replied' if replied else 'published'} on {on}")
    else:
        f["outcome"] = pick(f"的{what}为{f['matched']}", f"{what} {f['matched']}")
    return f


def _sentence(code: str, d: Mapping[str, Any], as_of: str, lang: Lang) -> str:
    templates = _TEMPLATES.get(code)
    if templates is None:
        return code
    zh = lang == "zh"
    return templates[0 if zh else 1].format_map({**d, **_fragments(d, zh), "as_of": as_of})


def render(finding: Finding, as_of: date, lang: Lang = "zh") -> str:
    """The reason sentence of a finding (raw, waived or error)."""
    zh = lang == "zh"
    text = _sentence(finding.code, finding.detail, as_of.isoformat(), lang)
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

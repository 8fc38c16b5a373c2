"""Reasons: one sentence per finding, in Chinese (default) or English, from its code and detail.

A reason names the document (title and 文号/key), the dates, the limit and what is missing, and
ends with the evidence ids behind the verdict.  Waived and error findings add the waiver or the
collector failure and say what the finding would have been.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .findings import Finding, Status

Lang = str


def _doc(d: Mapping[str, Any] | None, lang: Lang) -> str:
    if not d:
        return ""
    title, key = d.get("title") or "", d.get("key") or ""
    if lang == "en":
        name = f"“{title}” ({key})" if title else f"({key})"
        return f"{name} of {d['date']}" if d.get("date") else name
    name = f"《{title}》（{key}）" if title else f"（{key}）"
    return f"{d['date']}的{name}" if d.get("date") else name


_WHO = {"市": "市里", "省": "省里"}


def _self(d: Mapping[str, Any]) -> bool:
    """The matched record is the item itself (a ledger row holding both dates)."""
    m, i = d.get("matched"), d.get("item")
    return bool(m and i and m.get("id") == i.get("id"))


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _zh(code: str, d: Mapping[str, Any], as_of: str) -> str:
    label = d.get("label", "")
    first = _doc(d.get("first"), "zh")
    if code == "count.met":
        return (f"已有{label} {d['count']} 条（至少需 {d['min']} 条），首条为{first}"
                + (f"，在时限 {d['due']} 前" if d.get("due") else "")
                + f"；完成时间：{d['deadline']}。")
    if code == "count.pending":
        return (f"截至 {as_of} 有{label} {d['count']} 条，尚缺 {d['min'] - d['count']} 条；"
                f"时限 {d['due']}（{d['deadline']}）尚未到期。")
    if code == "count.external":
        return (f"截至 {as_of} 有{label} {d['count']} 条，尚缺 {d['min'] - d['count']} 条；"
                f"完成时间由{_WHO.get(d['authority'], d['authority'])}另行确定"
                f"（{d['deadline']}），日期未定，暂不判定。")
    if code == "count.late":
        late = _doc(d["late"][0], "zh") if d.get("late") else ""
        return (f"逾期：{label}时限为 {d['due']}（{d['deadline']}），时限内仅 {d['on_time']} 条"
                f"（需 {d['min']} 条），{late}晚于时限。")
    if code == "count.missing":
        return (f"缺少{label}：时限 {d['due']}（{d['deadline']}）前应至少有 {d['min']} 条，"
                f"截至 {as_of} 只有 {d['count']} 条。")
    period = f"{d.get('period_start')} 至 {d.get('period_end')}"
    if code == "period.met":
        return f"{period} 期间有{label} {d['count']} 条，首条为{first}（{d['deadline']}）。"
    if code == "period.pending":
        return f"{period} 期间尚无{label}（需 {d['min']} 条），本期尚未结束。"
    if code == "period.missing":
        return (f"缺少{label}：{period} 期间应至少有 {d['min']} 条，实际 {d['count']} 条"
                f"（{d['deadline']}）。")
    item = _doc(d.get("item"), "zh")
    what = d.get("companion") or d.get("publication") or "答复"
    limit = (f"{d.get('within')} 个工作日" + (f"（含延期 {d['extension_days']} 个工作日）"
                                             if d.get("extended") else "")
             + f"，时限 {d.get('limit')}")
    matched = _doc(d.get("matched"), "zh")
    if _self(d):  # the record carries its own publication or reply date
        verb = "答复" if what == "答复" else "公开"
        matched = f"{d['matched'].get('date')} {verb}"
        what = ""
    if code == "window.met":
        return f"{item}{'的' + what + '为' if what else '于 '}{matched}，在 {limit} 内。"
    if code == "window.pending":
        return f"{item}尚无{what}；{limit}，尚未到期。"
    if code == "window.late":
        return (f"逾期：{item}{'的' + what + '为' if what else '于 '}{matched}，"
                f"超过 {limit}。")
    if code == "window.missing":
        return f"缺少{what}：{item}在 {limit} 前应有{what}，截至 {as_of} 未见。"
    if code == "window.undated":
        return f"{item}缺少日期字段“{d['field']}”，无法计算时限。"
    if code == "items.none":
        return f"截至 {as_of} 没有{label}，本项不适用。"
    share = "" if not code.startswith("share.") else (
        f"{label}共 {d['count']} 条，其中 {d['matching']} 条满足“{d['condition']}”，"
        f"占比 {_pct(d['share'])}，要求不低于 {_pct(d['threshold'])}")
    if code == "share.met":
        return share + "。"
    if code == "share.too_few":
        return f"{label}仅 {d['count']} 条，少于 {d['min_items']} 条，不计算占比。"
    if code in ("share.below", "share.pending"):
        lacking = "、".join(_doc(x, "zh") for x in d.get("lacking", [])[:3])
        tail = "，尚未到期" if code == "share.pending" else ""
        return f"{share}{tail}；不满足的如{lacking}。"
    if code == "fresh.none":
        return f"截至 {as_of} 没有任何{label}，无法证明已更新（最长 {d['max_age_days']} 天）。"
    newest = _doc(d.get("newest"), "zh")
    if code == "fresh.ok":
        return (f"最近一次{label}为{newest}，距 {as_of} {d['age_days']} 天，"
                f"未超过 {d['max_age_days']} 天。")
    if code == "fresh.stale":
        return (f"超期未更新：最近一次{label}为{newest}，距 {as_of} 已 {d['age_days']} 天，"
                f"超过 {d['max_age_days']} 天。")
    if code == "gap.ok":
        return (f"{d['span_start']} 至 {d['span_end']} 期间{label}间隔均不超过 "
                f"{d['max_gap_days']} 天，最近一次为{newest}。")
    if code == "gap.exceeded":
        return (f"更新间隔过长：{d['gap_start']} 至 {d['gap_end']} 之间 {d['gap_days']} 天没有"
                f"{label}，超过 {d['max_gap_days']} 天（共 {d['gaps']} 处）。")
    return code


def _en(code: str, d: Mapping[str, Any], as_of: str) -> str:
    label = d.get("label", "")
    first = _doc(d.get("first"), "en")
    if code == "count.met":
        return (f"{d['count']} record(s) of {label} (at least {d['min']} needed), first {first}"
                + (f", by the limit {d['due']}" if d.get("due") else "")
                + f"; deadline: {d['deadline']}.")
    if code == "count.pending":
        return (f"{d['count']} of {d['min']} record(s) of {label} by {as_of}; "
                f"due {d['due']} ({d['deadline']}), not yet due.")
    if code == "count.external":
        return (f"{d['count']} of {d['min']} record(s) of {label} by {as_of}; the date is set "
                f"by {d['authority']} ({d['deadline']}) and not set yet.")
    if code == "count.late":
        late = _doc(d["late"][0], "en") if d.get("late") else ""
        return (f"Late: {label} was due {d['due']} ({d['deadline']}); only {d['on_time']} of "
                f"{d['min']} by then, {late} came after the limit.")
    if code == "count.missing":
        return (f"Missing {label}: at least {d['min']} needed by {d['due']} ({d['deadline']}), "
                f"{d['count']} by {as_of}.")
    period = f"{d.get('period_start')} to {d.get('period_end')}"
    if code == "period.met":
        return f"{d['count']} record(s) of {label} from {period}, first {first}."
    if code == "period.pending":
        return f"No {label} yet from {period}; the period has not ended."
    if code == "period.missing":
        return f"Missing {label}: at least {d['min']} needed from {period}, found {d['count']}."
    item = _doc(d.get("item"), "en")
    what = d.get("companion") or d.get("publication") or "reply"
    limit = (f"{d.get('within')} working days"
             + (f" (+{d['extension_days']} extension)" if d.get("extended") else "")
             + f", limit {d.get('limit')}")
    matched = _doc(d.get("matched"), "en")
    if _self(d):
        verb = "replied" if what == "reply" else "published"
        what, matched = verb, f"on {d['matched'].get('date')}"
    if code == "window.met":
        return f"{item}: {what} {matched}, within {limit}."
    if code == "window.pending":
        return f"{item}: no {what} yet; {limit}, not yet due."
    if code == "window.late":
        return f"Late: {item}: {what} {matched}, beyond {limit}."
    if code == "window.missing":
        return f"Missing {what}: {item} needed one by the {limit}; none by {as_of}."
    if code == "window.undated":
        return f"{item} has no date in field “{d['field']}”; the limit cannot be computed."
    if code == "items.none":
        return f"No {label} by {as_of}; not applicable."
    share = "" if not code.startswith("share.") else (
        f"{d['matching']} of {d['count']} record(s) of {label} satisfy “{d['condition']}” "
        f"({_pct(d['share'])}, at least {_pct(d['threshold'])} needed)")
    if code == "share.met":
        return share + "."
    if code == "share.too_few":
        return f"Only {d['count']} record(s) of {label}, fewer than {d['min_items']}; not scored."
    if code in ("share.below", "share.pending"):
        lacking = ", ".join(_doc(x, "en") for x in d.get("lacking", [])[:3])
        tail = "; not yet due" if code == "share.pending" else ""
        return f"{share}{tail}; lacking e.g. {lacking}."
    if code == "fresh.none":
        return f"No {label} at all by {as_of} (max age {d['max_age_days']} days)."
    newest = _doc(d.get("newest"), "en")
    if code == "fresh.ok":
        return (f"Newest {label} {newest}, {d['age_days']} days before {as_of} "
                f"(max {d['max_age_days']}).")
    if code == "fresh.stale":
        return (f"Stale: newest {label} {newest}, {d['age_days']} days before {as_of}, more "
                f"than {d['max_age_days']}.")
    if code == "gap.ok":
        return (f"No gap in {label} over {d['max_gap_days']} days from {d['span_start']} to "
                f"{d['span_end']}; newest {newest}.")
    if code == "gap.exceeded":
        return (f"Gap too long: no {label} for {d['gap_days']} days from {d['gap_start']} to "
                f"{d['gap_end']} (max {d['max_gap_days']}; {d['gaps']} gap(s)).")
    return code


_RENDER: dict[str, Callable[[str, Mapping[str, Any], str], str]] = {"zh": _zh, "en": _en}


def render(finding: Finding, as_of: date, lang: Lang = "zh") -> str:
    """The reason sentence of a finding (raw, waived or error)."""
    text = _RENDER[lang](finding.code, finding.detail, as_of.isoformat())
    if finding.status is Status.WAIVED and finding.waiver:
        w = finding.waiver
        until = w.get("expires") or ("长期" if lang == "zh" else "open-ended")
        would = finding.would_be.zh if finding.would_be and lang == "zh" else (
            finding.would_be.value if finding.would_be else "")
        text = (f"已豁免（{w['reason']}；批准人：{w['approver']}；"
                f"有效期 {w['start']} 至 {until}），否则为“{would}”：{text}" if lang == "zh" else
                f"Waived ({w['reason']}; approved by {w['approver']}; {w['start']} to {until}); "
                f"would be {would}: {text}")
    if finding.status is Status.ERROR and "collector" in finding.detail:
        d = finding.detail
        why = d.get("collector_error") or ("未说明原因" if lang == "zh" else "no reason given")
        text = (f"无法判定：{d['collector']} 收集证据失败（{why}）。按现有证据：{text}"
                if lang == "zh" else
                f"Cannot decide: collector {d['collector']} failed ({why}). "
                f"On the evidence at hand: {text}")
    if finding.evidence:
        shown = "、".join(finding.evidence[:3]) if lang == "zh" else ", ".join(finding.evidence[:3])
        more = len(finding.evidence) - 3
        if lang == "zh":
            text += f"（证据：{shown}{f' 等 {len(finding.evidence)} 条' if more > 0 else ''}）"
        else:
            text += f" (evidence: {shown}{f' and {more} more' if more > 0 else ''})"
    return text

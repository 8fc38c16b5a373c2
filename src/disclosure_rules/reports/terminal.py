"""The result in the terminal: totals, a table per task and per unit, then the findings that
need attention (未通过, 无法判定, 已豁免, 未到期) with their reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Result, Status

_STYLE = {
    Status.PASS: "green",
    Status.FAIL: "bold red",
    Status.PENDING: "yellow",
    Status.WAIVED: "cyan",
    Status.ERROR: "magenta",
    Status.NOT_APPLICABLE: "dim",
}
#: The order findings are listed in: what the office must act on first.
ATTENTION = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PENDING)

_WORDS = {
    "zh": {
        "as_of": "截至", "score": "总分", "tasks": "按任务", "units": "按单位", "no": "序号",
        "requirement": "具体要求", "unit": "单位", "task_score": "得分", "none": "—",
        "attention": "需要关注的结论", "evidence": "证据", "total": "合计",
        "records": "条证据", "rejected": "条被拒收",
        "unknown": "采集失败情况未知：没有对应的收集记录（X.run.json），"
                   "采集器出错的单位可能被判为未通过",
    },
    "en": {
        "as_of": "as of", "score": "score", "tasks": "By task", "units": "By unit", "no": "No.",
        "requirement": "Requirement", "unit": "Unit", "task_score": "Score", "none": "—",
        "attention": "Findings that need attention", "evidence": "evidence", "total": "Total",
        "records": "evidence records", "rejected": "rejected",
        "unknown": "Collection outcomes unknown: no run file (X.run.json) belongs to the "
                   "evidence, so a unit whose collector failed may show as failed",
    },
}


def status_label(status: Status, lang: str) -> str:
    return status.zh if lang == "zh" else status.value


def _score(value: float | None, words: dict[str, str]) -> str:
    return words["none"] if value is None else f"{value:.1f}"


def _counts_cells(counts: dict[str, int] | object) -> list[str]:
    return [str(counts[s.value]) if counts[s.value] else "" for s in Status]  # type: ignore[index]


def render(result: Result, console: Console, *, lang: str = "zh", show_all: bool = False,
           limit: int | None = 50) -> None:
    """Print the result.  ``show_all`` lists passing findings too; ``limit`` caps the list."""
    w = _WORDS[lang]
    names = {u.unit: u.name for u in result.units}
    console.print(Text(result.ruleset_title, style="bold"))
    if not result.collection_known:
        console.print(Text(w["unknown"], style="bold magenta"))
    console.print(
        f"{w['as_of']} {result.as_of} · {result.evidence_count} {w['records']}"
        + (f"（{len(result.rejected)} {w['rejected']}）" if result.rejected else "")
        + f" · {w['score']} {_score(result.score, w)}"
    )
    headers = [status_label(s, lang) for s in Status]

    tasks = Table(title=w["tasks"], show_lines=False)
    tasks.add_column(w["no"], justify="right", no_wrap=True, min_width=cell_len(w["no"]))
    fixed = cell_len(w["no"]) + sum(cell_len(h) for h in headers) + cell_len(w["task_score"])
    borders = 3 * (len(headers) + 3) + 1  # padding and rules of every column
    text_width = max(8, min(40, console.width - fixed - borders))
    tasks.add_column(w["requirement"], overflow="ellipsis", no_wrap=True, width=text_width)
    _add_count_columns(tasks, headers, w)
    for t in result.tasks:
        percent = None if t.score is None or not t.weight else 100 * t.score / t.weight
        tasks.add_row(str(t.number), t.requirement, *_counts_cells(t.counts), _score(percent, w))
    console.print(tasks)

    units = Table(title=w["units"])
    unit_width = min(16, text_width + cell_len(w["no"]) + 3)  # it has no 序号 column
    units.add_column(w["unit"], overflow="ellipsis", no_wrap=True, width=unit_width)
    _add_count_columns(units, headers, w)
    for u in result.units:
        units.add_row(u.name, *_counts_cells(u.counts), _score(u.score, w))
    console.print(units)

    wanted = tuple(Status) if show_all else ATTENTION
    listed = sorted((f for f in result.findings if f.status in wanted),
                    key=lambda f: (wanted.index(f.status), f.task, f.rule, f.unit, f.subject))
    if listed:
        console.print(Text(w["attention"] if not show_all else w["total"], style="bold"))
    for f in _limited(listed, limit):
        console.print(finding_line(f, names, lang))
    if limit is not None and len(listed) > limit:
        more = len(listed) - limit
        console.print(f"……另有 {more} 条，完整结果见 JSON 报告" if lang == "zh"
                      else f"… {more} more; see the JSON report for all")


def _add_count_columns(table: Table, headers: list[str], w: dict[str, str]) -> None:
    """One right-aligned column per status and the score; they never shrink below their
    header, so on a narrow terminal the text column gives way instead."""
    for header, status in zip(headers, Status, strict=True):
        table.add_column(header, justify="right", style=_STYLE[status], no_wrap=True,
                         min_width=cell_len(header))
    table.add_column(w["task_score"], justify="right", no_wrap=True,
                     min_width=cell_len(w["task_score"]))


def _limited(findings: list[Finding], limit: int | None) -> Iterable[Finding]:
    return findings if limit is None else findings[:limit]


def finding_text(f: Finding, names: Mapping[str, str], lang: str) -> str:
    """One finding on one line, e.g. ``[未通过] 第18项 t18-… 法规科（潭交罚〔2019〕35号）：…``.

    The subject is said in plain words: nothing for the unit itself, else the document's key,
    the period or the group."""
    about = "" if f.subject == "unit" else f.subject.partition(":")[2] or f.subject
    if lang == "zh":
        about = f"（{about}）" if about else ""
        unit = names.get(f.unit, f.unit)
        return f"[{f.status.zh}] 第{f.task}项 {f.rule} {unit}{about}：{f.reason}"
    about = f" ({about})" if about else ""
    return f"[{f.status.value}] task {f.task} {f.rule} {f.unit}{about}: {f.reason}"


def finding_line(f: Finding, names: Mapping[str, str], lang: str) -> Text:
    """:func:`finding_text` with its status coloured."""
    text = Text(finding_text(f, names, lang))
    text.stylize(_STYLE[f.status], 0, text.plain.index("]") + 1)
    return text

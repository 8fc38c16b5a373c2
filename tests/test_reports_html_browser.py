"""The HTML report in a real headless Chromium with a CJK font: every task and unit shown, a
click on a matrix cell shows its findings, a filter narrows the page, evidence holding
``<script>`` and ``<img onerror>`` stays text and never runs, and a screenshot is saved.

Needs Debian's ``chromium`` and ``fonts-wqy-zenhei`` (``make test`` installs them when run as
root).  Without them the test is skipped saying why — except with ``CI=true``, where a missing
browser or font fails it: CI must not pass by skipping its only browser check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from _report_support import demo_result
from disclosure_rules.collect.plugins import get_plugin_manager, get_report_writers
from disclosure_rules.reports.writer import ReportOptions
from disclosure_rules.results.findings import Status

CHROMIUM = "/usr/bin/chromium"
FONT = "WenQuanYi Zen Hei"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python 包 playwright 未安装（make venv 会装上）"
    if not Path(CHROMIUM).exists():
        return f"没有 {CHROMIUM}（Debian 包 chromium；以 root 运行 make test 会自动安装）"
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                           check=False).stdout if fc_list else ""
    if FONT not in fonts:
        return f"没有中文字体 {FONT}（Debian 包 fonts-wqy-zenhei），截图中的汉字会是方框"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true 时浏览器测试不能跳过：{missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return demo_result(tmp_path_factory.mktemp("evidence"))


def open_report(browser, result, path: Path, **options):
    writers = get_report_writers(get_plugin_manager(load_entrypoints=False))
    with path.open("wb") as stream:
        writers["html"].write(result, stream, ReportOptions(**options))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=20_000)
    return page, errors, requests


def test_the_page_shows_everything_and_hostile_evidence_stays_text(browser, result, tmp_path):
    page, errors, requests = open_report(browser, result, tmp_path / "report.html",
                                         show_all=True)
    assert errors == []
    assert requests == [(tmp_path / "report.html").as_uri()]  # self-contained: nothing else
    assert page.evaluate(f"document.fonts.check('16px \"{FONT}\"', '政务公开')")
    # every task and every unit is shown
    rows = page.locator("#matrix tbody tr")
    assert rows.count() == len(result.tasks)
    for task in result.tasks:
        assert page.locator(f"#matrix tr[data-task='{task.number}'] th").inner_text() == (
            f"{task.number}. {task.requirement}")
    headers = page.locator("#matrix thead th.unit").all_inner_texts()
    assert sorted(h.replace("\n", "") for h in headers) == sorted(u.name for u in result.units)

    # a cell whose evidence is titled <img onerror>: the panel shows its findings as text
    hostile = next(f for f in result.findings if f.status is Status.FAIL and "<img" in f.reason)
    page.click(f"td.cell[data-task='{hostile.task}'][data-unit='{hostile.unit}']")
    panel = page.locator("#panel")
    assert panel.is_visible()
    shown = panel.inner_text()
    assert hostile.reason in shown
    cell = [f for f in result.findings if (f.task, f.unit) == (hostile.task, hostile.unit)]
    assert page.locator("#panel .finding").count() == len(cell)
    assert page.locator("#panel img, #todo img").count() == 0
    assert page.locator("#panel script, #todo script").count() == 0
    # titles with <script> (passing findings, embedded with --all) are text in the to-do list
    assert "<script>window.__pwned" in page.locator("#todo").inner_text()
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(tmp_path / "report-cell.png"), full_page=False)


def test_filters_narrow_the_matrix_and_the_to_do_list(browser, result, tmp_path):
    page, errors, _ = open_report(browser, result, tmp_path / "report.html")
    todo_units = {f.unit for f in result.findings if f.status in (Status.FAIL, Status.ERROR)}
    assert set(page.locator("#todo details").evaluate_all(
        "nodes => nodes.map(n => n.dataset.unit)")) == todo_units
    page.select_option("#filter-unit", "port")
    visible = page.locator("#matrix thead th.unit:visible").all_inner_texts()
    assert visible == ["港航事务中心"]
    assert page.locator("#todo details").evaluate_all(
        "nodes => nodes.map(n => n.dataset.unit)") == ["port"]
    port_todo = [f for f in result.findings
                 if f.unit == "port" and f.status in (Status.FAIL, Status.ERROR)]
    assert page.locator("#todo .finding").count() == len(port_todo)
    page.select_option("#filter-status", "pass")
    dimmed = page.locator("td.cell.dim:visible").count()
    lit = page.locator("td.cell:not(.dim):visible").count()
    assert lit == len({f.task for f in result.findings
                       if f.unit == "port" and f.status is Status.PASS})
    assert dimmed > 0
    page.select_option("#filter-unit", "")
    page.select_option("#filter-status", "")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    assert errors == []
    print(f"screenshot: {tmp_path / 'report.png'}")


def test_english_page(browser, result, tmp_path):
    page, errors, _ = open_report(browser, result, tmp_path / "report-en.html", lang="en")
    assert errors == []
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Task × unit" in page.inner_text("body") and "总分" not in page.inner_text("body")

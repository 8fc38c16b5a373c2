"""The issue's column: 2,000 policy documents on 100 TRS list pages of 20, all in 2019, served on
loopback; the website collector for the unit that owns the column reads it.

    .venv/bin/python bench/website_column.py

Rows: the default settings, and the former defaults (``max_pages: 20``, ``max_articles: 500``)
as settings.  For each: records, the problems of the column, list and article requests counted
at the server, seconds and pages per second (loopback, one client; a shared machine's load
shows in the seconds).  Results: ``bench/results/website_column.md`` and ``.json``.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import disclosure_rules_website as website  # noqa: E402

from disclosure_rules.collect.collectors import HttpClient  # noqa: E402
from disclosure_rules.testing import collectors_of, make_ruleset, run_collector  # noqa: E402
from website_sites import Site, entries, serve, trs_column  # noqa: E402

RESULTS = ROOT / "bench" / "results"
ROWS = {"defaults": {}, "former defaults": {"max_pages": 20, "max_articles": 500}}


def read_column(ruleset, site: Site, base: str, settings: dict, unit: str):
    """Collect once with the website collector of ``unit``: the site settings ``settings`` on
    top of the column (another unit's, 法规科's), the site's request counts cleared first;
    returns the result and the seconds it took."""
    settings = {"base_url": base, "unit": "tech", **settings, "columns": {
        "政策文件": {"path": "zcwj/", "kind": "policy_document", "unit": "regulation"}}}
    [collector] = [c for c in collectors_of(website, ruleset=ruleset, settings=settings,
                                            name="website") if c.unit == unit]
    site.requests.clear()
    started = time.perf_counter()
    with HttpClient(allowed_hosts=[base.split("/")[2]]) as http:
        result = run_collector(collector, ruleset=ruleset, settings=settings, http=http,
                               timeout=600)
    return result, time.perf_counter() - started


def main() -> None:
    ruleset = make_ruleset(units={"tech": "科技科", "regulation": "法规科"},
                           kinds={"policy_document": {"published": "date!", "doc_number": "text",
                                                      "url": "text"},
                                  "site_update": {"updated": "date!"}})
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(2000, date(2019, 12, 31), step_days=364 / 2000))
    rows = []
    with serve(site) as base:
        for name, limits in ROWS.items():
            result, seconds = read_column(ruleset, site, base, limits, "regulation")
            lists = site.count("/zcwj/index") + site.count("/zcwj/?") + site.requests["/zcwj/"]
            articles = site.count("/zcwj/20")
            rows.append({"settings": name, "records": len(result.records),
                         "problems": [p.message for p in result.problems],
                         "list_requests": lists, "article_requests": articles,
                         "seconds": round(seconds, 2),
                         "pages_per_second": round((lists + articles) / seconds, 1)})
            print(rows[-1])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "website_column.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = ["# The 2,000-article column (100 list pages × 20, TRS layout, loopback)", "",
             "| settings | records | list requests | article requests | seconds | pages/s | "
             "problem |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        problem = "；".join(row["problems"]) or "none"
        lines.append(f"| {row['settings']} | {row['records']} | {row['list_requests']} | "
                     f"{row['article_requests']} | {row['seconds']} | "
                     f"{row['pages_per_second']} | {problem} |")
    (RESULTS / "website_column.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

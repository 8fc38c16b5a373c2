"""What the checks of the site cost: the 2,000-article column of ``website_column.py`` (100 TRS
list pages of 20, all in 2019, another unit's column), read by the site's own unit with the
checks off (its list pages only, for the update records) and on (every article too, each page's
text scanned for personal data, each link on them probed).

    .venv/bin/python bench/website_checks.py

Also the scan alone: :func:`find_personal_data` over a 20,000-character page text with a few
numbers in it, per page.  Results: ``bench/results/website_checks.md`` and ``.json`` (loopback,
one client; a shared machine's load shows in the seconds).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from disclosure_rules_website.personal import find_personal_data  # noqa: E402
from website_column import read_column  # noqa: E402

from disclosure_rules.testing import make_ruleset  # noqa: E402
from website_sites import Site, entries, serve, trs_column  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHECKS = ("check_links", "check_blank_columns", "check_personal_data")
ROWS = {"checks off": dict.fromkeys(CHECKS, False), "checks on": dict.fromkeys(CHECKS, True)}


def scan_seconds(pages: int = 500) -> float:
    """Seconds per page of scanning a 20,000-character text holding five numbers."""
    filler = "湘潭市交通运输局关于进一步规范网络预约出租汽车经营服务的通知，发布日期2019-10-08。" \
        * 400
    text = (filler[:4000] + "联系电话13912345678，" + filler[:4000] + "身份证号11010519491231002X"
            + filler[:4000] + "139****5678" + filler[:4000] + "订单号 123456789012345" + filler)
    text = text[:20_000]
    started = time.perf_counter()
    for _ in range(pages):
        found = list(find_personal_data(text, today=date(2019, 12, 31)))
    assert len(found) == 2
    return (time.perf_counter() - started) / pages


def main() -> None:
    ruleset = make_ruleset(
        units={"tech": "科技科", "regulation": "法规科"},
        kinds={"policy_document": {"published": "date!", "doc_number": "text", "url": "text"},
               "site_update": {"updated": "date!", "column": "text!",
                               "column_type": "text!", "url": "text"},
               "link_check": {"checked": "date!", "url": "text!", "outcome": "text!",
                              "status": "int", "final_url": "text", "redirects": "int",
                              "seconds": "number", "found_on": "text", "column": "text",
                              "detail": "text"},
               "blank_column": {"checked": "date!", "column": "text!", "url": "text!",
                                "reason": "text!"},
               "personal_data": {"checked": "date!", "url": "text!", "data_type": "text!",
                                 "masked": "text!", "excerpt": "text", "column": "text"}})
    site = Site()
    trs_column(site, "zcwj", "政策文件", entries(2000, date(2019, 12, 31), step_days=364 / 2000))
    rows = []
    with serve(site) as base:
        for name, checks in ROWS.items():
            result, seconds = read_column(ruleset, site, base, checks, "tech")
            requests = sum(site.requests.values())
            rows.append({"settings": name, "records": dict(Counter(r.kind for r in result.records)),
                         "problems": [p.message for p in result.problems],
                         "requests": requests, "seconds": round(seconds, 2),
                         "requests_per_second": round(requests / seconds, 1)})
            print(rows[-1])
    per_page = scan_seconds()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "website_checks.json").write_text(json.dumps(
        {"crawls": rows, "scan_ms_per_20k_page": round(per_page * 1000, 3)},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = ["# The checks of the site on the 2,000-article column (loopback, the site's unit)",
             "", "| settings | records | requests | seconds | requests/s | problem |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        records = ", ".join(f"{kind} {n}" for kind, n in row["records"].items())
        lines.append(f"| {row['settings']} | {records} | {row['requests']} | {row['seconds']} | "
                     f"{row['requests_per_second']} | {'；'.join(row['problems']) or 'none'} |")
    lines += ["", f"Personal-data scan alone: {per_page * 1000:.3f} ms per 20,000-character page."]
    (RESULTS / "website_checks.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""The website crawler at size: one site of N pages, and many sites of M pages each, served on
loopback; each crawled cold (empty collector cache) and then again, unchanged, incremental
(the cache of the cold run).

    .venv/bin/python bench/website_many.py            # the sizes of the committed results
    .venv/bin/python bench/website_many.py --full     # 1 × 10,000 and 200 × 500 articles

Each crawl runs in a fresh child process (the generated sites, the servers and the crawl in it),
so its peak resident memory (``ru_maxrss``) is its own; ``base MiB`` is the child's resident
memory once the sites are built and served, before the crawl.  Pages per second count the
requests the servers answered (list pages, articles, 304s) over the crawl's seconds.  Results:
``bench/results/website_many.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import disclosure_rules_website as website  # noqa: E402

from disclosure_rules.collect.cache import CollectCache  # noqa: E402
from disclosure_rules.collect.running import run_collectors  # noqa: E402
from disclosure_rules.collectors import CollectConfig, HttpClient  # noqa: E402
from disclosure_rules.testing import collectors_of, make_ruleset  # noqa: E402
from website_sites import Site, entries, serve, trs_column  # noqa: E402

RESULTS = ROOT / "bench" / "results"
KINDS = {"policy_document": {"published": "date!", "doc_number": "text", "url": "text"},
         "site_update": {"updated": "date!", "column": "text", "column_type": "text",
                         "url": "text"}}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def free_ports(count: int) -> list[int]:
    """``count`` free loopback ports (the same for the cold and the incremental crawl: the
    cache is kept per site address)."""
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def crawl(sites: int, articles: int, cache_path: str, workers: int, ports_text: str) -> dict:
    """One crawl in this process: build the sites, serve them on ``ports_text`` (comma
    separated), crawl, count."""
    ports = [int(p) for p in ports_text.split(",")]
    units = {f"u{n}": f"单位{n}" for n in range(sites)}
    ruleset = make_ruleset(units=units, kinds=KINDS)
    built = []
    for _ in range(sites):
        site = Site(validators=True)
        trs_column(site, "zcwj", "政策文件",
                   entries(articles, date(2019, 12, 31), step_days=364 / articles))
        built.append(site)
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(site, ports[n])) for n, site in enumerate(built)]
        base_mib = _rss_mib()
        settings = {"max_articles": articles * 2, "max_pages": articles, "sites": [
            {"base_url": base, "unit": f"u{n}", "update_kind": None,
             "columns": {"政策文件": {"path": "zcwj/", "kind": "policy_document"}}}
            for n, base in enumerate(bases)]}
        collectors = collectors_of(website, ruleset=ruleset, settings=settings, name="website")
        config = CollectConfig.from_mapping({"plugins": {"website": settings},
                                             "timeouts": {c.name: 3600 for c in collectors}})
        hosts = [base.split("/")[2] for base in bases]
        with CollectCache(cache_path) as cache, HttpClient(allowed_hosts=hosts) as http:
            started = time.perf_counter()
            result = run_collectors(collectors, ruleset=ruleset, as_of=date(2019, 12, 31),
                                    config=config, http=http, cache=cache, workers=workers)
            seconds = time.perf_counter() - started
    errors = [r.error for r in result.run.reports if r.error]
    requests = sum(sum(s.answered.values()) for s in built)
    return {"records": len(result.evidence), "errors": len(errors),
            "first_error": errors[0] if errors else None, "requests": requests,
            "not_modified": sum(s.answered[304] for s in built),
            "seconds": round(seconds, 2), "pages_per_second": round(requests / seconds, 1),
            "records_per_second": round(len(result.evidence) / seconds, 1),
            "base_mib": round(base_mib, 1), "peak_mib": round(_rss_mib(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="1 × 10,000 and 200 × 500 articles")
    parser.add_argument("--child", nargs=5,
                        metavar=("SITES", "ARTICLES", "CACHE", "WORKERS", "PORTS"))
    args = parser.parse_args()
    if args.child:
        sites, articles, cache, workers, ports = args.child
        print(json.dumps(crawl(int(sites), int(articles), cache, int(workers), ports)))
        return
    shapes = ([(1, 10_000, 1), (200, 500, 8)] if args.full else [(1, 10_000, 1), (200, 50, 8)])
    rows = []
    for sites, articles, workers in shapes:
        with tempfile.TemporaryDirectory() as tmp:
            cache = str(Path(tmp) / "store.db")
            ports = ",".join(map(str, free_ports(sites)))
            for mode in ("cold", "incremental"):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(sites), str(articles), cache,
                     str(workers), ports], capture_output=True, text=True, check=True)
                row = {"sites": sites, "articles_per_site": articles, "workers": workers,
                       "mode": mode, **json.loads(done.stdout.strip().splitlines()[-1])}
                rows.append(row)
                print(row, flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "website_many.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = ["# The website crawler at size (TRS layout, 20 entries a list page, loopback)", "",
             "| sites × articles | workers | crawl | records | errors | requests | of them 304 | "
             "seconds | pages/s | records/s | base MiB | peak MiB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['sites']} × {r['articles_per_site']} | {r['workers']} | {r['mode']} | "
                     f"{r['records']} | {r['errors']} | {r['requests']} | {r['not_modified']} | "
                     f"{r['seconds']} | {r['pages_per_second']} | {r['records_per_second']} | "
                     f"{r['base_mib']} | "
                     f"{r['peak_mib']} |")
    (RESULTS / "website_many.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

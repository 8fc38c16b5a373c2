"""Regenerate the demo evidence by actually collecting it (run: python examples/collect_demo.py).

Serves ``examples/site/`` on 127.0.0.1 (a free port, in a thread), runs the collectors of
``examples/collect.yaml`` (website, ledger, attestation plugins) through the library with the
website's ``base_url`` pointed at that server, and writes ``examples/evidence/2019.jsonl`` and
``examples/evidence/2019.run.json``.  Then::

    disclosure-rules check rulesets/2019.yaml --evidence examples/evidence/2019.jsonl \\
        --waivers examples/waivers-2019.yaml --as-of 2019-12-31

prints findings with every status (``check`` reads the run file beside the evidence, which
records the evidence file's sha256, so edit neither by hand).  The sources are made so (see
make_site.py, make_ledgers.py and attestations/): 交通建设质量安全监督站's ledger file is
missing, so its collector fails and its findings are ``error``.

Website records carry the loopback URL of the run (with its port) as key and url, and every
record the time of collection in its provenance, so a rerun changes those (and the content ids of
website records) and nothing else; tests/test_demo_end_to_end.py compares with the port taken
out.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "collect.yaml"
OUT = HERE / "evidence" / "2019"
AS_OF = date(2019, 12, 31)


def collect(out: Path = OUT, *, config_path: Path = CONFIG, site: Path = HERE / "site",
            as_of: date = AS_OF):
    """Serve the site, collect everything ``collect.yaml`` configures, write ``out``.jsonl and
    ``out``.run.json; returns the CollectionResult."""
    from disclosure_rules.collect.config import CollectConfig
    from disclosure_rules.collect.loopback import serve_directory
    from disclosure_rules.collect.plugins import get_collectors, get_plugin_manager
    from disclosure_rules.collect.running import run_collectors, write_outputs
    from disclosure_rules.ruleset.loader import load_ruleset

    config = CollectConfig.load(config_path)
    ruleset = load_ruleset(config.ruleset)
    with serve_directory(site) as url:
        config = config.with_settings("website", base_url=url)
        collectors = get_collectors(get_plugin_manager(), config, ruleset)
        result = run_collectors(collectors, ruleset=ruleset, as_of=as_of, config=config)
    write_outputs(result, out)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="采集演示局的证据（本机临时站点）")
    parser.add_argument("--out", default=str(OUT), help="输出路径（写 OUT.jsonl 与 OUT.run.json）")
    args = parser.parse_args(argv)
    result = collect(Path(args.out))
    for report in result.run.reports:
        state = f"失败：{report.error}" if report.error else "完成"
        print(f"{report.collector}（{report.unit}）：{report.records} 条，"
              f"拒绝 {report.rejected} 条，{state}")
    for name, problems in result.problems.items():
        for problem in problems:
            print(f"  {name}: {problem}", file=sys.stderr)
    print(f"共 {len(result.evidence)} 条证据 → {args.out}.jsonl、{args.out}.run.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

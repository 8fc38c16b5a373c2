"""Shared results of the report tests (not a test module): the 2019 rule set checked against
the demo evidence as of 2019-12-31 (every status present), with hostile titles in evidence."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

from disclosure_rules import evaluate, load_evidence, load_ruleset
from disclosure_rules.evidence.records import CollectionRun
from disclosure_rules.results.result import Result
from disclosure_rules.ruleset.loader import load_waivers

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
#: Page titles a hostile or broken website could hand the crawler.
SCRIPT = "<script>window.__pwned = 'script'</script>行政处罚决定公示"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">行政处罚决定公示"


@functools.cache
def hostile_evidence(folder: str) -> Path:
    """The demo evidence with enforcement decisions titled with HTML that must stay text."""
    rows = []
    decisions = 0
    for line in (EXAMPLES / "evidence" / "2019.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["kind"] == "enforcement_decision":
            row["title"] = (SCRIPT, IMG)[decisions % 2] + row["title"]
            row.pop("id", None)
            decisions += 1
        rows.append(json.dumps(row, ensure_ascii=False))
    path = Path(folder) / "hostile.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def demo_result(tmp: Path, *, lang: str = "zh") -> Result:
    ruleset = load_ruleset(ROOT / "rulesets" / "2019.yaml")
    ruleset = ruleset.with_waivers(load_waivers(EXAMPLES / "waivers-2019.yaml", ruleset))
    batch = load_evidence([hostile_evidence(str(tmp))], ruleset)
    assert not batch.problems, batch.problems
    failures = CollectionRun.read(EXAMPLES / "evidence" / "2019.run.json").failures()
    return evaluate(ruleset, batch.records, date(2019, 12, 31), failures=failures, lang=lang)

"""Compare the result.json of two demo runs, field by field, without what differs run to run.

A commit that only moves code must leave the demo's result as it was.  Two runs differ anyway in
their timings, in the demo site's loopback port (and so in the record ids and the snapshot hash
computed over the URLs that carry it) and in the store's chain head (it hashes the run's
timestamps); those are normalised, everything else — statuses, codes, details, reasons, due
dates, counts, scores — must be equal::

    git worktree add ../before OLD && git worktree add ../after NEW
    (cd ../before && PYTHONPATH=src python -m disclosure_rules.cli demo --out out-demo)
    (cd ../after && PYTHONPATH=src python -m disclosure_rules.cli demo --out out-demo)
    python bench/demo_diff.py ../before/out-demo/result.json ../after/out-demo/result.json

Exit 0 when equal, 1 with the differing fields listed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any


def load(path: str) -> Any:
    text = Path(path).read_text(encoding="utf-8")
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"(\w+):[0-9a-f]{12}\b", r"\1:ID", text)
    data = json.loads(text)
    data.pop("timings", None)
    data["evidence"].pop("sha256", None)
    if data.get("store"):
        data["store"].pop("chain_head", None)
    return data


def differences(x: Any, y: Any, path: str = "") -> list[str]:
    if type(x) is not type(y):
        return [f"{path}: {type(x).__name__} != {type(y).__name__}"]
    if isinstance(x, dict):
        out = []
        for key in sorted(set(x) | set(y)):
            if key not in x or key not in y:
                out.append(f"{path}.{key}: only in one")
            else:
                out.extend(differences(x[key], y[key], f"{path}.{key}"))
        return out
    if isinstance(x, list):
        out = [f"{path}: {len(x)} != {len(y)} items"] if len(x) != len(y) else []
        for n, (a, b) in enumerate(zip(x, y, strict=False)):
            out.extend(differences(a, b, f"{path}[{n}]"))
        return out
    return [] if x == y else [f"{path}: {x!r:.70} != {y!r:.70}"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    found = differences(load(argv[0]), load(argv[1]))
    print("\n".join(found[:50]) if found else "equal (timings, port, chain head aside)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The only module that talks to durable-rules (2.0.28).  Every sharp edge measured in
``notes/durable-rules.md`` is handled here, and each one is pinned by a test
(``tests/test_durable_backend.py``):

- **timer thread**: :class:`QuietHost` never starts ``Host._run``'s threads, so an
  ``assert_facts`` has run all its actions when it returns (no early return, no late actions,
  no segfault on ``delete_state``).
- **32-bit id hashes**: facts get ids we assign (``s<probe>`` / ``i<item>``); before a session is
  asserted, the FNV-1a-32 hashes of its fact ids are checked and a colliding id is renamed.  After
  the batch, the number of stored facts is compared with the number asserted, so a dropped or
  cut-off fact (collision, too many fields, anything) fails the evaluation.
  ``MessageObservedException`` and ``MessageNotHandledException`` are engine failures.
- **one live session at a time** per durable rule set, deleted after use, and a fresh,
  uniquely named rule set per shard (deleted at the end), so no two evaluations or shards share
  state and live sessions stay far below 1,024.
- **none() order dependence**: not used.  The one rule is a positive join with a date window;
  absence is the complement, decided in Python after the session is complete.
- **swallowed exceptions**: the action is wrapped (exceptions recorded, the shard fails) and the
  session state's ``exception`` field is checked too.
- **no dates, special fields**: facts carry only integers (``t n k lo hi d``) plus ``id``/``sid``.
- **rule limits**: one data-driven rule for the whole rule set, never one rule per duty.

Each returned pair is re-checked against the join condition; a duplicate or impossible pair is
an :class:`~disclosure_rules.errors.EngineError`.
"""

from __future__ import annotations

import traceback
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import durable.engine
import durable_rules_engine
from attrs import frozen

from ..errors import EngineError

#: Facts per session the engine aims for (notes: ~1.9k facts/session is the fast, safe size).
DEFAULT_SESSION_FACTS = 2000
#: Sessions above this size are refused: cost per fact and collision odds grow with size.
MAX_SESSION_FACTS = 20_000

PROBE, ITEM = 1, 2

#: The single rule: a probe and an item with the same key (an equi-join).  The date window is
#: applied in Python to the returned pairs: comparing a fact's field with the *other* fact's
#: fields (``$gte``/``$lte`` against ``subj.lo``) makes durable-rules 2.0.28 read uninitialised
#: and out-of-bounds memory in ``reduceExpressionSequence`` (valgrind), which we saw end in a
#: segfault in ``delete_state`` and which can silently change matches.  The plain key join is
#: valgrind-clean.  See docs/engine.md.
RULE = {
    "all": [
        {"subj": {"t": PROBE}},
        {"item": {"$and": [{"t": ITEM}, {"k": {"subj": "k"}}]}},
    ]
}


def fnv1a32(text: str) -> int:
    """FNV-1a-32 of the UTF-8 bytes: the hash durable-rules stores fact ids and sids under."""
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


class QuietHost(durable.engine.Host):
    """A durable-rules host without its background timer/dispatch thread.

    The stock host starts threads that take a session's action lease while ``assert_facts`` is
    running, which makes the call return before all actions ran.  We use neither timers nor
    queued dispatch, so the thread is simply never started.
    """

    def _run(self) -> None:
        self._d_timer = None
        self._t_timer = None


@frozen
class Session:
    """Facts of one session: probes ``(pid, key, lo, hi)`` and items ``(iid, key, day)``."""

    probes: tuple[tuple[int, int, int, int], ...]
    items: tuple[tuple[int, int, int], ...]

    def __len__(self) -> int:
        return len(self.probes) + len(self.items)


@frozen
class ShardOutcome:
    pairs: tuple[tuple[int, int], ...]
    facts: int
    sessions: int
    renamed: int  # fact ids renamed to avoid a 32-bit hash collision
    actions: int = 0  # pairs durable-rules reported (one action each), before the date windows


def unique_ids(names: Sequence[str]) -> tuple[list[str], int]:
    """The ids, with any whose FNV-1a-32 hash repeats an earlier one renamed (``~n`` suffix)."""
    seen: set[int] = set()
    out: list[str] = []
    renamed = 0
    for name in names:
        candidate, n = name, 0
        while fnv1a32(candidate) in seen:
            n += 1
            candidate = f"{name}~{n}"
        if n:
            renamed += 1
        seen.add(fnv1a32(candidate))
        out.append(candidate)
    return out, renamed


def session_facts(session: Session, sid: str) -> tuple[list[dict[str, Any]], int]:
    """The fact dicts of a session, with collision-free ids."""
    names = [f"s{p[0]}" for p in session.probes] + [f"i{i[0]}" for i in session.items]
    ids, renamed = unique_ids(names)
    facts: list[dict[str, Any]] = []
    for fid, (pid, key, lo, hi) in zip(ids, session.probes, strict=False):
        facts.append({"id": fid, "sid": sid, "t": PROBE, "n": pid, "k": key, "lo": lo, "hi": hi})
    for fid, (iid, key, day) in zip(ids[len(session.probes):], session.items, strict=True):
        facts.append({"id": fid, "sid": sid, "t": ITEM, "n": iid, "k": key, "d": day})
    return facts, renamed


class Matcher:
    """One uniquely named durable rule set on a quiet host; matches sessions one at a time.

    Use as a context manager: the rule set is deleted from the engine on exit.
    """

    def __init__(self) -> None:
        self.name = f"disclosure_rules_{uuid.uuid4().hex}"
        self._pairs: list[tuple[int, int]] = []
        self._errors: list[str] = []
        self._host = QuietHost()
        self._host.register_rulesets({self.name: {"match": {**RULE, "run": self._action}}})
        self._ruleset = self._host.get_ruleset(self.name)
        self._live: dict[int, str] = {}
        self._count = 0
        self.renamed = 0
        self.actions = 0

    def _action(self, c: Any) -> None:
        try:
            self._pairs.append((int(c.subj.n), int(c.item.n)))
        except BaseException:
            self._errors.append(traceback.format_exc())

    def __enter__(self) -> Matcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._ruleset is not None:
            for sid in list(self._live.values()):
                self._delete(sid)
            durable_rules_engine.delete_ruleset(self._ruleset._handle)
            self._ruleset = None

    def _broken(self, sid: str) -> None:
        """A session durable-rules did not store whole: deleting it has segfaulted, so it is
        left alone (leaked) and the evaluation fails."""
        self._live.pop(fnv1a32(sid), None)

    def _delete(self, sid: str) -> None:
        self._host.delete_state(self.name, sid)
        self._live.pop(fnv1a32(sid), None)

    def _facts(self, session: Session, sid: str) -> tuple[list[dict[str, Any]], int]:
        return session_facts(session, sid)

    @property
    def live_sessions(self) -> int:
        return len(self._live)

    def match(self, session: Session) -> list[tuple[int, int]]:
        """All (probe, item) pairs of one session that satisfy the join; loud on any fault."""
        if len(session) > MAX_SESSION_FACTS:
            raise EngineError(f"会话过大：{len(session)} 条事实，上限 {MAX_SESSION_FACTS}")
        self._count += 1
        sid = f"p{self._count}"
        if fnv1a32(sid) in self._live:
            raise EngineError(f"会话标识 {sid} 与现存会话的 32 位哈希相同")
        facts, renamed = self._facts(session, sid)
        self.renamed += renamed
        self._pairs = []
        self._errors = []
        if not facts:
            return []
        self._live[fnv1a32(sid)] = sid
        try:
            self._host.assert_facts(self.name, facts)
        except (durable.engine.MessageObservedException,
                durable.engine.MessageNotHandledException) as exc:
            self._broken(sid)
            raise EngineError(
                f"durable-rules 拒收事实（会话 {sid}）：{exc.message[:300]}") from None
        state = self._host.get_state(self.name, sid)
        if "exception" in state:
            self._delete(sid)
            raise EngineError(f"durable-rules 动作异常（会话 {sid}）：{state['exception']}")
        if self._errors:
            self._delete(sid)
            raise EngineError(f"匹配动作异常（会话 {sid}）：{self._errors[0]}")
        stored = self._host.get_facts(self.name, sid)
        if len(stored) != len(facts):
            self._broken(sid)
            raise EngineError(
                f"durable-rules 只保存了 {len(stored)} / {len(facts)} 条事实（会话 {sid}）"
            )
        self._delete(sid)
        pairs = self._pairs
        self._pairs = []
        self.actions += len(pairs)
        return _window(session, pairs)


def _window(session: Session, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Check every key-join pair (it must exist in the session, join on the key and appear
    once; the number of pairs must equal the number of equal-key combinations) and keep those
    whose item day lies in the probe's window."""
    probes = {p[0]: p for p in session.probes}
    items = {i[0]: i for i in session.items}
    if len(set(pairs)) != len(pairs):
        raise EngineError("durable-rules 重复报告了同一匹配")
    per_key_p: dict[int, int] = {}
    per_key_i: dict[int, int] = {}
    for p in session.probes:
        per_key_p[p[1]] = per_key_p.get(p[1], 0) + 1
    for i in session.items:
        per_key_i[i[1]] = per_key_i.get(i[1], 0) + 1
    expected = sum(n * per_key_i.get(k, 0) for k, n in per_key_p.items())
    if len(pairs) != expected:
        raise EngineError(f"durable-rules 报告了 {len(pairs)} 个匹配，应为 {expected} 个")
    out = []
    for pid, iid in pairs:
        p, i = probes.get(pid), items.get(iid)
        if p is None or i is None or p[1] != i[1]:
            raise EngineError(f"durable-rules 报告了不成立的匹配：探针 {pid}、事实 {iid}")
        if p[2] <= i[2] <= p[3]:
            out.append((pid, iid))
    return out


def match_shard(sessions: Iterable[Session]) -> ShardOutcome:
    """Match a shard's sessions in one fresh durable rule set (a picklable top-level function,
    so a process pool or a Dask executor can run it).  ``sessions`` may be an iterator: each
    session is matched and deleted before the next is taken, so in process only one session's
    facts exist at a time."""
    pairs: list[tuple[int, int]] = []
    facts = count = 0
    with Matcher() as matcher:
        for session in sessions:
            pairs.extend(matcher.match(session))
            facts += len(session)
            count += 1
        renamed, actions = matcher.renamed, matcher.actions
    return ShardOutcome(tuple(pairs), facts, count, renamed, actions)

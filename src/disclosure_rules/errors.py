"""One error tree for the whole library.

Every error a user can cause carries where it happened (file, line, column and the path of the
field inside the document, e.g. ``tasks[19].rules[0].within``) and, where we can guess it, a hint
such as a did-you-mean.  Messages are in Chinese by default: the people who read them write the
rule sets and fill the ledgers.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from attrs import frozen


@frozen
class Location:
    """Where in an input a problem sits.  Lines and columns are 1-based, as editors show them."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        head = self.file or "<input>"
        if self.line is not None:
            head += f":{self.line}"
            if self.column is not None:
                head += f":{self.column}"
        return f"{head}: {self.path}" if self.path else head


@frozen
class Problem:
    """One thing wrong with an input: where, what, and what to do about it."""

    location: Location
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f"（{self.hint}）"
        return text


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidates to ``word``, or None when nothing is close."""
    pool = [str(c) for c in candidates]
    close = difflib.get_close_matches(str(word), pool, n=3, cutoff=0.5)
    if not close:
        return None
    return "是否想写：" + "、".join(close)


class DisclosureRulesError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(DisclosureRulesError):
    """Bad input (a rule set, a calendar file, evidence, a ledger): a list of located problems."""

    def __init__(self, problems: Iterable[Problem] | Problem, *, summary: str | None = None):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        super().__init__(self.__str__())

    def __str__(self) -> str:
        lines = [self.summary] if self.summary else []
        lines.extend(str(p) for p in self.problems)
        return "\n".join(lines)


class RulesetError(InputError):
    """The rule set (YAML) is malformed or inconsistent."""


class CalendarError(DisclosureRulesError):
    """Working-day arithmetic was asked for a year the calendar has no data for, or bad data."""


class DeadlineError(DisclosureRulesError):
    """A 完成时间 phrase could not be understood."""

    def __init__(self, phrase: str, message: str | None = None):
        self.phrase = phrase
        super().__init__(message or f"无法识别的完成时间：“{phrase}”")


class EvidenceError(InputError):
    """Evidence of the wrong shape or kind."""


class EngineError(DisclosureRulesError):
    """The engine could not produce a trustworthy result (a broken invariant, an engine fault).

    This is never swallowed: a verdict that might be wrong is worse than no verdict.
    """


class PluginError(DisclosureRulesError):
    """A plugin could not be loaded or registered something invalid."""

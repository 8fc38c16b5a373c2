"""The official Chinese working-day calendar (工作日), holidays and 调休 make-up days included.

A day is a working day when the State Council's holiday schedule (国务院办公厅关于节假日安排的通知)
says so: statutory holidays are off even on weekdays, and 调休 make-up days are worked even on
Saturdays and Sundays.  The calendar is never approximated with Monday–Friday: a year without
data raises :class:`~disclosure_rules.errors.CalendarError`.

Data comes from two sources, in this order:

1. a :class:`YearSchedule` supplied by the user (the rule set's ``calendar:`` section or a
   calendar file) — it replaces the package data for its year entirely;
2. the ``chinesecalendar`` package (``import chinese_calendar``), which covers 2004–2026.

Counting convention: periods counted in days start on the day *after* the starting day —
《中华人民共和国民法总则》第二百零一条（2017-10-01 施行，2019 年的期间按它计算；
2021-01-01 起为《中华人民共和国民法典》第二百零一条，文字相同）：“按照年、月、日计算期间的，
开始的当日不计入，自下一日开始计算”.
Every counting method takes ``count_start=True`` for rules that count the starting day itself.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from os import PathLike
from typing import Any

import chinese_calendar
from attrs import field, frozen
from yaml.nodes import MappingNode, Node, SequenceNode

from disclosure_rules.errors import CalendarError, InputError, Location, Problem, did_you_mean
from disclosure_rules.ruleset.yaml_nodes import Reader, compose, read_text

__all__ = ["EPOCH", "WorkingCalendar", "YearSchedule", "default_calendar", "missing_year_message"]

#: Day from which :meth:`WorkingCalendar.working_day_ordinal` counts (chinesecalendar's first day).
EPOCH = date(2004, 1, 1)

_ONE_DAY = timedelta(days=1)
_ROLE_ZH = {"holidays": "放假日期 holidays", "workdays": "调休上班日期 workdays"}


def _day_problem(year: int, day: date, role: str) -> str | None:
    """Why ``day`` cannot be listed under ``role`` (holidays/workdays) of ``year``, if at all."""
    if day.year != year:
        return f"{day.isoformat()} 不在 {year} 年内"
    if role == "workdays" and day.weekday() < 5:
        return (
            f"{day.isoformat()} 是星期{'一二三四五'[day.weekday()]}，本来就是工作日；"
            "workdays 只列调休上班的星期六、星期日"
        )
    return None


@frozen
class YearSchedule:
    """One year's holiday schedule, for a year the package lacks (2027 and later) or an override.

    ``holidays`` are days off (weekdays of a holiday block must be listed; its weekend days may
    be).  ``workdays`` are the 调休 make-up working days — Saturdays and Sundays that are worked.
    Every other day is a working day exactly when it is Monday to Friday.  Invalid data raises
    :class:`CalendarError`.
    """

    year: int
    holidays: frozenset[date] = field(converter=frozenset)
    workdays: frozenset[date] = field(converter=frozenset, factory=frozenset)

    def __attrs_post_init__(self) -> None:
        for role, days in (("holidays", self.holidays), ("workdays", self.workdays)):
            for day in sorted(days):
                problem = _day_problem(self.year, day, role)
                if problem:
                    raise CalendarError(f"{self.year}年日历数据有误（{_ROLE_ZH[role]}）：{problem}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise CalendarError(
                f"{self.year}年日历数据有误：{both[0].isoformat()} 同时列在 holidays 和 workdays 中"
            )

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` (a day of this year) is worked."""
        if d in self.workdays:
            return True
        return d not in self.holidays and d.weekday() < 5


def missing_year_message(year: int) -> str:
    """What to do about a year the calendar has no holiday data for (raised when a working
    day of it is asked for; the rule-set loader reports it for the years a rule set needs)."""
    return (
        f"{year}年没有节假日数据：内置的 chinesecalendar 数据不含{year}年，"
        "日历里也没有提供。无法计算工作日，也不会按周一至周五推测。"
        f"请在规则集的 calendar: 部分或日历文件中补充{year}年的放假日期（holidays）"
        "和调休上班日期（workdays），以国务院办公厅当年的节假日安排通知为准。"
    )


@functools.cache
def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except (NotImplementedError, ValueError):  # outside the data, or outside date's range
        return False
    return True


class _Year:
    """Cumulative counts of one year: ``cum[i]`` = working days in [1 Jan, 1 Jan + i days]."""

    __slots__ = ("cum", "first")

    def __init__(self, year: int, is_working: Callable[[date], bool]) -> None:
        self.first = date(year, 1, 1).toordinal()
        cum: list[int] = []
        total = 0
        for ordinal in range(self.first, date(year, 12, 31).toordinal() + 1):
            total += is_working(date.fromordinal(ordinal))
            cum.append(total)
        self.cum = cum

    @property
    def total(self) -> int:
        return self.cum[-1]

    def before(self, i: int) -> int:
        """Working days of this year strictly before day index ``i``."""
        return self.cum[i - 1] if i else 0


class WorkingCalendar:
    """Working-day arithmetic on the official calendar.

    Year tables are built lazily and cached, so :meth:`working_day_ordinal` is a dictionary
    lookup and an index after the first call for a year.  Instances compare equal when built
    from the same schedules with the same ``use_package`` flag, and pickle cleanly.
    """

    def __init__(self, schedules: Iterable[YearSchedule] = (), *, use_package: bool = True) -> None:
        by_year: dict[int, YearSchedule] = {}
        for schedule in schedules:
            if schedule.year in by_year:
                raise CalendarError(f"{schedule.year}年的日历数据给了不止一份")
            by_year[schedule.year] = schedule
        self._schedules = by_year
        self._use_package = use_package
        self._years: dict[int, _Year] = {}
        self._offsets: dict[int, int] = {EPOCH.year: 0}

    @property
    def schedules(self) -> tuple[YearSchedule, ...]:
        """The user-supplied schedules, by year."""
        return tuple(self._schedules[y] for y in sorted(self._schedules))

    @property
    def use_package(self) -> bool:
        return self._use_package

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingCalendar):
            return NotImplemented
        return (self._schedules, self._use_package) == (other._schedules, other._use_package)

    def __hash__(self) -> int:
        return hash((self.schedules, self._use_package))

    def __repr__(self) -> str:
        years = ", ".join(str(y) for y in sorted(self._schedules))
        return f"WorkingCalendar(schedules=[{years}], use_package={self._use_package})"

    # -- data ------------------------------------------------------------------------------

    def covers(self, year: int) -> bool:
        """Whether the calendar has holiday data for ``year``."""
        return year in self._schedules or (self._use_package and _package_covers(year))

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            schedule = self._schedules.get(year)
            if schedule is not None:
                table = _Year(year, schedule.is_working_day)
            elif self._use_package and _package_covers(year):
                table = _Year(year, chinese_calendar.is_workday)
            else:
                raise CalendarError(missing_year_message(year))
            self._years[year] = table
        return table

    def _locate(self, d: date) -> tuple[_Year, int]:
        table = self._year(d.year)
        return table, d.toordinal() - table.first

    # -- queries ---------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (holidays off, 调休 make-up weekend days worked)."""
        table, i = self._locate(d)
        return table.cum[i] != table.before(i)

    def add_working_days(self, start: date, n: int, *, count_start: bool = False) -> date:
        """The date of the ``n``-th working day counted from ``start``.

        With ``count_start=False`` (default, 民法总则 art. 201) day 1 is the first working day
        *after* ``start``; with ``count_start=True`` ``start`` itself is day 1 when it is a working
        day.  ``n == 0`` returns ``start`` unchanged (“same day”), whatever ``count_start``.
        ``n`` must not be negative.  For ``n >= 1`` the result is always a working day.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        table, i = self._locate(start)
        need = n + (table.before(i) if count_start else table.cum[i])
        year = start.year
        while need > table.total:
            need -= table.total
            year += 1
            table = self._year(year)
        return date.fromordinal(table.first + bisect.bisect_left(table.cum, need))

    def working_days_between(self, start: date, end: date, *, count_start: bool = False) -> int:
        """Working days in (start, end] — or [start, end] with ``count_start=True``.

        When ``end < start`` the result is the negative mirror,
        ``-working_days_between(end, start, count_start=count_start)``.  For ``end >= start``,
        “``end`` is within N working days of ``start``” is exactly
        ``working_days_between(start, end) <= N``, and ``add_working_days(start, n)`` is the
        first day for which it returns ``n``.
        """
        if end < start:
            return -self.working_days_between(end, start, count_start=count_start)
        s_table, s = self._locate(start)
        e_table, e = self._locate(end)
        if start.year == end.year:
            count = e_table.cum[e] - s_table.cum[s]
        else:
            count = s_table.total - s_table.cum[s] + e_table.cum[e]
            count += sum(self._year(y).total for y in range(start.year + 1, end.year))
        if count_start:
            count += s_table.cum[s] - s_table.before(s)
        return count

    def working_day_ordinal(self, d: date) -> int:
        """Working days in [EPOCH, d] (2004-01-01); zero or negative for earlier days.

        Monotone, and for any ``start``/``end``: ``working_days_between(start, end) ==
        working_day_ordinal(end) - working_day_ordinal(start)``.  Every year from 2004 to ``d``'s
        year must be covered.  Constant time after the first call per year.
        """
        table, i = self._locate(d)
        return self._offset(d.year) + table.cum[i]

    def _offset(self, year: int) -> int:
        """Working days from EPOCH to the end of the year before ``year`` (negative before 2004)."""
        if year not in self._offsets:
            if year > EPOCH.year:
                self._offsets[year] = self._offset(year - 1) + self._year(year - 1).total
            else:
                self._offsets[year] = self._offset(year + 1) - self._year(year).total
        return self._offsets[year]

    # -- construction from YAML ------------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str | None = None) -> WorkingCalendar:
        """Build a calendar from the ``calendar:`` section as plain data (``{"years": {...}}``).

        ``source`` names the input in error messages.  Problems are collected and raised
        together as one :class:`InputError`; without YAML nodes they carry no line numbers
        (a YAML loader should use :meth:`from_node`).
        """
        problems: list[Problem] = []

        def report(where: str, message: str, hint: str | None) -> None:
            problems.append(Problem(Location(source, path=where), message, hint))

        schedules = _parse_section(data, "calendar", report)
        if problems:
            raise InputError(problems, summary="日历数据有误")
        return cls(schedules)

    @classmethod
    def from_node(
        cls, reader: Reader, node: Node | None, path: str = "calendar"
    ) -> WorkingCalendar | None:
        """Build a calendar from the located YAML node of a ``calendar:`` section.

        For loaders built on :mod:`disclosure_rules.yaml_nodes`: problems are added to
        ``reader.problems`` with line and column, and the result is None when there were any.
        An absent section (``node is None``) is the package calendar.
        """
        if node is None:
            return cls()
        before = len(reader.problems)
        data = reader.plain(node, path)
        reported = {p.location.path for p in reader.problems[before:]}
        nodes = _nodes_by_path(node, path, set())

        def report(where: str, message: str, hint: str | None) -> None:
            if where not in reported:  # e.g. an impossible date reader.plain already named
                probe = where
                while probe not in nodes:
                    probe = probe[: max(probe.rfind("."), probe.rfind("["))]
                reader.problem(nodes[probe], where, message, hint)

        schedules = _parse_section(data, path, report)
        return None if len(reader.problems) > before else cls(schedules)

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> WorkingCalendar:
        """Read a YAML calendar file: ``calendar: years: ...``, the same shape as in a rule set.

        Every problem is reported at once, as an :class:`InputError` with file:line:column.
        """
        source = str(path)
        summary = f"日历文件 {source} 有误"
        node = compose(read_text(source), source)
        if node is None:
            raise InputError(Problem(Location(source), "日历文件是空的"), summary=summary)
        reader = Reader(source)
        root = reader.mapping(node, "", required=("calendar",))
        calendar = cls.from_node(reader, root["calendar"]) if root and "calendar" in root else None
        if reader.problems or calendar is None:
            raise InputError(reader.problems, summary=summary)
        return calendar


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The package calendar (chinesecalendar data only), shared so its caches stay warm."""
    return WorkingCalendar()


# -- YAML parsing helpers ----------------------------------------------------------------------

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_KEYS = ("holidays", "workdays")
_Report = Callable[[str, str, str | None], None]


def _nodes_by_path(node: Node, path: str, seen: set[int]) -> dict[str, Node]:
    """Every node under ``node`` by path; a mapping entry is located at its key.

    A node reached again through a YAML alias is not descended into twice (``seen``), so an
    alias bomb costs one visit per distinct node; problems inside it are located at the alias.
    """
    nodes = {path: node}
    if id(node) in seen:
        return nodes
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            sub = f"{path}.{key_node.value}"
            nodes.update(_nodes_by_path(value_node, sub, seen))
            nodes[sub] = key_node
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            nodes.update(_nodes_by_path(item, f"{path}[{index}]", seen))
    return nodes


def _parse_section(data: Any, path: str, report: _Report) -> list[YearSchedule]:
    """The year schedules of a ``calendar:`` section; problems go to ``report``."""

    def problem(where: str, message: str, hint: str | None = None) -> None:
        report(where, message, hint)

    schedules: list[YearSchedule] = []
    if not isinstance(data, Mapping):
        problem(path, "calendar 应是一个映射，形如 calendar: {years: {2027: {holidays: [...]}}}")
    else:
        for key in data:
            if key != "years":
                problem(f"{path}.{key}", f"未知的键“{key}”", did_you_mean(key, ["years"]))
        years = data.get("years", {})
        if not isinstance(years, Mapping):
            problem(f"{path}.years", "years 应是以年份为键的映射")
            years = {}
        for key, body in years.items():
            schedule = _parse_year(key, body, f"{path}.years.{key}", problem)
            if schedule is not None:
                schedules.append(schedule)
    return schedules


def _parse_year(
    key: Any, body: Any, path: str, problem: Callable[..., None]
) -> YearSchedule | None:
    if isinstance(key, bool) or not (isinstance(key, int) or str(key).isdigit()):
        problem(path, f"年份应是四位数字，而不是 {key!r}")
        return None
    year = int(key)
    if not isinstance(body, Mapping):
        problem(path, f"{year}年应写成 holidays: [...] 和 workdays: [...]")
        return None
    for name in body:
        if name not in _YEAR_KEYS:
            problem(f"{path}.{name}", f"未知的键“{name}”", did_you_mean(name, _YEAR_KEYS))
    days: dict[str, set[date]] = {role: set() for role in _YEAR_KEYS}
    ok = True
    for role in _YEAR_KEYS:
        items = body.get(role, [])
        if not isinstance(items, list):
            problem(
                f"{path}.{role}",
                f"{role} 应是日期列表，如 [{year}-01-01, {year}-02-05..{year}-02-11]",
            )
            ok = False
            continue
        for index, item in enumerate(items):
            where = f"{path}.{role}[{index}]"
            try:
                expanded = list(_expand(item))
            except ValueError as exc:
                problem(where, str(exc))
                ok = False
                continue
            for day in expanded:
                message = _day_problem(year, day, role)
                if message is None and role == "workdays" and day in days["holidays"]:
                    message = f"{day.isoformat()} 同时列在 holidays 中"
                if message:
                    problem(where, message)
                    ok = False
            days[role].update(expanded)
    if ok and not days["holidays"]:
        problem(path, f"{year}年没有列出任何放假日期（holidays）：每年都有法定节假日")
        ok = False
    return YearSchedule(year, days["holidays"], days["workdays"]) if ok else None


def _expand(item: Any) -> Iterator[date]:
    """The days an item of a holidays/workdays list stands for: a date or ``a..b`` (inclusive)."""
    if isinstance(item, date) and not isinstance(item, datetime):
        yield item
        return
    if not isinstance(item, str):
        raise ValueError(
            f"应是日期（如 2027-01-01）或日期范围（如 2027-02-05..2027-02-11），而不是 {item!r}"
        )
    parts = [_iso(part.strip()) for part in item.split("..")]
    if len(parts) > 2:
        raise ValueError(f"日期范围 {item} 只能有一个 ..")
    start, end = parts[0], parts[-1]
    if end < start:
        raise ValueError(f"日期范围 {item} 的结束日早于开始日")
    while start <= end:
        yield start
        start += _ONE_DAY


def _iso(text: str) -> date:
    if not _ISO.fullmatch(text):
        raise ValueError(f"无法识别的日期：{text!r}（应写成 YYYY-MM-DD）")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日期不存在：{text}") from None

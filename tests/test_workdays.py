"""The official working-day calendar: pinned facts from domain.md, YAML input, properties."""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_rules.errors import CalendarError, InputError
from disclosure_rules.ruleset.workdays import WorkingCalendar, YearSchedule, default_calendar
from disclosure_rules.ruleset.yaml_nodes import Reader, compose

CAL = default_calendar()
D = date
ONE = timedelta(days=1)

# A 2027 schedule as a user would type it (not the official one, which is not published yet).
SCHEDULE_2027 = YearSchedule(
    2027,
    holidays={D(2027, 1, 1), *(D(2027, 2, 5) + i * ONE for i in range(7))},
    workdays={D(2027, 2, 14)},  # a Sunday
)


# -- pinned facts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2019, 10, 1), False),  # 国庆
        (D(2019, 10, 7), False),  # 国庆, a Monday
        (D(2019, 9, 29), True),  # Sunday worked (调休)
        (D(2019, 10, 12), True),  # Saturday worked (调休)
        (D(2019, 10, 13), False),  # ordinary Sunday
        (D(2020, 1, 19), True),  # Sunday worked before 春节 2020
        (D(2020, 1, 31), False),  # extended 春节 2020, a Friday
        (D(2020, 2, 3), True),  # first working day after it
        (D(2018, 12, 29), True),  # Saturday worked for 元旦 2019
        (D(2019, 12, 31), True),  # ordinary Tuesday
    ],
)
def test_official_calendar_not_monday_to_friday(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_seven_working_days_after_2019_09_27_is_the_make_up_saturday() -> None:
    assert CAL.add_working_days(D(2019, 9, 27), 7) == D(2019, 10, 12)


def test_national_day_week_counts_as_one_working_day() -> None:
    assert CAL.working_days_between(D(2019, 9, 30), D(2019, 10, 8)) == 1


def test_twenty_working_days_reply_deadline_across_national_day() -> None:
    due = CAL.add_working_days(D(2019, 9, 20), 20)
    assert due == D(2019, 10, 23)
    assert CAL.working_days_between(D(2019, 9, 20), D(2019, 10, 23)) <= 20  # on time
    assert CAL.working_days_between(D(2019, 9, 20), D(2019, 10, 25)) > 20  # late
    assert CAL.add_working_days(due, 20) == D(2019, 11, 20)  # extension (条例第三十三条)


def test_spring_festival_2020_block_is_skipped() -> None:
    assert CAL.add_working_days(D(2020, 1, 23), 1) == D(2020, 2, 3)
    assert CAL.working_days_between(D(2020, 1, 23), D(2020, 2, 2)) == 0
    assert CAL.working_days_between(D(2020, 1, 18), D(2020, 1, 19)) == 1  # make-up Sunday


def test_count_start_counts_the_event_day() -> None:
    # 27 Sep (day 1), 29 Sep (make-up Sunday), 30 Sep, then 8–11 Oct.
    assert CAL.add_working_days(D(2019, 9, 27), 7, count_start=True) == D(2019, 10, 11)
    assert CAL.working_days_between(D(2019, 9, 27), D(2019, 9, 27), count_start=True) == 1
    assert CAL.working_days_between(D(2019, 9, 27), D(2019, 9, 27)) == 0


def test_count_start_on_a_holiday_begins_at_the_next_working_day() -> None:
    assert CAL.add_working_days(D(2019, 10, 1), 1, count_start=True) == D(2019, 10, 8)


def test_zero_working_days_is_the_same_day_even_on_a_holiday() -> None:
    assert CAL.add_working_days(D(2019, 10, 1), 0) == D(2019, 10, 1)
    assert CAL.add_working_days(D(2019, 10, 1), 0, count_start=True) == D(2019, 10, 1)


def test_negative_n_is_refused() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_working_days(D(2019, 10, 1), -1)


def test_between_is_a_negative_mirror_when_end_precedes_start() -> None:
    assert CAL.working_days_between(D(2019, 10, 8), D(2019, 9, 30)) == -1


def test_counting_across_a_year_boundary() -> None:
    # 2019-12-31 (Tue) .. 2020-01-02: 1 Jan is 元旦, so only 2 Jan counts.
    assert CAL.working_days_between(D(2019, 12, 31), D(2020, 1, 2)) == 1
    assert CAL.add_working_days(D(2019, 12, 31), 1) == D(2020, 1, 2)
    assert CAL.working_days_between(D(2018, 12, 28), D(2020, 1, 2)) == (
        1 + 250 + 1  # 2018-12-29 (make-up Sat), all of 2019, 2020-01-02
    )


def test_ordinal_epoch_and_value() -> None:
    assert CAL.working_day_ordinal(D(2004, 1, 1)) == 0  # 元旦
    assert CAL.working_day_ordinal(D(2004, 1, 2)) == 1
    assert CAL.working_day_ordinal(D(2019, 10, 12)) - CAL.working_day_ordinal(D(2019, 9, 27)) == 7


# -- years without data ------------------------------------------------------------------------


def test_a_year_without_data_is_an_error_never_a_monday_to_friday_guess() -> None:
    with pytest.raises(CalendarError, match=r"2027年没有节假日数据.*calendar:"):
        CAL.is_working_day(D(2027, 3, 1))
    with pytest.raises(CalendarError, match="2027年"):
        CAL.add_working_days(D(2026, 12, 31), 1)
    assert not CAL.covers(2027)
    assert CAL.covers(2004) and CAL.covers(2026)
    assert not CAL.covers(2003)


def test_a_user_schedule_supplies_a_missing_year() -> None:
    cal = WorkingCalendar([SCHEDULE_2027])
    assert cal.covers(2027)
    assert not cal.is_working_day(D(2027, 2, 8))  # holiday Monday
    assert cal.is_working_day(D(2027, 2, 14))  # make-up Sunday
    assert cal.is_working_day(D(2027, 2, 15))  # plain Monday
    assert not cal.is_working_day(D(2027, 2, 20))  # plain Saturday
    # From the last 2026 day across 元旦 2027.
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.working_days_between(D(2027, 2, 4), D(2027, 2, 15)) == 3  # 12th, 14th, 15th


def test_a_user_schedule_replaces_package_data_for_its_year() -> None:
    override = YearSchedule(2019, holidays={D(2019, 10, 1)})
    cal = WorkingCalendar([override])
    assert cal.is_working_day(D(2019, 10, 2))  # package says holiday; the override does not
    assert not cal.is_working_day(D(2019, 9, 29))  # make-up Sunday not in the override
    assert CAL.is_working_day(D(2019, 9, 29))  # the shared default calendar is unaffected


def test_use_package_false_knows_only_user_years() -> None:
    cal = WorkingCalendar([SCHEDULE_2027], use_package=False)
    assert not cal.covers(2019)
    with pytest.raises(CalendarError):
        cal.is_working_day(D(2019, 10, 8))


def test_ordinal_needs_every_year_since_the_epoch_but_counting_does_not() -> None:
    cal = WorkingCalendar([YearSchedule(2030, holidays={D(2030, 1, 1)})])
    assert cal.working_days_between(D(2030, 1, 1), D(2030, 1, 8)) == 5
    with pytest.raises(CalendarError, match="2027年"):
        cal.working_day_ordinal(D(2030, 1, 8))


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ({D(2026, 12, 31)}, set(), "不在 2027 年内"),
        ({D(2027, 1, 1)}, {D(2027, 1, 4)}, "本来就是工作日"),
        ({D(2027, 2, 14)}, {D(2027, 2, 14)}, "同时列在"),
    ],
)
def test_year_schedule_rejects_inconsistent_data(holidays, workdays, message) -> None:
    with pytest.raises(CalendarError, match=message):
        YearSchedule(2027, holidays, workdays)


def test_two_schedules_for_one_year_are_refused() -> None:
    with pytest.raises(CalendarError, match="2027"):
        WorkingCalendar([SCHEDULE_2027, SCHEDULE_2027])


def test_calendar_equality_hash_and_pickle() -> None:
    cal = WorkingCalendar([SCHEDULE_2027])
    cal.working_day_ordinal(D(2027, 2, 15))  # warm caches: they must not matter
    assert cal == WorkingCalendar([SCHEDULE_2027])
    assert hash(cal) == hash(WorkingCalendar([SCHEDULE_2027]))
    assert cal != CAL
    assert pickle.loads(pickle.dumps(cal)) == cal


# -- YAML ----------------------------------------------------------------------------------------

YAML_2027 = """\
calendar:
  years:
    2027:
      holidays: [2027-01-01, 2027-02-05..2027-02-11]
      workdays: [2027-02-14]
"""


def test_from_file_reads_dates_and_ranges(tmp_path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(YAML_2027, encoding="utf-8")
    cal = WorkingCalendar.from_file(path)
    assert cal.schedules == (SCHEDULE_2027,)
    assert cal == WorkingCalendar([SCHEDULE_2027])


def test_from_mapping_accepts_strings_and_dates() -> None:
    data = {"years": {"2027": {"holidays": ["2027-01-01", "2027-02-05 .. 2027-02-11"],
                               "workdays": [D(2027, 2, 14)]}}}  # fmt: skip
    assert WorkingCalendar.from_mapping(data) == WorkingCalendar([SCHEDULE_2027])


def _problems(excinfo: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def test_from_file_errors_carry_file_line_column_and_path(tmp_path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(
        "calendar:\n"
        "  years:\n"
        "    2027:\n"
        "      holidays: [2027-01-01, 2027-02-30]\n"
        "      workday: [2027-02-14]\n"
        "    2028:\n"
        "      holidays: [2027-12-31]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as excinfo:
        WorkingCalendar.from_file(path)
    assert _problems(excinfo) == [
        f"{path}:4:30: calendar.years.2027.holidays[1]: 不存在的日期“2027-02-30”",
        f"{path}:5:7: calendar.years.2027.workday: 未知的键“workday”"
        "（是否想写：workdays、holidays）",
        f"{path}:7:18: calendar.years.2028.holidays[0]: 2027-12-31 不在 2028 年内",
    ]


def test_from_file_reports_yaml_syntax_errors_with_line(tmp_path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text("calendar:\n  years: [\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:3:1: YAML 语法错误"):
        WorkingCalendar.from_file(path)


def test_from_file_reports_duplicate_years(tmp_path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(YAML_2027 + "    2027:\n      holidays: [2027-01-01]\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:6:5: calendar.years.2027: 重复的键“2027”"):
        WorkingCalendar.from_file(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [("years: {}\n", "缺少必填的键“calendar”"), ("", "日历文件是空的")],
)
def test_from_file_requires_the_calendar_key(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        WorkingCalendar.from_file(path)


def test_from_node_reports_into_the_loaders_reader() -> None:
    reader = Reader("rules.yaml")
    root = reader.mapping(compose(YAML_2027, "rules.yaml"), "", required=("calendar",))
    assert WorkingCalendar.from_node(reader, root["calendar"]) == WorkingCalendar([SCHEDULE_2027])
    assert WorkingCalendar.from_node(reader, None) == WorkingCalendar()  # no section
    bad = compose("calendar:\n  years:\n    2027: {workdays: [2027-02-14]}\n", "rules.yaml")
    root = reader.mapping(bad, "", required=("calendar",))
    assert WorkingCalendar.from_node(reader, root["calendar"]) is None
    (problem,) = reader.problems
    assert str(problem).startswith(
        "rules.yaml:3:5: calendar.years.2027: 2027年没有列出任何放假日期"
    )


def test_from_file_missing_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="无法读取文件"):
        WorkingCalendar.from_file(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("years", "path", "message"),
    [
        ({2027: {"holidays": ["2027-02-11..2027-02-05"]}}, "holidays[0]", "结束日早于开始日"),
        ({2027: {"holidays": ["2027/01/01"]}}, "holidays[0]", "YYYY-MM-DD"),
        ({2027: {"holidays": [20270101]}}, "holidays[0]", "应是日期"),
        ({2027: {"holidays": "2027-01-01"}}, "holidays", "应是日期列表"),
        ({2027: {"workdays": ["2027-02-14"]}}, "", "没有列出任何放假日期"),
        ({2027: {"holidays": ["2027-02-14"], "workdays": ["2027-02-14"]}}, "workdays[0]", "同时"),
        ({"next": {"holidays": ["2027-01-01"]}}, "", "年份应是四位数字"),
    ],
)
def test_from_mapping_problems_name_the_field(years, path, message) -> None:
    with pytest.raises(InputError) as excinfo:
        WorkingCalendar.from_mapping({"years": years}, source="rules.yaml")
    (problem,) = excinfo.value.problems
    year = next(iter(years))
    assert problem.location.file == "rules.yaml"
    assert problem.location.path == f"calendar.years.{year}" + (f".{path}" if path else "")
    assert message in problem.message


# -- properties --------------------------------------------------------------------------------

PACKAGE_DAYS = st.dates(D(2004, 1, 1), D(2026, 12, 31))
START_DAYS = st.dates(D(2004, 1, 1), D(2025, 1, 1))  # + 400 working days stays inside 2026
NS = st.integers(0, 400)
MAKE_UP_WEEKENDS = sorted(d for d in chinese_calendar.workdays if d.weekday() >= 5)
WEEKDAY_HOLIDAYS = sorted(  # away from the ends of the package data, so blocks are complete
    d for d in chinese_calendar.holidays if d.weekday() < 5 and 2004 < d.year < 2026
)
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(START_DAYS, NS, st.booleans())
def test_adding_then_counting_returns_n(start: date, n: int, count_start: bool) -> None:
    end = CAL.add_working_days(start, n, count_start=count_start)
    expected = n if n or not count_start else int(CAL.is_working_day(start))
    assert CAL.working_days_between(start, end, count_start=count_start) == expected


@FAST
@given(START_DAYS, st.integers(1, 400), st.booleans())
def test_added_day_is_a_working_day_and_the_first_such(
    start: date, n: int, count_start: bool
) -> None:
    end = CAL.add_working_days(start, n, count_start=count_start)
    assert CAL.is_working_day(end)
    if end == start:  # only when the start day itself is day 1
        assert count_start and n == 1
    else:
        assert CAL.working_days_between(start, end - ONE, count_start=count_start) == n - 1


@FAST
@given(PACKAGE_DAYS, st.integers(0, 120))
def test_counting_matches_the_package_day_by_day(start: date, length: int) -> None:
    end = min(start + length * ONE, D(2026, 12, 31))
    days = (start + i * ONE for i in range(1, (end - start).days + 1))
    assert CAL.working_days_between(start, end) == sum(map(chinese_calendar.is_workday, days))


@FAST
@given(st.sampled_from(WEEKDAY_HOLIDAYS))
def test_weekday_holidays_are_never_counted(holiday: date) -> None:
    assert not CAL.is_working_day(holiday)
    assert CAL.working_days_between(holiday - ONE, holiday) == 0
    # Counting across the whole block equals counting from its edges.
    first = last = holiday
    while not CAL.is_working_day(first - ONE):
        first -= ONE
    while not CAL.is_working_day(last + ONE):
        last += ONE
    assert CAL.working_days_between(first - ONE, last + ONE) == 1
    assert CAL.add_working_days(first - ONE, 1) == last + ONE


@FAST
@given(st.sampled_from(MAKE_UP_WEEKENDS))
def test_make_up_weekend_days_are_counted(day: date) -> None:
    assert CAL.is_working_day(day)
    assert CAL.working_days_between(day - ONE, day) == 1


@FAST
@given(PACKAGE_DAYS, PACKAGE_DAYS)
def test_ordinal_difference_equals_counting(a: date, b: date) -> None:
    assert CAL.working_days_between(a, b) == (
        CAL.working_day_ordinal(b) - CAL.working_day_ordinal(a)
    )


@FAST
@given(PACKAGE_DAYS, PACKAGE_DAYS)
def test_count_start_adds_exactly_the_start_day(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    with_start = CAL.working_days_between(start, end, count_start=True)
    assert with_start - CAL.working_days_between(start, end) == CAL.is_working_day(start)


@FAST
@given(START_DAYS, NS, st.booleans())
def test_add_is_monotone_in_n(start: date, n: int, count_start: bool) -> None:
    here = CAL.add_working_days(start, n, count_start=count_start)
    after = CAL.add_working_days(start, n + 1, count_start=count_start)
    assert here < after or (count_start and n == 0 and here == after)

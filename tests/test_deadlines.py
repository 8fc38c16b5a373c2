"""完成时间 phrases → deadlines: the seed table's phrases, conventions, and parser robustness."""

from __future__ import annotations

import calendar
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_rules.errors import DeadlineError
from disclosure_rules.ruleset.deadlines import (
    ContinuousDeadline,
    ExternalDeadline,
    FixedDeadline,
    TimelyDeadline,
    parse_deadline,
)

D = date


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("2019年6月", D(2019, 6, 30)),
        ("2019年6月底前", D(2019, 6, 30)),
        ("2019年6月底", D(2019, 6, 30)),
        ("2019年6月末", D(2019, 6, 30)),
        ("2019年11月底前", D(2019, 11, 30)),
        ("2019年11月底前完成", D(2019, 11, 30)),
        ("2020年2月", D(2020, 2, 29)),  # leap year
        ("2021年1月31日前", D(2021, 1, 31)),
        ("2021年1月31日", D(2021, 1, 31)),
        ("2019年上半年", D(2019, 6, 30)),
        ("2019年下半年", D(2019, 12, 31)),
        ("2019年底", D(2019, 12, 31)),
        ("2019年年底前", D(2019, 12, 31)),
        ("2019年第三季度", D(2019, 9, 30)),
        ("2019年一季度末", D(2019, 3, 31)),
        ("2019年十一月", D(2019, 11, 30)),
        ("二〇一九年十一月底前", D(2019, 11, 30)),
        ("2019年十二月三十一日前", D(2019, 12, 31)),
        ("2019-06-30", D(2019, 6, 30)),
        ("２０１９年 ６ 月底前", D(2019, 6, 30)),  # fullwidth digits, stray spaces
    ],
)
def test_fixed_dates(phrase: str, due: date) -> None:
    assert parse_deadline(phrase) == FixedDeadline(due, phrase)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("2019年6月前", D(2019, 5, 31)),
        ("2020年1月前", D(2019, 12, 31)),
        ("2019年6月之前", D(2019, 5, 31)),
    ],
)
def test_month_before_without_di_means_before_the_month_starts(phrase: str, due: date) -> None:
    assert parse_deadline(phrase).due == due


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("年底前", D(2020, 12, 31)),
        ("年内完成", D(2020, 12, 31)),
        ("6月底前", D(2020, 6, 30)),
        ("三季度末", D(2020, 9, 30)),
        ("下半年", D(2020, 12, 31)),
        ("3月15日前", D(2020, 3, 15)),
    ],
)
def test_phrases_without_a_year_use_the_default_year(phrase: str, due: date) -> None:
    assert parse_deadline(phrase, default_year=2020).due == due
    with pytest.raises(DeadlineError, match="没有写年份"):
        parse_deadline(phrase)


def test_a_date_from_yaml_is_a_fixed_deadline() -> None:
    assert parse_deadline(D(2019, 6, 30)) == FixedDeadline(D(2019, 6, 30), "2019-06-30")


@pytest.mark.parametrize(
    ("phrase", "working_days"),
    [
        ("及时公开", 20),  # 条例第二十六条
        ("及時公開", 20),
        ("及时", 20),
        ("即时", 20),
        ("5个工作日内", 5),
        ("7个工作日内公开", 7),
        ("十五个工作日内", 15),
        ("事件发生后20个工作日内", 20),
        ("0个工作日内", 0),  # the event day itself
    ],
)
def test_timely(phrase: str, working_days: int) -> None:
    assert parse_deadline(phrase) == TimelyDeadline(working_days, phrase)


@pytest.mark.parametrize(
    ("phrase", "period"),
    [
        ("常态化工作", "quarter"),
        ("常態(tài)化工作", "quarter"),  # scraped with a pinyin annotation
        ("常態化工作", "quarter"),
        ("常态化", "quarter"),
        ("长期", "quarter"),
        ("長期堅持", "quarter"),
        ("持续推进", "quarter"),
        ("每月", "month"),
        ("每季度", "quarter"),
        ("每半年", "half_year"),
        ("每年", "year"),
    ],
)
def test_continuous(phrase: str, period: str) -> None:
    assert parse_deadline(phrase) == ContinuousDeadline(period, phrase)


@pytest.mark.parametrize(
    ("phrase", "authority"),
    [
        ("按市里统一安排完成", "市"),
        ("按市里統(tǒng)一安排完成", "市"),  # as scraped
        ("按市里統一安排完成", "市"),
        ("按市统一安排完成", "市"),
        ("按市里统一安排", "市"),
        ("按市里时间节点完成", "市"),
        ("按省里時間節點完成", "省"),
        ("按省统一安排", "省"),
        ("按国家统一部署", "国家"),
        ("按国务院统一安排", "国家"),
        ("按市行政审批局统一安排", "市行政审批局"),
    ],
)
def test_external_without_a_date(phrase: str, authority: str) -> None:
    assert parse_deadline(phrase) == ExternalDeadline(authority, None, phrase)


def test_external_with_the_date_once_it_is_known() -> None:
    phrase = "按市里统一安排（2019年12月31日前）"
    assert parse_deadline(phrase) == ExternalDeadline("市", D(2019, 12, 31), phrase)


@pytest.mark.parametrize(
    "phrase",
    ["2019年2月30日", "2019年13月", "2019年0月", "2019-02-30", "一二个工作日内", "2019年十十月"],
)
def test_impossible_dates_and_numerals_are_deadline_errors(phrase: str) -> None:
    with pytest.raises(DeadlineError, match=r"不存在|有误") as excinfo:
        parse_deadline(phrase)
    assert excinfo.value.phrase == phrase


@pytest.mark.parametrize(
    "phrase",
    ["", "尽快", "按职责分工负责", "2019年", "10日内", "按市里统一安排（下周）"],
)
def test_unknown_phrases_name_the_phrase(phrase: str) -> None:
    with pytest.raises(DeadlineError) as excinfo:
        parse_deadline(phrase)
    assert excinfo.value.phrase == phrase
    assert f"“{phrase}”" in str(excinfo.value)


def test_non_text_is_a_deadline_error() -> None:
    with pytest.raises(DeadlineError, match="应是文字"):
        parse_deadline(20)  # type: ignore[arg-type]


# -- the types -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "zh", "en"),
    [
        (FixedDeadline(D(2019, 11, 30)), "2019年11月30日前", "by 2019-11-30"),
        (TimelyDeadline(), "事件发生后20个工作日内", "within 20 working days of the event"),
        (ContinuousDeadline(), "常态化（每季度）", "continuous (every quarter)"),
        (
            ExternalDeadline("市"),
            "按市里统一安排（日期未定）",
            "as scheduled by the city (date not yet set)",
        ),
        (
            ExternalDeadline("省", D(2019, 12, 20)),
            "按省里统一安排（2019年12月20日前）",
            "as scheduled by the province (by 2019-12-20)",
        ),
    ],
)
def test_describe_and_default_phrase(deadline, zh: str, en: str) -> None:
    assert deadline.describe() == zh
    assert deadline.describe("en") == en
    assert deadline.phrase == zh  # built in code, the phrase is the description
    assert parse_deadline(zh) == deadline  # and it parses back


def test_invalid_fields_are_refused() -> None:
    with pytest.raises(ValueError):
        TimelyDeadline(-1)
    with pytest.raises(ValueError):
        ContinuousDeadline("week")  # type: ignore[arg-type]


def test_kind_is_exposed_and_serialised() -> None:
    kinds = [
        FixedDeadline(D(2019, 6, 30)),
        TimelyDeadline(),
        ContinuousDeadline(),
        ExternalDeadline("市"),
    ]
    assert [d.kind for d in kinds] == ["fixed", "timely", "continuous", "external"]
    assert attrs.asdict(TimelyDeadline(5, "5个工作日内")) == {
        "kind": "timely",
        "working_days": 5,
        "phrase": "5个工作日内",
    }


# -- properties --------------------------------------------------------------------------------

YEARS = st.integers(1000, 9999)
MONTHS = st.integers(1, 12)
SOME = settings(max_examples=200, deadline=None)


@SOME
@given(YEARS, MONTHS)
def test_year_month_is_the_last_day_of_the_month(year: int, month: int) -> None:
    last = calendar.monthrange(year, month)[1]
    assert parse_deadline(f"{year}年{month}月").due == D(year, month, last)


@SOME
@given(st.dates(D(1000, 1, 1), D(9999, 12, 31)))
def test_year_month_day_before_is_that_day(day: date) -> None:
    assert parse_deadline(f"{day.year}年{day.month}月{day.day}日前").due == day


@SOME
@given(st.dates(D(1000, 1, 1), D(9999, 12, 31)))
def test_fixed_describe_round_trips(day: date) -> None:
    deadline = FixedDeadline(day, "原文")
    assert parse_deadline(deadline.describe()).due == day


@SOME
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_arbitrary_text_parses_or_raises_deadline_error(text: str) -> None:
    try:
        deadline = parse_deadline(text, default_year=2019)
    except DeadlineError as exc:
        assert exc.phrase == text
    else:
        assert deadline.phrase == text


@SOME
@given(
    st.text(
        alphabet="年月日底前后上下半季度第一二三四五六七八九十〇0123456789-按市省统一安排个工作",
        max_size=14,
    )
)
def test_date_like_text_parses_or_raises_deadline_error(text: str) -> None:
    try:
        parse_deadline(text)
    except DeadlineError as exc:
        assert exc.phrase == text


@SOME
@given(
    st.text(
        alphabet="的是了在有和人这中大为上个国我以要他时来用们生到作地于出", min_size=1, max_size=20
    )
)
def test_ordinary_chinese_text_is_not_a_deadline(text: str) -> None:
    with pytest.raises(DeadlineError):
        parse_deadline(text)

"""完成时间 phrases of a duty table turned into deadlines.

Four kinds, as the tables use them:

- :class:`FixedDeadline` — a calendar date (``2019年11月底前`` → 2019-11-30).  A month or a
  period without a day means its last day; ``M月前`` (without 底) means before the month
  starts, i.e. the last day of the previous month.  The due day itself is still on time.
- :class:`TimelyDeadline` — N working days after an event date found in the evidence.
  ``及时公开`` means 20 working days: 《中华人民共和国政府信息公开条例》（国务院令第711号）
  第二十六条.  The event day itself is not counted (民法总则第二百零一条 for 2019, 民法典
  from 2021, see
  :mod:`disclosure_rules.workdays`).
- :class:`ContinuousDeadline` — ``常态化工作``: every period (by default every quarter) must
  show evidence.
- :class:`ExternalDeadline` — ``按市里统一安排完成``: a date another body sets later.  Until
  ``due`` is set, nothing can be late.

:func:`parse_deadline` accepts table text as scraped: traditional or simplified characters,
fullwidth digits and spaces, pinyin annotations such as ``常態(tài)化``, Chinese numerals.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, cast

import opencc
from attrs import Factory, field, frozen, validators

from disclosure_rules.errors import DeadlineError

if TYPE_CHECKING:
    from .workdays import WorkingCalendar

__all__ = [
    "DEFAULT_TIMELY_WORKING_DAYS",
    "REST_DAY_BASIS",
    "REST_DAY_RULES",
    "ContinuousDeadline",
    "Deadline",
    "ExternalDeadline",
    "FixedDeadline",
    "Period",
    "PeriodEnd",
    "RestDayRule",
    "TimelyDeadline",
    "moved_text",
    "parse_deadline",
    "period_end",
    "rest_day_basis",
]

Lang = Literal["zh", "en"]
Period = Literal["month", "quarter", "half_year", "year"]

#: 条例第二十六条: proactive information is published within 20 working days.
DEFAULT_TIMELY_WORKING_DAYS = 20

_PERIOD_ZH: dict[str, str] = {"month": "月", "quarter": "季度", "half_year": "半年", "year": "年"}
_PERIOD_EN: dict[str, str] = {
    "month": "every month",
    "quarter": "every quarter",
    "half_year": "every half year",
    "year": "every year",
}
_AUTHORITY_ZH: dict[str, str] = {"市": "市里", "省": "省里", "国家": "国家"}
_AUTHORITY_EN: dict[str, str] = {
    "市": "the city",
    "省": "the province",
    "国家": "the national government",
}


def _period(value: str) -> Period:
    """Checked on assignment, before the default phrase is described."""
    if value not in _PERIOD_ZH:
        raise ValueError(f"period must be one of {', '.join(_PERIOD_ZH)}, not {value!r}")
    return cast(Period, value)


def _zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _phrase_field() -> Any:
    """The ``phrase`` of a deadline: the table's words; built in code, its Chinese description."""
    return field(default=Factory(lambda self: self.describe(), takes_self=True))


@frozen
class FixedDeadline:
    """Done on or before ``due``."""

    kind: Literal["fixed"] = field(default="fixed", init=False)
    due: date
    phrase: str = _phrase_field()

    def describe(self, lang: Lang = "zh") -> str:
        if lang == "en":
            return f"by {self.due.isoformat()}"
        return f"{_zh_date(self.due)}前"


@frozen
class TimelyDeadline:
    """Done within ``working_days`` working days after an event (条例第二十六条: 20).

    The event day is not counted (民法总则第二百零一条, 民法典 from 2021); 0 means on the
    event day itself.
    """

    kind: Literal["timely"] = field(default="timely", init=False)
    working_days: int = field(default=DEFAULT_TIMELY_WORKING_DAYS, validator=validators.ge(0))
    phrase: str = _phrase_field()

    def describe(self, lang: Lang = "zh") -> str:
        if lang == "en":
            return f"within {self.working_days} working days of the event"
        return f"事件发生后{self.working_days}个工作日内"


@frozen
class ContinuousDeadline:
    """常态化: every ``period`` must show evidence (quarters by default)."""

    kind: Literal["continuous"] = field(default="continuous", init=False)
    period: Period = field(default="quarter", converter=_period)
    phrase: str = _phrase_field()

    def describe(self, lang: Lang = "zh") -> str:
        if lang == "en":
            return f"continuous ({_PERIOD_EN[self.period]})"
        return f"常态化（每{_PERIOD_ZH[self.period]}）"


@frozen
class ExternalDeadline:
    """A date set later by ``authority`` (``市``, ``省``, ``国家`` or a body's name)."""

    kind: Literal["external"] = field(default="external", init=False)
    authority: str
    due: date | None = None
    phrase: str = _phrase_field()

    def describe(self, lang: Lang = "zh") -> str:
        if lang == "en":
            who = _AUTHORITY_EN.get(self.authority, self.authority)
            when = f"by {self.due.isoformat()}" if self.due else "date not yet set"
            return f"as scheduled by {who} ({when})"
        who = _AUTHORITY_ZH.get(self.authority, self.authority)
        when = f"{_zh_date(self.due)}前" if self.due else "日期未定"
        return f"按{who}统一安排（{when}）"


Deadline = FixedDeadline | TimelyDeadline | ContinuousDeadline | ExternalDeadline


# -- the last day of a period that ends on a rest day ---------------------------------------------

#: What a rule set's ``deadline_on_rest_day`` may say: ``keep`` the day as written (the default),
#: or move a last day that is a rest day to the ``next_working_day``.
RestDayRule = Literal["keep", "next_working_day"]
REST_DAY_RULES: tuple[RestDayRule, ...] = ("keep", "next_working_day")
#: Where ``next_working_day`` comes from; reasons quote it (民法典 for a day from 2021 on).
REST_DAY_BASIS = "民法总则第二百零三条"
REST_DAY_BASIS_EN = "art. 203 of the General Provisions of the Civil Law"
CIVIL_CODE_FROM = date(2021, 1, 1)


def rest_day_basis(day: date, lang: Lang = "zh") -> str:
    """The article in force on ``day``: 民法总则第二百零三条 until 2020, the same article of
    民法典 (same words) from 2021-01-01, when the Civil Code replaced the General Provisions."""
    if day < CIVIL_CODE_FROM:
        return REST_DAY_BASIS if lang == "zh" else REST_DAY_BASIS_EN
    return "民法典第二百零三条" if lang == "zh" else "art. 203 of the Civil Code"


@frozen
class PeriodEnd:
    """The last day of a period: ``day``, and ``nominal``, the day the table or the rule names.

    They differ only under ``deadline_on_rest_day: next_working_day`` when ``nominal`` is a
    rest day (a weekend or public holiday that is not a 调休 working day).
    """

    day: date
    nominal: date

    @property
    def moved(self) -> bool:
        return self.day != self.nominal

    def describe(self, lang: Lang = "zh") -> str:
        """Why the last day moved (``6月30日为休息日，依民法总则第二百零三条顺延至7月1日``);
        empty when it did not."""
        return moved_text(self.nominal, self.day, lang) if self.moved else ""


def moved_text(nominal: date, day: date, lang: Lang = "zh") -> str:
    """The sentence saying a last day moved from ``nominal`` (a rest day) to ``day``."""
    if lang == "en":
        return (f"{nominal.isoformat()} is a rest day: moved to {day.isoformat()} "
                f"({rest_day_basis(nominal, 'en')})")
    same_year = nominal.year == day.year

    def short(d: date) -> str:
        return f"{d.month}月{d.day}日" if same_year else _zh_date(d)

    return f"{short(nominal)}为休息日，依{rest_day_basis(nominal)}顺延至{short(day)}"


def period_end(nominal: date, rule: RestDayRule, calendar: WorkingCalendar) -> PeriodEnd:
    """The last day of a period whose last day is ``nominal`` as written.

    民法总则第二百零三条（2017-10-01 施行；2021-01-01 起为民法典第二百零三条，文字相同）：“期间的
    最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。”  法定休假日 covers weekends
    and public holidays, as the official calendar has them (a 调休 Saturday is a working day and
    ends a period where it is).  With ``rule == "keep"`` the day is kept as written: a rule
    set applies the article only when it says so.  The one place every kind's calendar-date
    limits are moved, so the backends cannot disagree about it.
    """
    if rule == "keep" or calendar.is_working_day(nominal):
        return PeriodEnd(nominal, nominal)
    return PeriodEnd(calendar.add_working_days(nominal, 1), nominal)


# -- parsing -------------------------------------------------------------------------------------

_DIGITS = "〇一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(_DIGITS)} | {"零": 0} | {str(i): i for i in range(10)}
_NUM = rf"(?:[0-9]{{1,2}}|[{_DIGITS[1:]}十]{{1,3}})"
_YEAR = rf"(?:(?P<year>[0-9]{{4}}|[{_DIGITS}零]{{4}})年)?"
_BY = r"(?:前|之前|以前)?"

_MONTH = re.compile(rf"{_YEAR}(?P<month>{_NUM})月份?(?P<end>底|末)?(?P<by>{_BY})")
_DAY = re.compile(rf"{_YEAR}(?P<month>{_NUM})月(?P<day>{_NUM})[日号]{_BY}")
_ISO = re.compile(r"(?P<year>[0-9]{4})[-/.](?P<month>[0-9]{1,2})[-/.](?P<day>[0-9]{1,2})" + _BY)
_HALF = re.compile(rf"{_YEAR}(?P<half>上|下)半年(?:底|末)?{_BY}")
_QUARTER = re.compile(rf"{_YEAR}第?(?P<quarter>[1-4一二三四])季度(?:末|底)?{_BY}")
_YEAR_END = re.compile(rf"{_YEAR}(?P<nian>年)?(?:底|末|内){_BY}")

_TIMELY = re.compile(r"(?:及时|即时)(?:公开|发布|更新)?")
_WITHIN = re.compile(rf"(?:事件)?(?:发生后)?(?P<n>[0-9]{{1,3}}|{_NUM})个?工作日内(?:公开|发布)?")
_CONTINUOUS = re.compile(r"(?:常态化|长期|持续)(?:工作|推进|坚持|开展)?")
_PERIODIC = re.compile(r"(常态化\()?每(?P<period>月|季度|季|半年|年)(?(1)\))")
_EXTERNAL = re.compile(
    r"按(?P<who>.+?)的?(?:统一安排|时间节点|统一部署|部署|安排)(?:完成|执行|推进)?"
    r"(?:\((?P<when>[^()]*)\))?"
)

_PERIODS: dict[str, Period] = {
    "月": "month",
    "季度": "quarter",
    "季": "quarter",
    "半年": "half_year",
    "年": "year",
}
_AUTHORITIES = {
    "市": "市",
    "市里": "市",
    "省": "省",
    "省里": "省",
    "国家": "国家",
    "国务院": "国家",
}
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", re.IGNORECASE)
_EXAMPLES = "、".join(
    [
        "2019年6月底前",
        "2019年11月30日前",
        "及时公开",
        "10个工作日内",
        "常态化工作",
        "每季度",
        "按市里统一安排完成",
    ]
)


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _normalise(phrase: str) -> str:
    text = unicodedata.normalize("NFKC", phrase)
    text = _PINYIN.sub("", text)
    text = _t2s().convert(text)
    return re.sub(r"[\s。，,；;：:]+", "", text)


def _number(text: str) -> int:
    """An Arabic or Chinese numeral below 100 (三, 十一, 二十一), or a year such as 二〇一九."""
    if text.isdigit():
        return int(text)
    if len(text) == 4:
        return int("".join(str(_DIGIT_VALUE[c]) for c in text))
    tens, ten, ones = text.partition("十")
    if not ten:
        return _DIGIT_VALUE[text]
    return (_DIGIT_VALUE[tens] if tens else 1) * 10 + (_DIGIT_VALUE[ones] if ones else 0)


def parse_deadline(phrase: str | date, *, default_year: int | None = None) -> Deadline:
    """Turn a 完成时间 phrase into a deadline; :class:`DeadlineError` names anything unknown.

    ``default_year`` (the rule set's year) completes dates written without a year
    (``6月底前``, ``年底前``).  A ``date`` (YAML reads an unquoted ``2019-06-30`` as one) is a
    fixed deadline.
    """
    if isinstance(phrase, date):
        return FixedDeadline(phrase, phrase.isoformat())
    if not isinstance(phrase, str):
        raise DeadlineError(repr(phrase), f"完成时间应是文字，而不是 {phrase!r}")
    text = _normalise(phrase).removesuffix("完成")
    try:
        deadline = _parse(text, phrase, default_year)
    except (ValueError, KeyError):  # impossible dates, malformed numerals
        raise DeadlineError(phrase, f"完成时间“{phrase}”中的日期不存在或数字写法有误") from None
    if deadline is None:
        raise DeadlineError(phrase, f"无法识别的完成时间：“{phrase}”（可用的写法如：{_EXAMPLES}）")
    return deadline


def _parse(text: str, phrase: str, default_year: int | None) -> Deadline | None:
    if (due := _fixed_date(text, phrase, default_year)) is not None:
        return FixedDeadline(due, phrase)
    if _TIMELY.fullmatch(text):
        return TimelyDeadline(DEFAULT_TIMELY_WORKING_DAYS, phrase)
    if match := _WITHIN.fullmatch(text):
        return TimelyDeadline(_number(match["n"]), phrase)
    if _CONTINUOUS.fullmatch(text):
        return ContinuousDeadline("quarter", phrase)
    if match := _PERIODIC.fullmatch(text):
        return ContinuousDeadline(_PERIODS[match["period"]], phrase)
    if match := _EXTERNAL.fullmatch(text):
        authority = _AUTHORITIES.get(match["who"], match["who"])
        when = match["when"]
        if when is None or when == "日期未定":
            return ExternalDeadline(authority, None, phrase)
        due = _fixed_date(when, phrase, default_year)
        if due is None:
            raise DeadlineError(phrase, f"完成时间“{phrase}”括号中的日期无法识别：“{when}”")
        return ExternalDeadline(authority, due, phrase)
    return None


def _fixed_date(text: str, phrase: str, default_year: int | None) -> date | None:
    """The due date ``text`` names, None when it names no date; ValueError if impossible."""
    if match := _ISO.fullmatch(text):
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    if match := _DAY.fullmatch(text):
        year = _year(match, phrase, default_year)
        return date(year, _number(match["month"]), _number(match["day"]))
    if match := _MONTH.fullmatch(text):
        year, month = _year(match, phrase, default_year), _number(match["month"])
        if match["by"] and not match["end"]:  # 6月前: before June starts
            return date(year, month, 1) - timedelta(days=1)
        return _month_end(year, month)
    if match := _QUARTER.fullmatch(text):
        return _month_end(_year(match, phrase, default_year), 3 * _number(match["quarter"]))
    if match := _HALF.fullmatch(text):
        return _month_end(_year(match, phrase, default_year), 6 if match["half"] == "上" else 12)
    if (match := _YEAR_END.fullmatch(text)) and (match["year"] or match["nian"]):
        return date(_year(match, phrase, default_year), 12, 31)
    return None


def _year(match: re.Match[str], phrase: str, default_year: int | None) -> int:
    if match["year"]:
        return _number(match["year"])
    if default_year is None:
        message = f"完成时间“{phrase}”没有写年份，规则集也没有写年度（year）"
        raise DeadlineError(phrase, f"{message}：请写明年份，如“2019年6月底前”")
    return default_year


def _month_end(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(month)
    return date(year, month, calendar.monthrange(year, month)[1])

"""The website plugin's section of ``collect.yaml``.

::

    plugins:
      website:
        base_url: http://www.xtjt.gov.cn/     # the site's root; column paths resolve against it
        unit: keji                            # the unit that runs the site (科技科)
        allowed_hosts: [www.xtjt.gov.cn]      # optional; default: the host of base_url
        max_pages: 500                        # safety limit: list pages per column
        max_articles: 5000                    # safety limit: article pages per column
        max_seconds: 240                      # optional time limit of the whole crawl
        update_kind: site_update              # kind of the per-column update records (or null)
        check_links: true                     # checks of the site (see below); omitted: auto
        max_links: 2000                       # links found on pages probed at most
        check_blank_columns: true
        check_personal_data: true
        per_host: 2                           # politeness: requests to one host at once
        delay: 0.5                            # politeness: seconds between them (default 0)
        incremental: true                     # with the evidence store: re-crawl what changed
        columns:
          首页:     {path: index.html, kind: site_update}
          政策文件: {path: zcwj/, kind: policy_document, unit: regulation,
                     fields: {doc_type: 规范性文件}}
          政策解读: {path: zcjd/, kind: interpretation, unit: regulation}
          行政执法公示: {path: xzzf/, kind: enforcement_decision, unit: port}
          通知公告: {path: tzgg/, kind: publication, fields: {category: 其他}}

A column's ``kind`` is the evidence kind its articles become; the update kind (``site_update``)
means "only the list pages matter".  ``unit`` gives the column's records to another unit (the
unit that publishes there; spell each unit the same way throughout, preferably by its id,
since one collector is registered per spelling); the update records always belong to the
site's ``unit``: one per list entry, with ``column``, ``column_type`` (``首页``,
``动态要闻``, ``通知公告``, ``政策文件``, ``人事``, ``规划计划`` or ``其他栏目``; guessed from the
column's name unless given: 人事信息 → 人事, 规划计划 → 规划计划) and ``updated``.
``fields`` are fixed values every record of the column carries (``category`` of a publication,
the default ``doc_type`` of a policy document, which a page's own ``文件类型`` overrides).
Optional per column: ``item_selector`` (CSS, default ``li, tr``), ``content_selector`` (CSS of
the article body), ``max_pages``, ``max_articles``.

A column is read newest first down to the rule set's period (with a margin for its longest
window), its paging scheme detected from its pages; ``max_pages``, ``max_articles`` and
``max_seconds`` are safety limits only, and reaching one inside the period is reported as a
problem of the column (its kinds' findings become ``error``), never a silent cut.

Many sites: instead of ``base_url``/``unit``/``columns`` the section may hold ``sites``, a list
of such sections (``{base_url, unit, columns, …}``); its other keys are the defaults of every site
(:func:`parse_sites`).  ``per_host`` and ``delay`` hold to every request to a host, across the
sites and collectors of the run (:mod:`~disclosure_rules_website.politeness`).

The **checks of the site** give evidence of the site's own state to the site's ``unit``:
``link_check`` (every page read and every link on them to an allowed host: status, redirects,
time), ``blank_column`` (a column whose list page declares it has nothing) and
``personal_data`` (身份证号 and 手机号 written in full in a page's text).  Each runs when its
setting is ``true``, is off when it is ``false``, and when the setting is left out runs exactly
when a rule of the rule set reads its kind (so a rule over it never lacks its evidence).  With
any of them on, the site's unit reads the articles of every column (of the period), not only its
own.  ``max_links`` bounds the links probed besides the pages read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from attrs import field, frozen

from disclosure_rules.errors import PluginError
from disclosure_rules.model import Ruleset

PLUGIN = "website"
_TOP = ("base_url", "unit", "allowed_hosts", "max_pages", "max_articles", "max_seconds",
        "update_kind", "columns", "check_links", "max_links", "check_blank_columns",
        "check_personal_data", "per_host", "delay", "incremental")
#: Politeness defaults: requests to one host at once, and seconds between their starts.
PER_HOST = 2
DELAY = 0.0
#: Safety limits: a column is read down to the rule set's period; these only stop a runaway.
MAX_PAGES = 500
MAX_ARTICLES = 5000
MAX_LINKS = 2000
#: The evidence kinds of the checks of the site, by the setting that turns each on.
CHECK_KINDS = {"check_links": "link_check", "check_blank_columns": "blank_column",
               "check_personal_data": "personal_data"}
_COLUMN = ("path", "kind", "unit", "column_type", "fields", "item_selector", "content_selector",
           "max_pages", "max_articles")
#: ``column_type`` of the update records when a column does not say (by the column's name).
_COLUMN_TYPES = {"首页": "首页", "通知公告": "通知公告", "政策文件": "政策文件", "动态": "动态要闻",
                 "要闻": "动态要闻", "新闻": "动态要闻", "人事": "人事", "规划": "规划计划"}


@frozen
class Column:
    name: str
    path: str
    kind: str
    unit: str
    column_type: str = "其他栏目"
    fields: Mapping[str, Any] = field(factory=dict)
    item_selector: str | None = None
    content_selector: str | None = None
    max_pages: int = MAX_PAGES
    max_articles: int = MAX_ARTICLES


@frozen
class SiteSettings:
    base_url: str
    unit: str
    columns: tuple[Column, ...]
    allowed_hosts: tuple[str, ...] = ()
    update_kind: str | None = "site_update"
    max_seconds: float | None = None  # the whole crawl's time limit; None: the timeout's
    #: setting → True (on), False (off) or None (on when a rule reads its kind); see CHECK_KINDS
    checks: Mapping[str, bool | None] = field(factory=dict)
    max_links: int = MAX_LINKS
    per_host: int = PER_HOST
    delay: float = DELAY
    incremental: bool = True

    @property
    def host(self) -> str:
        """``name:port`` of :attr:`base_url`."""
        return urlsplit(self.base_url).netloc

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit with records on the site: the site's own first."""
        return tuple(dict.fromkeys((self.unit, *(c.unit for c in self.columns))))

    def check_kinds(self, ruleset: Ruleset | None) -> tuple[str, ...]:
        """The evidence kinds of the checks that run, for the site's unit: those turned on,
        and those left out of the settings that a rule of ``ruleset`` reads."""
        read: set[str] = set()
        if ruleset is not None:
            for _task, rule in ruleset.rules():
                read.update(rule.evidence_kinds())
        return tuple(kind for setting, kind in CHECK_KINDS.items()
                     if self.checks.get(setting) or (self.checks.get(setting) is None
                                                     and kind in read))

    def kinds_for(self, unit: str, ruleset: Ruleset | None = None) -> tuple[str, ...]:
        kinds = [c.kind for c in self.columns if c.unit == unit and c.kind != self.update_kind]
        if unit == self.unit and self.update_kind:
            kinds.append(self.update_kind)
        if unit == self.unit:
            kinds.extend(self.check_kinds(ruleset))
        return tuple(dict.fromkeys(kinds))


def _fail(message: str) -> PluginError:
    return PluginError(f"collect.yaml 中 plugins.{PLUGIN} 设置有误：{message}")


def _positive_int(value: Any, where: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(f"{where} 应为正整数，实际为 {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where} 应为非空文本，实际为 {value!r}")
    return value.strip()


def _column_type(name: str) -> str:
    for word, column_type in _COLUMN_TYPES.items():
        if word in name:
            return column_type
    return "其他栏目"


def _fields(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise _fail(f"{where} 应为映射：字段名: 值（该栏目每条记录都带上的固定字段）")
    return dict(value)


def parse_settings(raw: Mapping[str, Any]) -> SiteSettings | None:
    """Check the plugin's settings; None when the plugin is not configured (no columns).

    (The demo, serving its site on a port chosen at run time, overrides ``base_url`` with
    :meth:`~disclosure_rules.collectors.CollectConfig.with_settings`.)
    """
    if not raw:
        return None
    if "strict" in raw:
        raise _fail("strict 已取消，请删除这一行：无法读取的页面总是逐个报告（该单位相关的检查结果"
                    "为 error，已读到的记录照常保留）")
    unknown = [k for k in raw if k not in _TOP]
    if unknown:
        raise _fail(f"未知的键 {'、'.join(map(str, unknown))}（可用：{'、'.join(_TOP)}）")
    url = _text(raw.get("base_url"), "base_url")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise _fail(f"base_url 应为 http(s) 网址，实际为 {url!r}")
    if not url.endswith("/"):
        url += "/"
    unit = _text(raw.get("unit"), "unit")
    hosts = raw.get("allowed_hosts") or ()
    if isinstance(hosts, str):
        hosts = (hosts,)
    if not all(isinstance(h, str) and h.strip() for h in hosts):
        raise _fail("allowed_hosts 应为主机名列表")
    update_kind = raw.get("update_kind", "site_update")
    if update_kind is not None:
        update_kind = _text(update_kind, "update_kind")
    max_pages = _positive_int(raw.get("max_pages"), "max_pages", MAX_PAGES)
    max_articles = _positive_int(raw.get("max_articles"), "max_articles", MAX_ARTICLES)
    max_seconds = raw.get("max_seconds")
    if max_seconds is not None and (isinstance(max_seconds, bool)
                                    or not isinstance(max_seconds, int | float)
                                    or max_seconds <= 0):
        raise _fail(f"max_seconds 应为正数（秒），实际为 {max_seconds!r}")
    checks: dict[str, bool | None] = {}
    for setting in CHECK_KINDS:
        value = raw.get(setting)
        if value is not None and not isinstance(value, bool):
            raise _fail(f"{setting} 应为 true 或 false（不写则在规则集有规则用到该项检查时进行），"
                        f"实际为 {value!r}")
        checks[setting] = value
    max_links = _positive_int(raw.get("max_links"), "max_links", MAX_LINKS)
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, Mapping) or not columns_raw:
        raise _fail("columns 应为映射：栏目名: {path: ..., kind: ...}")
    columns: list[Column] = []
    for name, spec in columns_raw.items():
        where = f"columns.{name}"
        if not isinstance(spec, Mapping):
            raise _fail(f"{where} 应为映射，如 {{path: zcwj/, kind: policy_document}}")
        extra = [k for k in spec if k not in _COLUMN]
        if extra:
            raise _fail(
                f"{where} 有未知的键 {'、'.join(map(str, extra))}（可用：{'、'.join(_COLUMN)}）"
            )
        columns.append(Column(
            str(name),
            _text(spec.get("path"), f"{where}.path"),
            _text(spec.get("kind"), f"{where}.kind"),
            _text(spec.get("unit", unit), f"{where}.unit"),
            _text(spec.get("column_type") or _column_type(str(name)), f"{where}.column_type"),
            _fields(spec.get("fields"), f"{where}.fields"),
            spec.get("item_selector"),
            spec.get("content_selector"),
            _positive_int(spec.get("max_pages"), f"{where}.max_pages", max_pages),
            _positive_int(spec.get("max_articles"), f"{where}.max_articles", max_articles),
        ))
    per_host = _positive_int(raw.get("per_host"), "per_host", PER_HOST)
    delay = raw.get("delay", DELAY)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
        raise _fail(f"delay 应为不小于 0 的秒数，实际为 {delay!r}")
    incremental = raw.get("incremental", True)
    if not isinstance(incremental, bool):
        raise _fail(f"incremental 应为 true 或 false，实际为 {incremental!r}")
    return SiteSettings(url, unit, tuple(columns), tuple(h.strip() for h in hosts), update_kind,
                        float(max_seconds) if max_seconds is not None else None, checks,
                        max_links, per_host, float(delay), incremental)


def parse_sites(raw: Mapping[str, Any]) -> tuple[SiteSettings, ...]:
    """Every site of the plugin's settings: the one site of a section with ``base_url``, or
    each entry of ``sites`` (a list of such sections; the section's other keys are defaults
    every site may override).  Empty when the plugin is not configured."""
    if not raw:
        return ()
    if "sites" not in raw:
        site = parse_settings(raw)
        return (site,) if site is not None else ()
    listed = raw["sites"]
    if not isinstance(listed, list) or not listed:
        raise _fail("sites 应为站点列表，每项含 base_url、unit 和 columns")
    defaults = {k: v for k, v in raw.items() if k != "sites"}
    if "base_url" in defaults or "columns" in defaults:
        raise _fail("有 sites 时，base_url 和 columns 应写在 sites 的每一项中")
    found: list[SiteSettings] = []
    for number, entry in enumerate(listed, 1):
        if not isinstance(entry, Mapping):
            raise _fail(f"sites 第 {number} 项应为映射（base_url、unit、columns）")
        try:
            site = parse_settings({**defaults, **entry})
        except PluginError as exc:
            raise _fail(f"sites 第 {number} 项：{str(exc).split('：', 1)[-1]}") from None
        if site is None:
            raise _fail(f"sites 第 {number} 项是空的")
        found.append(site)
    return tuple(found)

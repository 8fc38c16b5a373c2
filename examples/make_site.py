"""Write the demo site of the 湘潭市交通运输局 under ``examples/site/`` (run: python make_site.py).

A small static copy of a TRS-style government site: 首页, 交通要闻, 政策文件 (paginated by a
``createPageHTML`` script: index.html, index_1.html, index_2.html), 政策解读 (paginated by
下一页 links; each interpretation links to its policy document), 行政执法公示 (双公示 of the
港航事务中心), 通知公告 (GBK-encoded pages), 政务公开工作要点 and 政府信息公开指南.

The dates sit around 国庆 2019 on purpose: 2019-09-29 (Sunday) and 2019-10-12 (Saturday) were
working days and 10-01..10-07 were not, so an engine that counts Monday–Friday gets them wrong:

- 湘潭交通〔2019〕12号 of Fri 09-27 and its interpretation of 10-08: 3 working days (pass with
  a 3-day tolerance; Monday–Friday would say 7);
- 湘潭交通〔2019〕15号 of Thu 10-10 and its interpretation of 10-15: 4 working days (fail;
  Monday–Friday would say 3);
- 湘潭交通〔2019〕18号 has no interpretation at all;
- 潭港航罚〔2019〕21号 decided Tue 09-24, published 10-08: 6 working days (双公示 7: pass);
- 潭港航罚〔2019〕25号 decided Thu 10-10, published 10-21: 8 working days (fail).

What the checks of the site find (国办秘函〔2019〕19号's dead links, blank columns and exposed
personal data):

- a dead link: the notice of 2019-12-16 links its attachment, which is not on the site (404);
- a redirect that works: the 信息公开指南 links ``/zwgkyd`` (the server redirects to ``/zwgkyd/``);
- a blank column: 规划计划 says 暂无信息 over an empty list;
- an exposed phone number: the decision 潭港航罚〔2019〕25号 shows the party's mobile number in
  full (the other decisions mask theirs: ``139****5678``, ``4303**********1234``).
"""

from __future__ import annotations

import html
import shutil
from datetime import date
from pathlib import Path

SITE = Path(__file__).resolve().parent / "site"
NAME = "湘潭市交通运输局"
COLUMNS = [  # (path, name)
    ("index.html", "首页"),
    ("jtyw/", "交通要闻"),
    ("zcwj/", "政策文件"),
    ("zcjd/", "政策解读"),
    ("xzzf/", "行政执法公示"),
    ("tzgg/", "通知公告"),
    ("zwgkyd/", "政务公开工作要点"),
    ("gkzn/", "政府信息公开指南"),
    ("ghjh/", "规划计划"),
]

POLICIES = [  # (id, date, 文号 as printed, 文件类型, title)
    (101, date(2019, 7, 1), "湘潭交通〔2019〕8号", "规范性文件",
     "湘潭市交通运输局关于印发《湘潭市公路超限运输车辆行驶公路管理办法》的通知"),
    (102, date(2019, 9, 27), "湘潭交通〔2019〕12号", "规范性文件",
     "湘潭市交通运输局关于进一步规范网络预约出租汽车经营服务的通知"),
    (103, date(2019, 9, 30), "湘潭交通〔2019〕13号", "政策性文件",
     "湘潭市交通运输局关于推进“四好农村路”高质量发展的实施意见"),
    (104, date(2019, 10, 10), "湘潭交通〔2019〕15号", "规范性文件",
     "湘潭市交通运输局关于印发《湘潭市城市公共汽车客运服务质量考核办法》的通知"),
    (105, date(2019, 11, 5), "湘潭交通〔2019〕18号", "政策性文件",
     "湘潭市交通运输局关于加快推进港口岸线资源整合的意见"),
    (106, date(2019, 12, 2), "湘潭交通[2019]20号", "规范性文件",
     "湘潭市交通运输局关于印发《湘潭市农村客运班线补贴资金管理办法》的通知"),
    (107, date(2019, 6, 20), "湘潭交通函（2019）5号", "其他文件",
     "湘潭市交通运输局关于召开全市交通运输安全生产工作会议的函"),
]

INTERPRETATIONS = [  # (id, date, policy id, form, title)
    (201, date(2019, 7, 1), 101, "文字", "《湘潭市公路超限运输车辆行驶公路管理办法》政策解读"),
    (202, date(2019, 10, 8), 102, "视频", "视频解读：网约车经营服务新规来了"),
    (203, date(2019, 10, 9), 103, "文字", "《关于推进“四好农村路”高质量发展的实施意见》解读"),
    (204, date(2019, 10, 15), 104, "文字", "《湘潭市城市公共汽车客运服务质量考核办法》解读"),
    (206, date(2019, 12, 2), 106, "图解", "图解：湘潭市农村客运班线补贴资金怎么管"),
]

DECISIONS = [  # (id, 公示日期, 决定日期, 文号 as printed, type, counterpart)
    (301, date(2019, 9, 29), date(2019, 9, 27), "潭港航许〔2019〕9号", "行政许可",
     "湘潭市某某航运有限公司"),
    (302, date(2019, 10, 8), date(2019, 9, 24), "潭港航罚〔2019〕21号", "行政处罚",
     "湘潭某某砂石有限公司"),
    (303, date(2019, 10, 21), date(2019, 10, 10), "潭港航罚〔2019〕25号", "行政处罚",
     "刘某某"),
    (304, date(2019, 11, 8), date(2019, 11, 4), "潭港航罚(2019)30号", "行政处罚",
     "湘潭某某物流有限公司"),
]

NEWS = [  # 交通要闻: (id, date, title)
    (401, date(2019, 12, 20), "市交通运输局开展冬季道路运输安全大检查"),
    (402, date(2019, 12, 9), "湘潭“四好农村路”建设通过省级验收"),
    (403, date(2019, 11, 22), "全市交通运输系统召开政务公开工作推进会"),
    (404, date(2019, 10, 12), "国庆假期全市道路运输安全平稳有序"),
    (405, date(2019, 9, 29), "市交通运输局部署国庆假期交通运输保障工作"),
]

NOTICES = [  # 通知公告 (GBK pages): (id, date, title)
    (501, date(2019, 12, 16), "关于2020年元旦期间道路客运班线调整的公告"),
    (502, date(2019, 10, 12), "关于国庆节后恢复正常办公时间的通知"),
    (503, date(2019, 9, 26), "关于2019年国庆节期间政务服务窗口值班安排的公告"),
]

#: 潭港航罚〔2019〕25号 (decision 303) shows its party's mobile number in full; the others mask
#: theirs as they should.
EXPOSED_PHONE = "13912345678"
MASKED_PARTY = "（身份证号：4303**********1234，联系电话：139****5678）"
#: The notice whose attachment link is dead (the file is not on the site).
DEAD_ATTACHMENT = (501, "P020191216501.xls", "2020年元旦期间道路客运班线调整表.xls")

KEY_POINTS = [(601, date(2019, 6, 14), "湘潭市交通运输局2019年政务公开工作要点责任分工")]
GUIDE = [(701, date(2019, 10, 30), "湘潭市交通运输局政府信息公开指南（2019年修订）")]


def article_path(folder: str, day: date, ident: int) -> str:
    return f"{folder}{day:%Y%m}/t{day:%Y%m%d}_{ident}.html"


def page(title: str, body: str, *, charset: str = "utf-8", meta: str = "") -> str:
    nav = "".join(
        f'<li><a href="/{path}">{name}</a></li>' for path, name in COLUMNS
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
{meta}<title>{html.escape(title)} - {NAME}</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<div class="header"><a href="/index.html">{NAME}</a></div>
<ul class="nav">{nav}</ul>
<div class="main">
{body}
</div>
<div class="footer">主办：{NAME}　地址：湖南省湘潭市岳塘区　网站标识码：4303000000</div>
</body>
</html>
"""


def list_page(name: str, items: list[tuple[str, date, str]], pager: str) -> str:
    rows = "\n".join(
        f'<li><a href="{href}" title="{html.escape(title)}" target="_blank">'
        f"{html.escape(title[:28] + ('…' if len(title) > 28 else ''))}</a>"
        f'<span class="date">{day:%Y-%m-%d}</span></li>'
        for href, day, title in items
    )
    return (f'<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; {name}</div>\n'
            f'<ul class="list">\n{rows}\n</ul>\n<div class="pager">{pager}</div>')


def info_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{label}：</th><td>{html.escape(value)}</td></tr>"
                    for label, value in rows)
    return f'<table class="xxgk-info">{cells}</table>'


def article(title: str, day: date, content: str, *, info: list[tuple[str, str]] | None = None,
            charset: str = "utf-8", date_style: str = "dash") -> str:
    shown = f"{day:%Y-%m-%d}" if date_style == "dash" else f"{day.year}年{day:%m}月{day:%d}日"
    meta = (f'<meta name="ArticleTitle" content="{html.escape(title)}">\n'
            f'<meta name="ContentSource" content="{NAME}">\n')
    body = (
        (info_table(info) if info else "")
        + f'<h1 class="article-title">{html.escape(title)}</h1>\n'
        + f'<div class="article-info">发布时间：{shown}　来源：{NAME}　'
        + '<a href="javascript:window.print()">打印</a></div>\n'
        + f'<div class="article-content">{content}</div>'
    )
    return page(title, body, charset=charset, meta=meta)


def write(path: str, text: str, encoding: str = "utf-8") -> None:
    target = SITE / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode(encoding))


def pages(folder: str, items: list[tuple[str, date, str]], per_page: int):
    """(number, count, file name, items with links relative to ``folder``) of each list page."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for number, chunk in enumerate(chunks):
        relative = [(href.removeprefix(folder), day, title) for href, day, title in chunk]
        yield number, len(chunks), index_file(number), relative


def index_file(number: int) -> str:
    return "index.html" if number == 0 else f"index_{number}.html"


def trs_pages(folder: str, name: str, items: list[tuple[str, date, str]], per_page: int) -> None:
    """List pages paginated by a TRS ``createPageHTML`` script (index.html, index_1.html …)."""
    for number, count, file, relative in pages(folder, items, per_page):
        script = (f'<script type="text/javascript">createPageHTML({count}, {number}, '
                  '"index", "html");</script>')
        write(folder + file, page(name, list_page(name, relative, script)))


def linked_pages(folder: str, name: str, items: list[tuple[str, date, str]], per_page: int,
                 encoding: str = "utf-8") -> None:
    """List pages paginated by 上一页/下一页 links."""
    for number, count, file, relative in pages(folder, items, per_page):
        links = []
        if number > 0:
            links.append(f'<a href="{index_file(number - 1)}">上一页</a>')
        if number + 1 < count:
            links.append(f'<a href="{index_file(number + 1)}">下一页</a>')
        pager = f"第{number + 1}页/共{count}页 " + " ".join(links)
        write(folder + file, page(name, list_page(name, relative, pager), charset=encoding),
              encoding)


def main() -> None:
    if SITE.exists():
        shutil.rmtree(SITE)
    (SITE / "css").mkdir(parents=True)
    (SITE / "css" / "site.css").write_text(
        "body{font-family:sans-serif;margin:0}.nav li{display:inline;margin:0 1em}"
        ".list li{list-style:none}.date{float:right;color:#888}.main{margin:1em 3em}\n",
        encoding="utf-8")

    policy_href = {}
    items = []
    for ident, day, number, doc_type, title in sorted(POLICIES, key=lambda p: p[1], reverse=True):
        href = article_path("zcwj/", day, ident)
        policy_href[ident] = href
        items.append((href, day, title))
        info = [("索引号", f"43030000-01-{day:%Y-%m%d}-{ident}"), ("发布机构", NAME),
                ("文号", number), ("文件类型", doc_type), ("发布日期", f"{day:%Y-%m-%d}")]
        content = (f"<p>各县（市、区）交通运输局，局属各单位、机关各科室：</p>"
                   "<p>根据有关法律法规和上级文件精神，结合我市实际，现将有关事项通知如下，"
                   "请认真遵照执行。</p>"
                   f'<p style="text-align:right">{NAME}<br>'
                   f"{day.year}年{day.month}月{day.day}日</p>")
        write(href, article(title, day, content, info=info, date_style="cn"))
    trs_pages("zcwj/", "政策文件", items, per_page=3)

    items = []
    for ident, day, policy, form, title in sorted(INTERPRETATIONS, key=lambda p: p[1],
                                                  reverse=True):
        href = article_path("zcjd/", day, ident)
        items.append((href, day, title))
        target = "../../" + policy_href[policy]
        policy_title = next(p[4] for p in POLICIES if p[0] == policy)
        if form == "视频":
            content = ('<p>本期视频带您读懂新规。</p>'
                       '<video controls src="/media/wyc.mp4" width="640"></video>')
        elif form == "图解":
            content = "".join(f'<p><img src="/images/tj{n}.png" alt="图解{n}"></p>'
                              for n in range(1, 4))
        else:
            content = ("<p>一、制定背景</p>"
                       "<p>为贯彻落实国家和省有关部署，结合我市实际，制定本文件。</p>"
                       "<p>二、主要内容</p>"
                       "<p>文件共分五个部分，明确了工作目标、重点任务和保障措施。</p>")
        content += f'<p>相关文件：<a href="{target}">《{html.escape(policy_title)}》</a></p>'
        write(href, article(title, day, content))
    linked_pages("zcjd/", "政策解读", items, per_page=3)

    items = []
    for ident, day, decided, number, kind, who in sorted(DECISIONS, key=lambda d: d[1],
                                                         reverse=True):
        href = article_path("xzzf/", day, ident)
        title = f"{kind}决定公示（{number}）"
        items.append((href, day, title))
        decided_text = f"{decided.year}年{decided.month}月{decided.day}日"
        info = [("决定书文号", number), ("处罚类别" if kind == "行政处罚" else "许可类别", kind),
                ("行政相对人名称", who), ("决定日期", decided_text),
                ("实施机关", "湘潭市港航事务中心"), ("公示日期", f"{day:%Y-%m-%d}")]
        content = ("<p>根据《中华人民共和国行政许可法》《中华人民共和国行政处罚法》"
                   "有关规定，现将决定信息予以公示。</p>")
        if kind == "行政处罚":
            party = (f"（联系电话：{EXPOSED_PHONE}）" if ident == 303 else MASKED_PARTY)
            content += f"<p>当事人：{html.escape(who)}{party}</p>"
        write(href, article(title, day, content, info=info))
    linked_pages("xzzf/", "行政执法公示", items, per_page=2)

    items = []
    for ident, day, title in NOTICES:
        href = article_path("tzgg/", day, ident)
        items.append((href, day, title))
        content = "<p>特此公告。</p>"
        if ident == DEAD_ATTACHMENT[0]:
            content += f'<p>附件：<a href="{DEAD_ATTACHMENT[1]}">{DEAD_ATTACHMENT[2]}</a></p>'
        write(href, article(title, day, content, charset="gbk", date_style="cn"), "gbk")
    linked_pages("tzgg/", "通知公告", items, per_page=10, encoding="gbk")

    for folder, name, rows in (("jtyw/", "交通要闻", NEWS),
                               ("zwgkyd/", "政务公开工作要点", KEY_POINTS),
                               ("gkzn/", "政府信息公开指南", GUIDE)):
        items = []
        for ident, day, title in rows:
            href = article_path(folder, day, ident)
            items.append((href, day, title))
            content = f"<p>{html.escape(title)}。</p>"
            if folder == "gkzn/":  # the folder without its slash: the server redirects
                content += '<p>另见：<a href="/zwgkyd">政务公开工作要点</a></p>'
            write(href, article(title, day, content))
        linked_pages(folder, name, items, per_page=10)

    # 规划计划: a blank column, saying so
    blank = ('<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; 规划计划</div>\n'
             '<ul class="list">\n</ul>\n<div class="no-data">暂无信息</div>')
    write("ghjh/index.html", page("规划计划", blank))

    latest = sorted(
        [(article_path("jtyw/", d, i), d, t) for i, d, t in NEWS]
        + [(article_path("tzgg/", d, i), d, t) for i, d, t in NOTICES]
        + [(policy_href[i], d, t) for i, d, _n, _k, t in POLICIES],
        key=lambda item: item[1], reverse=True)[:8]
    write("index.html", page("首页", list_page("首页", latest, "")))


if __name__ == "__main__":
    main()

"""Whether a page or a link of the site answers: the ``link_check`` evidence.

Every page the crawler reads is checked by reading it; every link found on those pages to an
allowed host is probed (:meth:`~disclosure_rules.collectors.HttpClient.probe`: its status line
and headers, not its body).  The outcome, in the words of the evidence:

- ``可访问``: the final answer, after redirects, is below 400 (a page too large to read
  answered too: it is ``可访问``, with the limit noted); a redirect that leaves the allowed
  hosts is ``可访问`` as far as the site goes (its target is not checked);
- ``链接失效``: HTTP 400 or above (404 找不到, 500 服务器错误…), after redirects;
- ``超时``: no answer within the read or connect timeout;
- ``无法访问``: no HTTP answer at all (connection refused, name not found, more than 10
  redirects, a redirect to something that is not http(s)).

A link to a host that is not allowed is not probed and not recorded: it is another site.
"""

from __future__ import annotations

from attrs import frozen

from disclosure_rules.collectors import HttpClient, HttpError, HttpResponse

REACHABLE = "可访问"
BROKEN = "链接失效"
TIMED_OUT = "超时"
UNREACHABLE = "无法访问"
OUTCOMES = (REACHABLE, BROKEN, TIMED_OUT, UNREACHABLE)


@frozen
class LinkCheck:
    """The answer to one URL: outcome, final status, redirects, seconds and a note."""

    url: str
    outcome: str
    seconds: float
    status: int | None = None
    final_url: str | None = None
    redirects: int = 0
    detail: str | None = None

    def fields(self) -> dict[str, object]:
        """The check as ``link_check`` fields (without date, page and column)."""
        return {"url": self.url, "outcome": self.outcome, "status": self.status,
                "final_url": self.final_url, "redirects": self.redirects,
                "seconds": round(self.seconds, 3), "detail": self.detail}


def answered(response: HttpResponse, seconds: float) -> LinkCheck:
    """The check of a URL that answered."""
    return LinkCheck(response.url, REACHABLE, seconds, response.status, response.final_url,
                     len(response.redirects))


def failed(error: HttpError, seconds: float, http: HttpClient) -> LinkCheck:
    """The check of a URL whose request failed, classified as the module says."""
    final = error.redirects[-1] if error.redirects else error.url
    detail = str(error).removeprefix(f"{error.url}：")
    hops = len(error.redirects)
    if error.status is not None and error.status >= 400:
        return LinkCheck(error.url, BROKEN, seconds, error.status, final, hops, detail)
    if error.status is not None:  # answered, but too large to read
        return LinkCheck(error.url, REACHABLE, seconds, error.status, final, hops, detail)
    if error.timed_out:
        return LinkCheck(error.url, TIMED_OUT, seconds, None, final, hops, detail)
    if error.redirects and not http.is_allowed(final) and final.startswith(("http:", "https:")):
        return LinkCheck(error.url, REACHABLE, seconds, None, final, hops,
                         "重定向到未允许访问的主机，目标未检查")
    return LinkCheck(error.url, UNREACHABLE, seconds, None, final, hops, detail)

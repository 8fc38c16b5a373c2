"""Report writers: each reads only a :class:`~disclosure_rules.findings.Result`.

A writer is a :class:`~disclosure_rules.reports.writer.ReportWriter` registered through the
``disclosure_rules_report_writers`` hook; the built-in ones (text, html, xlsx, md, junit, json)
are registered by :mod:`disclosure_rules.reports.builtin`, a plugin of the same hook.
"""

"""Report writers: each reads only a :class:`~disclosure_rules.findings.Result`."""

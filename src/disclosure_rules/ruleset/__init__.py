"""The rule set: its model, reading it from YAML, deadlines, the working-day calendar,
lint and diff.  The lowest layer above :mod:`disclosure_rules.errors`."""

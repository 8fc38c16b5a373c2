"""Subcommands of the CLI, one module each (see ``disclosure_rules.cli``)."""

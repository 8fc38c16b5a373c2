"""The ``disclosure-rules`` command line.

Each subcommand is a module of ``disclosure_rules.commands`` with ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``; this module only finds them and turns library
errors into messages on stderr (never a traceback for bad input).

Exit codes: 0 success, 1 the checked thing is wrong (invalid rule set, failed findings),
2 bad input or usage.  A reader that stops early (``check ... | head``) ends the command
quietly with exit code 1, never a ``BrokenPipeError`` traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__, commands
from .errors import DisclosureRulesError, InputError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosure-rules",
        description="政务公开责任分工表：规则集校验、证据收集与检查。",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(handler=module.run)
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse sizes the name column by the subcommands' names without the extra indent it
    prints them with, so the longest name (import-evidence) would stand on a line of its own,
    apart from what it does; one indent step more keeps every name beside its help."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.nargs == argparse.PARSER:
            self._action_max_length += self._indent_increment


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.handler(args))
        sys.stdout.flush()  # inside the try: a closed pipe is met here, not at exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except DisclosureRulesError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


def _reader_gone() -> int:
    """The reader of stdout closed the pipe: stop writing, and point stdout at /dev/null so the
    interpreter's final flush of what is still buffered cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a real file (captured in tests)
        pass
    return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The command line: `imrcheck check|stats|clean|parse|stance|explain|rules|eval`.

Exit codes (as ruff's): 0 clean, 1 findings at or above --fail-on, 2 usage or input error,
130 and 143 when interrupted or terminated. Every error reaches the user as one line on
stderr; no traceback is ever shown.

The package: `parser` (the arguments), `check` (check, stats, clean), `commands` (parse,
stance, explain, rules, eval), `common` (exit codes and errors).
"""
from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn

from checker.cli.check import command_check, command_clean, command_stats
from checker.cli.commands import command_eval, command_explain, command_parse, command_rules, command_stance
from checker.cli.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    MAX_TIMEOUT,
    Terminated,
    UsageError,
)
from checker.cli.parser import build_parser

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_TERMINATED", "MAX_TIMEOUT",
           "Terminated", "UsageError", "main"]


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        arguments = build_parser().parse_args(argv)
        if arguments.command is None:
            build_parser().print_help()
            return EXIT_ERROR
        code = _COMMANDS[arguments.command](arguments)
        # Written here, not at interpreter exit, so a full disk is reported like any error.
        sys.stdout.flush()
        return code
    except UsageError as error:
        print(f"imrcheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("imrcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("imrcheck: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        _die_of_broken_pipe()
    except OSError as error:
        # Letters, config and baselines report their own errors; what is left is mostly the
        # report's own stream (a full disk, a closed descriptor).
        _silence_stdout()
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        print(f"imrcheck: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit:
        # --version and --help exit here; naming _input_errors() below would import the
        # whole pipeline just to compare against it.
        raise
    except _input_errors() as error:
        print(f"imrcheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    # Output still buffered would fail again, noisily, when the interpreter exits.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _die_of_broken_pipe() -> NoReturn:
    """The reader (e.g. `| head`) went away: end as Unix tools do, killed by SIGPIPE.

    Returning 0 would tell a CI gate that findings it never saw passed; the letters not yet
    checked may hold more, so no exit code computed here could be trusted either.
    """
    _silence_stdout()
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(EXIT_FINDINGS)


def _input_errors() -> tuple[type[Exception], ...]:
    from checker.reading import InputError
    from checker.rulebase import RuleFileError

    return (InputError, RuleFileError)



_COMMANDS = {"check": command_check, "parse": command_parse, "explain": command_explain,
             "rules": command_rules, "eval": command_eval, "stats": command_stats, "clean": command_clean,
             "stance": command_stance}



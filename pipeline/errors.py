"""kith's one error hierarchy: every expected failure is a click exception carrying its exit code.

Library code raises these (or their subclasses in the modules that detect the problem); the
`kith` command group renders them in one place (`pipeline.cli_base.KithGroup`): one sentence on
stderr, starting with "kith: " (indented detail lines may follow it, such as why each input file
was not read), and the exit code below. Anything else is an internal error:
one sentence, exit 1, its traceback in a crash report (pipeline/crash.py) and on stderr
only under --debug.

Exit codes (every command):
  0  done
  1  failed: no usable input, the output could not be written or read (previous output kept)
  2  usage or configuration error: a bad option, an invalid config or user file, an unknown or
     ambiguous person
  3  done, but with rejects (or failed owners) under --strict
  75 another run holds the output folder's lock: try again later (EX_TEMPFAIL)
"""

from __future__ import annotations

import sys

import click

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_STRICT = 3
EXIT_LOCKED = 75



def is_internal(exc: BaseException) -> bool:
    """An internal error: any Exception, and a Rust library's panic, which pyo3 raises as a
    PanicException deriving from BaseException alone, so `except Exception` let it through as
    a raw traceback (polars 2.1's format panicked on a filtered column: pipeline/textfmt.py).
    Not KeyboardInterrupt, SystemExit or GeneratorExit. polars is looked up, not imported: a
    panic from it means it is loaded."""
    if isinstance(exc, Exception):
        return True
    polars_errors = sys.modules.get("polars.exceptions")
    panic = getattr(polars_errors, "PanicException", None)
    return panic is not None and isinstance(exc, panic)


INTERNAL_ERROR = ("failed with an internal error; run again with --debug for the traceback. "
                  "The previous output, if any, is unchanged.")
INTERNAL_ERROR_AT = ("failed with an internal error ({kind}); its traceback is in {report} "
                     "(e-mail addresses and phone numbers masked), or run again with --debug. "
                     "The previous output, if any, is unchanged.")


class KithError(click.ClickException):
    """An expected failure with a one-sentence message for the user."""

    exit_code = EXIT_FAILED

    def show(self, file=None) -> None:  # noqa: ARG002 - click's signature
        click.echo(f"kith: {self.format_message()}", err=True)

    def __reduce__(self):
        # Batch workers send exceptions across processes; keep the subclass and message.
        return (type(self), (self.message,))


class Failed(KithError):
    """The work could not be done (missing or unreadable outputs, nothing to read)."""

    exit_code = EXIT_FAILED


class UsageProblem(KithError):
    """The user asked for something kith cannot do as asked: fix the command or the file."""

    exit_code = EXIT_USAGE


class Locked(KithError):
    """Another run holds the output folder."""

    exit_code = EXIT_LOCKED


def like(exc: KithError, message: str) -> KithError:
    """An error with the same exit code as `exc` and another message."""
    kind = {EXIT_USAGE: UsageProblem, EXIT_LOCKED: Locked}.get(exc.exit_code, Failed)
    return kind(message)


def first_line(exc: KithError) -> str:
    """The message's sentence, without the detail lines that may follow it."""
    return exc.message.partition("\n")[0]


def with_prefix(exc: KithError, prefix: str, suffix: str = "") -> KithError:
    """An error with the same exit code, with context around its message's first line (the
    lines after it, such as a list of files, stay last)."""
    first, newline, details = exc.message.partition("\n")
    return like(exc, f"{prefix}{first}{suffix}{newline}{details}")

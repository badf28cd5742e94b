"""zhifa's exceptions. The C++ core maps absl::Status to these in one function (RaiseStatus in _zhifa.cc), and
the Python layer raises the same types for the same faults, whichever function you call.

- ``InputError`` (a ``ValueError``): bad input — a count that breaks a rule, a malformed period or date, a bad
  rule file. ``.row`` is the DataFrame index label of the bad row (None outside a table) and ``.column`` the
  column as the caller named it (``'closed'`` or ``'办结数量'``).
- ``UnknownUnitError`` (an ``InputError`` and a ``KeyError``): a unit name the registry does not know.
- ``CoverageError`` (an ``InputError``): the data does not cover the question — a date outside a work calendar,
  a period no rule set of the book is in force for, a rule set applied outside its dates without asking.
- ``NotFoundError`` (a ``LookupError``): something named does not exist — a built-in id, a material.
- ``FileMissingError`` (a ``NotFoundError`` and a ``FileNotFoundError``): a file that cannot be read.
- ``Error`` (a ``RuntimeError``): anything else the core reports.

All derive from ``ZhifaError``, so ``except zhifa.ZhifaError`` catches any of them.
"""

from __future__ import annotations

from typing import Any, Hashable, Optional


class ZhifaError(Exception):
    """Base of zhifa's exceptions; carries ``row`` and ``column`` (either may be None)."""

    row: Optional[Hashable]
    column: Optional[str]
    code: Optional[str]

    def __init__(self, message: str, row: Optional[Hashable] = None, column: Optional[str] = None) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.code = None

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> Any:
        return (self.__class__, (str(self), self.row, self.column))


class Error(ZhifaError, RuntimeError):
    """An error of the zhifa core that is not about the input."""


class InputError(ZhifaError, ValueError):
    """Bad input, with the ``row`` and ``column`` where it is (when known)."""


class UnknownUnitError(InputError, KeyError):
    """A unit name that the registry does not know."""


class CoverageError(InputError):
    """A question the data does not cover: a date outside a work calendar, a period without a rule set."""


class NotFoundError(ZhifaError, LookupError):
    """Something named does not exist: a built-in id, a material."""


class FileMissingError(NotFoundError, FileNotFoundError):
    """A file that cannot be opened; the message names the path."""

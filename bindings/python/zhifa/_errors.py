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
- ``UsageError`` (a ``TypeError``): a call zhifa cannot take — ``X.__new__(X)`` without ``X(...)``, pickling a
  type that cannot be pickled (a ``LedgerStore``), a value the core cannot convert.
- ``Error`` (a ``RuntimeError``): anything else the core reports.

All derive from ``ZhifaError``, so ``except zhifa.ZhifaError`` catches any of them.
"""

from __future__ import annotations

import functools
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


class UsageError(ZhifaError, TypeError):
    """A call zhifa cannot take: an object made by ``__new__`` alone, pickling what does not pickle."""


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


def _usage_errors(callable_: Any) -> Any:
    """``callable_`` raising ``UsageError`` where pybind11 raises a plain ``TypeError`` for arguments of types the
    core cannot take ("incompatible function arguments"); every other exception passes through unchanged."""

    @functools.wraps(callable_)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return callable_(*args, **kwargs)
        except TypeError as e:
            if isinstance(e, ZhifaError) or "incompatible" not in str(e):
                raise
            raise UsageError(str(e)) from None

    return call


def guard_core_types(module: Any) -> None:
    """Wraps the methods and static methods of the core's classes (``__init__`` included) with
    ``_usage_errors``, so that a call with arguments of the wrong type raises ``zhifa.UsageError``."""
    for cls in vars(module).values():
        if not isinstance(cls, type) or issubclass(cls, BaseException) or type(cls).__name__ != "pybind11_type":
            continue
        for name, member in list(vars(cls).items()):
            if name.startswith("__") and name != "__init__":
                continue
            if type(member).__name__ == "instancemethod":
                setattr(cls, name, _usage_errors(member.__func__))
            elif isinstance(member, staticmethod) and type(member.__func__).__name__ == "builtin_function_or_method":
                setattr(cls, name, staticmethod(_usage_errors(member.__func__)))

"""zhifa's exceptions. The C++ core maps absl::Status to these in one function (RaiseStatus in _zhifa.cc).

- ``InputError`` (a ``ValueError``): bad input — a count that breaks a rule, a malformed period, a bad rule
  file. ``.row`` is the DataFrame index label of the bad row (None outside a table) and ``.column`` the column
  as the caller named it (``'closed'`` or ``'办结数量'``).
- ``UnknownUnitError`` (a ``KeyError``): a unit name the registry does not know.
- ``Error`` (a ``RuntimeError``): anything else the core reports.

All three derive from ``ZhifaError``, so ``except zhifa.ZhifaError`` catches any of them.
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


class UnknownUnitError(ZhifaError, KeyError):
    """A unit name that the registry does not know."""

"""How zhifa's C++ types pickle: each one's __reduce__ names ``restore`` here (a plain Python function, which
every pickle protocol can refer to) and the C++ constructor that rebuilds it from its state — a rule set from its
canonical TOML, a scorecard by replaying its rules and counts, a calendar from its documents."""

from typing import Any

from . import _zhifa
from ._errors import InputError


def restore(constructor: str, state: Any) -> Any:
    """Rebuilds a pickled zhifa object: ``_zhifa.<constructor>(state)``."""
    if not constructor.startswith("_") or not constructor.endswith("_from_pickle"):
        raise InputError(f"{constructor!r} is not a zhifa pickle constructor")
    return getattr(_zhifa, constructor)(state)

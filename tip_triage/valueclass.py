"""Equality, hash and repr by fields, as @dataclass(frozen=True) writes them, written once for every class.

@dataclass compiles its methods anew for each class at import, about 1 ms a class: for the model's twenty
classes, a good part of the start-up of every command (bench/startup.py). A class declared
`@dataclass(frozen=True, eq=False, repr=False)` that derives from `Value` gets the same behaviour from here:
equal when of the same class with equal fields, the hash of the fields' tuple, `Name(field=value, ...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar


class Value:
    """The base of a frozen dataclass declared with eq=False, repr=False: the generated methods' behaviour."""

    __slots__ = ()
    _fields_key: Callable[[Any], tuple[Any, ...]] | None = None  # set on each class at its first use

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = self._fields_key or _key(self.__class__)
            return bool(key(self) == key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._fields_key or _key(self.__class__))(self))

    def __repr__(self) -> str:
        values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({values})"


def _key(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of an instance's fields, in order: made once per class, kept on the class."""
    names = [f.name for f in fields(cls)]
    if len(names) >= 2:
        key: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
    else:
        getters = [attrgetter(n) for n in names]
        key = lambda value: tuple(g(value) for g in getters)  # noqa: E731
    type.__setattr__(cls, "_fields_key", key)
    return key


_new = object.__new__
V = TypeVar("V", bound=Value)


def made(cls: type[V], fields: dict[str, Any]) -> V:
    """An instance from every one of its fields at once: one update of its __dict__ instead of the generated
    __init__'s object.__setattr__ per field (a quarter of the time), for the objects made once per case of a
    batch (its Case, its Result). `fields` must name every field (tests/test_valueclass.py checks each use)."""
    obj = _new(cls)
    obj.__dict__.update(fields)
    return obj

"""Input coercion and validation shared by the capacity inputs (private)."""

from __future__ import annotations

import operator

import numpy as np
import numpy.typing as npt

from tandem.engine.errors import InvalidInput

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def _one_dimensional(path: str, values: object, length: int | None) -> npt.NDArray[np.generic]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidInput(path, "must be a one-dimensional sequence")
    if length is not None and len(array) != length:
        raise InvalidInput(path, f"must have {length} entries, as many as the first field")
    return array


def assign(target: object, **values: object) -> None:
    """Set fields of a frozen dataclass from its ``__post_init__``."""
    for name, value in values.items():
        object.__setattr__(target, name, value)


def as_whole(
    path: str, value: object, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """One whole number (Python or numpy integer, not a bool) within the bounds, as an int."""
    low = "" if minimum is None else f" of at least {minimum}"
    top = "" if maximum is None else f" and at most {maximum}"
    message = f"must be a whole number{low}{top}"
    if isinstance(value, bool | np.bool_):
        raise InvalidInput(path, message)
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInput(path, message) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InvalidInput(path, message)
    return number


def refuse(path: str, bad: BoolArray, message: str) -> None:
    """Raise InvalidInput naming the first flagged position of ``path``, if any."""
    if bad.any():
        raise InvalidInput(f"{path}[{int(np.argmax(bad))}]", message)


def as_ints(path: str, values: object, length: int | None = None) -> IntArray:
    """Whole numbers as an int64 array; InvalidInput naming the first bad position."""
    array = _one_dimensional(path, values, length)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.dtype.kind in "iu":
        return array.astype(np.int64)
    if array.dtype.kind != "f":
        raise InvalidInput(path, "must be whole numbers")
    floats = array.astype(np.float64)
    refuse(path, ~np.isfinite(floats) | (floats != np.round(floats)), "must be a whole number")
    return floats.astype(np.int64)


def as_floats(path: str, values: object, length: int | None = None) -> FloatArray:
    """Finite numbers as a float64 array; InvalidInput naming the first bad position."""
    array = _one_dimensional(path, values, length)
    if array.size == 0:
        return np.zeros(0, dtype=np.float64)
    if array.dtype.kind not in "iuf":
        raise InvalidInput(path, "must be numbers")
    floats = array.astype(np.float64)
    refuse(path, ~np.isfinite(floats), "must be a finite number")
    return floats


def as_bools(path: str, values: object, length: int | None = None) -> BoolArray:
    """Booleans (or 0/1) as a bool array."""
    array = _one_dimensional(path, values, length)
    if array.size == 0:
        return np.zeros(0, dtype=np.bool_)
    if array.dtype.kind == "b":
        return array.astype(np.bool_)
    if array.dtype.kind not in "iu":
        raise InvalidInput(path, "must be true or false")
    refuse(path, (array != 0) & (array != 1), "must be true or false")
    return array.astype(np.bool_)


def check_index(path: str, values: IntArray, count: int, things: str) -> None:
    """Every value must index one of the ``count`` ``things`` (a plural noun)."""
    bad = (values < 0) | (values >= count)
    if count == 0:
        refuse(path, bad, f"refers to one of the {things}, but there are none")
    refuse(path, bad, f"must name one of the {count} {things} (0–{count - 1})")


def no_ints() -> IntArray:
    """An empty int64 array, the default of an empty entry list."""
    return np.zeros(0, dtype=np.int64)


def no_floats() -> FloatArray:
    """An empty float64 array, the default of an empty entry list."""
    return np.zeros(0, dtype=np.float64)


def no_bools() -> BoolArray:
    """An empty bool array, the default of an empty entry list."""
    return np.zeros(0, dtype=np.bool_)

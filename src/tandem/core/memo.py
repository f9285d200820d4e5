"""A small per-process memo for results that are pure functions of the records."""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from typing import Any

_EVERY: list[Any] = []  # every memo of the process, for `clear_all`


def clear_all() -> None:
    """Forget every memo's results (tests start each from nothing: a rolled-back database
    hands out the same ids and stamps again)."""
    for memo in _EVERY:
        memo.clear()


class PickledMemo:
    """The last `size` results this process worked out, keyed by a data stamp (and whatever
    else the result depends on): a changed record gives a new key, so there is nothing to
    invalidate and nothing shared between processes. Results are kept pickled, so every
    caller gets its own copy to read or change."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()
        _EVERY.append(self)

    def get(self, key: tuple) -> dict[str, Any] | None:
        """A copy of the result for `key`, or None."""
        with self._lock:
            blob = self._results.get(key)
            if blob is not None:
                self._results.move_to_end(key)
        return None if blob is None else pickle.loads(blob)  # noqa: S301 (our own bytes)

    def put(self, key: tuple, result: dict[str, Any]) -> dict[str, Any]:
        """Remember `result` under `key` (forgetting the oldest past `size`); a copy of it."""
        blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._results[key] = blob
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return pickle.loads(blob)  # noqa: S301 (our own bytes)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._results.clear()


class SharedMemo:
    """Like `PickledMemo`, but every caller gets the one object kept: for results nobody
    changes (rendered bytes and strings, chart options that only templates read), where a
    copy per request would cost more than working the result out again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        _EVERY.append(self)

    def get(self, key: tuple) -> Any:
        """The result kept for `key`, or None."""
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
        return found

    def put(self, key: tuple, result: Any) -> Any:
        """Keep `result` under `key` (forgetting the oldest past `size`); `result`."""
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return result

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._results.clear()

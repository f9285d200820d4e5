"""Errors the engine raises."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input data the engine cannot work with.

    Parameters
    ----------
    path
        Where the problem is, e.g. ``"edges[3]"``.
    message
        What is wrong, for people.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

"""Tandem's planning engine: pure Python over plain data. It never imports Django.

Callers use only the names listed in ``__all__``.
"""

from tandem.engine.errors import InvalidInput
from tandem.engine.graph import find_cycle, topological_order

__all__ = ["InvalidInput", "find_cycle", "topological_order"]

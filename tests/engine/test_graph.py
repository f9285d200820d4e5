"""Dependency graphs: cycle detection and topological order, without Django."""

import pytest

from tandem.engine import InvalidInput, find_cycle, topological_order


def test_find_cycle_none_in_a_chain():
    """A chain has no cycle."""
    assert find_cycle([(1, 2), (2, 3), (3, 4)]) is None


def test_find_cycle_none_for_no_edges():
    """No edges, no cycle."""
    assert find_cycle([]) is None


def test_find_cycle_returns_the_loop_closed():
    """The cycle comes back with its first item repeated at the end."""
    assert find_cycle([(1, 2), (2, 3), (3, 1), (3, 4)]) == [1, 2, 3, 1]


def test_find_cycle_finds_a_self_loop():
    """An item depending on itself is a cycle of one."""
    assert find_cycle([(5, 5)]) == [5, 5]


def test_find_cycle_ignores_diamonds():
    """Two paths to the same item are not a cycle."""
    assert find_cycle([(1, 2), (1, 3), (2, 4), (3, 4)]) is None


def test_find_cycle_is_deterministic_whatever_the_edge_order():
    """The same edges in another order give the same cycle."""
    edges = [(4, 5), (5, 6), (6, 4), (1, 2)]
    assert find_cycle(edges) == find_cycle(list(reversed(edges))) == [4, 5, 6, 4]


def test_find_cycle_refuses_an_edge_that_is_not_a_pair():
    """A malformed edge names its position."""
    with pytest.raises(InvalidInput) as err:
        find_cycle([(1, 2), (3,)])  # type: ignore[list-item]
    assert err.value.path == "edges[1]"
    assert str(err.value) == "edges[1]: must be a (predecessor, successor) pair"


def test_topological_order_puts_predecessors_first():
    """Every predecessor precedes its successors; ties go to the smaller item."""
    order = topological_order([(3, 1), (2, 1), (1, 4)], items=[9])
    assert order == [2, 3, 1, 4, 9]


def test_topological_order_refuses_a_cycle():
    """A cycle cannot be ordered; the message shows it."""
    with pytest.raises(InvalidInput) as err:
        topological_order([(1, 2), (2, 1)])
    assert err.value.message == "contain a cycle: 1 → 2 → 1"


def test_engine_imports_no_django():
    """The engine package is importable with no Django module loaded by it."""
    import subprocess
    import sys

    code = (
        "import sys, tandem.engine; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""Directed graphs of finish-to-start dependencies between items identified by integers."""

from __future__ import annotations

from collections.abc import Iterable

from tandem.engine.errors import InvalidInput

Edge = tuple[int, int]


def _adjacency(edges: Iterable[Edge]) -> dict[int, list[int]]:
    adjacency: dict[int, list[int]] = {}
    for position, edge in enumerate(edges):
        if len(edge) != 2:
            raise InvalidInput(f"edges[{position}]", "must be a (predecessor, successor) pair")
        before, after = edge
        adjacency.setdefault(before, []).append(after)
        adjacency.setdefault(after, [])
    for successors in adjacency.values():
        successors.sort()
    return adjacency


def find_cycle(edges: Iterable[Edge]) -> list[int] | None:
    """Find one dependency cycle, if there is any.

    Parameters
    ----------
    edges
        ``(predecessor, successor)`` pairs.

    Returns
    -------
    list of int or None
        The items along a cycle, first item repeated at the end (``[a, b, a]``),
        or ``None`` when the graph has no cycle. The same edges give the same cycle.

    Raises
    ------
    InvalidInput
        If an edge is not a pair.
    """
    adjacency = _adjacency(edges)
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(adjacency, white)
    for root in sorted(adjacency):
        if colour[root] != white:
            continue
        path = [root]
        stack = [iter(adjacency[root])]
        colour[root] = grey
        while stack:
            following = next(stack[-1], None)
            if following is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour[following] == grey:
                return [*path[path.index(following) :], following]
            elif colour[following] == white:
                colour[following] = grey
                path.append(following)
                stack.append(iter(adjacency[following]))
    return None


def topological_order(edges: Iterable[Edge], items: Iterable[int] = ()) -> list[int]:
    """Order items so every predecessor comes before its successors.

    Parameters
    ----------
    edges
        ``(predecessor, successor)`` pairs.
    items
        Further items without edges, to include in the order.

    Returns
    -------
    list of int
        All items, predecessors first, ties broken by the smaller item.

    Raises
    ------
    InvalidInput
        If the edges contain a cycle.
    """
    edge_list = list(edges)
    adjacency = _adjacency(edge_list)
    for item in items:
        adjacency.setdefault(item, [])
    cycle = find_cycle(edge_list)
    if cycle is not None:
        raise InvalidInput("edges", "contain a cycle: " + " → ".join(map(str, cycle)))
    indegree = dict.fromkeys(adjacency, 0)
    for successors in adjacency.values():
        for after in successors:
            indegree[after] += 1
    ready = sorted(item for item, degree in indegree.items() if degree == 0)
    order: list[int] = []
    while ready:
        item = ready.pop(0)
        order.append(item)
        for after in adjacency[item]:
            indegree[after] -= 1
            if indegree[after] == 0:
                ready.append(after)
        ready.sort()
    return order

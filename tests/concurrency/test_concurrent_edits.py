"""Sixteen clients editing the same rows of a real server: every accepted edit counts once.

Each client reads the record (its version), then sends a PATCH based on that version; the
service locks the row and compares versions, so of the clients that read the same version one
wins and the others get 409. Runs on SQLite, or on PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.concurrency.server import Server, running_server

pytestmark = pytest.mark.slow
log = logging.getLogger(__name__)
CLIENTS = 16
ATTEMPTS = 8  # per client


@pytest.fixture(scope="module")
def server():
    with running_server(threads=CLIENTS) as running:
        yield running


@dataclass
class Tally:
    """What the clients saw: statuses, the values each accepted edit wrote, unexpected answers."""

    statuses: Counter = field(default_factory=Counter)
    accepted: list[tuple[int, str]] = field(default_factory=list)  # (new version, value)
    unexpected: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _hammer(server: Server, path: str, body_for: Any, field_name: str) -> Tally:
    """CLIENTS threads each read-then-patch `path` ATTEMPTS times, all starting together."""
    tally, start = Tally(), threading.Barrier(CLIENTS)

    def client(number: int) -> None:
        start.wait()
        for attempt in range(ATTEMPTS):
            status, record = server.request("GET", path)
            if status != 200:
                with tally.lock:
                    tally.statuses[f"GET {status}"] += 1
                    tally.unexpected.append(record)
                continue
            body = {**body_for(number, attempt), "version": record["version"]}
            status, answer = server.request("PATCH", path, body)
            with tally.lock:
                tally.statuses[status] += 1
                if status == 200:
                    tally.accepted.append((answer["version"], str(body[field_name])))
                elif status != 409 or answer.get("code") != "VERSION_CONFLICT":
                    tally.unexpected.append((status, answer))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return tally


def _assert_every_accepted_edit_counted_once(
    server: Server, tally: Tally, *, path: str, model: str, pk: int, field_name: str, same: Any
) -> None:
    log.info("%s: %s", model, dict(tally.statuses))  # the figures: --log-cli-level=INFO
    assert tally.unexpected == []
    assert not any(isinstance(s, int) and s >= 500 for s in tally.statuses)
    assert "database is locked" not in server.log.read_text()
    accepted = len(tally.accepted)
    assert accepted >= 1
    assert tally.statuses[200] + tally.statuses[409] == CLIENTS * ATTEMPTS
    # Versions 2..accepted+1, each won by exactly one client.
    assert sorted(version for version, _ in tally.accepted) == list(range(2, accepted + 2))
    status, final = server.request("GET", path)
    assert status == 200
    assert final["version"] == accepted + 1
    last_value = max(tally.accepted)[1]
    assert same(final[field_name], last_value)
    # One history row per accepted edit, in the order of the versions, each value once.
    history = server.history(model, pk, field_name)
    assert history[0][:2] == ["+", 1]
    edits = history[1:]
    assert [kind for kind, _, _ in edits] == ["~"] * accepted
    assert [version for _, version, _ in edits] == list(range(2, accepted + 2))
    written = [value for _, value in sorted(tally.accepted)]
    assert all(same(value, w) for (_, _, value), w in zip(edits, written, strict=True))


def test_sixteen_clients_editing_one_initiative_each_accepted_edit_counts_once(server):
    """Concurrent title edits: accepted ones bump the version once each, the rest get 409."""
    pk = server.ids["initiative"]
    path = f"/api/initiatives/{pk}"
    tally = _hammer(server, path, lambda n, a: {"title": f"Client {n} edit {a}"}, "title")
    titles = [title for _, title in tally.accepted]
    assert len(titles) == len(set(titles))
    _assert_every_accepted_edit_counted_once(
        server,
        tally,
        path=path,
        model="portfolio.Initiative",
        pk=pk,
        field_name="title",
        same=lambda a, b: str(a) == str(b),
    )


def test_sixteen_clients_editing_one_estimate_each_accepted_edit_counts_once(server):
    """Concurrent edits of a child record (an effort estimate) behave the same way."""
    pk = server.ids["estimate"]
    path = f"/api/estimates/{pk}"
    tally = _hammer(server, path, lambda n, a: {"high": 100 + n * ATTEMPTS + a}, "high")
    _assert_every_accepted_edit_counted_once(
        server,
        tally,
        path=path,
        model="portfolio.EffortEstimate",
        pk=pk,
        field_name="high",
        same=lambda a, b: float(a) == float(b),
    )

"""Reads for the portfolio: lists, single objects, and the change history of an initiative."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from tandem.core.errors import NotFound
from tandem.core.history import HistoryEntry, entries_from_records
from tandem.core.memo import SharedMemo
from tandem.core.selectors import apply_filterset
from tandem.portfolio import choices, rules, services
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.filters import InitiativeFilterSet
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.portfolio.value import outcome_statement
from tandem.strategy.models import StrategicGoal


def initiative_list(*, user: Any, filters: dict | None = None) -> QuerySet[Initiative]:
    """Initiatives visible to `user`, filtered and sorted as `filters` asks."""
    queryset = Initiative.objects.select_related(
        "requesting_unit", "business_sponsor", "it_owner"
    ).prefetch_related("goals")
    queryset = apply_filterset(InitiativeFilterSet, queryset, filters)
    if not (filters or {}).get("sort"):
        queryset = queryset.order_by("title", "pk")
    return queryset


# What a table of initiatives shows (the portfolio list, a unit's page): loading only these
# columns, and goals' titles, roughly halves the cost of fetching a page.
TABLE_COLUMNS = (
    "title",
    "state",
    "kind",
    "budget_estimate",
    "planned_start",
    "planned_end",
    "updated",
    "version",
    "requesting_unit__name",
)


def initiative_table(*, user: Any, filters: dict | None = None) -> QuerySet[Initiative]:
    """`initiative_list` with only the columns a table of initiatives shows."""
    goals = Prefetch("goals", StrategicGoal.objects.only("title", "period_start"))
    return (
        initiative_list(user=user, filters=filters)
        .select_related(None)
        .select_related("requesting_unit")
        .prefetch_related(None)
        .prefetch_related(goals)
        .only(*TABLE_COLUMNS)
    )


def initiative_rows(initiatives: Iterable[Initiative]) -> list[Initiative]:
    """`initiatives` (one page of a list) with `effort_likely` (person-weeks, None when not
    estimated) and `outcome_count` set on each.

    Two grouped queries over the page's ids: as annotations on the list, the database would
    compute them for every matching row before sorting and cutting out the page."""
    rows = list(initiatives)
    ids = [row.pk for row in rows]
    effort = dict(
        EffortEstimate.objects.filter(initiative__in=ids)
        .order_by()
        .values("initiative")
        .annotate(total=Sum("likely"))
        .values_list("initiative", "total")
    )
    outcomes: dict[int, list[BusinessOutcome]] = {}
    for outcome in BusinessOutcome.objects.filter(initiative__in=ids).only(
        "initiative", "metric", "baseline", "target", "unit", "target_date", "supports"
    ):
        outcomes.setdefault(outcome.initiative_id, []).append(outcome)
    for row in rows:
        row.effort_likely = effort.get(row.pk)
        mine = outcomes.get(row.pk, [])
        row.outcome_count = len(mine)
        row.value_statement = " ".join(outcome_statement(o) for o in mine)
    return rows


def initiative_get(*, user: Any, pk: int, children: bool = False) -> Initiative:
    """One initiative; with `children`, everything its page shows (outcomes, estimates,
    dependencies, status updates, scope changes). NotFound if it does not exist."""
    queryset = Initiative.objects.select_related(
        "requesting_unit", "business_sponsor", "it_owner"
    ).prefetch_related("goals")
    if children:
        queryset = queryset.prefetch_related(
            "outcomes",
            Prefetch("estimates", EffortEstimate.objects.select_related("team")),
            Prefetch("predecessor_links", Dependency.objects.select_related("predecessor")),
            Prefetch("successor_links", Dependency.objects.select_related("successor")),
            Prefetch("status_updates", StatusUpdate.objects.select_related("author")),
            Prefetch("scope_changes", ScopeChange.objects.select_related("author")),
        )
    initiative = queryset.filter(pk=pk).first()
    if initiative is None:
        raise NotFound(f"Initiative {pk} does not exist.", code=choices.INITIATIVE_NOT_FOUND)
    return initiative


@dataclass(frozen=True)
class NextMove:
    """A state the user may move an initiative to, and what still stands in the way."""

    to: str
    label: str
    blockers: list[str]


def initiative_next_moves(*, user: Any, initiative: Initiative) -> list[NextMove]:
    """The moves `user` may make from the initiative's state, each with its unmet conditions."""
    return [
        NextMove(
            to=to,
            label=InitiativeState(to).label,
            blockers=[p.message for p in services.transition_blockers(initiative, to)],
        )
        for to in services.allowed_transitions(initiative)
        if user.has_perm(rules.transition_permission(initiative, to), initiative)
    ]


def _child_get(model: type, code: str, label: str, pk: int, initiative_id: int | None) -> Any:
    queryset = model.objects.select_related("initiative").filter(pk=pk)
    if initiative_id is not None:
        queryset = queryset.filter(initiative_id=initiative_id)
    obj = queryset.first()
    if obj is None:
        raise NotFound(f"{label} {pk} does not exist.", code=code)
    return obj


def outcome_get(*, user: Any, pk: int, initiative_id: int | None = None) -> BusinessOutcome:
    """One business outcome; NotFound if missing (or not on `initiative_id`)."""
    return _child_get(
        BusinessOutcome, choices.OUTCOME_NOT_FOUND, "Business outcome", pk, initiative_id
    )


def estimate_get(*, user: Any, pk: int, initiative_id: int | None = None) -> EffortEstimate:
    """One effort estimate; NotFound if missing."""
    return _child_get(
        EffortEstimate, choices.ESTIMATE_NOT_FOUND, "Effort estimate", pk, initiative_id
    )


def status_update_get(*, user: Any, pk: int, initiative_id: int | None = None) -> StatusUpdate:
    """One status update; NotFound if missing."""
    return _child_get(
        StatusUpdate, choices.STATUS_UPDATE_NOT_FOUND, "Status update", pk, initiative_id
    )


def scope_change_get(*, user: Any, pk: int, initiative_id: int | None = None) -> ScopeChange:
    """One scope change; NotFound if missing."""
    return _child_get(
        ScopeChange, choices.SCOPE_CHANGE_NOT_FOUND, "Scope change", pk, initiative_id
    )


def dependency_get(*, user: Any, pk: int) -> Dependency:
    """One dependency; NotFound if missing."""
    dependency = Dependency.objects.select_related("predecessor", "successor").filter(pk=pk).first()
    if dependency is None:
        raise NotFound(f"Dependency {pk} does not exist.", code=choices.DEPENDENCY_NOT_FOUND)
    return dependency


def child_list(*, user: Any, model: type, initiative_id: int | None = None) -> QuerySet:
    """Outcomes, estimates, status updates or scope changes, optionally of one initiative."""
    queryset = model.objects.select_related("initiative")
    if model is EffortEstimate:
        queryset = queryset.select_related("team")
    if initiative_id is not None:
        queryset = queryset.filter(initiative_id=initiative_id)
    return queryset.order_by("initiative_id", "pk")


def dependency_list(*, user: Any, initiative_id: int | None = None) -> QuerySet[Dependency]:
    """Dependencies, optionally those touching one initiative."""
    queryset = Dependency.objects.select_related("predecessor", "successor")
    if initiative_id is not None:
        queryset = queryset.filter(Q(predecessor_id=initiative_id) | Q(successor_id=initiative_id))
    return queryset.order_by("pk")


#
# History
#


def initiative_history(*, user: Any, initiative: Initiative) -> list[HistoryEntry]:
    """Every recorded change to the initiative and its children, newest first.

    History records are only ever added, so the ids of an initiative's records (one small
    query) tell whether the entries worked out before still hold; they are kept in this
    process, read only."""
    sources = _history_sources(initiative.pk)
    ids = sources[0][1].order_by().values_list("history_id", flat=True)
    ids = ids.union(
        *(
            queryset.order_by().values_list("history_id", flat=True)
            for _, queryset, _ in sources[1:]
        ),
        all=True,
    )
    key = (initiative.pk, tuple(sorted(ids)))
    found = _HISTORIES.get(key)
    if found is None:
        found = _HISTORIES.put(key, _history_entries(sources))
    return found


_HISTORIES = SharedMemo(size=256)


def _history_entries(sources: list[tuple[str, QuerySet, tuple[str, ...]]]) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    for label, queryset, related in sources:
        records = queryset.select_related("history_user").order_by("history_date", "history_id")
        entries.extend(entries_from_records(records, _subject(label), related=related))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _history_sources(pk: int) -> list[tuple[str, QuerySet, tuple[str, ...]]]:
    """(label, records, the foreign keys each record's name reads) of an initiative."""
    return [
        ("Initiative", Initiative.history.filter(id=pk), ()),
        ("Business outcome", BusinessOutcome.history.filter(initiative_id=pk), ()),
        ("Effort estimate", EffortEstimate.history.filter(initiative_id=pk), ("team",)),
        ("Status update", StatusUpdate.history.filter(initiative_id=pk), ()),
        ("Scope change", ScopeChange.history.filter(initiative_id=pk), ()),
        (
            "Dependency",
            Dependency.history.filter(Q(successor_id=pk) | Q(predecessor_id=pk)),
            ("predecessor", "successor"),
        ),
    ]


def _subject(label: str) -> Callable[[Any], str]:
    if label == "Initiative":
        return lambda _instance: label
    return lambda instance: f"{label}: {instance}"

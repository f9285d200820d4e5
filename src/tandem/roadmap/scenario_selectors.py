"""Reads for scenarios: the list, one scenario with its changes, what a change may name, and
two plans side by side (the baseline or a scenario on each side)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from tandem.core.errors import NotFound
from tandem.organization.models import Team
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import Initiative
from tandem.roadmap import choices, selectors
from tandem.roadmap.choices import ScenarioStatus
from tandem.roadmap.models import RankedFirst, Scenario, ScenarioChange

CHANGEABLE_STATES = (
    InitiativeState.IDEA,
    InitiativeState.INTAKE,
    InitiativeState.FEASIBILITY_REVIEW,
    InitiativeState.APPROVED,
    InitiativeState.IN_PROGRESS,
    InitiativeState.ON_HOLD,
)


def scenario_list(*, user: Any) -> QuerySet[Scenario]:
    """Every scenario (drafts first, newest first), with its owner and number of changes."""
    return (
        Scenario.objects.select_related("owner", "adopted_by")
        .annotate(change_count=Count("changes"))
        .order_by("-status", "-updated", "-id")
    )


def draft_choices() -> QuerySet[Scenario]:
    """The drafts a page may switch to: ids and names only, newest first."""
    return (
        Scenario.objects.filter(status=ScenarioStatus.DRAFT)
        .only("pk", "name", "status")
        .order_by("-updated", "-id")
    )


def scenario_get(*, user: Any, pk: int) -> Scenario:
    """One scenario; NotFound if there is none with that id."""
    found = Scenario.objects.select_related("owner", "adopted_by").filter(pk=pk).first()
    if found is None:
        raise NotFound(f"There is no scenario {pk}.", code=choices.SCENARIO_NOT_FOUND)
    return found


def scenario_changes(*, scenario: Scenario) -> list[ScenarioChange]:
    """The scenario's changes in the order they were made."""
    return list(scenario.changes.select_related("initiative", "team").order_by("id"))


def change_get(*, scenario: Scenario, pk: int) -> ScenarioChange:
    """One change of `scenario`; NotFound otherwise."""
    found = scenario.changes.select_related("initiative", "team").filter(pk=pk).first()
    if found is None:
        raise NotFound(
            f"Scenario '{scenario}' has no change {pk}.", code=choices.SCENARIO_NOT_FOUND
        )
    return found


def ranked_first_of(*, initiative: Initiative) -> RankedFirst | None:
    """The decision that `initiative` goes first on the roadmap, with the scenario that took
    it, or None."""
    return RankedFirst.objects.select_related("scenario").filter(initiative=initiative).first()


def ranked_first_get(*, initiative: Initiative) -> RankedFirst:
    """The decision that `initiative` goes first; NotFound when it is ranked by its score."""
    found = ranked_first_of(initiative=initiative)
    if found is None:
        raise NotFound(
            f"{initiative} is not ranked first: the ranking places it by its score.",
            code=choices.RANKED_FIRST_NOT_FOUND,
        )
    return found


def change_choices() -> dict[str, QuerySet]:
    """What a change may name: open initiatives (by title) and IT teams."""
    return {
        "initiatives": Initiative.objects.filter(state__in=CHANGEABLE_STATES).order_by(
            "title", "pk"
        ),
        "teams": Team.objects.order_by("name", "pk"),
    }


def plan_compare(*, user: Any, left: Scenario | None, right: Scenario | None) -> dict[str, Any]:
    """Two plans side by side (None: the baseline): per initiative the finish on each side
    and how far it moves, the targets newly missed or newly met, value delivered per quarter
    and each team's use of its free people per quarter."""
    plans = [selectors.roadmap_plan(user=user, scenario=side) for side in (left, right)]
    rows = _rows(*plans)
    moved = [row for row in rows if row["shift_weeks"]]
    return {
        "left": plans[0],
        "right": plans[1],
        "rows": rows,
        "summary": {
            "later": sum(1 for row in moved if row["shift_weeks"] > 0),
            "earlier": sum(1 for row in moved if row["shift_weeks"] < 0),
            "newly_late": sum(1 for row in rows if row["newly_late"]),
            "newly_on_time": sum(1 for row in rows if row["newly_on_time"]),
            "added": sum(1 for row in rows if row["only"] == "right"),
            "removed": sum(1 for row in rows if row["only"] == "left"),
        },
        "quarters": _quarters(*plans),
    }


def _rows(left: dict[str, Any], right: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per initiative on either side; the most moved first."""
    before = {row["id"]: row for row in left["initiatives"]}
    after = {row["id"]: row for row in right["initiatives"]}
    rows = []
    for pk in before.keys() | after.keys():
        a, b = before.get(pk), after.get(pk)
        shift = 0
        if a and b and a["finish_week"] is not None and b["finish_week"] is not None:
            shift = b["finish_week"] - a["finish_week"]
        late_a, late_b = bool(a and a["late_weeks"]), bool(b and b["late_weeks"])
        rows.append(
            {
                "id": pk,
                "title": (b or a)["title"],
                "unit": (b or a)["unit"],
                "left": a,
                "right": b,
                "only": "" if a and b else ("left" if a else "right"),
                "shift_weeks": shift,
                "newly_late": late_b and not late_a and a is not None,
                "newly_on_time": late_a and not late_b and b is not None,
            }
        )
    rows.sort(key=lambda r: (not r["only"], -abs(r["shift_weeks"]), r["title"], r["id"]))
    return rows


def _quarters(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Value delivered and team use per quarter on both sides (the same quarters)."""
    names = left["quarters"]["names"]
    teams = []
    for team in sorted(left["quarters"]["teams"]):
        a, b = left["quarters"]["teams"][team], right["quarters"]["teams"].get(team)
        shares_a = _shares(a)
        shares_b = _shares(b) if b else [None] * len(names)
        cells = list(zip(shares_a, shares_b, strict=True))
        teams.append({"team": team, "left": shares_a, "right": shares_b, "cells": cells})
    value_left, value_right = left["quarters"]["value"], right["quarters"]["value"]
    return {
        "names": names,
        "value_left": value_left,
        "value_right": value_right,
        "value_rows": list(zip(names, value_left, value_right, strict=True)),
        "teams": teams,
    }


def _shares(figures: dict[str, list[float]]) -> list[float | None]:
    """Used over free people-weeks per quarter (None when the team has nobody free)."""
    return [
        None if free <= 0 else round(used / free, 3)
        for free, used in zip(figures["free"], figures["used"], strict=True)
    ]

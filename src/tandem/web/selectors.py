"""Reads for pages that combine several apps: the dashboard, workloads, object history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from tandem.accounts.roles import is_business_lead, user_unit_id
from tandem.organization.models import Person, Team
from tandem.portfolio import selectors as portfolio_selectors
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import EffortEstimate, Initiative
from tandem.portfolio.selectors import HistoryEntry

_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_HIDDEN_FIELDS = ("version", "updated", "created")


def dashboard_summary(*, user: Any) -> dict[str, Any]:
    """Initiatives per state, the latest changes, and a business lead's own initiatives."""
    counts = dict(Initiative.objects.order_by().values_list("state").annotate(n=Count("pk")))
    states = [(value, label, counts.get(value, 0)) for value, label in InitiativeState.choices]
    recent = list(Initiative.history.select_related("history_user").order_by("-history_date")[:8])
    unit_id = user_unit_id(user)
    mine = None
    if is_business_lead(user) and unit_id is not None:
        mine = list(portfolio_selectors.initiative_list(user=user, filters={"unit": unit_id}))
    return {
        "states": states,
        "total": sum(counts.values()),
        "recent": recent,
        "my_initiatives": mine,
    }


def team_workload(*, user: Any, team: Team) -> dict[str, Any]:
    """A team's members with FTE and weekly-hours totals, and the estimates against it."""
    members = list(Person.objects.filter(team=team).select_related("unit").order_by("name"))
    totals = Person.objects.filter(team=team).aggregate(fte=Sum("fte"), hours=Sum("hours_per_week"))
    estimates = list(
        EffortEstimate.objects.filter(team=team)
        .select_related("initiative", "initiative__requesting_unit")
        .order_by("initiative__title")
    )
    return {
        "members": members,
        "fte_total": totals["fte"] or Decimal(0),
        "hours_total": totals["hours"] or Decimal(0),
        "estimates": estimates,
        "likely_total": sum((e.likely for e in estimates), Decimal(0)),
    }


def person_involvement(*, user: Any, person: Person) -> dict[str, Any]:
    """The teams a person leads and the initiatives they sponsor or own for IT."""
    base = Initiative.objects.select_related("requesting_unit").order_by("title")
    return {
        "led_teams": list(Team.objects.filter(lead=person).order_by("name")),
        "sponsored": list(base.filter(business_sponsor=person)),
        "owned": list(base.filter(it_owner=person)),
    }


def object_history(*, user: Any, obj: Any) -> list[HistoryEntry]:
    """Every recorded change to `obj` (django-simple-history), newest first."""
    records: QuerySet = obj.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes: list[tuple[str, str, str]] = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in _HIDDEN_FIELDS:
                    continue
                changes.append(
                    (
                        _label(obj, change.field),
                        _show(obj, change.field, change.old),
                        _show(obj, change.field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user.get_username() if record.history_user else "system",
                action=_ACTIONS.get(record.history_type, record.history_type),
                subject=obj._meta.verbose_name.capitalize(),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    entries.reverse()
    return entries


def _label(obj: Any, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name.replace("_", " ").capitalize()


def _show(obj: Any, name: str, value: Any) -> str:
    """A history value as people read it: names for links, labels for choices."""
    if value in (None, "", []):
        return "—"
    try:
        field = obj._meta.get_field(name)
    except Exception:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(deleted #{value})"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)

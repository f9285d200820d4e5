"""The capacity plan read from the database: supply, load, demand, spans, on hand-made data.

One team over six weeks from Monday 1 March 2027, with a full-timer on three days' leave in
week 1, a half-timer, a planned hire from week 3, Easter Monday in week 4, 20% maintenance,
two committed initiatives and one proposed. Demand is spread over working days, so Easter
Monday also moves a fifth of week 4's share of effort onto the other weeks. Every figure
below is worked out by hand.
"""

from datetime import date
from decimal import Decimal

import pytest

from tandem.capacity import selectors
from tandem.capacity.choices import HireKind, LoadCategory
from tandem.core.errors import NotFound, RuleViolation
from tandem.portfolio.choices import InitiativeState
from tests.factories import (
    EffortEstimateFactory,
    HolidayFactory,
    InitiativeFactory,
    LeaveFactory,
    NonDiscretionaryLoadFactory,
    PersonFactory,
    PlannedHireFactory,
    TeamFactory,
    WorkProfileFactory,
)

pytestmark = pytest.mark.django_db
START, END = date(2027, 3, 1), date(2027, 4, 11)


@pytest.fixture
def plan():
    team = TeamFactory(name="Data")
    ann = PersonFactory(name="Ann", team=team)
    PersonFactory(name="Bob", team=team, fte=Decimal("0.50"))
    LeaveFactory(person=ann, first_day=date(2027, 3, 9), last_day=date(2027, 3, 11))
    PlannedHireFactory(
        team=team,
        fte=Decimal("1.00"),
        hours_per_week=Decimal("40"),
        expected_start=date(2027, 3, 22),
        kind=HireKind.PLANNED_HIRE,
    )
    PlannedHireFactory(team=team, expected_start=date(2027, 3, 1), kind=HireKind.OPEN_REQUISITION)
    HolidayFactory(date=date(2027, 3, 29), name="Easter Monday")
    NonDiscretionaryLoadFactory(
        team=team, category=LoadCategory.MAINTENANCE, percent_of_supply=Decimal("20")
    )
    x = _initiative("Ledger upgrade", InitiativeState.APPROVED, date(2027, 3, 1), date(2027, 3, 28))
    y = _initiative("Close faster", InitiativeState.IN_PROGRESS, date(2027, 3, 8), date(2027, 4, 4))
    z = InitiativeFactory(
        title="Churn model",
        state=InitiativeState.INTAKE,
        requested_start=date(2027, 3, 1),
        requested_end=date(2027, 4, 11),
    )
    EffortEstimateFactory(initiative=x, team=team, low=8, likely=8, high=8)
    EffortEstimateFactory(initiative=y, team=team, low=4, likely=4, high=4)
    EffortEstimateFactory(initiative=z, team=team, low=6, likely=6, high=6)
    return {"team": team, "x": x, "y": y, "z": z}


def _initiative(title, state, start, end):
    return InitiativeFactory(title=title, state=state, planned_start=start, planned_end=end)


def _overview(**kwargs):
    return selectors.capacity_overview(user=None, start=START, end=END, **kwargs)


def test_supply_counts_part_time_leave_a_hire_and_a_holiday(plan):
    team = _overview()["teams"][0]
    # w1: Ann away 3 of 5 days; w3: the hire starts; w4: Easter Monday (1 day in 5 for all).
    assert team["supply"] == [1.5, 0.9, 1.5, 2.5, 2.0, 2.5]
    assert team["load"]["maintenance"] == [0.3, 0.18, 0.3, 0.5, 0.4, 0.5]
    # Demand is spread over working days, so Easter Monday moves effort out of week 4.
    # Ledger upgrade: 8 pw over weeks 0-3 (no holiday), 2 a week.
    # Close faster: 4 pw over weeks 1-4 with 5, 5, 5, 4 working days (19): 20/19 = 1.0526 in
    # weeks 1-3 and 16/19 = 0.8421 in week 4. Committed: 2, 2 + 20/19 = 58/19 = 3.0526 (x3),
    # 16/19, 0.
    assert team["committed"] == [2.0, 3.05, 3.05, 3.05, 0.84, 0.0]
    # Churn model: 6 pw over weeks 0-5 with 5, 5, 5, 5, 4, 5 days (29): 30/29 = 1.0345 a week,
    # 24/29 = 0.8276 in week 4.
    assert team["proposed"] == [1.03, 1.03, 1.03, 1.03, 0.83, 1.03]
    # available = supply - load - committed: 1.5 - 0.3 - 2 = -0.8; 0.9 - 0.18 - 3.0526 =
    # -2.3326; 1.5 - 0.3 - 3.0526 = -1.8526; 2.5 - 0.5 - 3.0526 = -1.0526;
    # 2.0 - 0.4 - 0.8421 = 0.7579; 2.5 - 0.5 - 0 = 2.0.
    assert team["available"] == [-0.8, -2.33, -1.85, -1.05, 0.76, 2.0]
    # utilization = (load + committed) / supply: 2.3 / 1.5; 3.2326 / 0.9 = 3.5918;
    # 3.3526 / 1.5 = 2.2351; 3.5526 / 2.5 = 1.4211; 1.2421 / 2.0 = 0.6211; 0.5 / 2.5.
    assert team["utilization_pct"] == [153.3, 359.2, 223.5, 142.1, 62.1, 20.0]


def test_span_lists_the_initiatives_whose_effort_makes_up_its_committed_demand(plan):
    overview = _overview()
    (span,) = overview["spans"]
    assert (span["team"], span["team_id"]) == ("Data", plan["team"].pk)
    assert (span["first_week_start"], span["last_week_start"]) == ("2027-03-01", "2027-03-22")
    # Short by 0.8 + 2.3326 + 1.8526 + 1.0526 = 6.0379 (see the weekly figures above).
    assert span["person_weeks_short"] == pytest.approx(6.04)
    assert span["peak_pct"] == 359.2
    # Close faster does 3 x 20/19 = 60/19 = 3.1579 pw in weeks 0-3, the rest in week 4.
    assert [(i["initiative"], i["id"], i["person_weeks"]) for i in span["initiatives"]] == [
        ("Ledger upgrade", plan["x"].pk, 8.0),
        ("Close faster", plan["y"].pk, 3.16),
    ]
    # Exactly 8 + 60/19 both ways; the JSON rounds each figure to 0.01 (11.16 against
    # 2.0 + 3 x 3.05 = 11.15).
    committed_over_span = sum(overview["teams"][0]["committed"][0:4])
    assert sum(i["person_weeks"] for i in span["initiatives"]) == pytest.approx(
        committed_over_span, abs=0.02
    )


def test_work_profile_shapes_the_spread_and_keeps_the_total(plan):
    estimate = plan["x"].estimates.get()
    WorkProfileFactory(estimate=estimate, weights=[1, 3])
    team = _overview()["teams"][0]
    # 8 pw: 2 in weeks 0–1, 6 in 2–3, plus Close faster's 20/19 = 1.0526 in weeks 1–3.
    assert team["committed"][:4] == [1.0, 2.05, 4.05, 4.05]
    # 8 + 4 exactly; the weekly figures are rounded to 0.01 (they add up to 11.99).
    assert sum(team["committed"]) == pytest.approx(12.0, abs=0.02)


def test_months_and_quarters_sum_the_weeks(plan):
    weekly = _overview()["teams"][0]
    monthly = _overview(grain="month")
    assert [p["label"] for p in monthly["periods"]] == ["2027-03", "2027-04"]
    march, april = monthly["teams"][0]["committed"]
    # 8 + 60/19 = 11.16 in March, 16/19 = 0.84 in April: 12 exactly, like the weeks, but
    # each figure is rounded to 0.01 (the weeks add up to 11.99).
    assert march + april == pytest.approx(sum(weekly["committed"]), abs=0.02)
    quarterly = _overview(grain="quarter")  # a week counts where its Thursday falls
    assert quarterly["department"]["supply"] == [6.4, 4.5]
    assert sum(quarterly["department"]["supply"]) == pytest.approx(sum(weekly["supply"]))


def test_take_on_counts_only_free_weeks_per_quarter(plan):
    take_on = _overview()["take_on"]
    assert [p["label"] for p in take_on["periods"]] == ["2027 Q1", "2027 Q2"]
    # Q1 is weeks 0–3 (Thursdays in March), all short: nothing to take on. Q2 is weeks 4–5
    # (Thursdays in April), free 0.7579 and 2.0 (2.0 - 0.4 - 16/19 and 2.5 - 0.5); the
    # shortfall of Q1 is not netted against them.
    assert take_on["teams"][0]["person_weeks"] == [0.0, 2.76]


def test_unplaced_initiatives_are_named_with_the_reason(plan):
    undated = InitiativeFactory(title="No dates yet", state=InitiativeState.APPROVED)
    EffortEstimateFactory(initiative=undated, team=plan["team"])
    assert _overview()["unplaced"] == [
        {"id": undated.pk, "initiative": "No dates yet", "reason": "no planned dates"}
    ]


def test_team_filter_keeps_one_team_and_the_department(plan):
    other = TeamFactory(name="Other")
    PersonFactory(team=other)
    narrowed = _overview(team=other.pk)
    assert [t["name"] for t in narrowed["teams"]] == ["Other"]
    assert narrowed["spans"] == []
    assert narrowed["department"]["supply"][0] == pytest.approx(2.5)


def test_bad_arguments_name_their_field(plan):
    with pytest.raises(RuleViolation) as err:
        _overview(grain="day")
    assert err.value.field == "grain"
    with pytest.raises(RuleViolation) as err:
        selectors.capacity_overview(user=None, start=END, end=START)
    assert err.value.field == "to"
    with pytest.raises(NotFound) as err:
        _overview(team=10**9)
    assert err.value.field == "team"


def test_impact_of_the_proposed_initiative_pushes_the_team_further_over(plan):
    found = selectors.capacity_impact(user=None, initiative=plan["z"])
    assert found["fits"] is False
    (team,) = found["teams"]
    assert (team["name"], team["person_weeks"], team["over"]) == ("Data", 6.0, True)
    assert team["peak_after_pct"] > team["peak_before_pct"]
    assert found["summary"].startswith("Approving it would push Data over capacity from")


def test_impact_without_estimates_says_what_to_do(plan):
    bare = InitiativeFactory(state=InitiativeState.INTAKE)
    found = selectors.capacity_impact(user=None, initiative=bare)
    assert found["teams"] == []
    assert found["fits"] is True
    assert "no effort estimate" in found["summary"]


def test_a_repeated_read_reuses_the_plan_and_a_change_is_seen_at_once(
    plan, portfolio, django_assert_max_num_queries
):
    """The plan is remembered per data stamp: the second read runs the stamp's two queries
    and one for the titles; any write through a service, or a delete, changes the stamp, so
    nothing stale is shown."""
    from tandem.capacity import services

    before = _overview()
    with django_assert_max_num_queries(3):
        again = _overview()
    assert again == before
    again["teams"][0]["supply"][0] = -1  # a caller's copy: the remembered plan is untouched
    assert _overview()["teams"][0]["supply"][0] == 1.5

    services.load_create(
        data={
            "team": plan["team"],
            "category": LoadCategory.SUPPORT,
            "first_day": START,
            "basis": "percent",
            "percent_of_supply": Decimal("10"),
        },
        by=portfolio,
    )
    after = _overview()["teams"][0]["load"]["support"]
    assert after == [0.15, 0.09, 0.15, 0.25, 0.2, 0.25]

    plan["z"].estimates.all().delete()
    assert _overview()["teams"][0]["proposed"] == [0.0] * 6


def test_a_narrowed_read_and_a_whole_read_share_the_plan(plan):
    """The team page's plan is the whole plan narrowed: the same figures for that team."""
    other = TeamFactory(name="Apps")
    PersonFactory(team=other)
    whole = _overview()
    data = _overview(team=plan["team"].pk)
    assert [row["name"] for row in whole["teams"]] == ["Apps", "Data"]
    assert data["teams"] == [row for row in whole["teams"] if row["name"] == "Data"]
    assert data["department"] == whole["department"]
    assert [row["id"] for row in data["forecast"]["teams"]] == [plan["team"].pk]
    with pytest.raises(NotFound):
        _overview(team=10**9)


def test_a_title_or_budget_edit_keeps_the_figures_and_shows_the_new_title(
    plan, portfolio, django_assert_max_num_queries
):
    """Initiatives are edited all day: only their dates and state change the figures, and a
    new title shows on the remembered plan."""
    from tandem.portfolio import services

    before = _overview()
    initiative = plan["x"]
    services.initiative_update(
        initiative=initiative,
        data={
            "version": initiative.version,
            "title": "Ledger upgrade, phase 1",
            "budget_estimate": 9,
        },
        by=portfolio,
    )
    with django_assert_max_num_queries(3):
        after = _overview()
    names = [item["initiative"] for item in after["spans"][0]["initiatives"]]
    assert "Ledger upgrade, phase 1" in names
    assert after["teams"] == before["teams"]

    initiative.refresh_from_db()
    services.initiative_update(
        initiative=initiative,
        data={"version": initiative.version, "planned_end": date(2027, 4, 4)},
        by=portfolio,
    )
    assert _overview()["teams"][0]["committed"] != before["teams"][0]["committed"]

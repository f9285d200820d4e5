"""Scoring: who scores what, versions, closed initiatives, model changes kept as revisions,
old rankings replayed, and alternatives."""

from decimal import Decimal

import pytest

from tandem.core.errors import Conflict, RuleViolation
from tandem.portfolio import services as portfolio_services
from tandem.portfolio.choices import InitiativeState
from tandem.prioritization import selectors, services
from tandem.prioritization.models import ModelRevision, Score, ScoringModel
from tests.factories import BusinessOutcomeFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def _criterion(model, key):
    return model.criteria.get(key=key)


def _score(initiative, model, key, value, by, **extra):
    score, _ = services.score_set(
        initiative=initiative,
        criterion=_criterion(model, key),
        data={"value": value, **extra},
        by=by,
    )
    return score


def test_defaults_install_once_with_one_active_model(scoring_model):
    assert scoring_model.method == "weighted"
    assert services.scoring_models_install_defaults() == scoring_model
    assert ScoringModel.objects.count() == 3
    assert list(ScoringModel.objects.filter(is_active=True)) == [scoring_model]
    assert scoring_model.criteria.count() == 10
    assert all(len(c.levels) == 6 for c in scoring_model.criteria.all())


def test_a_business_score_records_the_side_and_unit(scoring_model, business, unit):
    initiative = InitiativeFactory()
    score = _score(initiative, scoring_model, "revenue_impact", 4, business, rationale="Sells.")
    assert (score.side, score.unit_id, score.value, score.rationale) == (
        "business",
        unit.pk,
        4,
        "Sells.",
    )


def test_an_it_lead_giving_a_view_on_a_business_criterion_speaks_for_it(scoring_model, itlead):
    """The other side's view is kept as IT's, beside the owners' scores, not instead of them."""
    score = _score(InitiativeFactory(), scoring_model, "urgency", 1, itlead)
    assert (score.side, score.unit_id) == ("it", None)


def test_changing_a_score_needs_the_version_read(scoring_model, business):
    initiative = InitiativeFactory()
    first = _score(initiative, scoring_model, "urgency", 2, business)
    with pytest.raises(RuleViolation) as missing:
        _score(initiative, scoring_model, "urgency", 3, business)
    assert missing.value.field == "version"
    changed = _score(initiative, scoring_model, "urgency", 3, business, version=first.version)
    assert (changed.pk, changed.value, changed.version) == (first.pk, 3, 2)
    with pytest.raises(Conflict):
        _score(initiative, scoring_model, "urgency", 5, business, version=first.version)
    assert Score.objects.get(pk=first.pk).value == 3
    assert Score.history.filter(id=first.pk).count() == 2


def test_closed_initiatives_and_inactive_models_are_not_scored(scoring_model, business):
    done = InitiativeFactory(state=InitiativeState.DONE)
    with pytest.raises(RuleViolation) as closed:
        _score(done, scoring_model, "urgency", 2, business)
    assert closed.value.code == "SCORE_CLOSED_INITIATIVE"
    wsjf = ScoringModel.objects.get(method="wsjf")
    with pytest.raises(RuleViolation) as inactive:
        _score(InitiativeFactory(), wsjf, "business_value", 2, business)
    assert inactive.value.code == "SCORE_INACTIVE_MODEL"
    assert not Score.objects.exists()


def test_a_score_sheet_is_saved_all_or_nothing(scoring_model, business):
    """A stale version on the last criterion leaves the earlier ones unsaved too."""
    initiative = InitiativeFactory()
    urgency = _score(initiative, scoring_model, "urgency", 2, business)
    entries = [
        (_criterion(scoring_model, "revenue_impact"), {"value": 5}),
        (_criterion(scoring_model, "urgency"), {"value": 4, "version": urgency.version + 7}),
    ]
    with pytest.raises(Conflict):
        services.scores_record(initiative=initiative, entries=entries, by=business)
    assert list(Score.objects.values_list("criterion__key", "value")) == [("urgency", 2)]


def test_withdrawing_a_score_through_the_sheet(scoring_model, business):
    initiative = InitiativeFactory()
    _score(initiative, scoring_model, "urgency", 2, business)
    changed = services.scores_record(
        initiative=initiative, entries=[(_criterion(scoring_model, "urgency"), None)], by=business
    )
    assert changed == 1
    assert not Score.objects.exists()


def test_the_ranking_orders_by_the_weighted_total(scoring_model, business, itlead):
    high, low = InitiativeFactory(title="High"), InitiativeFactory(title="Low")
    for key in ("strategic_fit", "revenue_impact"):
        _score(high, scoring_model, key, 5, business)
        _score(low, scoring_model, key, 2, business)
    _score(high, scoring_model, "feasibility", 4, itlead)
    rows = selectors.ranking(user=business).rows
    assert [(r.initiative.title, r.rank) for r in rows[:2]] == [("High", 1), ("Low", 2)]
    assert rows[0].total == pytest.approx(100 * (5 + 5 + 4) / 15)
    assert rows[0].coverage == pytest.approx(3 / 10)


def test_changing_a_weight_is_a_revision_and_the_old_ranking_can_be_replayed(
    scoring_model, business, portfolio
):
    """Revenue-heavy A leads until fit is weighted up; replaying revision 1 gives A again."""
    a, b = InitiativeFactory(title="A"), InitiativeFactory(title="B")
    _score(a, scoring_model, "revenue_impact", 5, business)
    _score(a, scoring_model, "strategic_fit", 1, business)
    _score(b, scoring_model, "revenue_impact", 1, business)
    _score(b, scoring_model, "strategic_fit", 4, business)
    assert [r.initiative.title for r in selectors.ranking(user=portfolio).rows] == ["A", "B"]
    fit = _criterion(scoring_model, "strategic_fit")
    services.criterion_update(
        criterion=fit, data={"weight": Decimal("4"), "version": fit.version}, by=portfolio
    )
    assert [r.initiative.title for r in selectors.ranking(user=portfolio).rows] == ["B", "A"]
    revisions = list(ModelRevision.objects.filter(model=scoring_model).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].reason == "Strategic fit: weight 1 → 4"
    assert revisions[1].by == portfolio
    replay = selectors.ranking(user=portfolio, revision=revisions[0])
    assert [r.initiative.title for r in replay.rows] == ["A", "B"]


def test_replay_uses_the_scores_as_they_stood(scoring_model, business, portfolio):
    """A score changed after a revision was replaced does not leak into its replay."""
    a, b = InitiativeFactory(title="A"), InitiativeFactory(title="B")
    _score(a, scoring_model, "revenue_impact", 4, business)
    late = _score(b, scoring_model, "revenue_impact", 2, business)
    urgency = _criterion(scoring_model, "urgency")
    services.criterion_update(
        criterion=urgency, data={"weight": Decimal("2"), "version": urgency.version}, by=portfolio
    )
    _score(b, scoring_model, "revenue_impact", 5, business, version=late.version)
    now = selectors.ranking(user=portfolio)
    assert [(r.initiative.title, r.total) for r in now.rows[:2]] == [("B", 100.0), ("A", 80.0)]
    first = ModelRevision.objects.get(model=scoring_model, number=1)
    replay = selectors.ranking(user=portfolio, revision=first)
    assert [(r.initiative.title, r.total) for r in replay.rows[:2]] == [("A", 80.0), ("B", 40.0)]
    assert replay.as_of == ModelRevision.objects.get(model=scoring_model, number=2).created


def test_installing_the_other_models_does_not_end_the_active_models_revision(
    scoring_model, business, portfolio
):
    """Only a change to this model, or another model being activated, replaces a revision."""
    first = scoring_model.revisions.get(number=1)
    assert selectors.ranking(user=portfolio, revision=first).as_of is None
    wsjf = ScoringModel.objects.get(method="wsjf")
    services.scoring_model_activate(model=wsjf, by=portfolio, version=wsjf.version)
    replaced = selectors.ranking(user=portfolio, revision=first).as_of
    assert replaced == wsjf.revisions.get(number=2).created


def test_activating_a_model_switches_the_method_and_keeps_one_active(scoring_model, portfolio):
    rice = ScoringModel.objects.get(method="rice")
    services.scoring_model_activate(model=rice, by=portfolio, version=rice.version)
    assert list(ScoringModel.objects.filter(is_active=True)) == [rice]
    assert selectors.ranking(user=portfolio).method == "rice"
    assert rice.revisions.order_by("-number").first().reason == "RICE made the active model"
    with pytest.raises(Conflict):
        services.scoring_model_activate(model=scoring_model, by=portfolio, version=99)


def test_alternatives_are_stored_once_in_either_order(portfolio):
    a, b = InitiativeFactory(), InitiativeFactory()
    pair = services.alternative_create(data={"first": b, "second": a}, by=portfolio)
    assert (pair.first_id, pair.second_id) == (min(a.pk, b.pk), max(a.pk, b.pk))
    with pytest.raises(Conflict):
        services.alternative_create(data={"first": a, "second": b}, by=portfolio)
    with pytest.raises(RuleViolation) as itself:
        services.alternative_create(data={"first": a, "second": a}, by=portfolio)
    assert itself.value.field == "second"


def test_value_statements_appear_in_the_ranking(scoring_model, business):
    initiative = InitiativeFactory(title="Faster close")
    BusinessOutcomeFactory(
        initiative=initiative, metric="Days to close the books", baseline=9, target=5
    )
    row = selectors.ranking(user=business).rows[0]
    assert row.statement.startswith("Cut days to close the books from 9 to 5 days (−44%) by Q")


def test_a_remembered_ranking_follows_every_write(scoring_model, business, portfolio):
    """The second read is answered from the memo; a score, an outcome or a weight changed
    through a service shows in the next read."""
    initiative = InitiativeFactory(title="A")
    _score(initiative, scoring_model, "revenue_impact", 2, business)
    first = selectors.ranking(user=portfolio)
    assert selectors.ranking(user=portfolio) is first
    score = Score.objects.get()
    services.score_set(
        initiative=initiative,
        criterion=score.criterion,
        data={"value": 5, "version": score.version},
        by=business,
    )
    assert selectors.ranking(user=portfolio).rows[0].total == 100.0
    BusinessOutcomeFactory(initiative=initiative, baseline=9, target=5)
    assert selectors.ranking(user=portfolio).rows[0].statement.startswith("Cut ")


def test_a_title_or_budget_edit_keeps_the_remembered_ranking_but_shows_at_once(
    scoring_model, business
):
    initiative = InitiativeFactory(title="Old name", requesting_unit=business.person.unit)
    _score(initiative, scoring_model, "revenue_impact", 2, business)
    first = selectors.ranking(user=business)
    portfolio_services.initiative_update(
        initiative=initiative,
        data={"title": "New name", "budget_estimate": Decimal("5000"), "version": 1},
        by=business,
    )
    again = selectors.ranking(user=business)
    assert again is first
    assert (again.rows[0].initiative.title, again.rows[0].initiative.budget_estimate) == (
        "New name",
        Decimal("5000.00"),
    )

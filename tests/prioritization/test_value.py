"""An initiative's value in business words, rendered from its outcomes' fields."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tandem.core.errors import RuleViolation
from tandem.portfolio import services
from tandem.portfolio.models import BusinessOutcome
from tandem.portfolio.value import TEMPLATES, outcome_from_template, outcome_statement
from tests.factories import InitiativeFactory


def _outcome(metric, baseline, target, unit, when=date(2027, 8, 31), supports=""):
    return SimpleNamespace(
        metric=metric,
        baseline=Decimal(str(baseline)),
        target=Decimal(str(target)),
        unit=unit,
        target_date=when,
        supports=supports,
    )


@pytest.mark.parametrize(
    ("outcome", "statement"),
    [
        (
            _outcome(
                "Order fulfilment time",
                4.0,
                3.4,
                "days",
                supports="supporting 20% more order volume",
            ),
            "Cut order fulfilment time from 4 to 3.4 days (−15%) by Q3 2027, supporting 20% "
            "more order volume.",
        ),
        (
            _outcome("Cash forecast accuracy at four weeks", 78, 92, "%", date(2027, 3, 1)),
            "Raise cash forecast accuracy at four weeks from 78% to 92% (+14 points) by Q1 2027.",
        ),
        (
            _outcome("Invoices rejected", 6, 0, "% of invoices", date(2027, 12, 1)),
            "Cut invoices rejected from 6% to 0% of invoices (−6 points) by Q4 2027.",
        ),
        (
            _outcome("Early-payment discounts captured", 40000, 180000, "EUR per year"),
            "Raise early-payment discounts captured from 40,000 to 180,000 EUR per year "
            "(+350%) by Q3 2027.",
        ),
        (
            _outcome("NPS of key accounts", 0, 30, "points"),
            "Raise NPS of key accounts from 0 to 30 points by Q3 2027.",
        ),
    ],
    ids=["the issue's example", "percent", "percent of something", "money", "from zero"],
)
def test_outcome_statement_reads_as_a_business_sentence(outcome, statement):
    assert outcome_statement(outcome) == statement


def test_every_template_turns_technical_work_into_an_outcome():
    """Each template yields an outcome whose statement names money, hours or incidents."""
    values = {"subject": "the ERP", "impact": "2000000", "before": "10", "after": "2"}
    for key in TEMPLATES:
        fields = outcome_from_template(key, values, "EUR")
        assert fields["baseline"] != fields["target"], key
        sentence = outcome_statement(_outcome(**_args(fields)))
        assert sentence.startswith("Cut "), (key, sentence)


def test_risk_template_is_likelihood_times_impact_in_money():
    fields = outcome_from_template(
        "risk",
        {"subject": "a ransomware outage", "impact": "2000000", "before": "10", "after": "2"},
        "EUR",
    )
    assert (fields["baseline"], fields["target"], fields["unit"]) == (
        Decimal("200000"),
        Decimal("40000"),
        "EUR",
    )
    assert outcome_statement(_outcome(**_args(fields))) == (
        "Cut expected yearly loss from a ransomware outage from 200,000 to 40,000 EUR (−80%) "
        "by Q3 2027, by making a ransomware outage less likely (10% → 2% a year, 2,000,000 "
        "EUR if it happens)."
    )


def _args(fields):
    return {
        "metric": fields["metric"],
        "baseline": fields["baseline"],
        "target": fields["target"],
        "unit": fields["unit"],
        "supports": fields["supports"],
    }


@pytest.mark.django_db
def test_a_template_outcome_is_added_in_business_terms(business, unit):

    initiative = InitiativeFactory(requesting_unit=unit, kind="run")
    outcome = services.outcome_create_from_template(
        initiative=initiative,
        template="downtime",
        values={
            "subject": "the warehouse system",
            "before": Decimal("30"),
            "after": Decimal("4"),
            "target_date": date(2027, 9, 30),
        },
        by=business,
    )
    assert outcome_statement(outcome) == (
        "Cut downtime of the warehouse system from 30 to 4 hours a year (−87%) by Q3 2027, "
        "keeping the business running."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "values", "field"),
    [
        ("lottery", {}, "template"),
        ("risk", {"subject": "x", "impact": "1000", "before": "120", "after": "2"}, "before"),
        ("rework", {"subject": " ", "before": "10", "after": "2"}, "subject"),
        ("rework", {"subject": "close", "before": "-1", "after": "2"}, "before"),
        ("cost", {"subject": "licences", "before": "10", "after": "10"}, "after"),
        ("risk", {"subject": "x", "before": "10", "after": "2"}, "impact"),
        ("risk", {"subject": "x", "impact": "1e27", "before": "10", "after": "2"}, "impact"),
        ("cost", {"subject": "x", "before": "NaN", "after": "2"}, "before"),
    ],
    ids=[
        "unknown",
        "likelihood over 100",
        "no subject",
        "negative",
        "no change",
        "no impact",
        "impact too large",
        "not a number",
    ],
)
def test_bad_template_values_are_refused_naming_the_field(business, template, values, field):

    with pytest.raises(RuleViolation) as refused:
        services.outcome_create_from_template(
            initiative=InitiativeFactory(),
            template=template,
            values={**values, "target_date": date(2027, 9, 30)},
            by=business,
        )
    assert refused.value.field == field
    assert not BusinessOutcome.objects.exists()


@pytest.mark.django_db
def test_the_template_page_and_api_add_an_outcome(web_client, api_client, business, unit):

    initiative = InitiativeFactory(requesting_unit=unit, kind="security")
    url = reverse("portfolio:outcome_template_create", args=[initiative.pk])
    assert "Risk reduced" in web_client(business).get(url).content.decode()
    response = web_client(business).post(
        url,
        {
            "template": "capacity",
            "subject": "patching servers by hand",
            "before": "6",
            "after": "1",
            "target_date": "2027-06-30",
        },
    )
    assert response.status_code == 302
    answer = api_client(business).post(
        f"/api/initiatives/{initiative.pk}/outcomes/from-template",
        {
            "template": "incidents",
            "subject": "the web shop",
            "before": 12,
            "after": 3,
            "target_date": "2027-06-30",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["statement"].startswith("Cut incidents in the web shop from 12 to 3")
    assert BusinessOutcome.objects.filter(initiative=initiative).count() == 2
    templates = api_client(business).get("/api/outcome-templates").json()
    assert [t["key"] for t in templates] == [
        "risk",
        "rework",
        "downtime",
        "incidents",
        "cost",
        "capacity",
    ]

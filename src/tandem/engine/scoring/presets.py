"""Ready-made scoring models and plain-words descriptions of each rating level."""

from __future__ import annotations

from tandem.engine.scoring.model import Criterion, ScoringModel

Levels = tuple[str, str, str, str, str, str]

LEVELS: dict[str, Levels] = {
    "strategic_fit": (
        "No link to a strategic goal",
        "Loosely related to a goal",
        "Supports a goal indirectly",
        "Directly supports one goal",
        "Directly supports several goals",
        "Essential to a top company goal",
    ),
    "revenue_impact": (
        "None",
        "Under 50k a year",
        "50k to 250k a year",
        "250k to 1m a year",
        "1m to 5m a year",
        "Over 5m a year",
    ),
    "cost_reduction": (
        "None",
        "Under 25k a year",
        "25k to 100k a year",
        "100k to 500k a year",
        "500k to 2m a year",
        "Over 2m a year",
    ),
    "risk_reduction": (
        "Reduces no risk",
        "A minor risk that rarely matters",
        "A moderate risk to one team",
        "A significant risk to one unit",
        "A serious risk to several units or to customers",
        "A risk to the whole company",
    ),
    "compliance_need": (
        "No legal or regulatory driver",
        "Good practice, not required",
        "Expected by auditors or customers",
        "Required by our policy or a contract",
        "Required by law, deadline over a year away",
        "Required by law within a year",
    ),
    "urgency": (
        "Can wait indefinitely",
        "Needed within two years",
        "Needed within a year",
        "Needed within six months",
        "Needed within three months",
        "Needed now",
    ),
    "feasibility": (
        "Not possible with what we have",
        "Possible only if major unknowns are solved",
        "Possible, with significant unknowns",
        "Possible, with some open questions",
        "Clearly possible, small questions only",
        "Done this before, no doubts",
    ),
    "effort": (
        "Under a person-week",
        "A person-week to a person-month",
        "One to three person-months",
        "Three to nine person-months",
        "Nine person-months to two person-years",
        "Over two person-years",
    ),
    "delivery_risk": (
        "Routine work, nothing new",
        "Small, familiar risks",
        "Some new technology or a new supplier",
        "Several teams or suppliers to coordinate",
        "New technology and many dependencies",
        "Never done here, likely to slip",
    ),
    "architecture_fit": (
        "Conflicts with our architecture",
        "Needs an exception to our standards",
        "Fits, with workarounds",
        "Fits our standards",
        "Fits and reuses existing platforms",
        "Fits and simplifies our systems",
    ),
    "business_value": (
        "No value",
        "Small value to a few people",
        "Noticeable value to one team",
        "Clear value to one unit",
        "Large value to several units",
        "Major value across the company",
    ),
    "time_criticality": (
        "No time pressure",
        "Value holds for years",
        "Value fades slowly over a year",
        "Value fades within months",
        "A fixed date within six months",
        "A fixed date within three months, or value lost now",
    ),
    "risk_opportunity": (
        "Reduces no risk, enables nothing new",
        "Reduces a minor risk",
        "Reduces a moderate risk or eases later work",
        "Reduces a significant risk or enables another initiative",
        "Reduces a serious risk or enables several initiatives",
        "Removes a critical risk or opens a new line of business",
    ),
    "job_size": (
        "Under a person-week",
        "A person-week to a person-month",
        "One to three person-months",
        "Three to nine person-months",
        "Nine person-months to two person-years",
        "Over two person-years",
    ),
    "reach": (
        "Nobody",
        "A handful of people",
        "One team (up to 50 people)",
        "One unit (up to 500 people)",
        "Several units or a customer segment",
        "All staff or all customers",
    ),
    "impact": (
        "No effect",
        "Barely noticed",
        "A small improvement for each person",
        "A clear improvement for each person",
        "A large improvement for each person",
        "Changes how each person works",
    ),
    "confidence": (
        "A guess, no evidence",
        "Mostly opinion",
        "Some anecdotes support it",
        "Some data supports it",
        "Good data supports it",
        "Proven by measurements or a pilot",
    ),
}
"""For each preset criterion key, what ratings 0 to 5 mean, in business words.

Money is a year's recurring amount in the company's currency; effort counts IT's work
in person-time (a person-month is one full-time person for a month).
"""


def _feasibility() -> Criterion:
    return Criterion("feasibility", "Feasibility", "it", feasibility=True)


def default_weighted() -> ScoringModel:
    """The weighted model: six business criteria and four IT criteria, all of weight 1.

    Returns
    -------
    ScoringModel
        Business: strategic fit, revenue impact, cost reduction, risk reduction,
        compliance need, urgency. IT: feasibility (the feasibility criterion), effort and
        delivery risk (lower is better), architecture fit. Equal weights are the neutral
        start; a portfolio office changes them to say what matters more.
    """
    return ScoringModel(
        "weighted",
        (
            Criterion("strategic_fit", "Strategic fit", "business"),
            Criterion("revenue_impact", "Revenue impact", "business"),
            Criterion("cost_reduction", "Cost reduction", "business"),
            Criterion("risk_reduction", "Risk reduction", "business"),
            Criterion("compliance_need", "Compliance need", "business"),
            Criterion("urgency", "Urgency", "business"),
            _feasibility(),
            Criterion("effort", "Effort", "it", higher_is_better=False),
            Criterion("delivery_risk", "Delivery risk", "it", higher_is_better=False),
            Criterion("architecture_fit", "Architecture fit", "it"),
        ),
    )


def default_wsjf() -> ScoringModel:
    """The WSJF model: the business rates cost of delay, IT rates job size.

    Returns
    -------
    ScoringModel
        Business: business value, time criticality and risk reduction / opportunity
        enablement (the three parts of cost of delay; the risks and opportunities meant
        are the business's, so the business owns the criterion and IT's ratings of it are
        only used when the business has none). IT: job size (lower is better) and
        feasibility, which is outside the formula but lets :func:`disagreements` raise
        ``"feasibility"`` flags.
    """
    return ScoringModel(
        "wsjf",
        (
            Criterion("business_value", "Business value", "business", role="business_value"),
            Criterion("time_criticality", "Time criticality", "business", role="time_criticality"),
            Criterion(
                "risk_opportunity",
                "Risk reduction / opportunity",
                "business",
                role="risk_opportunity",
            ),
            Criterion("job_size", "Job size", "it", higher_is_better=False, role="job_size"),
            _feasibility(),
        ),
    )


def default_rice() -> ScoringModel:
    """The RICE model: the business rates reach, impact and confidence, IT rates effort.

    Returns
    -------
    ScoringModel
        Business: reach, impact and confidence (confidence qualifies the business's own
        estimates of reach and impact; IT's doubts show in effort and feasibility). IT:
        effort (lower is better) and feasibility, outside the formula, for the
        ``"feasibility"`` flags.
    """
    return ScoringModel(
        "rice",
        (
            Criterion("reach", "Reach", "business", role="reach"),
            Criterion("impact", "Impact", "business", role="impact"),
            Criterion("confidence", "Confidence", "business", role="confidence"),
            Criterion("effort", "Effort", "it", higher_is_better=False, role="effort"),
            _feasibility(),
        ),
    )

"""Why unfunded candidates are not funded: capacity, budget, alternatives, prerequisites."""

from __future__ import annotations

from tandem.engine.select import KINDS, explain, solve
from tests.engine.test_select_problem import build, item, refusal


def _portfolio():
    return build(
        item("Data lake", 10, 100_000, {(0, 1): 7}),
        item("Warehouse", 4, 30_000, {(0, 1): 8}),
        item("CRM", 9, 120_000),
        item("Web shop", 6, 40_000, {(1, 0): 2}),
        item("Web shop (vendor)", 5, 10_000),
        item("Analytics", 8, 0, {(1, 0): 1}, requires=(1,)),
        item("Archive", 0, 0, {(1, 1): 1}),
        item("Big", 20, 50_000, {(0, 1): 4, (1, 0): 9}),
        item("Quick win", 3, 0, {(1, 1): 1}),
        item("Reporting", 2, 0, {(0, 1): 2}, requires=(10,)),
        item("Feeds", 1, 0, {(0, 1): 2}),
        budget=180_000,
        groups=((3, 4),),
    )


def _by_candidate(reasons):
    found = {}
    for r in reasons:
        found.setdefault(r.candidate, []).append(r)
    return found


FUNDED = [0, 3]  # Data lake and Web shop: 3 person-weeks of Data Platform left in Q2, 40,000


def test_explain_says_a_team_has_too_little_left_in_a_period():
    """The capacity sentence names the team, the period, what is left and what is needed."""
    (reason,) = _by_candidate(explain(_portfolio(), FUNDED))[1]
    assert (reason.kind, reason.team, reason.period, reason.needed, reason.left) == (
        "capacity",
        0,
        1,
        8.0,
        3.0,
    )
    assert reason.other is None
    assert reason.text == "Data Platform has 3 person-weeks left in 2027 Q2; this needs 8."


def test_explain_says_the_budget_is_short():
    """Money with thousands separators and no currency."""
    (reason,) = _by_candidate(explain(_portfolio(), FUNDED))[2]
    assert (reason.kind, reason.needed, reason.left, reason.team) == (
        "budget",
        120_000,
        40_000,
        None,
    )
    assert reason.text == "40,000 left of the budget; this costs 120,000."


def test_explain_names_the_funded_alternative():
    """An exclusive alternative of a funded candidate: the funded one is `other`."""
    (reason,) = _by_candidate(explain(_portfolio(), FUNDED))[4]
    assert (reason.kind, reason.other) == ("exclusive", 3)
    assert (
        reason.text == "Only one of Web shop (vendor) and Web shop can be funded, and Web shop is."
    )


def test_explain_blames_a_prerequisite_that_does_not_fit_on_its_own():
    """Analytics needs Warehouse, which does not fit: one prerequisite reason, not a second
    capacity reason for the same shortfall."""
    (reason,) = _by_candidate(explain(_portfolio(), FUNDED))[5]
    assert (reason.kind, reason.other, reason.team, reason.period, reason.needed, reason.left) == (
        "prerequisite",
        1,
        0,
        1,
        8.0,
        3.0,
    )
    assert reason.text == (
        "It needs Warehouse first, which is not funded and does not fit: "
        "Data Platform has 3 person-weeks left in 2027 Q2; Warehouse needs 8."
    )


def test_explain_lists_the_most_binding_reason_first():
    """Big is 25% short on Data Platform, 20% on the budget, 11% on Web."""
    reasons = _by_candidate(explain(_portfolio(), FUNDED))[7]
    assert [(r.kind, r.team) for r in reasons] == [
        ("capacity", 0),
        ("budget", None),
        ("capacity", 1),
    ]
    assert reasons[2].text == "Web has 8 person-weeks left in 2027 Q1; this needs 9."
    assert reasons[1].text == "40,000 left of the budget; this costs 50,000."


def test_explain_counts_unfunded_prerequisites_in_the_need():
    """Reporting fits alone, Feeds fits alone, together they do not."""
    (reason,) = _by_candidate(explain(_portfolio(), FUNDED))[9]
    assert (reason.kind, reason.needed, reason.left) == ("capacity", 4.0, 3.0)
    assert reason.text == (
        "Data Platform has 3 person-weeks left in 2027 Q2; "
        "this needs 4 with its unfunded prerequisites."
    )


def test_explain_says_when_a_candidate_would_fit():
    """No value, or a selection cut short: said so."""
    reasons = _by_candidate(explain(_portfolio(), FUNDED))
    assert [(r.kind, r.text) for r in reasons[6]] == [
        ("value", "It would fit, but it adds no value.")
    ]
    assert [(r.kind, r.text) for r in reasons[8]] == [
        ("value", "It would fit; it is left out only because the search stopped early.")
    ]


def test_explain_covers_every_unfunded_candidate_in_order():
    """One or more reasons per unfunded candidate, by index; every kind is known."""
    reasons = explain(_portfolio(), FUNDED)
    assert sorted({r.candidate for r in reasons}) == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert [r.candidate for r in reasons] == sorted(r.candidate for r in reasons)
    assert {r.kind for r in reasons} <= set(KINDS)
    assert reasons[0].to_json() == {
        "candidate": 1,
        "kind": "capacity",
        "text": "Data Platform has 3 person-weeks left in 2027 Q2; this needs 8.",
        "team": 0,
        "period": 1,
        "needed": 8.0,
        "left": 3.0,
        "other": None,
    }


def test_explain_of_an_optimal_selection_never_says_value_for_valuable_candidates():
    """After an optimal solve, nothing valuable would still fit."""
    problem = _portfolio()
    result = solve(problem)
    assert result.status == "OPTIMAL"
    for reason in result.reasons:
        if reason.kind == "value":
            assert problem.candidates[reason.candidate].value == 0


def test_explain_alternatives_among_prerequisites():
    """A prerequisite that is an alternative to a funded one, to the candidate, or to another."""
    problem = build(
        item("A", 1),
        item("B", 1),
        item("C", 1, requires=(1,)),
        item("D", 1, requires=(4,)),
        item("E", 1),
        item("F", 1, requires=(6, 7)),
        item("G", 1),
        item("H", 1),
        groups=((0, 1), (3, 4), (6, 7)),
    )
    reasons = _by_candidate(explain(problem, [0]))
    assert [(r.kind, r.other, r.text) for r in reasons[2]] == [
        (
            "prerequisite",
            1,
            "It needs B, which cannot be funded: only one of B and A can be, and A is.",
        )
    ]
    assert [(r.kind, r.other, r.text) for r in reasons[3]] == [
        ("exclusive", 4, "It needs E, but only one of the two can be funded.")
    ]
    assert [(r.kind, r.other, r.text) for r in reasons[5]] == [
        ("prerequisite", 7, "It needs both G and H, but only one of them can be funded.")
    ]


def test_explain_prerequisite_over_budget_and_a_team_with_nothing_left():
    """A prerequisite short of money; a team with no capacity left at all."""
    problem = build(
        item("Spent", 1, 100, {(1, 1): 10}),
        item("Licence", 1, 50),
        item("Rollout", 1, 0, requires=(1,)),
        item("More web", 1, 0, {(1, 1): 0.5}),
        budget=100,
    )
    reasons = _by_candidate(explain(problem, [0]))
    assert [(r.kind, r.other, r.needed, r.left) for r in reasons[2]] == [
        ("prerequisite", 1, 50.0, 0.0)
    ]
    assert reasons[2][0].text == (
        "It needs Licence first, which is not funded and does not fit: "
        "nothing left of the budget; Licence costs 50."
    )
    assert reasons[3][0].text == "Web has no person-weeks left in 2027 Q2; this needs 0.5."
    assert reasons[1][0].text == "Nothing left of the budget; this costs 50."


def test_explain_says_one_person_week_in_the_singular():
    """1 person-week left, not 1 person-weeks."""
    problem = build(item("A", 1, 0, {(0, 0): 9}), item("B", 1, 0, {(0, 0): 2.25}))
    (reason,) = explain(problem, [0])
    assert reason.text == "Data Platform has 1 person-week left in 2027 Q1; this needs 2.3."


def test_explain_refuses_an_unknown_candidate():
    """A chosen index that names no candidate is refused, naming its position."""
    err = refusal(lambda: explain(_portfolio(), [0, 11]))
    assert (err.path, err.message) == ("chosen[1]", "must name one of the 11 candidates (0–10)")


def test_explain_counts_a_repeated_choice_once():
    """Naming a funded candidate twice does not use its capacity twice."""
    assert explain(_portfolio(), [0, 3, 0, 3]) == explain(_portfolio(), FUNDED)

"""Disagreements: business versus IT, unit versus unit, and top value that IT finds hard."""

from __future__ import annotations

import pytest

from tandem.engine.scoring import (
    FLAG_KINDS,
    TOP_VALUE_FLOOR,
    Criterion,
    Flag,
    Rating,
    ScoringModel,
    Side,
    default_weighted,
    disagreements,
)


def rate(
    item: int,
    criterion: int,
    value: float,
    scorer: int = 0,
    side: Side = "business",
    unit: int = -1,
) -> Rating:
    """One rating, by default a business scorer's."""
    return Rating(item, criterion, value, scorer, side, unit)


def model() -> ScoringModel:
    """Revenue impact and urgency (business), feasibility (IT, the feasibility criterion)."""
    return ScoringModel(
        "weighted",
        (
            Criterion("revenue_impact", "Revenue impact", "business"),
            Criterion("urgency", "Urgency", "business"),
            Criterion("feasibility", "Feasibility", "it", feasibility=True),
        ),
    )


def kinds(flags: tuple[Flag, ...]) -> list[tuple[int, str, int | None]]:
    """(item, kind, criterion) of each flag."""
    return [(f.item, f.kind, f.criterion) for f in flags]


#
# Business versus IT
#


def test_sides_flag_names_both_ratings_and_the_gap():
    """Business 5 against IT 2 on revenue impact is a gap of 3."""
    ratings = [rate(0, 0, 5), rate(0, 0, 2, scorer=1, side="it")]
    (flag,) = disagreements(model(), ratings, 1)
    assert flag == Flag(
        0,
        "sides",
        0,
        2.0,
        5.0,
        "Business rates Revenue impact 5.0, IT rates it 2.0 (a gap of 3.0 points).",
    )


def test_sides_flag_when_it_rates_higher():
    """The business is still named first when IT rates higher."""
    ratings = [rate(0, 2, 1), rate(0, 2, 4, scorer=1, side="it")]
    (flag,) = disagreements(model(), ratings, 1)
    assert (flag.low, flag.high) == (1.0, 4.0)
    assert flag.text == "Business rates Feasibility 1.0, IT rates it 4.0 (a gap of 3.0 points)."


@pytest.mark.parametrize(
    ("business", "it", "flagged"),
    [
        ([4.0, 5.0], [2.5], True),  # means 4.5 and 2.5: exactly the gap
        ([2.3], [0.3], True),  # 2.3 − 0.3 is 1.9999999999999998 in floating point
        ([4.0], [2.1], False),  # 1.9
        ([3.0], [3.0], False),
    ],
)
def test_sides_flag_at_the_gap_edge(business, it, flagged):
    """A gap of exactly 2.0 flags; 1.9 does not."""
    ratings = [rate(0, 0, v, scorer=i) for i, v in enumerate(business)]
    ratings += [rate(0, 0, v, scorer=10 + i, side="it") for i, v in enumerate(it)]
    assert bool(disagreements(model(), ratings, 1)) is flagged


def test_sides_gap_is_adjustable():
    """With gap=1.0, a 1.5 difference flags."""
    ratings = [rate(0, 0, 4), rate(0, 0, 2.5, scorer=1, side="it")]
    assert not disagreements(model(), ratings, 1)
    assert kinds(disagreements(model(), ratings, 1, gap=1.0)) == [(0, "sides", 0)]


def test_sides_needs_both_sides():
    """Two far-apart business scorers without units are not a business-IT gap."""
    assert not disagreements(model(), [rate(0, 0, 5, 0), rate(0, 0, 0, 1)], 1)


#
# Unit versus unit
#


def test_units_flag_names_units_by_name():
    """Sales 4 against Operations 1 on urgency, highest first."""
    ratings = [rate(0, 1, 1, scorer=0, unit=1), rate(0, 1, 4, scorer=1, unit=0)]
    (flag,) = disagreements(model(), ratings, 1, unit_names=("Sales", "Operations"))
    assert flag == Flag(0, "units", 1, 1.0, 4.0, "Sales rates Urgency 4.0, Operations 1.0.")


def test_units_flag_falls_back_to_unit_numbers():
    """A unit without a name reads "Unit 3"."""
    ratings = [rate(0, 1, 5, scorer=0, unit=3), rate(0, 1, 2, scorer=1, unit=0)]
    (flag,) = disagreements(model(), ratings, 1, unit_names=("Sales",))
    assert flag.text == "Unit 3 rates Urgency 5.0, Sales 2.0."


def test_units_flag_compares_unit_means_and_names_the_extremes():
    """Unit means 4.5, 3 and 2: one flag, highest against lowest."""
    ratings = [
        rate(0, 0, 4, scorer=0, unit=0),
        rate(0, 0, 5, scorer=1, unit=0),
        rate(0, 0, 3, scorer=2, unit=1),
        rate(0, 0, 2, scorer=3, unit=2),
    ]
    (flag,) = disagreements(model(), ratings, 1, unit_names=("A", "B", "C"))
    assert (flag.low, flag.high, flag.text) == (2.0, 4.5, "A rates Revenue impact 4.5, C 2.0.")


@pytest.mark.parametrize(("low", "flagged"), [(2.0, True), (2.1, False)])
def test_units_flag_at_the_gap_edge(low, flagged):
    """Units 2.0 apart flag; 1.9 apart do not."""
    ratings = [rate(0, 1, 4, scorer=0, unit=0), rate(0, 1, low, scorer=1, unit=1)]
    assert bool(disagreements(model(), ratings, 1)) is flagged


def test_units_ignore_it_scorers_and_scorers_without_a_unit():
    """Only business scorers with a unit count towards a unit's mean."""
    ratings = [
        rate(0, 1, 4, scorer=0, unit=0),
        rate(0, 1, 0, scorer=1, unit=-1),
        rate(0, 1, 3, scorer=2, side="it", unit=1),
    ]
    assert not disagreements(model(), ratings, 1)


#
# Top value, hard to deliver
#


def valued(values: list[float], feasibility: dict[int, float]) -> list[Rating]:
    """Business ratings of revenue impact per item; IT feasibility ratings for some items."""
    ratings = [rate(item, 0, v) for item, v in enumerate(values)]
    ratings += [rate(item, 2, v, scorer=5, side="it") for item, v in feasibility.items()]
    return ratings


def test_feasibility_flag_for_top_value_that_it_rates_hard():
    """The top quarter of four items is item 0 (100/100); IT rates its feasibility 2.0."""
    ratings = valued([5, 4, 3, 1], {0: 2.0, 1: 1.0})
    (flag,) = disagreements(model(), ratings, 4)
    assert flag == Flag(
        0,
        "feasibility",
        2,
        2.0,
        100.0,
        "The business rates this among its top-value initiatives (value 100/100) "
        "but IT rates Feasibility 2.0 of 5.",
    )


def test_feasibility_flag_text_rounds_the_value():
    """A value of 82/100 is written as such."""
    (flag,) = disagreements(model(), valued([4.1], {0: 1}), 1)
    assert flag.text == (
        "The business rates this among its top-value initiatives (value 82/100) "
        "but IT rates Feasibility 1.0 of 5."
    )


def test_feasibility_not_flagged_just_above_the_ceiling():
    """IT's 2.1 is not low enough."""
    assert not disagreements(model(), valued([5, 4, 3, 1], {0: 2.1}), 4)


def test_feasibility_top_share_is_adjustable():
    """With the top half, items 0 and 1 are top-value."""
    ratings = valued([5, 4, 3, 1], {0: 2.0, 1: 1.0})
    flags = disagreements(model(), ratings, 4, top_value_share=0.5)
    assert kinds(flags) == [(0, "feasibility", 2), (1, "feasibility", 2)]


def test_feasibility_top_share_counts_only_valued_items_and_rounds_up():
    """Two valued items of five: a quarter of two rounds up to one place."""
    ratings = valued([5, 4], {0: 0.0, 1: 0.0})
    assert kinds(disagreements(model(), ratings, 5)) == [(0, "feasibility", 2)]


def test_feasibility_top_share_includes_ties_at_the_edge():
    """Two items share the top place, so both are top-value."""
    ratings = valued([5, 5, 3, 1], {0: 1.0, 1: 1.0})
    assert [f.item for f in disagreements(model(), ratings, 4)] == [0, 1]


@pytest.mark.parametrize(("value", "flagged"), [(3.0, True), (2.9, False)])
def test_feasibility_needs_a_value_of_at_least_60(value, flagged):
    """The top item must still be worth 60/100: 3 of 5 is, 2.9 (58) is not."""
    assert TOP_VALUE_FLOOR == 60.0
    assert bool(disagreements(model(), valued([value], {0: 1.0}), 1)) is flagged


def test_feasibility_counts_only_it_ratings_of_feasibility():
    """A business rating of feasibility, or a low IT rating of another criterion, is no flag."""
    ratings = [*valued([5], {}), rate(0, 2, 0, scorer=1), rate(0, 1, 0, scorer=5, side="it")]
    assert not [f for f in disagreements(model(), ratings, 1) if f.kind == "feasibility"]


def test_feasibility_uses_the_business_side_value_only():
    """IT's high ratings do not make an item top-value, and its low ones do not hide it."""
    it_ratings = [rate(0, 2, 1.0, scorer=5, side="it")]
    assert not disagreements(model(), [rate(0, 0, 2.0), *it_ratings], 1)
    assert kinds(disagreements(model(), [rate(0, 0, 5.0), *it_ratings], 1)) == [
        (0, "feasibility", 2)
    ]


#
# Order and presets
#


def test_flags_are_ordered_by_item_then_kind_then_criterion():
    """Flags of item 0 come before item 1's; sides before units before feasibility."""
    assert FLAG_KINDS == ("sides", "units", "feasibility")
    ratings = [
        rate(1, 1, 5, scorer=0, unit=0),
        rate(1, 1, 0, scorer=1, unit=1),
        rate(1, 0, 5, scorer=0, unit=0),
        rate(1, 0, 0, scorer=2, side="it"),
        rate(0, 2, 0, scorer=2, side="it"),
        rate(0, 0, 5, scorer=0, unit=0),
        rate(0, 1, 5, scorer=0, unit=0),
        rate(0, 1, 1, scorer=2, side="it"),
        rate(0, 0, 0, scorer=2, side="it"),
    ]
    assert kinds(disagreements(model(), ratings, 2)) == [
        (0, "sides", 0),
        (0, "sides", 1),
        (0, "feasibility", 2),
        (1, "sides", 0),
        (1, "units", 1),
    ]


def test_disagreements_on_the_default_weighted_model():
    """The preset's feasibility criterion raises the feasibility flag."""
    preset = default_weighted()
    names = [c.key for c in preset.criteria]
    ratings = [rate(0, i, 5) for i, c in enumerate(preset.criteria) if c.side == "business"]
    ratings.append(rate(0, names.index("feasibility"), 1, scorer=7, side="it"))
    (flag,) = disagreements(preset, ratings, 1)
    assert flag.kind == "feasibility"
    assert flag.text.endswith("but IT rates Feasibility 1.0 of 5.")


def test_feasibility_a_tiny_top_share_still_has_one_place():
    """However small the share, the best valued item is top-value."""
    ratings = valued([5, 4, 3, 1], {0: 1.0, 1: 1.0, 2: 1.0})
    assert [f.item for f in disagreements(model(), ratings, 4, top_value_share=1e-12)] == [0]

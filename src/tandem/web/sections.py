"""What each section still to come will show, in the words of the people who will use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    title: str
    icon: str
    summary: str
    will_show: tuple[str, ...]
    meanwhile: str


SECTIONS: dict[str, Section] = {
    "scorecard": Section(
        "Scorecard",
        "bi-speedometer2",
        "Whether the work is paying off: the business measures each initiative promised, "
        "tracked against their baselines and targets.",
        (
            "Each business outcome with its latest value, trend and whether it is on target.",
            "Benefits by business unit and strategic goal.",
            "Outcomes that are overdue or drifting away from their target.",
        ),
        "Every initiative already states its business outcomes: metric, baseline, target and date.",
    ),
    "landscape": Section(
        "Landscape",
        "bi-diagram-3",
        "The applications the company runs, what business capabilities they support, how they "
        "connect and what their licences cost.",
        (
            "An inventory of applications with owners, costs and renewal dates.",
            "Overlaps: several tools doing the same job.",
            "Which business processes are affected if a system is down or replaced.",
        ),
        "Describe the systems concerned in an initiative's problem statement.",
    ),
    "governance": Section(
        "Governance",
        "bi-bank",
        "The meetings where business and IT decide together, with their decisions and "
        "follow-up actions in one place.",
        (
            "Upcoming steering meetings and the initiatives on their agenda.",
            "A log of decisions: who decided what, when and why.",
            "Open actions with owners and due dates.",
        ),
        "Approval decisions are already recorded in each initiative's history.",
    ),
    "insights": Section(
        "Insights",
        "bi-lightbulb",
        "Early warnings and a health check of the whole plan, ready to share with the board.",
        (
            "Signals such as initiatives without outcomes, stale status reports or overbooked "
            "teams.",
            "An overall portfolio health score with the reasons behind it.",
            "A board pack you can download as a PDF.",
        ),
        "The dashboard shows how many initiatives are in each stage and what changed recently.",
    ),
}

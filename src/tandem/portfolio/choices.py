"""Portfolio choices, the lifecycle's allowed moves, and error codes."""

from django.db import models


class InitiativeKind(models.TextChoices):
    GROWTH = "growth", "Growth"
    RUN = "run", "Run the business"
    COMPLIANCE = "compliance", "Compliance"
    SECURITY = "security", "Security"
    TRANSFORM = "transform", "Transformation"


class InitiativeState(models.TextChoices):
    IDEA = "idea", "Idea"
    INTAKE = "intake", "Intake"
    FEASIBILITY_REVIEW = "feasibility_review", "Feasibility review"
    APPROVED = "approved", "Approved"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    ON_HOLD = "on_hold", "On hold"
    CANCELLED = "cancelled", "Cancelled"


class Feasibility(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not assessed yet"
    FEASIBLE = "feasible", "Feasible"
    CONDITIONAL = "conditional", "Feasible with conditions"
    NOT_FEASIBLE = "not_feasible", "Not feasible"


class Rag(models.TextChoices):
    GREEN = "green", "Green — on track"
    AMBER = "amber", "Amber — at risk"
    RED = "red", "Red — off track"


S = InitiativeState
# Where each state may go next. From ON_HOLD an initiative resumes to the state it was held in.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.IDEA: (S.INTAKE, S.CANCELLED),
    S.INTAKE: (S.FEASIBILITY_REVIEW, S.IDEA, S.ON_HOLD, S.CANCELLED),
    S.FEASIBILITY_REVIEW: (S.APPROVED, S.INTAKE, S.ON_HOLD, S.CANCELLED),
    S.APPROVED: (S.IN_PROGRESS, S.ON_HOLD, S.CANCELLED),
    S.IN_PROGRESS: (S.DONE, S.ON_HOLD, S.CANCELLED),
    S.ON_HOLD: (S.CANCELLED,),
    S.DONE: (),
    S.CANCELLED: (),
}
CREATE_STATES = (S.IDEA, S.INTAKE)
ACTIVE_STATES = (S.APPROVED, S.IN_PROGRESS)

INITIATIVE_NOT_FOUND = "INITIATIVE_NOT_FOUND"
INITIATIVE_TRANSITION_NOT_ALLOWED = "INITIATIVE_TRANSITION_NOT_ALLOWED"
INITIATIVE_CREATE_STATE = "INITIATIVE_CREATE_STATE"
INITIATIVE_NEEDS_PROBLEM = "INITIATIVE_NEEDS_PROBLEM"
INITIATIVE_NEEDS_OUTCOME = "INITIATIVE_NEEDS_OUTCOME"
INITIATIVE_NEEDS_ESTIMATE = "INITIATIVE_NEEDS_ESTIMATE"
INITIATIVE_NEEDS_FEASIBILITY = "INITIATIVE_NEEDS_FEASIBILITY"
INITIATIVE_NOT_FEASIBLE = "INITIATIVE_NOT_FEASIBLE"
INITIATIVE_NEEDS_PLANNED_DATES = "INITIATIVE_NEEDS_PLANNED_DATES"
INITIATIVE_DEPENDENCY_CYCLE = "INITIATIVE_DEPENDENCY_CYCLE"
INITIATIVE_CLOSED = "INITIATIVE_CLOSED"
INITIATIVE_DELETE_STATE = "INITIATIVE_DELETE_STATE"
OUTCOME_NOT_FOUND = "OUTCOME_NOT_FOUND"
ESTIMATE_NOT_FOUND = "ESTIMATE_NOT_FOUND"
ESTIMATE_DUPLICATE_TEAM = "ESTIMATE_DUPLICATE_TEAM"
ESTIMATE_ORDER = "ESTIMATE_ORDER"
DEPENDENCY_NOT_FOUND = "DEPENDENCY_NOT_FOUND"
DEPENDENCY_CYCLE = "DEPENDENCY_CYCLE"
DEPENDENCY_SELF = "DEPENDENCY_SELF"
DEPENDENCY_DUPLICATE = "DEPENDENCY_DUPLICATE"
STATUS_UPDATE_NOT_FOUND = "STATUS_UPDATE_NOT_FOUND"
SCOPE_CHANGE_NOT_FOUND = "SCOPE_CHANGE_NOT_FOUND"

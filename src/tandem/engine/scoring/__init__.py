"""Joint business and IT scoring of initiatives: weighted, WSJF and RICE, and disagreements.

Business and IT scorers rate initiatives from 0 to 5 on the criteria of a
:class:`ScoringModel`. :func:`score` turns the ratings into totals, a per-criterion
breakdown and ranks; :func:`business_value` and :func:`it_view` give each side's 0–100 view
(a value-versus-effort chart); :func:`disagreements` finds where business and IT, or two
business units, see an initiative differently. :func:`default_weighted`,
:func:`default_wsjf` and :func:`default_rice` are ready-made models, and :data:`LEVELS`
says in plain words what each of their ratings means.
"""

from tandem.engine.scoring.compute import (
    SIZE_FLOOR,
    ScoreResult,
    business_value,
    it_view,
    score,
)
from tandem.engine.scoring.flags import (
    FLAG_KINDS,
    TOP_VALUE_FLOOR,
    Flag,
    FlagKind,
    disagreements,
)
from tandem.engine.scoring.model import (
    METHODS,
    ROLES,
    SCALE_MAX,
    SIDES,
    Criterion,
    Method,
    Rating,
    ScoringModel,
    Side,
)
from tandem.engine.scoring.presets import (
    LEVELS,
    Levels,
    default_rice,
    default_weighted,
    default_wsjf,
)

__all__ = [
    "FLAG_KINDS",
    "LEVELS",
    "METHODS",
    "ROLES",
    "SCALE_MAX",
    "SIDES",
    "SIZE_FLOOR",
    "TOP_VALUE_FLOOR",
    "Criterion",
    "Flag",
    "FlagKind",
    "Levels",
    "Method",
    "Rating",
    "ScoreResult",
    "ScoringModel",
    "Side",
    "business_value",
    "default_rice",
    "default_weighted",
    "default_wsjf",
    "disagreements",
    "it_view",
    "score",
]

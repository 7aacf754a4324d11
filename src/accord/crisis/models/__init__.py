"""The Crisis Response Center's models, one module per subject.

``events`` holds events, their counts, daily series and the alerts raised on them; each later subject
(alert episodes, situation reports, notifications) has its own module, imported here so that Django
and the rest of Accord find every model at ``accord.crisis.models``.
"""

from accord.crisis.models.episodes import Episode, EpisodeComment
from accord.crisis.models.events import (
    Alert,
    AlertComment,
    Category,
    DatePrecision,
    Event,
    EventCount,
    PlacePrecision,
    Series,
    SeriesPoint,
    WrittenJSONField,
)
from accord.crisis.models.notifications import (
    EmailStatus,
    Level,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from accord.crisis.models.sitreps import SituationReport

__all__ = [
    "Alert",
    "AlertComment",
    "Category",
    "DatePrecision",
    "EmailStatus",
    "Episode",
    "EpisodeComment",
    "Event",
    "EventCount",
    "Level",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "PlacePrecision",
    "Series",
    "SeriesPoint",
    "SituationReport",
    "WrittenJSONField",
]

"""What the monitoring app's models share: who works with them and the languages they handle."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The Crisis Response Center watches the information space: its duty officers and its head keep the
# sources, triage the stories and edit the rules.
MONITORS = frozenset({"crc-duty-officer", "crc-head"})


class Language(models.TextChoices):
    """The languages Accord understands (a text in any other is refused on its item)."""

    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")

"""Classification of records and to whom they may be released.

A record carries a classification level and a releasability; who may see it is decided by the
access policy (in ``accounts``) from the user's clearance, affiliation and its status on the date.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core import labels
from accord.core.fields import django_choices
from accord.core.validation import validate_release_list

# Sensitivity levels, in increasing order (the values: :class:`accord.core.labels.Classification`).
Classification = django_choices(
    labels.Classification,
    {
        labels.Classification.PUBLIC: _("PUBLIC"),
        labels.Classification.RESTRICTED: _("RESTRICTED"),
        labels.Classification.CONFIDENTIAL: _("CONFIDENTIAL"),
        labels.Classification.SECRET: _("SECRET"),
    },
)
# To whom a record may be released (the values: :class:`accord.core.labels.Releasability`).
Releasability = django_choices(
    labels.Releasability,
    {
        labels.Releasability.EVERYONE: _("everyone"),
        labels.Releasability.MEMBERS_AND_PARTNERS: _("members and partners"),
        labels.Releasability.MEMBERS_ONLY: _("members only"),
        labels.Releasability.NAMED_STATES: _("named states"),
    },
)


LOGGED_READ_LEVELS = frozenset({Classification.CONFIDENTIAL, Classification.SECRET})


def release_list(codes: Iterable[str]) -> str:
    """Store named states as ``,ARM,KAZ,`` so that one state can be matched on any database."""
    cleaned = sorted({code.strip().upper() for code in codes if code.strip()})
    return f",{','.join(cleaned)}," if cleaned else ""


def release_codes(stored: str) -> list[str]:
    """The state codes of a stored release list."""
    return [code for code in stored.split(",") if code]


class ClassifiedModel(models.Model):
    """A record with a classification and a releasability."""

    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.RESTRICTED, db_index=True
    )
    releasability = models.CharField(
        _("releasable to"), max_length=24, choices=Releasability.choices, default=Releasability.MEMBERS_ONLY
    )
    release_to = models.CharField(
        _("named states"),
        max_length=400,
        blank=True,
        help_text=_("Codes of the states a record is released to."),
        validators=[validate_release_list],
    )

    class Meta:
        abstract = True

    @property
    def release_to_codes(self) -> list[str]:
        """The named states, as a list of codes."""
        return release_codes(self.release_to)

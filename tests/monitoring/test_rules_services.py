"""Saving the rules: the CRC only, a note required, a bad file refused on ``text`` with its line and
nothing saved, each version numbered and recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.core.models import ChangeRecord
from accord.monitoring.models import RulesVersion
from accord.monitoring.rules_services import save_rules
from accord.monitoring.understanding.categories import rules_in_force
from accord.monitoring.understanding.rulebook import shipped_rules_text
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db


def test_the_crc_saves_numbered_versions_in_force_at_once():
    duty = Actor.for_user(make_user("svc-duty", Role.CRC_DUTY_OFFICER))
    first = save_rules(shipped_rules_text(), "first", actor=duty)
    second = save_rules(shipped_rules_text().replace("hacker,", "hacker, carder,"), "carders", actor=duty)
    assert (first.number, second.number) == (1, 2)
    version, rules = rules_in_force()
    assert version == 2
    it_crime = next(rule for rule in rules.rules if rule.name == "it-crime/1")
    assert ("carder",) in it_crime.terms["en"].any
    assert ChangeRecord.objects.filter(object_type="monitoring.rulesversion").count() == 2


def test_others_and_bad_files_are_refused_and_nothing_is_saved():
    with pytest.raises(PermissionDenied):
        save_rules(shipped_rules_text(), "mine", actor=Actor.for_user(make_user("svc-reader", Role.READER)))
    system = Actor.system("tests")
    with pytest.raises(ServiceError) as refused:
        save_rules("categories:\n  - key: x\n    rules: []\n", "broken", actor=system)
    assert refused.value.field == "text" and "rules.yaml:2" in refused.value.reason
    with pytest.raises(ServiceError) as no_note:
        save_rules(shipped_rules_text(), "  ", actor=system)
    assert no_note.value.field == "note"
    assert not RulesVersion.objects.exists()

"""The harness covers every model with a restricted manager: the next app cannot forget to declare one."""

from __future__ import annotations

from django.apps import apps

from tests.visibility.declarations import DECLARATIONS
from tests.visibility.matrix import EVERY_COMBO, GRID, USERS, classes, grid_key


def restricted_models() -> set[str]:
    return {
        model._meta.label_lower for model in apps.get_models() if hasattr(model._default_manager, "restrict")
    }


def test_every_restricted_model_is_declared():
    declared = {declaration.label for declaration in DECLARATIONS}
    assert restricted_models() - declared == set(), "declare these in tests/visibility/declarations.py"


def test_every_declaration_names_a_restricted_model_once_per_grid():
    keys = [declaration.key for declaration in DECLARATIONS]
    assert len(keys) == len(set(keys))
    assert {declaration.label for declaration in DECLARATIONS} <= restricted_models()


def test_every_role_status_and_clearance_belongs_to_exactly_one_class_of_every_model():
    assert len(USERS) == len(set(USERS)) == 8 * 6 * 4  # eight roles (the Joint Staff officer the eighth)
    for declaration in DECLARATIONS:
        members = [combo for user_class in declaration.classes() for combo in user_class.members]
        assert sorted(members, key=repr) == sorted(EVERY_COMBO, key=repr), declaration.key


def test_the_classes_of_classified_models_are_what_the_rules_tell_apart():
    by_grid = classes(grid_key)
    assert 10 <= len(by_grid) < len(EVERY_COMBO)
    # every label is seen by someone, and every label but PUBLIC-everyone is hidden from someone
    for labels in GRID:
        assert any(combo.permits(labels) for combo in EVERY_COMBO)
        assert all(combo.permits(labels) for combo in EVERY_COMBO) == (labels.tag == "0-ev")


def test_markers_are_unique_and_none_is_part_of_another():
    tags = [labels.tag for labels in GRID]
    assert len(set(tags)) == len(tags) and len({len(tag) for tag in tags}) == 1

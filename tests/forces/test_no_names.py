"""The check that free text names no people: initials, patronymics and names in a row are refused;
units, institutions and places pass."""

from __future__ import annotations

import pytest

from accord.forces.no_names import looks_like_names


@pytest.mark.parametrize(
    "text",
    [
        "Ivan Petrov, Sergei Ivanov",
        "Anna Schmidt",
        "Иванов И.О. и Петров П.П.",
        "командир Сергей Петрович",
        "Иван Петров и Сергей Иванов",
        "I.O. Ivanov",
        "deputy: Mikhail Sergeevich",
        "Мария Ивановна",
    ],
)
def test_names_of_people_are_refused_with_a_reason(text):
    assert looks_like_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a motor rifle battalion of the 201st base",
        "Joint Staff of the CSTO",
        "Russian defence universities",
        "Ministry of Defence, Department of International Cooperation",
        "OSCE Transnational Threats Department",
        "Вузы Министерства обороны, МВД, МЧС и ФСБ Российской Федерации",
        "The Russian air base Kant in the Kyrgyz Republic",
        "Agreed in Moscow in October 2019",
    ],
)
def test_units_institutions_and_places_pass(text):
    assert looks_like_names(text) is None


def test_the_reason_says_what_was_seen():
    assert "initials" in looks_like_names("Иванов И.О.")
    assert "patronymic" in looks_like_names("Сергей Петрович")
    assert "Anna Schmidt" in looks_like_names("Anna Schmidt")

"""A result's note names no one: lists of names, initials, patronymics and titles are refused in both
languages; ordinary notes about seizures, channels and agencies pass."""

from __future__ import annotations

import pytest

from accord.forces.no_names import names_in

ORDINARY = [
    "Seized at the Tajik-Afghan border by the border service of Tajikistan",
    "Seized at the Tajik-Afghan Border by the Border Service of Tajikistan.",
    "Изъято на таджикско-афганской границе пограничной службой Таджикистана",
    "As reported by the national staffs, for all the member states together.",
    "Более 30 каналов незаконной миграции выявлено. Данные Секретариата ОДКБ.",
    "Data from the Ministry of Internal Affairs of the Russian Federation, 31 December 2019.",
    "Channels: Kazakhstan–Russia; Uzbekistan–Kazakhstan",
    "",
]

NAMES = [
    ("Иванов И.И. задержан на границе", "initials"),
    ("Задержан И. И. Иванов", "initials"),
    ("J. Smith and partners", "initials"),
    ("Identified: Ivanov I.", "initials"),
    ("Задержан Сергей Петрович", "patronymic"),
    ("Курьер — Анна Сергеевна", "patronymic"),
    ("Detained: Ivan Petrov and Oleg Sidorov", "several"),
    ("Задержаны Иван Петров и Олег Сидоров", "several"),
    ("Mr Brown was detained", "title"),
    ("задержан гражданин Сидоров", "title"),
    ("Ivanov Ivan\nPetrov Petr", "list"),
    ("Иванов Иван; Петров Пётр", "list"),
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_notes_pass(text):
    assert names_in(text) is None


@pytest.mark.parametrize(("text", "kind"), NAMES)
def test_names_are_found_and_said(text, kind):
    found = names_in(text)
    assert found is not None
    words = {
        "initials": "initials",
        "patronymic": "patronymic",
        "several": "several",
        "title": "title",
        "list": "list of names",
    }
    assert words[kind] in found

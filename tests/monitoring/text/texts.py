"""Texts the text pipeline's tests read: news-like paragraphs written for them (no person names)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

RUSSIAN = (
    "Совместные учения ОДКБ «Взаимодействие-2018» прошли в Таджикистане. На полигоне Харбмайдон "
    "собрались подразделения Коллективных сил оперативного реагирования из Казахстана, Киргизии, "
    "России и Таджикистана.\n\n"
    "По замыслу учений, военнослужащие отрабатывали локализацию вооружённого конфликта в "
    "Центрально-Азиатском регионе коллективной безопасности и уничтожение незаконных вооружённых "
    "формирований, проникших через государственную границу. В учениях приняли участие более 1\u00a0500 "
    "военнослужащих и около 200 единиц военной техники.\n\n"
    "Авиация государств-членов поддерживала действия наземных сил. Наблюдатели от Секретариата "
    "Организации отметили высокий уровень взаимодействия национальных контингентов и штаба "
    "коллективных сил. Следующий этап совместной подготовки намечен на весну."
)

ENGLISH = (
    "The joint exercise of the Collective Rapid Reaction Forces of the Collective Security Treaty "
    "Organization took place at the Harbmaidon training ground in Tajikistan. More than four thousand "
    "servicemen and about three hundred units of military equipment took part in the drills.\n\n"
    "According to the plan of the exercise, the forces practised the localisation of an armed conflict "
    "in the Central Asian region, the destruction of illegal armed groups that had crossed the state "
    "border, and the evacuation of civilians from the area of hostilities.\n\n"
    "Aviation of the member states supported the ground forces. Observers from the Secretariat of the "
    "Organization noted the high level of coordination between the national contingents and the staff "
    "of the collective forces.\n\n"
    "The next stage of the joint training is planned for the spring, when the peacekeeping forces of "
    "the Organization will rehearse an operation under a mandate of the Collective Security Council. "
    "The staff of the Joint Headquarters will prepare the plan of that operation during the winter, "
    "together with the ministries of defence of the member states.\n\n"
    "The heads of the delegations then met in the capital to sum up the results of the year. They "
    "discussed the supply of modern weapons to the collective forces, the training of officers in the "
    "military academies of the member states, and a common system of air defence for the region. The "
    "ministers agreed to hold the next meeting in the autumn and to report on the decisions taken to "
    "the Collective Security Council."
)

# Another text on the same topic (an exercise of the Organization) that is not the same story.
ENGLISH_OTHER = (
    "Peacekeeping units of the Collective Security Treaty Organization held a command-staff exercise "
    "in Kazakhstan. The units practised the planning of a peacekeeping operation, the escort of "
    "humanitarian convoys and the protection of a refugee camp near a disputed border.\n\n"
    "The exercise involved about six hundred servicemen, military police and civilian staff. The "
    "participants also trained in the negotiation with local communities and in the exchange of "
    "information with international humanitarian organizations working in the area.\n\n"
    "At the end of the exercise the command of the peacekeeping forces assessed the readiness of the "
    "national contingents as high. The results will be reported to the ministers of defence, who meet "
    "later this year to approve the plan of joint training for the next period, including a larger "
    "exercise of the collective forces in the spring and a series of seminars for staff officers."
)

UKRAINIAN = (
    "Спільні навчання військ пройшли на полігоні в Таджикистані. У них брали участь військовослужбовці "
    "чотирьох держав, які відпрацьовували знищення незаконних збройних формувань і евакуацію цивільного "
    "населення з району бойових дій."
)

GERMAN = (
    "Die gemeinsamen Übungen der Organisation des Vertrags über kollektive Sicherheit fanden in "
    "Tadschikistan statt. Daran nahmen Soldaten aus Kasachstan, Kirgisistan und Russland teil, die die "
    "Abwehr bewaffneter Gruppen und die Evakuierung der Zivilbevölkerung übten."
)


def fixture(name: str) -> bytes:
    """A fixture file's bytes."""
    return (FIXTURES / name).read_bytes()

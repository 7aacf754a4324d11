"""Read-only admin pages for the charter.

The charter changes through its file and the recording commands, which write the change record;
the admin shows the data but does not bypass those services.
"""

from django.contrib import admin

from accord.charter import models as charter
from accord.core.admin import ReadOnlyAdmin


@admin.register(charter.State)
class StateAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "name_ru", "gwno", "un_member_since")
    search_fields = ("code", "name_en", "name_ru")


@admin.register(charter.StateStatus)
class StateStatusAdmin(ReadOnlyAdmin):
    list_display = ("state", "status", "valid_from", "valid_to")
    list_filter = ("status",)


@admin.register(charter.Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ("key", "name_en", "level", "decision_rule")


@admin.register(charter.Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ("post", "person_en", "state", "valid_from", "valid_to", "acting")


@admin.register(charter.Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ("key", "title_en", "kind", "adopted_on", "entry_into_force")


@admin.register(charter.InstrumentParticipant)
class InstrumentParticipantAdmin(ReadOnlyAdmin):
    list_display = ("instrument", "state", "signed_on", "ratified_on", "ratified_precision")


@admin.register(charter.Chairmanship)
class ChairmanshipAdmin(ReadOnlyAdmin):
    list_display = ("year", "state")

"""URLs of the forces pages (under ``/forces/``)."""

app_name = "forces"
urlpatterns: list = []

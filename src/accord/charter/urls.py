"""URLs of the charter pages."""

from django.urls import path

from accord.charter import instruments_views, posts_views, views

app_name = "charter"
urlpatterns = [
    path("states/", views.state_list, name="state-list"),
    path("states/<str:code>/", views.state_detail, name="state-detail"),
    path("states/<str:code>/status/", views.record_state_status, name="record-status"),
    path("bodies/", posts_views.body_list, name="body-list"),
    path("chairmanships/", posts_views.chairmanship_list, name="chairmanship-list"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/<slug:key>/", views.instrument_detail, name="instrument-detail"),
    path("eligibility/", views.eligibility_form, name="eligibility"),
]
urlpatterns += posts_views.urlpatterns
urlpatterns += instruments_views.urlpatterns

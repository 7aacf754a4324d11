"""The triage queue and one story's page."""

from django.urls import path

from accord.monitoring import views_stories

urlpatterns = [
    path("monitoring/", views_stories.story_queue, name="story-queue"),
    path("monitoring/stories/<int:pk>/", views_stories.story_detail, name="story-detail"),
]

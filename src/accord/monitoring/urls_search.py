"""Search over media items and stories."""

from django.urls import path

from accord.monitoring import views_search

urlpatterns = [path("monitoring/search/", views_search.search_page, name="search")]

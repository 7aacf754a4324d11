"""URLs of the media items' pages."""

from django.urls import path

from accord.monitoring import views_items

urlpatterns = [
    path("monitoring/items/", views_items.item_list, name="item-list"),
    path("monitoring/items/<int:pk>/", views_items.item_detail, name="item-detail"),
]

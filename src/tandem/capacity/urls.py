from django.urls import path

from tandem.capacity import views

app_name = "capacity"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("impact/<int:pk>/", views.initiative_impact, name="initiative_impact"),
]

from django.urls import path

from tandem.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("initiatives/<int:pk>/", views.initiative_plan, name="initiative_plan"),
]

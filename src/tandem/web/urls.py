from django.urls import path

from tandem.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sections/<slug:section>/", views.section, name="section"),
]

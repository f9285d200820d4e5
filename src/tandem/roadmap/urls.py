from django.urls import path

from tandem.roadmap import scenario_views, views

app_name = "roadmap"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("initiatives/<int:pk>/", views.initiative_plan, name="initiative_plan"),
    path(
        "initiatives/<int:pk>/ranked-first/clear/",
        views.ranked_first_clear,
        name="ranked_first_clear",
    ),
    path("forecast/", views.forecast_create, name="forecast_create"),
    path("forecast/progress/", views.forecast_progress, name="forecast_progress"),
    path("optimize/", views.optimize_create, name="optimize_create"),
    path("optimize/progress/", views.optimize_progress, name="optimize_progress"),
    path("scenarios/", scenario_views.scenario_list, name="scenario_list"),
    path("scenarios/new/", scenario_views.scenario_create, name="scenario_create"),
    path("scenarios/<int:pk>/", scenario_views.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/edit/", scenario_views.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/delete/", scenario_views.scenario_delete, name="scenario_delete"),
    path("scenarios/<int:pk>/adopt/", scenario_views.scenario_adopt, name="scenario_adopt"),
    path("scenarios/<int:pk>/changes/", scenario_views.change_create, name="change_create"),
    path(
        "scenarios/<int:pk>/changes/<int:change_pk>/delete/",
        scenario_views.change_delete,
        name="change_delete",
    ),
    path("compare/", scenario_views.compare, name="compare"),
]

from django.urls import path

from tandem.prioritization import views

app_name = "prioritization"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("initiatives/<int:pk>/scores/", views.initiative_scores, name="initiative_scores"),
    path("selection/", views.selection, name="selection"),
    path("selection/<int:pk>/", views.selection_detail, name="selection_detail"),
    path("models/", views.scoring_models, name="scoring_models"),
    path("models/<int:pk>/activate/", views.scoring_model_activate, name="scoring_model_activate"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
]

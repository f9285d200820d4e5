from django.urls import path

from tandem.portfolio import views

app_name = "portfolio"


def _child_urls(kind: str, segment: str, *, editable: bool = True) -> list:
    urls = [
        path(f"<int:pk>/{segment}/new/", views.child_create, {"kind": kind}, name=f"{kind}_create"),
        path(
            f"<int:pk>/{segment}/<int:child_pk>/delete/",
            views.child_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
    if editable:
        urls.append(
            path(
                f"<int:pk>/{segment}/<int:child_pk>/edit/",
                views.child_edit,
                {"kind": kind},
                name=f"{kind}_edit",
            )
        )
    return urls


urlpatterns = [
    path("", views.initiative_list, name="initiative_list"),
    path("new/", views.initiative_create, name="initiative_create"),
    path("<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("<int:pk>/delete/", views.initiative_delete, name="initiative_delete"),
    path("<int:pk>/transition/", views.initiative_transition, name="initiative_transition"),
    path("<int:pk>/assess/", views.initiative_assess, name="initiative_assess"),
    *_child_urls("outcome", "outcomes"),
    path(
        "<int:pk>/outcomes/from-template/",
        views.outcome_template_create,
        name="outcome_template_create",
    ),
    *_child_urls("estimate", "estimates"),
    *_child_urls("status_update", "status-updates"),
    *_child_urls("scope_change", "scope-changes"),
    *_child_urls("dependency", "dependencies", editable=False),
]

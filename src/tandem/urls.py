"""URL map: one include per app, the API under /api/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tandem.api import api

urlpatterns = [
    path("", include("tandem.web.urls")),
    path("portfolio/", include("tandem.portfolio.urls")),
    path("organization/", include("tandem.organization.urls")),
    path("strategy/", include("tandem.strategy.urls")),
    path("capacity/", include("tandem.capacity.urls")),
    path("prioritization/", include("tandem.prioritization.urls")),
    path("roadmap/", include("tandem.roadmap.urls")),
    path("api/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

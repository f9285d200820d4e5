"""Roles (Django groups) and account error codes."""

from django.db import models


class Role(models.TextChoices):
    """The five roles; each is a Django group of the same name."""

    ADMIN = "admin", "Admin"
    PORTFOLIO_OFFICE = "portfolio office", "Portfolio office"
    IT_LEAD = "IT lead", "IT lead"
    BUSINESS_LEAD = "business lead", "Business lead"
    VIEWER = "viewer", "Viewer"


TOKEN_USER_UNKNOWN = "TOKEN_USER_UNKNOWN"
TOKEN_NOT_FOUND = "TOKEN_NOT_FOUND"

from django.urls import path

app_name = "organization"
urlpatterns: list = []

from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "tandem.roadmap"
    label = "roadmap"
    verbose_name = "Roadmap"

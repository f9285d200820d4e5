from django.apps import AppConfig


class PrioritizationConfig(AppConfig):
    name = "tandem.prioritization"
    label = "prioritization"
    verbose_name = "Prioritization"

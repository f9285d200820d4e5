from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "tandem.operations"
    label = "operations"
    verbose_name = "Operations (backup, restore, background work)"

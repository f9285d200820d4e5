from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "tandem.capacity"
    label = "capacity"
    verbose_name = "Capacity"

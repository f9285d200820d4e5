from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tandem.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from tandem.audit import receivers  # noqa: F401  (login/logout receivers, see ARCHITECTURE.md)

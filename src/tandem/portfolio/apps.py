from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "tandem.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"

from django.apps import AppConfig


class PsoasappConfig(AppConfig):
    name = "psoasapp"
    verbose_name = "Site and accounts"

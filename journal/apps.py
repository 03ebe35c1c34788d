from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"

    def ready(self) -> None:
        from core import maintenance

        from . import services

        maintenance.register(
            "reminder deliveries past their retention deleted",
            services.reminder_deliveries_prune,
        )

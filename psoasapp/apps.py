from django.apps import AppConfig


class PsoasappConfig(AppConfig):
    name = "psoasapp"
    verbose_name = "Site and accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from . import two_factor

        authenticator_added.connect(
            two_factor.on_authenticator_added, dispatch_uid="two_factor_enrolled"
        )

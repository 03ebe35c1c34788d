from allauth.account.models import EmailAddress
from django.contrib.auth.management.commands import createsuperuser


class Command(createsuperuser.Command):
    """Django's createsuperuser, whose new superuser can log in at once.

    Logging in goes through allauth, which asks for a confirmed address
    (ACCOUNT_EMAIL_VERIFICATION = "mandatory"). The person running this command
    on the server typed the address themselves, so it is recorded as the
    superuser's verified primary address instead of sending a confirmation
    email that may have nowhere to go.
    """

    help = (
        f"{createsuperuser.Command.help} Its email address counts as confirmed, "
        "so it can log in to /admin/ straight away."
    )

    def handle(self, *args, **options) -> None:
        database = options["database"]
        superusers = self.UserModel._default_manager.db_manager(database).filter(
            is_superuser=True
        )
        # No transaction around the prompts: an open one on SQLite (IMMEDIATE)
        # would hold the running site's writes while someone types a password.
        existing = set(superusers.values_list("pk", flat=True))
        super().handle(*args, **options)
        for user in superusers.exclude(pk__in=existing):
            EmailAddress.objects.using(database).update_or_create(
                user=user,
                email=user.email.lower(),
                defaults={"verified": True, "primary": True},
            )

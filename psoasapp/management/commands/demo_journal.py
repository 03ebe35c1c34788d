import datetime
import os
from collections.abc import Mapping
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from exercises import selectors as content
from journal import rules, selectors, series, triage, zones
from journal import services as journal_services
from journal.demo import DAYS, demo_journal_write

from ... import services

DEMO_EMAIL = "demo@example.com"
# Printed by every run and written in the README: the account only exists
# where DEBUG is on, on a developer's own machine.
DEMO_PASSWORD = "hip-flexor-demo"
LOCALTIME = Path("/etc/localtime")
# The TZ environment variable as it was before Django replaced it with the
# site's TIME_ZONE (manage.py keeps it).
TZ_AT_START = "PSOASAPP_TZ_AT_START"
# Names of UTC that the plan does not offer but a machine may be set to.
UTC_ALIASES = {"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Zulu"}
# The dashboard opens on 4 weeks; this range shows the whole eight.
WHOLE_STORY_RANGE = series.RANGES["12w"]


def _plan_zone(name: str) -> str | None:
    """`name` as a plan stores it, or None when a plan cannot."""
    name = name.removeprefix(":")  # POSIX allows TZ=":Europe/London"
    return zones.UTC if name in UTC_ALIASES else zones.accepted_time_zone(name)


def machine_time_zone(
    *, environ: Mapping[str, str] = os.environ, localtime: Path = LOCALTIME
) -> tuple[str, str]:
    """The time zone of the machine running the command, and where it was
    found: the TZ environment variable when it names a zone, else the zone
    /etc/localtime links to, else the site's setting."""
    if zone := _plan_zone(environ.get(TZ_AT_START, "")):
        return zone, "the TZ environment variable"
    # The link's own target names the zone (systemd's timedatectl reads it
    # so); a link to a link, such as US/Eastern, resolves to a name too.
    try:
        targets = [os.readlink(localtime), str(localtime.resolve(strict=True))]
    except OSError:
        targets = []
    for target in targets:
        _, found, key = target.rpartition("zoneinfo/")
        if found and (zone := _plan_zone(key)):
            return zone, str(localtime)
    return settings.TIME_ZONE, "the site's DJANGO_TIME_ZONE"


class Command(BaseCommand):
    help = (
        f"Create or refresh the demo member {DEMO_EMAIL}: {DAYS // 7} weeks of "
        "check-ins and sessions ending today (easing pain, a flare with a warning "
        "sign, a missed week). Development only: refuses unless DEBUG is on."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="the journal's last day, YYYY-MM-DD (default: today in the "
            "plan's time zone)",
        )
        parser.add_argument(
            "--time-zone",
            help="the plan's time zone, such as Pacific/Auckland (default: this "
            "machine's, from TZ or /etc/localtime, else the site's)",
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="where the site is served, for the address printed",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo_journal only runs in development (DJANGO_DEBUG=1): it "
                "makes an account with a published password. Nothing was changed."
            )
        if content.routine_default() is None:
            raise CommandError(
                "No default routine: run `manage.py migrate` (which loads the "
                "content) or `manage.py load_content` first."
            )
        with transaction.atomic():
            user, today, zone_source = self._member(options)
            written = demo_journal_write(user=user, today=today)
        site = options["url"].rstrip("/")
        zone = selectors.plan_for(user).zone_name
        self.stdout.write(
            f"Demo journal: {written.check_ins} check-ins and {written.sessions} "
            f"sessions from {today - (DAYS - 1) * triage.DAY} to {today}.\n"
            f"Its today is in {zone} (from {zone_source}); for another zone: "
            "make demo DEMO_TZ=Europe/London (or --time-zone).\n"
            f"Log in at {site}{reverse('account_login')}\n"
            f"  email:    {DEMO_EMAIL}\n"
            f"  password: {DEMO_PASSWORD}\n"
            f"The dashboard opens on the last {series.DEFAULT_RANGE.label}; the "
            "whole eight weeks: "
            f"{site}{reverse('journal:dashboard')}?range={WHOLE_STORY_RANGE.key}"
        )

    def _member(self, options) -> tuple:
        """The demo member, made or refreshed as sign-up would leave one: a
        confirmed address, the consent to the privacy notice, and a plan on
        the default routine with the health history answered."""
        User = get_user_model()
        user = User.objects.filter(email__iexact=DEMO_EMAIL).first()
        if user is not None and (user.is_staff or user.is_superuser):
            raise CommandError(
                f"{DEMO_EMAIL} is a staff account here: not turning it into the "
                "demo member. Nothing was changed."
            )
        if user is None:
            user = User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD)
        elif not user.check_password(DEMO_PASSWORD) or not user.is_active:
            # Only when it changes: a new password hash ends the member's
            # sessions (Django checks it on every request), and a second run
            # should not log out a browser showing the demo.
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        EmailAddress.objects.update_or_create(
            user=user,
            email=DEMO_EMAIL,
            defaults={"verified": True, "primary": True},
        )
        services.consent_record(user=user)

        plan = selectors.plan_for(user)
        if options["time_zone"]:
            time_zone, zone_source = options["time_zone"], "--time-zone"
        else:
            time_zone, zone_source = machine_time_zone()
        try:
            plan = journal_services.plan_update(
                plan=plan,
                weekly_target=plan.weekly_target,
                routine=content.routine_default(),
                time_zone=time_zone,
                history=dict.fromkeys(triage.HISTORY_FIELD, False),
            )
        except ValidationError as error:
            raise CommandError(
                f"Time zone {time_zone!r}: {' '.join(error.messages)}"
            ) from None
        today = selectors.user_today(plan)
        if options["today"] is not None:
            first = options["today"] - (DAYS - 1) * triage.DAY
            if rules.date_problem(first, today=today) or rules.date_problem(
                options["today"], today=today
            ):
                raise CommandError(
                    f"--today {options['today']} cannot end the journal: its "
                    f"{DAYS} days must fall on or after {rules.EARLIEST_DATE} "
                    "and not after today in "
                    f"{plan.zone_name} ({today})."
                )
            today = options["today"]
        return user, today, zone_source

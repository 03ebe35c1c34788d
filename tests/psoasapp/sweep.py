"""Every URL pattern of the project, with a concrete URL for each.

The access, CSRF and header tests walk `routes()`, so a view added later is
covered without editing them. A pattern whose parameters cannot be filled
raises `UnbuildableRoute` instead of being skipped.
"""

import datetime
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, StringConverter, UUIDConverter
from django.utils.regex_helper import normalize

from core.models import AuditEvent
from tests.factories import CheckInFactory, PlanFactory, UserFactory

# Pages anyone may open without logging in, by URL name. Everything else must
# send an anonymous visitor to the login page.
PUBLIC = {
    "home",
    "healthz",
    "privacy",
    "exercises:guide",
    "exercises:guide-section",
    "exercises:exercise-list",
    "exercises:exercise-detail",
    "exercises:routine-list",
    "exercises:routine-detail",
    "quiz:quiz-list",
    "quiz:quiz-detail",
    # allauth's pages for visitors: log in, sign up, confirm an address,
    # reset a forgotten password, and the "logged out" / "inactive" notices.
    "account_login",
    "account_logout",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    # The second step of a sign-in (a code, or a passkey) and the passkey
    # sign-in itself: steps of logging in, for visitors by definition. With no
    # sign-in under way they send the visitor back to the login page.
    "mfa_authenticate",
    "mfa_login_webauthn",
    # Old addresses, moved for good (psoasapp/moved.py): they answer anyone
    # with a redirect, and the page they lead to decides who may see it
    # (tests/psoasapp/test_moved.py follows them, logged in and not).
    "moved:session",
    "moved:accounts",
    # Uploaded images (core/media.py): public content, like the exercise pages
    # that show them (tests/core/test_media.py).
    "media",
    # Reached by a secret in the address, never by a login: the private
    # calendar feed (an unknown token answers 404) and the one-click
    # unsubscribe of reminder emails (a signed link; a forged one answers 400).
    # tests/journal/test_reminders_*.py test both.
    "journal:calendar-feed",
    "journal:reminder-unsubscribe",
    # The report a person shares with a clinician, by a link's secret (an
    # unknown, expired or revoked one answers 404): tests/journal/test_sharing.py.
    "journal:shared-report",
    # The admin's login page hands over to allauth's (test_authentication.py).
    "admin:login",
    # Logging out needs no login: the admin's answers with its index, which
    # asks for one.
    "admin:logout",
}

# Routes that take a POST without a CSRF token, by URL name. RFC 8058's
# one-click unsubscribe is POSTed by the mail provider, with no cookie: the
# signature in its address is the proof, and a POST with a forged one changes
# nothing (the sweep checks that below and tests/journal test it in full).
CSRF_EXEMPT = {"journal:reminder-unsubscribe"}

# Models whose rows a request may legitimately write without changing anyone's
# data: the session store (a login or a message writes it) and the audit log
# (an append-only record of who looked at what, written by design on views).
STATE_EXCLUDED = {"sessions.session", AuditEvent._meta.label_lower}


class UnbuildableRoute(LookupError):
    pass


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str  # the pattern as written, prefixes included
    regex: str
    converters: dict = field(hash=False, compare=False)
    lookup: str = ""

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} {self.route!r}"

    @property
    def public(self) -> bool:
        return self.name in PUBLIC


def routes() -> list[Route]:
    """Every endpoint of the root URLconf, through every include."""
    found: list[Route] = []

    def walk(resolver, prefix: str, regex: str, namespace: str, converters: dict):
        for entry in resolver.url_patterns:
            part = entry.pattern.regex.pattern.removeprefix("^")
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(
                    entry,
                    prefix + str(entry.pattern),
                    regex + part,
                    ns,
                    {**converters, **entry.pattern.converters},
                )
            else:
                assert isinstance(entry, URLPattern)
                found.append(
                    Route(
                        name=f"{namespace}{entry.name}" if entry.name else None,
                        route=prefix + str(entry.pattern),
                        regex=regex + part,
                        converters={**converters, **entry.pattern.converters},
                        lookup=entry.lookup_str,
                    )
                )

    walk(get_resolver(), "", "", "", {})
    return found


@dataclass
class World:
    """One user's data, plus another user's, for the sweeps to point at."""

    owner: object
    other: object
    check_in: object
    session: object
    attempt: object
    values: dict[tuple[str | None, str], str] = field(default_factory=dict)


OWNER_NOTE = "owner-only-note-7f3a"


def make_world(*, owner=None) -> World:
    """The owner's plan, a check-in, a session and a quiz attempt (through the
    services, as a request would make them), and another user with their own."""
    from exercises import services as exercises_services
    from exercises.models import Exercise, GuideSection, Routine
    from journal import services as journal
    from quiz import services as quiz_services
    from quiz.models import Quiz
    from tests.images import image_bytes, upload

    owner = owner or UserFactory()
    other = UserFactory()
    for person in (owner, other):
        PlanFactory(user=person)
    routine = Routine.objects.filter(is_published=True).first()
    check_in = CheckInFactory(
        user=owner, date=datetime.date(2026, 1, 5), pain_score=7, notes=OWNER_NOTE
    )
    session = journal.session_record(
        user=owner,
        routine=routine,
        date=datetime.date(2026, 1, 5),
        exercise_ids=[routine.items.first().exercise_id],
        pain_during=3,
        effort="right",
        duration_minutes=None,
        notes=OWNER_NOTE,
    )
    quiz = Quiz.objects.published().first()
    photo = exercises_services.exercise_image_store(
        exercise=routine.items.first().exercise,
        upload=upload("photo.png", image_bytes("PNG", (300, 200))),
        alt_text="Half-kneeling, pelvis tucked under",
    )
    attempt = quiz_services.attempt_submit(
        user=owner, quiz=quiz, answers={}, token=uuid.uuid4()
    )

    world = World(owner, other, check_in, session, attempt)
    world.values = {
        ("journal:check-in-detail", "pk"): check_in.pk,
        ("journal:check-in-edit", "pk"): check_in.pk,
        ("journal:check-in-delete", "pk"): check_in.pk,
        ("journal:session-detail", "pk"): session.pk,
        ("journal:session-edit", "pk"): session.pk,
        ("journal:session-delete", "pk"): session.pk,
        ("quiz:attempt-detail", "pk"): attempt.pk,
        ("journal:session", "slug"): routine.slug,
        ("moved:session", "slug"): routine.slug,
        ("moved:accounts", "rest"): "login/",
        ("exercises:routine-detail", "slug"): routine.slug,
        ("exercises:exercise-detail", "slug"): Exercise.objects.first().slug,
        ("exercises:guide-section", "slug"): GuideSection.objects.first().slug,
        ("quiz:quiz-detail", "slug"): quiz.slug,
        ("media", "path"): photo.card.name,
        ("admin:view_on_site", "content_type_id"): ContentType.objects.get_for_model(
            type(check_in)
        ).pk,
        ("admin:view_on_site", "object_id"): check_in.pk,
        ("admin:auth_user_password_change", "id"): owner.pk,
        ("admin:app_list", "app_label"): "psoasapp",
        (None, "url"): "no-such-page/",
        ("account_confirm_email", "key"): "not-a-real-key",
        ("account_reset_password_from_key", "uidb36"): "1",
        ("account_reset_password_from_key", "key"): "set-password",
    }
    return world


ADMIN_MODEL_ROUTE = re.compile(r"^admin/(\w+)/(\w+)/")


def _admin_object_id(route: Route) -> str | None:
    """The first row of the model an admin change/delete/history URL edits."""
    match = ADMIN_MODEL_ROUTE.match(route.route)
    if not match:
        return None
    try:
        model = apps.get_model(*match.groups())
    except LookupError:
        return None
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return str(pk) if pk is not None else "1"


def _fallback(route: Route, param: str, world: World) -> object:
    """A plausible value for a parameter no table names: a later view is then
    swept too. Anything else (a regex group, a custom converter) is refused."""
    converter = route.converters.get(param)
    if param == "object_id" and (object_id := _admin_object_id(route)):
        return object_id
    if isinstance(converter, IntConverter):
        return world.check_in.pk
    if isinstance(converter, UUIDConverter):
        return uuid.uuid4()
    if isinstance(converter, StringConverter):  # str, slug and path
        return "no-such-thing"
    raise UnbuildableRoute(
        f"Cannot build a URL for {route.label}: no value for {param!r} "
        f"({type(converter).__name__ if converter else 'regex group'}). "
        "Add one to make_world()'s values in tests/psoasapp/sweep.py."
    )


def build(route: Route, world: World) -> str:
    candidates = normalize(route.regex)
    if not candidates:
        raise UnbuildableRoute(f"Cannot read the pattern of {route.label}")
    template, params = candidates[0]
    kwargs = {}
    for param in params:
        for key in ((route.name, param), (None, param)):
            if key in world.values:
                value = world.values[key]
                break
        else:
            value = _fallback(route, param, world)
        converter = route.converters.get(param)
        kwargs[param] = converter.to_url(value) if converter else str(value)
    url = "/" + template % kwargs
    match = resolve(url)
    same_view = match._func_path.rsplit(".", 1)[-1] == route.lookup.rsplit(".", 1)[-1]
    if (route.name and match.view_name != route.name) or not same_view:
        raise UnbuildableRoute(
            f"{url} built for {route.label} resolves to {match._func_path}"
        )
    return url


def built_routes(world: World) -> Iterator[tuple[Route, str]]:
    for route in routes():
        yield route, build(route, world)


def _counted_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in STATE_EXCLUDED
        and not model._meta.proxy
        and model._meta.managed
    ]


def row_counts() -> dict[str, int]:
    """Rows per model, for every model but the session store and audit log, in
    one query: the sweeps call this after every request."""
    counted = _counted_models()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(model._meta.db_table)}"
        for index, model in enumerate(counted)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {
            counted[index]._meta.label_lower: count
            for index, count in cursor.fetchall()
        }


def snapshot() -> dict[str, object]:
    """Row counts plus the last change of every user-owned row, so an edit that
    keeps the count is seen too."""
    counts: dict[str, object] = dict(row_counts())
    for model in _counted_models():
        label = model._meta.label_lower
        concrete = [f.attname for f in model._meta.concrete_fields]
        counts[f"{label}:rows"] = hash(
            tuple(
                tuple(str(value) for value in row)
                for row in model._default_manager.order_by("pk").values_list(*concrete)
            )
        )
    return counts

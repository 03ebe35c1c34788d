"""The personal-data contract (core.privacy): every model with a foreign key to
the user is declared, and every declared model's rows are in the account
download, go with the account, and, for health data, are audited whenever an
admin page shows them. The tests loop over the declarations, so a model joins
them by being declared."""

import datetime
from collections.abc import Callable
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from core import checks, privacy
from core.admin import SuperuserReadOnly
from core.audit import audit_record
from core.models import AuditAction, AuditEvent
from exercises.content import CONTENT_EDITORS_GROUP
from journal import services as journal_services
from journal.models import CheckIn, ReminderDelivery, ReminderKind
from psoasapp import services
from quiz.models import AttemptAnswer
from tests.auth import log_in_recently
from tests.factories import (
    DEFAULT_PASSWORD,
    AttemptAnswerFactory,
    AttemptFactory,
    CheckInFactory,
    ConsentFactory,
    FunctionRatingFactory,
    FunctionScoreFactory,
    PasskeyFactory,
    PlanFactory,
    SessionExerciseFactory,
    SessionFactory,
    UserFactory,
    UserSessionFactory,
)

pytestmark = pytest.mark.django_db


def _group_membership(user) -> None:
    user.groups.add(Group.objects.create(name=f"Group of {user.email}"))


def _own_permission(user) -> None:
    user.user_permissions.add(Permission.objects.get(codename="view_group"))


def _admin_log_entry(user) -> None:
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Group),
        object_id="1",
        object_repr="Testers",
        action_flag=ADDITION,
    )


def _second_email_address(user) -> None:
    EmailAddress.objects.create(user=user, email=f"second.{user.email}")


def _reminder(user) -> None:
    journal_services.reminder_update(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=True,
        days=127,
        time=datetime.time(20, 0),
    )


def _reminder_delivery(user) -> None:
    ReminderDelivery.objects.create(
        user=user,
        kind=ReminderKind.SESSION,
        local_date=datetime.date(2026, 3, 29),
        due_at=datetime.datetime(2026, 3, 29, 17, tzinfo=datetime.UTC),
    )


# One row of each declared model for a user, by model label. A model declared
# without one here fails every test below that loops over the declarations.
ROW_MAKERS: dict[str, Callable[[object], object]] = {
    "journal.plan": lambda user: PlanFactory(user=user),
    "journal.checkin": lambda user: CheckInFactory(user=user),
    "journal.session": lambda user: SessionFactory(user=user),
    "journal.sessionexercise": lambda user: SessionExerciseFactory(session__user=user),
    "journal.reminder": _reminder,
    "journal.reminderdelivery": _reminder_delivery,
    "journal.calendarfeed": lambda user: journal_services.calendar_feed_issue(
        user=user
    ),
    "journal.functionscore": lambda user: FunctionScoreFactory(user=user),
    "journal.functionrating": lambda user: FunctionRatingFactory(score__user=user),
    "journal.reportshare": lambda user: journal_services.report_share_create(
        user=user,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
        days=7,
    )[0],
    "quiz.attempt": lambda user: AttemptFactory(user=user),
    "quiz.attemptanswer": lambda user: AttemptAnswerFactory(attempt__user=user),
    "psoasapp.consent": lambda user: ConsentFactory(user=user),
    "account.emailaddress": _second_email_address,
    "psoasapp.user_groups": _group_membership,
    "psoasapp.user_user_permissions": _own_permission,
    "admin.logentry": _admin_log_entry,
    "core.auditevent": lambda user: audit_record(action=AuditAction.LOGIN, user=user),
    "mfa.authenticator": lambda user: PasskeyFactory(user=user),
    "usersessions.usersession": lambda user: UserSessionFactory(user=user),
}

DECLARED = privacy.registry.personal_models()
EXPORTED = [personal for personal in DECLARED if personal.export_path]
HEALTH = [personal for personal in DECLARED if personal.health]


def ids(personal: privacy.PersonalModel) -> str:
    return personal.label


def make_row(personal: privacy.PersonalModel, user) -> None:
    maker = ROW_MAKERS.get(personal.label)
    assert maker is not None, (
        f"{personal.label} is declared but the contract tests cannot make a "
        f"row of it: add a factory for it to tests/factories.py and an entry "
        f"for {personal.label!r} to ROW_MAKERS in {__name__.replace('.', '/')}.py."
    )
    maker(user)
    assert personal.rows_of(user).exists(), (
        f"ROW_MAKERS[{personal.label!r}] made no row that "
        f"user_path={personal.user_path!r} reaches from the user."
    )


# Every model pointing at the user is declared --------------------------------


def test_every_model_with_a_foreign_key_to_the_user_is_declared():
    undeclared = privacy.registry.undeclared()

    assert undeclared == [], (
        f"Not declared as personal data: {undeclared}. Declare each model in "
        "its app's privacy.py (see core/privacy.py)."
    )


def test_every_declared_model_has_a_row_maker():
    assert {personal.label for personal in DECLARED} == set(ROW_MAKERS)


@isolate_apps("core")
@pytest.mark.parametrize("kind", ["foreign-key", "one-to-one", "many-to-many"])
def test_a_new_model_pointing_at_the_user_is_reported_until_it_is_declared(kind):
    class Reminder(models.Model):
        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return f"Reminder #{self.pk}"

    field = {
        "foreign-key": models.ForeignKey(
            settings.AUTH_USER_MODEL, on_delete=models.CASCADE
        ),
        "one-to-one": models.OneToOneField(
            settings.AUTH_USER_MODEL, on_delete=models.CASCADE
        ),
        "many-to-many": models.ManyToManyField(settings.AUTH_USER_MODEL),
    }[kind]
    Reminder.add_to_class("person", field)
    candidates = Reminder._meta.apps.get_models(include_auto_created=True)
    registry = privacy.registry.copy()
    if kind == "many-to-many":
        table, user_path, reported = (
            Reminder.person.through,
            "user",
            "core.Reminder_person.user",
        )
    else:
        table, user_path, reported = Reminder, "person", "core.Reminder.person"

    assert registry.undeclared(candidates) == [reported]

    registry.register(
        privacy.Declaration(
            app_label="reminders",
            models=[
                privacy.PersonalModel(
                    table,
                    user_path=user_path,
                    health=True,
                    export_path="reminders",
                )
            ],
            export=lambda user: {"reminders": []},
        )
    )
    assert registry.undeclared(candidates) == []
    assert privacy.registry.undeclared(candidates) == [reported], "the copy only"


def test_manage_py_check_warns_about_an_undeclared_model(monkeypatch):
    without_journal = privacy.Registry()
    for declaration in privacy.registry.declarations():
        if declaration.app_label != "journal":
            without_journal.register(declaration)
    monkeypatch.setattr(privacy, "registry", without_journal)

    warnings = checks.personal_data_declared()

    assert {warning.id for warning in warnings} == {"core.W001"}
    # Every journal model that points at the user, and only journal's (a new
    # journal model joins the list without editing this test).
    fields = {warning.msg.split()[0] for warning in warnings}
    assert fields >= {
        "journal.CheckIn.user",
        "journal.Plan.user",
        "journal.Session.user",
    }
    assert all(field.startswith("journal.") for field in fields)


def test_manage_py_check_passes_with_every_model_declared():
    assert checks.personal_data_declared() == []


@pytest.mark.parametrize(
    ("declare", "problem"),
    [
        pytest.param(
            lambda: privacy.PersonalModel(CheckIn, user_path="user", health=True),
            "either export_path",
            id="neither-exported-nor-why",
        ),
        pytest.param(
            lambda: privacy.PersonalModel(
                CheckIn,
                user_path="user",
                health=True,
                export_path="check_ins",
                not_exported_because="Both.",
            ),
            "either export_path",
            id="exported-and-why-not",
        ),
        pytest.param(
            lambda: privacy.PersonalModel(
                CheckIn, user_path="owner", health=True, export_path="check_ins"
            ),
            "no field 'owner'",
            id="no-such-field",
        ),
        pytest.param(
            lambda: privacy.PersonalModel(
                CheckIn, user_path="notes", health=True, export_path="check_ins"
            ),
            "not a relation",
            id="not-a-relation",
        ),
        pytest.param(
            lambda: privacy.PersonalModel(
                AttemptAnswer,
                user_path="question",
                health=True,
                export_path="quiz_attempts.answers",
            ),
            "not the user model",
            id="not-to-the-user",
        ),
        pytest.param(
            lambda: privacy.Declaration(
                app_label="journal",
                models=[
                    privacy.PersonalModel(
                        CheckIn, user_path="user", health=True, export_path="x"
                    )
                ],
            ),
            "no export function",
            id="exported-without-export",
        ),
        pytest.param(
            lambda: privacy.registry.copy().register(
                privacy.Declaration(app_label="journal", models=[])
            ),
            "declared its personal data already",
            id="app-twice",
        ),
        pytest.param(
            lambda: privacy.registry.copy().register(
                privacy.Declaration(
                    app_label="elsewhere",
                    models=[
                        privacy.PersonalModel(
                            CheckIn,
                            user_path="user",
                            health=True,
                            not_exported_because="A test.",
                        )
                    ],
                )
            ),
            "declared twice",
            id="model-twice",
        ),
    ],
)
def test_a_declaration_that_breaks_the_contract_is_refused(declare, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        declare()


def test_health_data_is_what_the_admin_audits():
    # Changing this set changes who is audited: do it on purpose.
    assert {personal.label for personal in HEALTH} == {
        "journal.plan",
        "journal.checkin",
        "journal.session",
        "journal.sessionexercise",
        "journal.functionscore",
        "journal.functionrating",
        "journal.reportshare",
        "quiz.attempt",
        "quiz.attemptanswer",
        "psoasapp.consent",
    }


# The download -----------------------------------------------------------------


@pytest.mark.parametrize("personal", EXPORTED, ids=ids)
def test_each_declared_models_rows_are_in_the_download(personal):
    user, other = UserFactory(), UserFactory()
    make_row(personal, user)
    make_row(personal, other)
    expected = personal.rows_of(user).count()

    data = services.account_export(user=user)

    assert privacy.count_exported(data, personal.export_path) == expected, (
        f"{personal.label}: the download has a different number of rows at "
        f"{personal.export_path!r} than the user has"
    )


def test_the_downloads_sections_keep_their_order():
    data = services.account_export(user=UserFactory())

    # The file's layout is part of its format: new sections may be added,
    # these stay in this order.
    assert list(data) == [
        "format",
        "exported_at",
        "profile",
        "two_factor",
        "logged_in_browsers",
        "plan",
        "check_ins",
        "sessions",
        "reminders",
        "calendar_feed",
        "reminder_deliveries",
        "function_scores",
        "report_shares",
        "quiz_attempts",
        "account_events",
    ]


def test_two_apps_exporting_one_key_is_an_error(monkeypatch):
    registry = privacy.registry.copy()
    registry.register(
        privacy.Declaration(
            app_label="reminders", models=[], export=lambda user: {"plan": None}
        )
    )
    monkeypatch.setattr(privacy, "registry", registry)

    with pytest.raises(ImproperlyConfigured, match=r"reminders.*\['plan'\]"):
        services.account_export(user=UserFactory())


@pytest.mark.parametrize(
    ("path", "data", "count"),
    [
        ("plan", {"plan": None}, 0),
        ("plan", {"plan": {"weekly_target": 3}}, 1),
        ("check_ins", {"check_ins": [{}, {}]}, 2),
        ("a.b", {"a": [{"b": [1, 2]}, {"b": []}, {"b": [3]}]}, 3),
        ("profile.consents", {"profile": {"consents": [{}]}}, 1),
    ],
)
def test_count_exported_reads_the_export_path(path, data, count):
    assert privacy.count_exported(data, path) == count


# Deleting the account ---------------------------------------------------------


@pytest.mark.parametrize("personal", DECLARED, ids=ids)
def test_each_declared_models_rows_go_with_the_account(client, personal):
    user, other = UserFactory(), UserFactory()
    make_row(personal, user)
    make_row(personal, other)
    pk = user.pk
    mine = list(personal.rows_of(user).values_list("pk", flat=True))
    others = set(personal.rows_of(other).values_list("pk", flat=True))
    log_in_recently(client, user)

    response = client.post(
        reverse("account-delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert not personal.rows_of(pk).exists()
    kept = personal.model._default_manager.filter(pk__in=mine)
    if personal.kept_after_deletion:
        assert kept.count() == len(mine), f"{personal.label} keeps its rows"
    else:
        assert not kept.exists(), f"{personal.label} rows outlive the account"
    assert set(personal.rows_of(other).values_list("pk", flat=True)) == others


def test_each_apps_forget_is_called_with_the_deleted_account(monkeypatch, rf):
    forgotten = []
    registry = privacy.registry.copy()
    registry.register(
        privacy.Declaration(app_label="reminders", models=[], forget=forgotten.append)
    )
    monkeypatch.setattr(privacy, "registry", registry)
    user = UserFactory()
    pk = user.pk
    request = rf.post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)

    services.account_delete(user=user, request=request)

    assert forgotten == [pk]
    assert not type(user).objects.filter(pk=pk).exists()


# Health data in the admin -----------------------------------------------------


def _admins_showing(model) -> list:
    """The registered model admins that show `model`'s rows inline."""
    return [
        (model_admin, inline)
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if inline.model is model
    ]


def _parent_of(row, parent_model):
    [link] = [
        field
        for field in row._meta.concrete_fields
        if field.is_relation and field.related_model is parent_model
    ]
    return getattr(row, link.name)


@pytest.mark.parametrize("personal", HEALTH, ids=ids)
def test_each_admin_page_showing_health_data_is_audited(client, personal):
    user = UserFactory()
    make_row(personal, user)
    row = personal.rows_of(user).first()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    model = personal.model

    if model in admin.site._registry:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, SuperuserReadOnly)
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages = [
            (reverse(f"{prefix}_changelist"), f"{personal.label} list"),
            (reverse(f"{prefix}_change", args=[row.pk]), f"{personal.label} #{row.pk}"),
            (
                reverse(f"{prefix}_history", args=[row.pk]),
                f"{personal.label} #{row.pk} history",
            ),
        ]
    else:
        showing = _admins_showing(model)
        assert showing, f"{personal.label} has no admin page, nor is it shown inline"
        pages = []
        for model_admin, inline in showing:
            assert issubclass(inline, SuperuserReadOnly)
            assert privacy.registry.is_health(model_admin.model), (
                f"{personal.label} is shown in {model_admin}, which is not audited"
            )
            parent = _parent_of(row, model_admin.model)
            opts = model_admin.model._meta
            pages.append(
                (
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change",
                        args=[parent.pk],
                    ),
                    f"{opts.label_lower} #{parent.pk}",
                )
            )

    for url, target in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        # The admin's own page for that model (or the parent showing it inline).
        assert response.context["opts"].label_lower == target.split()[0]
        event = AuditEvent.objects.filter(action=AuditAction.STAFF_VIEW).latest("pk")
        assert (event.target, event.path) == (target, url)


@pytest.mark.parametrize("personal", DECLARED, ids=ids)
def test_content_editors_hold_no_permission_on_personal_data(personal):
    group = Group.objects.get(name=CONTENT_EDITORS_GROUP)
    content_type = ContentType.objects.get_for_model(personal.model)

    assert not group.permissions.filter(content_type=content_type).exists()

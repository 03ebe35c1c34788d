"""The migrations: the audit log's move to core on a fresh database and on one
migrated before the move, and the seed migrations' own copies of the content,
which must give a fresh database exactly what exercises.content and
quiz.content say (the test database is migrated fresh)."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from exercises import content
from exercises.models import (
    Exercise,
    GuideSection,
    Routine,
    Tip,
    WarningSign,
)
from quiz import content as quiz_content
from quiz.models import Quiz
from tests.factories import UserFactory

AUDIT_PERMISSIONS = {
    "add_auditevent",
    "change_auditevent",
    "delete_auditevent",
    "view_auditevent",
}
THE_MOVE = [
    ("core", "0001_auditevent_from_psoasapp"),
    ("psoasapp", "0003_auditevent_moved_to_core"),
]


# The audit log's move -----------------------------------------------------------


@pytest.mark.django_db
def test_a_fresh_database_has_the_audit_log_in_core_on_its_old_table():
    applied = MigrationRecorder(connection).applied_migrations()

    assert set(THE_MOVE) <= set(applied)
    assert AuditEvent._meta.db_table == "psoasapp_auditevent"
    assert "psoasapp_auditevent" in connection.introspection.table_names()
    assert not ContentType.objects.filter(app_label="psoasapp", model="auditevent")
    content_type = ContentType.objects.get(app_label="core", model="auditevent")
    assert (
        set(
            Permission.objects.filter(content_type=content_type).values_list(
                "codename", flat=True
            )
        )
        == AUDIT_PERMISSIONS
    )


@pytest.mark.django_db
def test_the_audit_log_is_read_at_its_new_admin_address(client):
    event = AuditEvent.objects.create(action=AuditAction.LOGIN, target="here")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))

    assert reverse("admin:core_auditevent_changelist") == "/admin/core/auditevent/"
    assert response.status_code == HTTPStatus.OK
    assert "here" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_events_and_permissions():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    # Back to the schema before the move (psoasapp 0002): the table is the
    # same, the content type row is psoasapp's again, as on main.
    executor.migrate([("psoasapp", "0002_consent_audit"), ("core", None)])
    try:
        ContentType.objects.clear_cache()
        before = ContentType.objects.get(app_label="psoasapp", model="auditevent")
        permission = Permission.objects.get(
            content_type=before, codename="view_auditevent"
        )
        auditors = Group.objects.create(name="Auditors")
        auditors.permissions.add(permission)
        auditor = UserFactory(is_staff=True)
        auditor.groups.add(auditors)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO psoasapp_auditevent (at, action, user_ref, path, "
                "target, detail) VALUES (%s, %s, '', '', %s, '')",
                ["2026-01-02T03:04:05Z", "login", "from before the move"],
            )
    finally:
        MigrationExecutor(connection).migrate(latest)
    ContentType.objects.clear_cache()

    after = ContentType.objects.get(app_label="core", model="auditevent")
    assert after.pk == before.pk, "the same row, relabelled"
    assert not ContentType.objects.filter(app_label="psoasapp", model="auditevent")
    assert Permission.objects.get(pk=permission.pk).content_type == after
    assert type(auditor).objects.get(pk=auditor.pk).has_perm("core.view_auditevent")
    assert AuditEvent.objects.get(target="from before the move").action == "login"


# The seed migrations' copies of the content ---------------------------------------


def assert_fields(row, data: dict, skip=()) -> None:
    for key, value in data.items():
        if key not in skip:
            assert getattr(row, key) == value, f"{row}: {key}"


@pytest.mark.django_db
def test_a_fresh_database_holds_exactly_the_seed_content():
    assert GuideSection.objects.count() == len(content.GUIDE_SECTIONS)
    for order, data in enumerate(content.GUIDE_SECTIONS, start=1):
        section = GuideSection.objects.get(slug=data["slug"])
        assert_fields(section, data)
        assert section.order == order

    assert Tip.objects.count() == len(content.TIPS)
    for data in content.TIPS:
        tip = Tip.objects.get(category=data["category"], order=data["order"])
        assert_fields(tip, data)
        assert tip.section.slug == "prevention-and-recovery"

    assert WarningSign.objects.count() == len(content.WARNING_SIGNS)
    for data in content.WARNING_SIGNS:
        sign = WarningSign.objects.get(slug=data["slug"])
        assert_fields(sign, data)
        assert sign.section.slug == "when-to-seek-medical-attention"

    assert Exercise.objects.count() == len(content.EXERCISES)
    for data in content.EXERCISES:
        exercise = Exercise.objects.get(slug=data["slug"])
        assert_fields(exercise, data, skip={"steps"})
        assert [
            (step.title, step.text) for step in exercise.steps.order_by("order")
        ] == [tuple(step) for step in data["steps"]]

    routine = Routine.objects.get()
    assert_fields(routine, content.DEFAULT_ROUTINE, skip={"items"})
    assert [
        (
            item.exercise.slug,
            item.sets,
            item.reps,
            item.hold_seconds,
            item.per_side,
        )
        for item in routine.items.order_by("order")
    ] == content.DEFAULT_ROUTINE["items"]


@pytest.mark.django_db
def test_a_fresh_database_holds_exactly_the_seed_quiz():
    quiz = Quiz.objects.get()
    assert_fields(quiz, quiz_content.QUIZ)
    questions = quiz.questions.order_by("order").select_related("guide_section")
    assert [
        (
            question.text,
            question.kind,
            question.guide_section.slug,
            question.explanation,
            [
                (choice.text, choice.is_correct)
                for choice in question.choices.order_by("order")
            ],
        )
        for question in questions
    ] == [
        (text, kind, section, explanation, list(choices))
        for text, kind, section, explanation, choices in quiz_content.QUESTIONS
    ]


@pytest.mark.django_db
def test_content_editors_hold_every_content_permission_and_no_other():
    group = Group.objects.get(name=content.CONTENT_EDITORS_GROUP)
    content_models = Permission.objects.filter(content_type__app_label="exercises")
    quiz_content_models = Permission.objects.filter(
        content_type__app_label="quiz",
        content_type__model__in=["quiz", "question", "choice"],
    )

    assert set(group.permissions.all()) == set(content_models) | set(
        quiz_content_models
    )

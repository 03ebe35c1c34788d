"""Users' health data in the admin: superusers may read it and every page that
shows it is audited; nobody changes it there; other staff never see it."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from exercises.content import CONTENT_EDITORS_GROUP
from exercises.models import Exercise
from journal.models import CheckIn, SessionExercise
from psoasapp.models import Consent
from quiz.models import Attempt, AttemptAnswer, Quiz
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


def make_check_in(owner):
    return CheckInFactory(user=owner, pain_score=7, notes="Twinge on the stairs.")


def make_session(owner):
    session = SessionFactory(user=owner, notes="Felt steady.")
    SessionExercise.objects.create(
        session=session,
        exercise=Exercise.objects.get(slug="bird-dog"),
        sets=3,
        reps=12,
        planned_sets=3,
        planned_reps=12,
    )
    return session


def make_plan(owner):
    return PlanFactory(user=owner)


def make_attempt(owner):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    attempt = Attempt.objects.create(
        user=owner,
        quiz=quiz,
        quiz_title=quiz.title,
        score=0,
        total=1,
        percent=0,
        pass_mark=quiz.pass_mark,
        pass_required=1,
        passed=False,
    )
    AttemptAnswer.objects.create(
        attempt=attempt,
        order=1,
        question_text="Which muscle?",
        chosen_text="The quadriceps, surely",
        correct_text="Iliopsoas",
        is_correct=False,
        explanation="It flexes the hip.",
    )
    return attempt


def make_consent(owner):
    return Consent.objects.create(user=owner, notice_version="test-7")


# (maker, admin URL prefix, the label audited, text the detail page shows)
HEALTH_DATA = [
    (make_check_in, "journal_checkin", "journal.checkin", "Twinge on the stairs."),
    (make_session, "journal_session", "journal.session", "Bird Dog"),
    (make_plan, "journal_plan", "journal.plan", "Europe/London"),
    (make_attempt, "quiz_attempt", "quiz.attempt", "The quadriceps, surely"),
    (make_consent, "psoasapp_consent", "psoasapp.consent", "test-7"),
]
IDS = [label for _, _, label, _ in HEALTH_DATA]


@pytest.fixture
def owner(db):
    owner = UserFactory()
    plan = PlanFactory(user=owner)
    plan.time_zone = "Europe/London"
    plan.save()
    return owner


def staff_views():
    return list(AuditEvent.objects.filter(action=AuditAction.STAFF_VIEW))


@pytest.mark.parametrize(("make", "prefix", "label", "shown"), HEALTH_DATA, ids=IDS)
def test_superuser_reads_health_data_and_each_page_is_audited(
    superuser_client, superuser, owner, make, prefix, label, shown
):
    row = make(owner)
    before = timezone.now()

    listing = superuser_client.get(
        reverse(f"admin:{prefix}_changelist"), REMOTE_ADDR=ADDRESS
    )
    detail = superuser_client.get(
        reverse(f"admin:{prefix}_change", args=[row.pk]), REMOTE_ADDR=ADDRESS
    )
    history = superuser_client.get(reverse(f"admin:{prefix}_history", args=[row.pk]))

    assert (listing.status_code, detail.status_code, history.status_code) == (
        HTTPStatus.OK,
        HTTPStatus.OK,
        HTTPStatus.OK,
    )
    assert row in listing.context["cl"].result_list
    assert shown in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode(), "read-only"
    assert listing.context["action_form"] is None, "no delete action"
    events = staff_views()
    assert [event.target for event in events] == [
        f"{label} #{row.pk} history",
        f"{label} #{row.pk}",
        f"{label} list",
    ]
    for event in events[1:]:
        assert (event.user, event.user_ref, event.ip_address) == (
            superuser,
            str(superuser.pk),
            ADDRESS,
        )
        assert before <= event.at <= timezone.now()
    assert events[1].path == reverse(f"admin:{prefix}_change", args=[row.pk])


def test_a_session_shows_its_exercises_read_only(superuser_client, owner):
    session = make_session(owner)

    response = superuser_client.get(
        reverse("admin:journal_session_change", args=[session.pk])
    )

    [inline] = response.context["inline_admin_formsets"]
    assert inline.formset.queryset.get().exercise.slug == "bird-dog"
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission


@pytest.mark.parametrize(("make", "prefix", "label", "shown"), HEALTH_DATA, ids=IDS)
def test_nobody_adds_changes_or_deletes_health_data_in_the_admin(
    superuser_client, owner, make, prefix, label, shown
):
    row = make(owner)
    model = type(row)
    before = model.objects.values().get(pk=row.pk)
    count = model.objects.count()
    change = reverse(f"admin:{prefix}_change", args=[row.pk])
    delete = reverse(f"admin:{prefix}_delete", args=[row.pk])

    responses = [
        superuser_client.get(reverse(f"admin:{prefix}_add")),
        superuser_client.post(reverse(f"admin:{prefix}_add"), {"user": owner.pk}),
        superuser_client.post(change, {"notes": "changed", "pain_score": "1"}),
        superuser_client.get(delete),
        superuser_client.post(delete, {"post": "yes"}),
    ]
    superuser_client.post(
        reverse(f"admin:{prefix}_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert [r.status_code for r in responses] == [HTTPStatus.FORBIDDEN] * 5
    assert model.objects.count() == count
    assert model.objects.values().get(pk=row.pk) == before


def test_a_missing_object_in_the_admin_records_no_staff_view(superuser_client):
    response = superuser_client.get(
        reverse("admin:journal_checkin_change", args=[123_456_789])
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:index")
    assert staff_views() == []


@pytest.mark.parametrize(("make", "prefix", "label", "shown"), HEALTH_DATA, ids=IDS)
def test_content_editor_is_refused_every_health_data_page(
    editor_client, owner, make, prefix, label, shown
):
    row = make(owner)

    pages = [
        editor_client.get(reverse(f"admin:{prefix}_changelist")),
        editor_client.get(reverse(f"admin:{prefix}_change", args=[row.pk])),
        editor_client.get(reverse(f"admin:{prefix}_history", args=[row.pk])),
    ]

    assert [page.status_code for page in pages] == [HTTPStatus.FORBIDDEN] * 3
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse(f"admin:{prefix}_changelist") not in index
    assert staff_views() == []


def test_staff_given_the_view_permission_still_see_no_journal(owner):
    check_in = make_check_in(owner)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename="view_checkin"))
    client = Client()
    client.force_login(staff)

    response = client.get(reverse("admin:journal_checkin_change", args=[check_in.pk]))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert CheckIn.objects.filter(pk=check_in.pk).exists()


@pytest.mark.parametrize("app", ["journal", "quiz", "psoasapp", "core"])
def test_content_editors_group_holds_no_permission_on_users_data(app):
    models = {
        "journal": {"plan", "checkin", "session", "sessionexercise"},
        "quiz": {"attempt", "attemptanswer"},
        "psoasapp": {"user", "consent"},
        "core": {"auditevent"},
    }[app]
    group = Group.objects.get(name=CONTENT_EDITORS_GROUP)

    held = set(
        group.permissions.filter(content_type__app_label=app).values_list(
            "content_type__model", flat=True
        )
    )

    assert held & models == set()

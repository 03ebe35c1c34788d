"""Property-based bad input to every journal form, through the test client:
never a 5xx, nothing stored or changed unless the form succeeded, and what is
stored is valid.

Each test sets up its user and rows once with pytest fixtures, then calls an
inner Hypothesis function (so no function-scoped fixture is reused behind
Hypothesis's back, and no health check needs suppressing) whose every example
runs in a savepoint that is rolled back (`rolled_back`): no example sees
another's rows."""

import datetime
import uuid
from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import selectors as content
from journal import selectors, services, triage
from journal.models import CheckIn, Effort, Plan, Session, SessionExercise
from journal.models.entries import EARLIEST_DATE, NOTES_MAX_LENGTH
from journal.models.plan import MAX_WEEKLY_TARGET
from journal.zones import offered_time_zones
from tests.factories import PlanFactory
from tests.fuzz import (
    FUZZ,
    any_text,
    assert_errors_shown,
    is_success_redirect,
    numbers,
    optional,
    post,
    rolled_back,
    safe_text,
    submissions,
    tricky_text,
    with_nul,
)

pytestmark = pytest.mark.django_db

# The questions a new check-in asks (the retired one is not: it is ignored).
SIGN_FIELDS = [question.field for question in triage.QUESTIONS if question.asked]
FIRST_DOSE = "the first dose field"


def _today(user) -> datetime.date:
    return selectors.user_today(PlanFactory(user=user))


def _valid_date(today: datetime.date):
    return st.dates(EARLIEST_DATE, today).map(datetime.date.isoformat)


def _check_in_fields(today: datetime.date) -> dict:
    return {
        "date": _valid_date(today),
        "pain_score": st.integers(0, 10).map(str),
        "notes": optional(safe_text(NOTES_MAX_LENGTH)),
        **{field: optional(st.just("on")) for field in SIGN_FIELDS},
    }


def _assert_valid_check_in(entry: CheckIn, today: datetime.date) -> None:
    entry.full_clean()
    assert 0 <= entry.pain_score <= 10
    assert EARLIEST_DATE <= entry.date <= today
    assert len(entry.notes) <= NOTES_MAX_LENGTH
    assert "\x00" not in entry.notes


def _assert_is_submitted_check_in(entry: CheckIn, data: dict) -> None:
    assert entry.date.isoformat() == data["date"]
    assert entry.pain_score == int(data["pain_score"])
    assert entry.notes == data.get("notes", "").strip()
    for field in SIGN_FIELDS:
        assert getattr(entry, field) is (field in data)


def test_check_in_form_survives_any_input(user_client, user):
    today = _today(user)
    url = reverse("journal:check-in")

    @FUZZ
    @given(submission=submissions(_check_in_fields(today)))
    def check(submission):
        with rolled_back():
            response = post(user_client, url, submission.data)

            entries = list(CheckIn.objects.filter(user=user))
            if not is_success_redirect(response):
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)
                assert entries == []
                return
            assert len(entries) == 1
            entry = entries[0]
            assert response["Location"] == entry.get_absolute_url()
            _assert_valid_check_in(entry, today)
            if submission.valid:
                _assert_is_submitted_check_in(entry, submission.data)

    check()


def test_check_in_edit_form_survives_any_input(user_client, user):
    today = _today(user)
    entry = services.check_in_record(
        user=user, date=today - datetime.timedelta(days=3), pain_score=4, notes="ok"
    )[0]
    other_day = services.check_in_record(
        user=user, date=today - datetime.timedelta(days=5), pain_score=2
    )[0]
    url = reverse("journal:check-in-edit", args=[entry.pk])
    fields = _check_in_fields(today)
    # Moving the check-in onto a day that has one must be refused.
    fields["date"] |= st.just(other_day.date.isoformat())

    def rows():
        return list(CheckIn.objects.filter(user=user).order_by("pk").values())

    before = rows()

    @FUZZ
    @given(submission=submissions(fields))
    def check(submission):
        with rolled_back():
            response = post(user_client, url, submission.data)

            if not is_success_redirect(response):
                assert_errors_shown(response)
                assert rows() == before
                return
            assert response["Location"] == entry.get_absolute_url()
            assert CheckIn.objects.filter(user=user).count() == len(before)
            edited = CheckIn.objects.get(pk=entry.pk)
            _assert_valid_check_in(edited, today)
            assert edited.date != other_day.date
            if submission.valid and submission.data["date"] != str(other_day.date):
                _assert_is_submitted_check_in(edited, submission.data)

    check()


def test_plan_form_survives_any_input(user_client, user):
    plan = PlanFactory(user=user)
    routine_ids = list(content.routines_published().values_list("pk", flat=True))
    fields = {
        "weekly_target": st.integers(1, MAX_WEEKLY_TARGET).map(str),
        "routine": st.sampled_from(routine_ids).map(str),
        "time_zone": st.sampled_from(sorted(offered_time_zones())),
    }
    url = reverse("journal:plan")

    def row():
        return Plan.objects.filter(pk=plan.pk).values().get()

    before = row()

    # Fewer examples: every page sent back renders ~420 time zone options.
    @settings(FUZZ, max_examples=30)
    @given(submission=submissions(fields))
    def check(submission):
        with rolled_back():
            response = post(user_client, url, submission.data)

            assert Plan.objects.filter(user=user).count() == 1
            if not is_success_redirect(response):
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)
                assert row() == before
                return
            saved = Plan.objects.get(pk=plan.pk)
            saved.full_clean()
            assert 1 <= saved.weekly_target <= MAX_WEEKLY_TARGET
            assert saved.routine_id in routine_ids
            assert saved.time_zone in offered_time_zones()
            if submission.valid:
                assert saved.weekly_target == int(submission.data["weekly_target"])
                assert str(saved.routine_id) == submission.data["routine"]
                assert saved.time_zone == submission.data["time_zone"]

    check()


def _dose_names(user, routine) -> dict[str, str]:
    """The session forms' dose fields: name -> unit (sets, reps or hold)."""
    names = {}
    for plan in selectors.exercise_plans(user, routine):
        for side in plan.sides:
            prefix = f"dose_{plan.exercise.pk}" + (f"_{side}" if side else "")
            names[f"{prefix}_sets"] = "sets"
            if plan.dose.reps:
                names[f"{prefix}_reps"] = "reps"
            if plan.dose.hold_seconds:
                names[f"{prefix}_hold"] = "hold"
    return names


DOSE_VALUES = {
    "sets": st.integers(1, 20),
    "reps": st.integers(1, 200),
    "hold": st.integers(1, 600),
}


def _session_fields(
    doses: dict[str, str], today: datetime.date | None, *, token: bool = True
) -> dict:
    fields = {
        **{name: DOSE_VALUES[unit].map(str) for name, unit in doses.items()},
        "pain_during": st.integers(0, 10).map(str),
        "effort": st.sampled_from(Effort.values),
        "duration_minutes": optional(st.just("") | st.integers(1, 600).map(str)),
        "notes": optional(safe_text(NOTES_MAX_LENGTH)),
    }
    if token:
        fields["token"] = st.uuids().map(str)
    if today is not None:
        fields["date"] = _valid_date(today)
    return fields


def _assert_valid_session(session: Session, exercise_ids, today) -> None:
    session.full_clean()
    assert 0 <= session.pain_during <= 10
    assert session.effort in Effort.values
    assert session.duration_minutes is None or 1 <= session.duration_minutes <= 600
    assert EARLIEST_DATE <= session.date <= today
    assert len(session.notes) <= NOTES_MAX_LENGTH
    assert "\x00" not in session.notes
    done = list(session.exercises.all())
    assert any(row.sets for row in done), "a session records one exercise done"
    for row in done:
        row.full_clean()
    assert {row.exercise_id for row in done} <= set(exercise_ids)


def _assert_is_submitted_session(session: Session, data: dict) -> None:
    units = {"sets": "sets", "reps": "reps", "hold": "hold_seconds"}
    for row in session.exercises.all():
        prefix = f"dose_{row.exercise_id}" + (f"_{row.side}" if row.side else "")
        for unit, column in units.items():
            if f"{prefix}_{unit}" in data:
                assert getattr(row, column) == int(data[f"{prefix}_{unit}"])
    assert session.pain_during == int(data["pain_during"])
    assert session.effort == data["effort"]
    duration = data.get("duration_minutes") or None
    assert session.duration_minutes == (int(duration) if duration else None)
    assert session.notes == data.get("notes", "").strip()
    if "date" in data:
        assert session.date.isoformat() == data["date"]


def _session_rows(user) -> list[tuple[dict, list[dict]]]:
    return [
        (
            session,
            list(
                SessionExercise.objects.filter(session_id=session["id"])
                .order_by("pk")
                .values()
            ),
        )
        for session in Session.objects.filter(user=user).order_by("pk").values()
    ]


@pytest.mark.parametrize("where", ["player", "log"])
def test_new_session_forms_survive_any_input(user_client, user, where):
    """The player's finish form (today's date) and the form that logs a session
    done elsewhere (any past date; the routine chosen in the query string)."""
    today = _today(user)
    routine = content.routine_default()
    exercise_ids = list(content.routine_exercises(routine).values_list("pk", flat=True))
    doses = _dose_names(user, routine)
    if where == "player":
        url = reverse("journal:session", args=[routine.slug])
        fields = _session_fields(doses, today=None)
    else:
        url = reverse("journal:session-new")
        fields = _session_fields(doses, today=today)

    @FUZZ
    @given(submission=submissions(fields))
    def check(submission):
        with rolled_back():
            response = post(user_client, url, submission.data)

            sessions = list(Session.objects.filter(user=user))
            if not is_success_redirect(response):
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)
                assert sessions == []
                assert not SessionExercise.objects.filter(session__user=user).exists()
                return
            assert len(sessions) == 1
            session = sessions[0]
            assert response["Location"] == session.get_absolute_url()
            assert session.routine_id == routine.pk
            _assert_valid_session(session, exercise_ids, today)
            if where == "player":
                assert session.date == today
            if submission.valid:
                _assert_is_submitted_session(session, submission.data)

    check()


def test_session_edit_form_survives_any_input(user_client, user):
    today = _today(user)
    routine = content.routine_default()
    exercise_ids = list(content.routine_exercises(routine).values_list("pk", flat=True))
    session = services.session_record(
        user=user,
        routine=routine,
        date=today - datetime.timedelta(days=2),
        exercise_ids=exercise_ids[:2],
        pain_during=3,
        effort=Effort.RIGHT,
        duration_minutes=12,
        notes="before",
    )
    url = reverse("journal:session-edit", args=[session.pk])
    before = _session_rows(user)

    doses = _dose_names(user, routine)

    @FUZZ
    @given(submission=submissions(_session_fields(doses, today=today, token=False)))
    def check(submission):
        with rolled_back():
            response = post(user_client, url, submission.data)

            if not is_success_redirect(response):
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)
                assert _session_rows(user) == before
                return
            assert response["Location"] == session.get_absolute_url()
            assert Session.objects.filter(user=user).count() == 1
            edited = Session.objects.get(pk=session.pk)
            _assert_valid_session(edited, exercise_ids, today)
            if submission.valid:
                _assert_is_submitted_session(edited, submission.data)

    check()


def test_session_log_routine_chooser_survives_any_query(user_client):
    url = reverse("journal:session-new")

    @settings(FUZZ, max_examples=30)
    @given(value=any_text | tricky_text | numbers | with_nul)
    def check(value):
        response = user_client.get(url, {"routine": value})
        assert response.status_code == HTTPStatus.OK
        # Whatever was asked, the form is for a published routine.
        assert response.context["routine"].is_published

    check()


def _valid_forms(user) -> dict[str, tuple[str, dict]]:
    """Per form: its address and a valid submission."""
    today = _today(user)
    routine = content.routine_default()
    exercise = content.routine_exercises(routine).first()
    entry = services.check_in_record(
        user=user, date=today - datetime.timedelta(days=9), pain_score=4
    )[0]
    session = services.session_record(
        user=user,
        routine=routine,
        date=today - datetime.timedelta(days=9),
        exercise_ids=[exercise.pk],
        pain_during=3,
        effort=Effort.RIGHT,
    )
    check_in = {"date": today.isoformat(), "pain_score": "3", "notes": "Fine"}
    session_data = {
        **dict.fromkeys(_dose_names(user, routine), "2"),
        "pain_during": "2",
        "effort": "easy",
        "duration_minutes": "10",
        "notes": "Fine",
    }
    return {
        "plan": (
            reverse("journal:plan"),
            {"weekly_target": "3", "routine": str(routine.pk), "time_zone": "UTC"},
        ),
        "check-in": (reverse("journal:check-in"), check_in),
        "check-in-edit": (reverse("journal:check-in-edit", args=[entry.pk]), check_in),
        "session": (
            reverse("journal:session", args=[routine.slug]),
            {**session_data, "token": str(uuid.uuid4())},
        ),
        "session-new": (
            reverse("journal:session-new"),
            {**session_data, "date": today.isoformat(), "token": str(uuid.uuid4())},
        ),
        "session-edit": (
            reverse("journal:session-edit", args=[session.pk]),
            {**session_data, "date": today.isoformat()},
        ),
    }


def _journal_rows(user) -> list:
    return [
        list(Plan.objects.filter(user=user).values()),
        list(CheckIn.objects.filter(user=user).order_by("pk").values()),
        _session_rows(user),
    ]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ("plan", "weekly_target"),
        ("plan", "routine"),
        ("plan", "time_zone"),
        *[
            (form, field)
            for form in ["check-in", "check-in-edit"]
            for field in ["date", "pain_score", "notes"]
        ],
        *[
            (form, field)
            for form in ["session", "session-new", "session-edit"]
            for field in [FIRST_DOSE, "pain_during", "effort", "duration_minutes"]
        ],
        *[(form, "notes") for form in ["session", "session-new", "session-edit"]],
        ("session-new", "date"),
        ("session-edit", "date"),
    ],
)
def test_a_nul_byte_in_any_field_is_a_form_error(user_client, user, form, field):
    """PostgreSQL refuses NUL in text: it must never get that far."""
    url, data = _valid_forms(user)[form]
    if field == FIRST_DOSE:
        field = next(name for name in data if name.startswith("dose_"))
    value = data[field]
    data = {
        **data,
        field: [f"{value[0]}\x00"] if isinstance(value, list) else f"{value}\x00",
    }
    before = _journal_rows(user)

    response = post(user_client, url, data)

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors[field]
    assert_errors_shown(response)
    assert _journal_rows(user) == before

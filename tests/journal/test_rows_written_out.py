"""The plan as the hot paths read it with SQL written out (core.rows,
selectors.plans.plan_read and zone_plan) is the plan the ORM reads: every
field converted as the ORM converts it, on SQLite and on PostgreSQL."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors
from journal.models import Plan
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELDS = [field.attname for field in Plan._meta.concrete_fields]


def _values(plan) -> list:
    return [getattr(plan, name) for name in FIELDS]


@pytest.fixture
def plan():
    plan = PlanFactory(
        weekly_target=4,
        time_zone="America/New_York",
        time_zone_known=True,
        history_cancer=True,
        history_steroids_or_osteoporosis=False,
        history_answered_at=timezone.now() - datetime.timedelta(days=3),
        report_name="Sam <Patient>",
        report_shows_email=True,
    )
    return plan


def test_plan_read_gives_the_orms_plan_and_routine(plan):
    expected = Plan.objects.select_related("routine").get(pk=plan.pk)

    read, (version, content_version) = selectors.plans.plan_read(plan.user)

    assert _values(read) == _values(expected)
    assert (
        type(read.history_cancer) is bool
        and read.history_steroids_or_osteoporosis is False
    )
    assert read.history_answered_at == expected.history_answered_at
    assert (
        read.routine == expected.routine
        and read.routine.title == expected.routine.title
    )
    assert version == selectors.journal_version(plan.user)
    assert content_version


def test_plan_read_without_a_routine_and_without_a_plan(plan):
    Plan.objects.filter(pk=plan.pk).update(routine=None)

    assert selectors.plans.plan_read(plan.user)[0].routine is None
    content_version = selectors.plans.plan_read(plan.user)[1][1]

    # A newcomer: no plan, no journal yet, the content's version all the same.
    read, versions = selectors.plans.plan_read(UserFactory())
    assert read is None
    assert versions == [None, content_version]


def test_a_newcomers_dashboard_reads_its_versions_with_the_plan(
    client, django_assert_num_queries
):
    """One query for the plan and both versions, with or without a plan."""
    client.force_login(UserFactory())
    client.get(reverse("journal:dashboard"))

    # The session, the user, and the plan with the versions.
    with django_assert_num_queries(3):
        client.get(reverse("journal:dashboard"))


def test_zone_plan_reads_the_zone_and_defers_the_rest(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        read = selectors.zone_plan(plan.user)
        assert (read.pk, read.user_id, read.time_zone, read.time_zone_known) == (
            plan.pk,
            plan.user_id,
            "America/New_York",
            True,
        )
    assert (
        read.get_deferred_fields()
        == Plan.objects.only("user_id", "time_zone", "time_zone_known")
        .get(pk=plan.pk)
        .get_deferred_fields()
    )
    # A deferred field is read when asked, as with QuerySet.only().
    with django_assert_num_queries(1):
        assert read.weekly_target == 4


def test_zone_plan_without_a_plan_is_unsaved():
    user = UserFactory()

    plan = selectors.zone_plan(user)

    assert plan.pk is None and plan.user_id == user.pk


def test_from_row_refuses_fields_out_of_the_models_order(plan):
    """Model.from_db reads a subset of values in the model's order: fields in
    another order would put one column's value in another's place."""
    from core import rows

    table = rows.quoted(Plan)
    fields = ["id", "weekly_target", "time_zone"]
    (row,) = rows.fetch(
        f"SELECT {', '.join(rows.columns(Plan, table, fields))} FROM {table} "
        f'WHERE {table}."id" = %s',
        [plan.pk],
    )
    made = rows.from_row(Plan, row, fields)
    assert (made.weekly_target, made.time_zone) == (plan.weekly_target, plan.time_zone)
    with pytest.raises(ValueError, match="order"):
        rows.from_row(Plan, row[::-1], fields[::-1])


def test_upsert_saves_as_the_orms_bulk_create_with_update_conflicts(user):
    """core.rows.upsert, the check-in replacement's INSERT ... ON CONFLICT
    written out: a new row as bulk_create stores it, then the same (user,
    date) updated in place (the same id, its created_at kept, updated_at
    moved), every column as the ORM's upsert leaves it."""
    from core import rows
    from journal.models import CheckIn

    day = datetime.date(2026, 3, 1)
    values = {"pain_score": 4, "notes": "Stiff «morning»", "night_pain": True}
    other = UserFactory()

    written = CheckIn(user=user, date=day, **values)
    rows.upsert(written, unique=["user", "date"], update=[*values, "updated_at"])
    (orm,) = CheckIn.objects.bulk_create(
        [CheckIn(user=other, date=day, **values)],
        update_conflicts=True,
        unique_fields=["user", "date"],
        update_fields=[*values, "updated_at"],
    )

    def stored(pk):
        entry = CheckIn.objects.get(pk=pk)
        return {
            field.attname: getattr(entry, field.attname)
            for field in CheckIn._meta.concrete_fields
            if field.attname not in ("id", "user_id", "created_at", "updated_at")
        }

    first = CheckIn.objects.get(pk=written.pk)
    assert written.pk is not None and not written._state.adding
    assert stored(written.pk) == stored(orm.pk)

    again = CheckIn(user=user, date=day, pain_score=7, notes="")
    rows.upsert(
        again, unique=["user", "date"], update=["pain_score", "notes", "updated_at"]
    )
    after = CheckIn.objects.get(pk=again.pk)
    assert again.pk == written.pk
    assert CheckIn.objects.filter(user=user).count() == 1
    assert (after.pain_score, after.notes, after.night_pain) == (7, "", True)
    assert after.created_at == first.created_at
    assert after.updated_at >= first.updated_at


@pytest.mark.parametrize("only", [None, ["id", "date", "pain_score"]])
def test_from_row_makes_the_instance_the_orm_makes(user, only):
    """core.rows.from_row, which skips Model.__init__ where nothing hangs on
    it, gives the instance the ORM gives: the same values, deferred fields,
    state and behaviour; a model with an image field (whose dimensions
    post_init fills) takes Model.__init__."""
    from core import rows
    from exercises.models import ExerciseImage
    from journal.models import CheckIn, Session, SessionExercise
    from tests.factories import CheckInFactory

    CheckInFactory(user=user, notes="Ache «after» sitting", night_pain=True)
    table = rows.quoted(CheckIn)
    (row,) = rows.fetch(
        f"SELECT {', '.join(rows.columns(CheckIn, table, only))} FROM {table} "
        f'WHERE {table}."user_id" = %s',
        [user.pk],
    )
    made = rows.from_row(CheckIn, row, only)
    orm = CheckIn.objects.only(*only).get() if only else CheckIn.objects.get()

    def values(instance):
        return {k: v for k, v in vars(instance).items() if k != "_state"}

    assert values(made) == values(orm)
    assert made.get_deferred_fields() == orm.get_deferred_fields()
    assert (made._state.adding, made._state.db) == (False, "default")
    assert made == orm and made.user == user
    if only:
        assert made.notes == orm.notes  # a deferred field loads as the ORM's
    assert rows._plan(CheckIn, None)[2] is True
    assert rows._plan(Session, None)[2] and rows._plan(SessionExercise, None)[2]
    assert rows._plan(ExerciseImage, None)[2] is False

import datetime

import factory
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email address is already confirmed, ready to log in."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=True
            )


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exercises.Exercise"

    title = factory.Sequence(lambda n: f"Test exercise {n}")
    slug = factory.Sequence(lambda n: f"test-exercise-{n}")
    kind = "strengthening"
    summary = "A test exercise."
    why_it_helps = "It helps."
    starting_position = "Stand tall."
    sets_min = 2
    sets_max = 3
    reps_min = 10
    reps_max = 15
    per_side = True
    order = factory.Sequence(lambda n: 100 + n)


class ExerciseStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exercises.ExerciseStep"

    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = "Move"
    text = factory.Sequence(lambda n: f"Step text {n}.")


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exercises.Routine"

    title = factory.Sequence(lambda n: f"Test routine {n}")
    slug = factory.Sequence(lambda n: f"test-routine-{n}")
    summary = "A test routine."


class RoutineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exercises.RoutineItem"

    routine = factory.SubFactory(RoutineFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    sets = 2
    reps = 10
    per_side = True


class GuideSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exercises.GuideSection"

    title = factory.Sequence(lambda n: f"Test section {n}")
    slug = factory.Sequence(lambda n: f"test-section-{n}")
    summary = "A test section."
    body = "Some text."
    order = factory.Sequence(lambda n: 100 + n)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.CheckIn"

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(n))
    pain_score = 4


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.Session"

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    pain_during = 2
    effort = "right"


class PlanFactory(factory.django.DjangoModelFactory):
    """The user's plan with the defaults a first save stores; asking again for
    the same user gives the same plan."""

    class Meta:
        model = "journal.Plan"
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    routine = factory.LazyFunction(
        lambda: (
            apps.get_model("exercises", "Routine")
            .objects.filter(is_default=True)
            .first()
        )
    )


def exercise_done(session, exercise, *, sets=2, reps=10, hold_seconds=None, side=""):
    """An unsaved session row for `exercise` done in full: the dose done is the
    dose planned."""
    from journal.models import SessionExercise

    return SessionExercise(
        session=session,
        exercise=exercise,
        side=side,
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        planned_sets=sets,
        planned_reps=reps,
        planned_hold_seconds=hold_seconds,
    )

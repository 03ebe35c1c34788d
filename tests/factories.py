import datetime
import hashlib
import secrets

import factory
from allauth.account.models import EmailAddress
from cryptography.hazmat.primitives.asymmetric import ec
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

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
    is_published = True  # the model's default is a draft


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
    is_published = True  # the model's default is a draft


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
    is_published = True  # the model's default is a draft


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.CheckIn"

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(n))
    pain_score = 4


class FunctionScoreFactory(factory.django.DjangoModelFactory):
    """A PSFS without ratings (FunctionRatingFactory adds them)."""

    class Meta:
        model = "journal.FunctionScore"

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(n))


class FunctionRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.FunctionRating"

    score = factory.SubFactory(FunctionScoreFactory)
    position = factory.Sequence(lambda n: n % 5)
    activity = factory.Sequence(lambda n: f"Activity {n}")
    ability = 5


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "journal.Session"

    user = factory.SubFactory(UserFactory)
    date = datetime.date(2026, 1, 1)
    routine = None
    # The title kept as services.session_record keeps it.
    routine_title = factory.LazyAttribute(
        lambda session: session.routine.title if session.routine else ""
    )
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


class SessionExerciseFactory(factory.django.DjangoModelFactory):
    """An exercise of a session done in full: the dose done is the dose
    planned (pass `sets=0, reps=None` for a skipped one)."""

    class Meta:
        model = "journal.SessionExercise"

    session = factory.SubFactory(SessionFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    exercise_title = factory.SelfAttribute("exercise.title")
    side = ""
    planned_sets = 2
    planned_reps = 10
    planned_hold_seconds = None
    sets = factory.SelfAttribute("planned_sets")
    reps = factory.SelfAttribute("planned_reps")
    hold_seconds = factory.SelfAttribute("planned_hold_seconds")


class QuizFactory(factory.django.DjangoModelFactory):
    """A published quiz without questions (add them with QuestionFactory)."""

    class Meta:
        model = "quiz.Quiz"

    title = factory.Sequence(lambda n: f"Test quiz {n}")
    slug = factory.Sequence(lambda n: f"test-quiz-{n}")
    introduction = "A test quiz."
    pass_mark = 80
    order = factory.Sequence(lambda n: 100 + n)
    is_published = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quiz.Question"

    quiz = factory.SubFactory(QuizFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Test question {n}?")
    kind = "single"
    explanation = "Because the guide says so."


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quiz.Choice"

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False


class AttemptFactory(factory.django.DjangoModelFactory):
    """A saved attempt, failed with one right answer of two."""

    class Meta:
        model = "quiz.Attempt"

    user = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(QuizFactory)
    quiz_title = factory.SelfAttribute("quiz.title")
    score = 1
    total = 2
    percent = 50
    pass_mark = factory.SelfAttribute("quiz.pass_mark")
    pass_required = 2
    passed = False


class AttemptAnswerFactory(factory.django.DjangoModelFactory):
    """A wrong answer of an attempt, to a question of the attempt's quiz."""

    class Meta:
        model = "quiz.AttemptAnswer"

    attempt = factory.SubFactory(AttemptFactory)
    order = factory.Sequence(lambda n: n + 1)
    question = factory.SubFactory(
        QuestionFactory, quiz=factory.SelfAttribute("..attempt.quiz")
    )
    question_text = factory.SelfAttribute("question.text")
    chosen = factory.SubFactory(
        ChoiceFactory, question=factory.SelfAttribute("..question")
    )
    chosen_text = factory.SelfAttribute("chosen.text")
    correct_text = "The right answer"
    is_correct = False
    explanation = factory.SelfAttribute("question.explanation")


class ConsentFactory(factory.django.DjangoModelFactory):
    """The user's consent to the current privacy notice; consenting again to
    the same version gives the same row, as services.consent_record does."""

    class Meta:
        model = "psoasapp.Consent"
        django_get_or_create = ("user", "notice_version")

    user = factory.SubFactory(UserFactory)
    notice_version = factory.LazyFunction(lambda: settings.PRIVACY_NOTICE_VERSION)


def exercise_done(session, exercise, *, sets=2, reps=10, hold_seconds=None, side=""):
    """An unsaved session row for `exercise` done in full: the dose done is the
    dose planned."""
    from journal.models import SessionExercise

    return SessionExercise(
        session=session,
        exercise=exercise,
        exercise_title=exercise.title,
        side=side,
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        planned_sets=sets,
        planned_reps=reps,
        planned_hold_seconds=hold_seconds,
    )


def held_reps_routine(*, reps: int = 10, reps_min: int = 10):
    """A routine of one exercise done as reps each held 3 s (up to 10 s), as
    the bird dog and the glute bridge are (issue 14), without the seed."""
    exercise = ExerciseFactory(
        title="Held bridge",
        sets_min=1,
        sets_max=2,
        reps_min=reps_min,
        reps_max=12,
        hold_seconds_min=3,
        hold_seconds_max=10,
        per_side=False,
    )
    return RoutineItemFactory(
        exercise=exercise, sets=1, reps=reps, hold_seconds=3, per_side=False
    ).routine


# Two-factor authentication and logged-in browsers (allauth.mfa, usersessions)
# ------------------------------------------------------------------------------

# A TOTP secret the tests know, to compute the codes an app would show.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """An enrolled factor: an authenticator app with TOTP_SECRET unless given
    another `type` and `data` (PasskeyFactory)."""

    class Meta:
        model = "mfa.Authenticator"

    user = factory.SubFactory(UserFactory)
    type = "totp"
    data = factory.LazyFunction(lambda: {"secret": TOTP_SECRET})


def passkey_credential(*, rp_id: str = "testserver") -> dict:
    """A WebAuthn registration response ("none" attestation) for a new P-256
    key, as a browser sends it when a passkey is added: allauth reads the
    credential's id and public key out of it."""
    credential_id = secrets.token_bytes(16)
    public_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    auth_data = AuthenticatorData.create(
        hashlib.sha256(rp_id.encode()).digest(),
        AuthenticatorData.FLAG.UP
        | AuthenticatorData.FLAG.UV
        | AuthenticatorData.FLAG.AT,
        0,
        AttestedCredentialData.create(
            b"\0" * 16, credential_id, ES256.from_cryptography_key(public_key)
        ),
    )
    client_data = CollectedClientData.create(
        type="webauthn.create",
        challenge=secrets.token_bytes(32),
        origin=f"https://{rp_id}",
    )
    return {
        "type": "public-key",
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(
                AttestationObject.create("none", auth_data, {})
            ),
        },
        "clientExtensionResults": {"credProps": {"rk": True}},
    }


class PasskeyFactory(AuthenticatorFactory):
    """A passkey (a WebAuthn key that logs in on its own) as allauth stores it;
    `data__name` names it."""

    type = "webauthn"
    data = factory.Dict(
        {
            "name": factory.Sequence(lambda n: f"Phone {n}"),
            "credential": factory.LazyFunction(passkey_credential),
        }
    )


class UserSessionFactory(factory.django.DjangoModelFactory):
    """A browser logged in to the account, as allauth records it at login."""

    class Meta:
        model = "usersessions.UserSession"

    user = factory.SubFactory(UserFactory)
    ip = "203.0.113.7"
    user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0"
    session_key = factory.Sequence(lambda n: f"made-up-session-key-{n:020d}")


def function_score(user, date, abilities, activities=None):
    """A function score (PSFS) of `user` on `date`, rating `activities` (by
    default "Activity 1", "Activity 2", ...) with `abilities`, in order."""
    FunctionScore = apps.get_model("journal", "FunctionScore")
    FunctionRating = apps.get_model("journal", "FunctionRating")
    activities = activities or [f"Activity {n + 1}" for n in range(len(abilities))]
    score = FunctionScore.objects.create(user=user, date=date)
    FunctionRating.objects.bulk_create(
        FunctionRating(score=score, position=n, activity=activity, ability=ability)
        for n, (activity, ability) in enumerate(zip(activities, abilities, strict=True))
    )
    return score


class TriggerFactory(factory.django.DjangoModelFactory):
    """A "what made it worse" tag, offered unless `is_active=False`."""

    class Meta:
        model = "journal.Trigger"

    name = factory.Sequence(lambda n: f"Trigger {n}")
    slug = factory.Sequence(lambda n: f"trigger-{n}")
    position = factory.Sequence(lambda n: 100 + n)

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.urls import reverse

from exercises.models import Exercise, Routine
from journal.export import neutralise
from journal.models import SessionExercise
from tests.factories import CheckInFactory, SessionFactory, exercise_done

pytestmark = pytest.mark.django_db


def download(client) -> list[list[str]]:
    response = client.get(reverse("journal:export"))
    assert response.status_code == HTTPStatus.OK
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("fine = ok", "fine = ok"),
        (3, "3"),
        (None, ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_export_has_one_header_and_every_check_in_and_session(user_client, user):
    CheckInFactory(
        user=user, date=datetime.date(2026, 1, 2), pain_score=6, notes="=1+1"
    )
    CheckInFactory(
        user=user,
        date=datetime.date(2026, 1, 1),
        pain_score=3,
        numbness_or_tingling=True,
    )
    session = SessionFactory(
        user=user,
        date=datetime.date(2026, 1, 2),
        routine=Routine.objects.get(slug="iliopsoas-relief"),
        pain_during=2,
        effort="hard",
        duration_minutes=14,
        notes="Ça va, élan",
    )
    SessionExercise.objects.create(
        session=session,
        exercise=Exercise.objects.get(slug="bird-dog"),
        exercise_title="Bird Dog",
        sets=2,
        reps=10,
        planned_sets=2,
        planned_reps=10,
    )
    CheckInFactory(notes="someone else's")

    rows = download(user_client)

    header, *body = rows
    assert header[:3] == ["record", "date", "pain_score"]
    assert header.count("record") == 1
    blank_session = [""] * 8  # routine to partly_done
    # The four answers of earlier exports where they were, then the new ones.
    assert header[3:7] == [
        "numbness_or_tingling",
        "loss_of_function",
        "sudden_onset",
        "accompanying_symptoms",
    ]
    assert header[7:16] == [
        "night_pain",
        "groin_pain_weight_bearing",
        "cauda_equina_signs",
        "weakness_one_leg",
        "cannot_bear_weight_after_fall",
        "fever_with_hot_hip",
        "fever_or_chills",
        "weight_loss",
        "emergency_acknowledged_at",
    ]
    no = ["no"] * 8
    no_details = [""] * 4  # side, triggers, trigger_other, medication
    assert body == [
        ["check-in", "2026-01-01", "3", "yes", "no", "no", "no", *no, ""]
        + [*blank_session, "", *no_details],
        ["check-in", "2026-01-02", "6", "no", "no", "no", "no", *no, ""]
        + [*blank_session, "'=1+1", *no_details],
        [
            "session",
            "2026-01-02",
            "",
            *[""] * 13,
            "Iliopsoas relief",
            "Bird Dog",
            "",
            "Bird Dog: 2 sets × 10 reps",
            "no",
            "2",
            "Hard",
            "14",
            "Ça va, élan",
            *no_details,
        ],
    ]


def test_the_export_gives_an_exercise_s_own_pain_where_given(user_client, user):
    session = SessionFactory(user=user, date=datetime.date(2026, 1, 2), pain_during=2)
    bird_dog, bridge = Exercise.objects.filter(
        slug__in=["bird-dog", "glute-bridge-with-hip-extension"]
    ).order_by("slug")
    row = exercise_done(session, bird_dog, side="right")
    row.pain = 6
    row.save()
    exercise_done(session, bridge).save()

    header, *rows = download(user_client)

    doses = rows[-1][header.index("doses")]
    assert doses == (
        f"{bird_dog.title} (right side): 2 sets × 10 reps, pain 6 out of 10; "
        f"{bridge.title}: 2 sets × 10 reps"
    )


def test_export_needs_login(client):
    url = reverse("journal:export")

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("days", [3, 300])
def test_export_query_count_does_not_grow_with_rows(
    user_client, user, django_assert_max_num_queries, days
):
    CheckIn = CheckInFactory._meta.model
    CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(n),
            pain_score=n % 11,
        )
        for n in range(days)
    )

    with django_assert_max_num_queries(8):
        rows = download(user_client)

    assert len(rows) == days + 1


def _history(user, days: int) -> None:
    """A check-in a day and a session of three exercises every other day."""
    from journal.models import CheckIn, Session

    start = datetime.date(2015, 1, 1)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    exercises = list(Exercise.objects.filter(routine_items__routine=routine))
    dates = [start + datetime.timedelta(days=n) for n in range(days)]
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=day, pain_score=n % 11, notes="x" * 200)
        for n, day in enumerate(dates)
    )
    sessions = Session.objects.bulk_create(
        Session(user=user, date=day, routine=routine, pain_during=2, effort="right")
        for day in dates[::2]
    )
    SessionExercise.objects.bulk_create(
        exercise_done(session, exercise)
        for session in sessions
        for exercise in exercises
    )


@pytest.mark.parametrize("days", [30, 3 * 365])
def test_the_export_runs_two_queries_whatever_the_history(
    user, django_assert_num_queries, days
):
    from journal.export import csv_lines

    _history(user, days)

    with django_assert_num_queries(2):
        lines = list(csv_lines(user))

    assert len(lines) == 1 + days + len(range(0, days, 2))


def test_the_export_memory_does_not_grow_with_the_history(user):
    """Streamed in chunks of CHUNK rows: once a history is a few chunks long,
    four times the history takes no more memory."""
    import tracemalloc

    from django.contrib.auth import get_user_model

    from journal.export import csv_lines
    from tests.factories import UserFactory

    peaks = []
    for days in (3 * 365, 12 * 365):
        person = UserFactory() if peaks else user
        _history(person, days)
        person = get_user_model().objects.get(pk=person.pk)
        # A first pass fills the one-time caches (the database driver's, the
        # template of each label) that the first measurement would otherwise
        # include or miss depending on the tests that ran before.
        for _ in csv_lines(person):
            pass
        tracemalloc.start()
        for _ in csv_lines(person):
            pass
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

    assert peaks[1] < 1.25 * peaks[0], peaks


def test_the_download_is_sent_in_pieces_of_tens_of_kilobytes(user_client, user):
    """One write to the socket per line made 3,000 writes for five years
    (issue 20): the download now comes in pieces of about CHUNK_CHARS, each
    ending at the end of a line, with the same text as the lines."""
    from journal.export import CHUNK_CHARS, csv_lines

    _history(user, 400)

    response = user_client.get(reverse("journal:export"))
    pieces = [piece.decode("utf-8") for piece in response.streaming_content]

    text = "".join(csv_lines(user))
    assert "".join(pieces) == text
    assert len(text) > 3 * CHUNK_CHARS
    assert len(pieces) == len(text) // CHUNK_CHARS + 1
    assert all(CHUNK_CHARS <= len(piece) < CHUNK_CHARS + 2_000 for piece in pieces[:-1])
    assert all(piece.endswith("\r\n") for piece in pieces)


def test_an_acknowledged_emergency_is_exported_as_a_moment_in_utc(user_client, user):
    """The export reads the driver's own values (SQLite gives text, naive, in
    UTC; PostgreSQL an aware datetime): both come out the same."""
    moment = datetime.datetime(2026, 3, 4, 22, 15, 30, 123456, tzinfo=datetime.UTC)
    CheckInFactory(
        user=user,
        date=datetime.date(2026, 3, 4),
        pain_score=7,
        sudden_onset=True,
        emergency_acknowledged_at=moment,
    )

    header, row = download(user_client)

    entry = dict(zip(header, row, strict=True))
    assert entry["emergency_acknowledged_at"] == "2026-03-04T22:15:30.123456+00:00"
    assert (entry["sudden_onset"], entry["loss_of_function"]) == ("yes", "no")

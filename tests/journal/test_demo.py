"""`manage.py demo_journal` (`make demo`): eight weeks of a made-up member's
journal, ending today in the plan's zone, written through the journal's
services, refused outside development, and the same after a second run."""

import datetime
import statistics
import subprocess
import sys
import zoneinfo
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from exercises import selectors as content
from journal import selectors, series, services, triage
from journal.models import CheckIn, Plan, Session, SessionExercise
from journal.progression import Dose
from psoasapp.management.commands.demo_journal import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    TZ_AT_START,
    machine_time_zone,
)
from psoasapp.models import Consent
from tests.conftest import REPO_ROOT
from tests.factories import UserFactory

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 3, 20)
# The story is told in calendar weeks: it holds whatever today's weekday.
EVERY_WEEKDAY = pytest.mark.parametrize(
    "today", [datetime.date(2026, 3, 16) + n * DAY for n in range(7)]
)


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def demo(*args: str) -> str:
    """Run the command; its output."""
    from io import StringIO

    out = StringIO()
    call_command("demo_journal", *args, stdout=out)
    return out.getvalue()


def demo_user():
    return get_user_model().objects.get(email=DEMO_EMAIL)


def scores_by_date(user) -> dict[datetime.date, int]:
    return dict(CheckIn.objects.filter(user=user).values_list("date", "pain_score"))


@pytest.mark.parametrize(
    "zone",
    # Far from UTC both ways: for half the day or more, their date is not
    # UTC's, so a journal ending on the server's date would be a day off.
    ["Pacific/Kiritimati", "Pacific/Pago_Pago"],
)
@pytest.mark.django_db
def test_the_journal_ends_today_in_the_plans_zone(debug, zone):
    before = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
    demo("--time-zone", zone)
    after = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()

    user = demo_user()
    dates = sorted(scores_by_date(user))
    assert Plan.objects.get(user=user).time_zone == zone
    assert dates[-1] in {before, after}
    assert dates[-1] == selectors.today_for(user) or after != before
    assert (dates[-1] - dates[0]).days == 55


@pytest.mark.django_db
def test_today_can_be_given(debug):
    output = demo("--today", TODAY.isoformat())

    user = demo_user()
    dates = sorted(scores_by_date(user))
    assert dates[0] == TODAY - 55 * DAY
    assert dates[-1] == TODAY
    assert max(Session.objects.filter(user=user).values_list("date", flat=True)) <= (
        TODAY
    )
    assert f"email:    {DEMO_EMAIL}" in output
    assert f"password: {DEMO_PASSWORD}" in output
    assert "http://127.0.0.1:8000/account/login/" in output


@pytest.mark.django_db
def test_a_today_after_the_plans_today_is_refused(debug):
    tomorrow = timezone.now().date() + 2 * DAY

    with pytest.raises(CommandError, match="cannot end the journal"):
        demo("--time-zone", "UTC", "--today", tomorrow.isoformat())

    assert not CheckIn.objects.exists()


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_pain_eases_from_about_6_to_about_2(debug, today):
    demo("--today", today.isoformat())

    scores = scores_by_date(demo_user())
    first_week = [s for d, s in scores.items() if d <= today - 49 * DAY]
    last_week = [s for d, s in scores.items() if d > today - 7 * DAY]
    assert len(first_week) >= 6
    assert len(last_week) == 7
    assert statistics.mean(first_week) == pytest.approx(6, abs=0.5)
    assert statistics.mean(last_week) == pytest.approx(2, abs=0.5)
    # Day-to-day noise, not a straight line.
    assert len(set(last_week)) > 1


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_a_missed_week_without_sessions(debug, today):
    demo("--today", today.isoformat())

    user = demo_user()
    dates = set(Session.objects.filter(user=user).values_list("date", flat=True))
    # Monday to Sunday, as the sessions chart counts weeks.
    mondays = [today - (today.weekday() + 7 * n) * DAY for n in range(1, 7)]
    missed = [
        monday for monday in mondays if not {monday + n * DAY for n in range(7)} & dates
    ]
    assert len(missed) == 1
    (monday,) = missed
    # Sparse check-ins that week.
    week = CheckIn.objects.filter(user=user, date__range=(monday, monday + 6 * DAY))
    assert 1 <= week.count() <= 3
    # The weeks after it are back to three sessions (the current one so far).
    later = [d for d in dates if d > monday + 6 * DAY]
    assert len(later) >= 3
    # About three sessions a week otherwise.
    assert 17 <= len(dates) <= 23


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_a_flare_with_a_warning_sign_day_in_the_past(debug, today):
    demo("--today", today.isoformat())

    user = demo_user()
    signs = [c for c in CheckIn.objects.filter(user=user) if c.answers]
    assert len(signs) == 1
    (sign,) = signs
    assert sign.answers == ("numbness_or_tingling",)
    assert sign.pain_score >= triage.SEVERE_PAIN
    assert (today - sign.date).days > triage.RECENT_DAYS
    # Inside the charts' default range, where a newcomer sees it first.
    assert sign.date >= series.range_start(series.DEFAULT_RANGE, today)
    # The rules find it from the data, as they would a member's check-in.
    report = selectors.report(user, start=today - 27 * DAY, end=today, target=3)
    kinds = {reason.kind for event in report.events for reason in event.reasons}
    assert triage.Kind.WARNING_SIGN in kinds
    assert triage.Kind.SEVERE_PAIN in kinds
    # The only flare: the eight weeks hold no other warning-sign event.
    everything = selectors.report(user, start=today - 55 * DAY, end=today, target=3)
    assert all(abs((event.start - sign.date).days) <= 3 for event in everything.events)
    # Over by today: the last seven days call for no advice.
    assert selectors.triage_recent(user, today) == []


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_the_diary_tells_the_same_story(debug, today):
    demo("--today", today.isoformat())

    user = demo_user()
    check_ins = list(
        CheckIn.objects.filter(user=user).prefetch_related("triggers").order_by("date")
    )
    sides = {check_in.side for check_in in check_ins}
    assert sides == {"left", "both"}
    (sign,) = [c for c in check_ins if c.answers]
    # The long drive of the warning-sign day's note.
    assert [t.slug for t in sign.triggers.all()] == ["getting-out-of-a-car"]
    assert sign.medication == "Ibuprofen 400 mg"
    # Every note of the desk carries the tag of long sitting.
    desk = [c for c in check_ins if "desk" in c.notes]
    assert desk
    assert all("long-sitting" in {t.slug for t in c.triggers.all()} for c in desk)
    # The function score every two weeks from the first day, ending with a
    # real change (at least the minimal detectable change) on its mean.
    points = selectors.function_scores(user)
    assert [(today - point.date).days for point in points] == [55, 41, 27, 13]
    assert points[-1].real and points[-1].change > 0
    assert not points[1].real


def at_least(dose: Dose, start: Dose) -> bool:
    """Whether `dose` is `start` or more in each of sets, reps and hold."""
    return all(
        (mine or 0) >= (theirs or 0)
        for mine, theirs in [
            (dose.sets, start.sets),
            (dose.reps, start.reps),
            (dose.hold_seconds, start.hold_seconds),
        ]
    )


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_the_suggested_doses_grow_as_the_pain_eases(debug, today):
    demo("--today", today.isoformat())

    user = demo_user()
    # The real progression, as the dashboard and the session form read it.
    advice = selectors.advice(user, content.routine_default(), today)
    start = {plan.exercise.pk: plan.start_dose for plan in advice.plans}
    recent = SessionExercise.objects.filter(
        session__user=user, session__date__gt=today - 21 * DAY
    ).order_by("session__date")
    planned: dict[tuple, list[Dose]] = {}
    for row in recent:
        planned.setdefault((row.exercise_id, row.side), []).append(row.planned)
    assert planned
    # Over the last three weeks, never below the start and never stepped down.
    for (exercise, _side), doses in planned.items():
        assert all(at_least(dose, start[exercise]) for dose in doses)
        assert all(
            at_least(later, earlier)
            for earlier, later in zip(doses, doses[1:], strict=False)
        )
    assert all(at_least(plan.dose, start[plan.exercise.pk]) for plan in advice.plans)
    # At least one exercise was stepped up, in a session or for the next one.
    offered = [d for doses in planned.values() for d in doses] + [
        plan.dose for plan in advice.plans
    ]
    assert any(dose not in start.values() for dose in offered)


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_no_next_day_rise_after_a_session_but_the_flares(debug, today):
    demo("--today", today.isoformat())

    user = demo_user()
    scores = scores_by_date(user)
    (sign,) = [c for c in CheckIn.objects.filter(user=user) if c.answers]
    rises = {
        date: triage.next_day_rise(date, scores)
        for date in Session.objects.filter(user=user).values_list("date", flat=True)
    }
    risen = [date for date, rise in rises.items() if (rise or 0) >= 2]
    # Only into the flare, around its warning-sign day.
    assert all(abs((date + DAY - sign.date).days) <= 3 for date in risen)
    # The next mornings are known, so the progression has something to read.
    assert sum(rise is not None for rise in rises.values()) >= 12


# What a note says of the pain, and the check-in scores that agree with it;
# notes that say nothing of its level are listed as neutral.
NOTE_BANDS = {
    "hip sore": range(5, 11),
    "without the ache": range(4),
    "hardly any ache": range(3),
    "tingling": range(5, 11),
}
NEUTRAL_NOTES = ("Saw the GP", "Away for work")


@EVERY_WEEKDAY
@pytest.mark.django_db
def test_notes_agree_with_their_scores(debug, today):
    demo("--today", today.isoformat())

    notes = CheckIn.objects.filter(user=demo_user()).exclude(notes="")
    found = set()
    for check_in in notes:
        bands = [
            (words, band)
            for words, band in NOTE_BANDS.items()
            if words in check_in.notes.lower()
        ]
        if not bands:
            assert check_in.notes.startswith(NEUTRAL_NOTES), check_in.notes
        for words, band in bands:
            assert check_in.pain_score in band, (check_in.notes, check_in.pain_score)
            found.add(words)
    assert found == set(NOTE_BANDS)


@pytest.mark.django_db
def test_session_doses_are_those_the_routine_offered(debug):
    demo("--today", TODAY.isoformat())

    rows = SessionExercise.objects.filter(session__user=demo_user())
    assert rows.exists()
    for row in rows:
        assert row.skipped or not row.partly_done
        assert row.planned.sets >= 1
    # One session left an exercise out, as a member might.
    assert Session.objects.with_partly_done().filter(has_shortfall=True).count() == 1


@pytest.mark.django_db
def test_running_twice_replaces_the_journal_and_touches_no_one_else(debug):
    other = UserFactory()
    services.check_in_record(user=other, date=TODAY, pain_score=5, notes="mine")
    services.session_record(
        user=other,
        routine=None,
        date=TODAY,
        pain_during=3,
        effort="right",
    )
    models = [
        get_user_model(),
        EmailAddress,
        Consent,
        Plan,
        CheckIn,
        Session,
        SessionExercise,
    ]

    demo("--today", TODAY.isoformat())
    first = {model: model.objects.count() for model in models}
    first_scores = scores_by_date(demo_user())
    demo("--today", TODAY.isoformat())

    assert {model: model.objects.count() for model in models} == first
    assert scores_by_date(demo_user()) == first_scores
    assert list(
        CheckIn.objects.filter(user=other).values_list("date", "pain_score", "notes")
    ) == [(TODAY, 5, "mine")]
    assert Session.objects.filter(user=other).count() == 1


@pytest.mark.django_db
def test_a_second_run_moves_the_journal_to_the_new_today(debug):
    demo("--today", TODAY.isoformat())
    demo("--today", (TODAY + 3 * DAY).isoformat())

    assert max(scores_by_date(demo_user())) == TODAY + 3 * DAY
    assert CheckIn.objects.filter(date__lte=TODAY - 53 * DAY).count() == 0


@pytest.mark.django_db
def test_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs in development"):
        demo()

    assert not get_user_model().objects.filter(email=DEMO_EMAIL).exists()


def test_refused_with_production_settings_and_a_non_zero_exit(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_journal"],
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", **production_env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "only runs in development (DJANGO_DEBUG=1)" in result.stderr
    assert DEMO_PASSWORD not in result.stdout


@pytest.mark.django_db
def test_a_staff_account_with_the_address_is_left_alone(debug):
    UserFactory(email=DEMO_EMAIL, is_staff=True)

    with pytest.raises(CommandError, match="staff account"):
        demo()

    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_the_demo_member_logs_in_and_sees_the_story(debug, client):
    demo("--time-zone", "Pacific/Kiritimati")
    user = demo_user()
    assert EmailAddress.objects.get(user=user).verified
    assert Consent.objects.filter(user=user).exists()
    # The real login, with the printed password (the address is confirmed).
    response = client.post(
        reverse("account_login"), {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")

    response = client.get(reverse("journal:dashboard"))

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert page.count('class="chart-svg"') == 2  # pain and sessions
    assert 'class="next-list"' in page  # the suggested doses
    assert "Suggested:" in page or "Keep at:" in page
    assert "triage-alert" not in page  # the flare is over
    assert response.context["ask_history"] is False

    report = client.get(reverse("journal:report"))
    assert report.status_code == HTTPStatus.OK
    assert "numbness or tingling in the hip or leg" in report.content.decode()


@pytest.fixture
def localtime(tmp_path):
    """A stand-in for /etc/localtime: a link into a zoneinfo folder."""

    def link(zone: str):
        target = tmp_path / "usr/share/zoneinfo" / zone
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"TZif")
        path = tmp_path / "localtime"
        path.symlink_to(target)
        return path

    return link


@pytest.mark.parametrize(
    ("tz", "link", "expected"),
    [
        # TZ first, when it names a zone (":" is POSIX's optional prefix).
        ("America/Los_Angeles", "Europe/Paris", "America/Los_Angeles"),
        (":Asia/Tokyo", "Europe/Paris", "Asia/Tokyo"),
        # Not a zone a plan takes: /etc/localtime's link then.
        ("EST5EDT", "Europe/Paris", "Europe/Paris"),
        ("", "Pacific/Auckland", "Pacific/Auckland"),
        ("", "Etc/UTC", "UTC"),
        # Neither: the site's setting.
        ("", "posixrules", "Africa/Nairobi"),
        ("nowhere", None, "Africa/Nairobi"),
    ],
)
def test_the_machines_time_zone(settings, localtime, tmp_path, tz, link, expected):
    settings.TIME_ZONE = "Africa/Nairobi"
    path = localtime(link) if link else tmp_path / "missing"

    zone, source = machine_time_zone(environ={TZ_AT_START: tz}, localtime=path)

    assert zone == expected
    if expected == tz.removeprefix(":"):
        assert source == "the TZ environment variable"
    elif link and expected != "Africa/Nairobi":
        assert source == str(path)
    else:
        assert source == "the site's DJANGO_TIME_ZONE"


@pytest.mark.django_db
def test_the_demo_member_gets_the_machines_zone_and_is_told(
    debug, monkeypatch, settings
):
    settings.TIME_ZONE = "UTC"
    monkeypatch.setenv(TZ_AT_START, "Pacific/Kiritimati")

    output = demo()

    assert Plan.objects.get(user=demo_user()).time_zone == "Pacific/Kiritimati"
    assert "in Pacific/Kiritimati (from the TZ environment variable)" in output
    assert "make demo DEMO_TZ=Europe/London" in output
    # --time-zone wins.
    output = demo("--time-zone", "Europe/London")
    assert Plan.objects.get(user=demo_user()).time_zone == "Europe/London"
    assert "in Europe/London (from --time-zone)" in output


def test_manage_py_keeps_tz_from_before_django_replaced_it():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from psoasapp.management.commands.demo_journal import "
            "machine_time_zone; import os; "
            "print(machine_time_zone()[0], os.environ['TZ'])",
            "--no-imports",
        ],
        cwd=REPO_ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "TZ": "Asia/Kolkata",
            "DJANGO_SETTINGS_MODULE": "psoasapp.settings_test",
            "DJANGO_TIME_ZONE": "UTC",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Asia/Kolkata", "UTC"]


def test_make_demo_passes_demo_tz():
    result = subprocess.run(
        ["make", "-n", "demo", "DEMO_TZ=Europe/London"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    (line,) = [line for line in result.stdout.splitlines() if "demo_journal" in line]
    assert line.endswith("--time-zone 'Europe/London'")


@pytest.mark.django_db
def test_the_whole_story_is_one_printed_address_away(debug, client):
    output = demo("--time-zone", "UTC")

    (address,) = [
        word for word in output.split() if "/journal/" in word and "range=" in word
    ]
    path = address.removeprefix("http://127.0.0.1:8000")
    client.force_login(demo_user())
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    chart_range, fell_back = series.chart_range(response.wsgi_request.GET["range"])
    assert not fell_back
    # The default range does not reach the first week, with pain about 6;
    # the printed one does.
    today = selectors.today_for(demo_user())
    first = min(scores_by_date(demo_user()))
    assert first < series.range_start(series.DEFAULT_RANGE, today)
    assert series.range_start(chart_range, today) <= first


@pytest.mark.django_db
def test_a_second_run_keeps_the_demo_member_logged_in(debug, client):
    demo()
    response = client.post(
        reverse("account_login"), {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")

    demo()

    response = client.get(reverse("journal:dashboard"))
    assert response.status_code == HTTPStatus.OK
    assert response.wsgi_request.user == demo_user()
    # A changed password still takes effect (and logs out, as it should).
    user = demo_user()
    user.set_password("something-else-entirely")
    user.save()
    demo()
    assert demo_user().check_password(DEMO_PASSWORD)

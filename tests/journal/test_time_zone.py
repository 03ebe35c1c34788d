"""A person's own day (issue 12, case 1): a new account takes the browser's
zone, pages say which zone they use, changing the zone hides, moves or
future-dates no entry, and a zone the server no longer knows is never a 500
(case 10)."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from exercises.models import Routine
from journal import selectors
from journal.models import CheckIn, Plan, Session
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.journal.test_exercise_sessions import form_data

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
KIRITIMATI = "Pacific/Kiritimati"
# 21:14 on Wednesday 2 December in New York; already 3 December in UTC.
NY_EVENING = datetime.datetime(2026, 12, 3, 2, 14, tzinfo=datetime.UTC)
# 08:00 the next morning in New York.
NY_MORNING = datetime.datetime(2026, 12, 3, 13, 0, tzinfo=datetime.UTC)
DEC_2 = datetime.date(2026, 12, 2)
DEC_3 = datetime.date(2026, 12, 3)
DASHBOARD = reverse("journal:dashboard")
CHECK_IN = reverse("journal:check-in")
PLAN = reverse("journal:plan")
LOG_SESSION = reverse("journal:session-new")
UNKNOWN_ZONE_NOTICE = (
    "Your saved time zone Mars/Olympus_Mons is no longer known to the server: "
    f"dates follow {settings.TIME_ZONE} until you choose one."
)


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock: `clock(moment)` freezes django.utils.timezone.now."""

    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def newcomer(client):
    """A user who has never saved anything: no plan row yet."""
    user = UserFactory()
    client.force_login(user)
    return user


def player_url() -> str:
    return reverse("journal:session", args=[Routine.objects.get(is_default=True).slug])


def session_data(client, url, **extra) -> dict:
    """The page's session form as sent untouched (the suggested doses and the
    one-time token), with a pain score, an effort and `extra`."""
    return {
        **form_data(client, url),
        "pain_during": "2",
        "effort": "right",
        "notes": "",
        **extra,
    }


def check_in_data(date, **extra) -> dict:
    return {"date": str(date), "pain_score": "4", "notes": "", **extra}


def test_a_new_users_check_in_and_session_take_the_browsers_zone(
    client, newcomer, clock
):
    clock(NY_EVENING)
    form = client.get(CHECK_IN).content.decode()

    check_in = client.post(CHECK_IN, check_in_data(DEC_2, time_zone=NEW_YORK))
    session = client.post(
        player_url(), session_data(client, player_url(), time_zone=NEW_YORK)
    )
    dashboard = client.get(DASHBOARD).content.decode()

    # Until the zone is known, the date input says it holds the server's day,
    # for timezone.js to replace with the browser's.
    assert 'data-server-today="2026-12-03"' in form
    assert "data-time-zone-unknown" in form
    assert 'name="time_zone"' in form
    assert check_in.status_code == session.status_code == HTTPStatus.FOUND
    assert check_in["Location"] == CheckIn.objects.get().get_absolute_url()
    assert session["Location"] == Session.objects.get().get_absolute_url()
    plan = Plan.objects.get(user=newcomer)
    assert (plan.time_zone, plan.time_zone_known) == (NEW_YORK, True)
    assert CheckIn.objects.get(user=newcomer).date == DEC_2
    assert Session.objects.get(user=newcomer).date == DEC_2
    assert "Today, Wednesday 2 December" in dashboard
    assert "Dates follow your time zone, America/New York (UTC−05:00)." in dashboard
    assert f'href="{PLAN}">Change it</a>' in dashboard


def test_a_new_users_logged_session_takes_the_browsers_zone(client, newcomer, clock):
    clock(NY_EVENING)

    refused = client.post(
        LOG_SESSION,
        session_data(client, LOG_SESSION, date="2026-12-03", time_zone=NEW_YORK),
    )
    saved = client.post(
        LOG_SESSION,
        session_data(client, LOG_SESSION, date="2026-12-02", time_zone=NEW_YORK),
    )

    assert refused.status_code == HTTPStatus.OK
    assert "This date is in the future" in refused.content.decode()
    assert saved.status_code == HTTPStatus.FOUND
    assert saved["Location"] == Session.objects.get().get_absolute_url()
    assert Session.objects.get(user=newcomer).date == DEC_2


def test_the_evening_session_and_the_next_mornings_fall_on_different_dates(
    client, newcomer, clock
):
    clock(NY_EVENING)
    client.post(player_url(), session_data(client, player_url(), time_zone=NEW_YORK))
    evening_form = client.get(CHECK_IN).content.decode()
    clock(NY_MORNING)
    client.post(player_url(), session_data(client, player_url(), time_zone=NEW_YORK))
    morning_form = client.get(CHECK_IN).content.decode()

    dates = Session.objects.filter(user=newcomer).order_by("created_at")
    assert [session.date for session in dates] == [DEC_2, DEC_3]
    assert 'value="2026-12-02"' in evening_form
    assert 'value="2026-12-03"' in morning_form


@pytest.mark.parametrize(
    ("utc_now", "local_date"),
    [
        # 23:30 on 3 December in Kiritimati (UTC+14): 09:30 UTC the same day.
        ("2026-12-03T09:30:00+00:00", "2026-12-03"),
        # 07:30 on 4 December in Kiritimati: still 3 December in UTC.
        ("2026-12-03T17:30:00+00:00", "2026-12-04"),
        # 23:59 on 4 December in Kiritimati.
        ("2026-12-04T09:59:00+00:00", "2026-12-04"),
    ],
)
def test_kiritimati_checks_in_for_its_own_date(
    client, newcomer, clock, utc_now, local_date
):
    clock(datetime.datetime.fromisoformat(utc_now))

    response = client.post(CHECK_IN, check_in_data(local_date, time_zone=KIRITIMATI))

    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert response["Location"] == CheckIn.objects.get().get_absolute_url()
    assert CheckIn.objects.get(user=newcomer).date.isoformat() == local_date
    assert Plan.objects.get(user=newcomer).time_zone == KIRITIMATI


def test_a_chosen_zone_is_not_replaced_by_the_browsers(client, newcomer, clock):
    clock(NY_EVENING)
    PlanFactory(user=newcomer, time_zone="Europe/London", time_zone_known=True)

    refused = client.post(CHECK_IN, check_in_data(DEC_3 + datetime.timedelta(1)))
    response = client.post(CHECK_IN, check_in_data(DEC_3, time_zone=NEW_YORK))

    assert refused.status_code == HTTPStatus.OK
    assert "This date is in the future" in refused.content.decode()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CheckIn.objects.get().get_absolute_url()
    assert CheckIn.objects.get(user=newcomer).date == DEC_3
    plan = Plan.objects.get(user=newcomer)
    assert (plan.time_zone, plan.time_zone_known) == ("Europe/London", True)


@pytest.mark.parametrize(
    "sent",
    ["", "Factory", "localtime", "Etc/GMT+5", "US/Eastern", "Mars/Base", "x" * 300],
)
def test_a_zone_the_plan_may_not_store_is_not_adopted(client, newcomer, clock, sent):
    clock(NY_EVENING)

    response = client.post(CHECK_IN, check_in_data(DEC_3, time_zone=sent))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CheckIn.objects.get().get_absolute_url()
    assert CheckIn.objects.get(user=newcomer).date == DEC_3
    # The plan, stored or not (a write does not store it), keeps the site's zone.
    plan = selectors.plan_for(newcomer)
    assert not plan.time_zone_known
    assert plan.time_zone == settings.TIME_ZONE


def test_a_browsers_legacy_region_city_name_is_adopted(client, newcomer, clock):
    """Chrome may report Asia/Calcutta rather than Asia/Kolkata."""
    clock(NY_EVENING)

    client.post(CHECK_IN, check_in_data(DEC_3, time_zone="Asia/Calcutta"))

    assert Plan.objects.get(user=newcomer).time_zone == "Asia/Calcutta"
    page = client.get(PLAN)
    assert page.status_code == HTTPStatus.OK
    assert page.context["form"]["time_zone"].value() == "Asia/Calcutta"
    assert '<option value="Asia/Calcutta" selected>' in page.content.decode()


def test_an_invalid_post_adopts_nothing(client, newcomer, clock):
    clock(NY_EVENING)

    response = client.post(CHECK_IN, {"date": "2026-12-02", "time_zone": NEW_YORK})

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["form"].errors) == ["pain_score"]
    assert not Plan.objects.filter(user=newcomer).exists()


def test_sign_up_stores_the_browsers_zone(client):
    password = "a-new-and-long-passphrase-42"
    client.post(
        reverse("account_signup"),
        {
            "email": "far.away@example.com",
            "password1": password,
            "password2": password,
            "consent": "on",
            "time_zone": KIRITIMATI,
        },
    )

    plan = Plan.objects.get(user__email="far.away@example.com")
    assert (plan.time_zone, plan.time_zone_known) == (KIRITIMATI, True)
    assert plan.routine == Routine.objects.get(is_default=True)


@pytest.mark.parametrize("sent", [None, "", "Factory", "Etc/GMT+5"])
def test_sign_up_without_a_usable_zone_still_signs_up(client, sent):
    password = "a-new-and-long-passphrase-42"
    data = {
        "email": "no.zone@example.com",
        "password1": password,
        "password2": password,
        "consent": "on",
    }
    if sent is not None:
        data["time_zone"] = sent

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not Plan.objects.filter(
        user__email="no.zone@example.com", time_zone_known=True
    ).exists()


# Changing the zone --------------------------------------------------------------


@pytest.fixture
def checked_in_by_utc(client, newcomer, clock):
    """The reported case: at 21:14 in New York, a journal still in UTC dates a
    check-in with numbness (and a session) 3 December."""
    clock(NY_EVENING)
    client.post(
        CHECK_IN,
        check_in_data(DEC_3, pain_score="5", numbness_or_tingling="on"),
    )
    client.post(
        player_url(),
        session_data(
            client,
            player_url(),
        ),
    )
    entry = CheckIn.objects.get(user=newcomer)
    assert entry.date == DEC_3
    return entry


def test_moving_the_zone_west_hides_and_moves_nothing(
    client, newcomer, clock, checked_in_by_utc
):
    before = client.get(DASHBOARD).content.decode()
    routine = Routine.objects.get(is_default=True)

    client.post(
        PLAN, {"weekly_target": "3", "routine": routine.pk, "time_zone": NEW_YORK}
    )
    after = client.get(DASHBOARD).content.decode()

    assert "Today, Thursday 3 December" in before
    assert "Today, Wednesday 2 December" in after
    assert "Your journal is empty" not in after
    assert "Book an appointment soon" in after  # the numbness, still recent
    assert checked_in_by_utc.get_absolute_url() in after
    assert Session.objects.get(user=newcomer).get_absolute_url() in after
    assert CheckIn.objects.get(user=newcomer).date == DEC_3
    assert Session.objects.get(user=newcomer).date == DEC_3


def test_a_check_in_dated_after_the_new_today_stays_editable(
    client, newcomer, clock, checked_in_by_utc
):
    PlanFactory(user=newcomer)
    Plan.objects.filter(user=newcomer).update(time_zone=NEW_YORK)
    edit = reverse("journal:check-in-edit", args=[checked_in_by_utc.pk])

    page = client.get(edit)
    kept = client.post(edit, check_in_data(DEC_3, pain_score="2"))
    moved_on = client.post(edit, check_in_data(DEC_3 + datetime.timedelta(1)))

    assert page.status_code == HTTPStatus.OK
    assert 'max="2026-12-03"' in page.content.decode()
    assert kept.status_code == HTTPStatus.FOUND
    assert kept["Location"] == checked_in_by_utc.get_absolute_url()
    entry = CheckIn.objects.get(pk=checked_in_by_utc.pk)
    assert (entry.date, entry.pain_score) == (DEC_3, 2)
    assert moved_on.status_code == HTTPStatus.OK
    assert "This date is in the future" in moved_on.content.decode()


def test_a_session_dated_after_the_new_today_stays_editable(
    client, newcomer, clock, checked_in_by_utc
):
    Plan.objects.filter(user=newcomer).update(time_zone=NEW_YORK)
    session = Session.objects.get(user=newcomer)

    edit = reverse("journal:session-edit", args=[session.pk])
    response = client.post(
        edit, session_data(client, edit, date="2026-12-03", duration_minutes="12")
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.date, session.duration_minutes) == (DEC_3, 12)


def test_streak_and_charts_count_entries_dated_after_today(user, client, clock):
    """After a move west, yesterday's and "tomorrow's" check-ins still make a
    streak, and the charts reach the newest entry."""
    clock(NY_EVENING)
    client.force_login(user)
    PlanFactory(user=user, time_zone=NEW_YORK)
    for date in (DEC_3, DEC_2, DEC_2 - datetime.timedelta(1)):
        CheckInFactory(user=user, date=date, pain_score=6)
    SessionFactory(user=user, date=DEC_3)

    html = client.get(DASHBOARD).content.decode()

    streak = re.search(r"Check-in streak</h3>(.*?)</li>", html, re.S).group(1)
    assert '<p class="status-number">3 days</p>' in streak
    # The adherence chart's last week holds the session of 3 December.
    assert "Sessions per week" in html
    assert "Your journal is empty" not in html


# A zone the server no longer knows ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        CHECK_IN,
        reverse("journal:report"),
        LOG_SESSION,
        PLAN,
        "player",
    ],
)
def test_a_stored_zone_the_server_does_not_know_shows_a_notice(
    client, user, clock, url
):
    clock(NY_EVENING)
    client.force_login(user)
    PlanFactory(user=user)
    # As if tzdata dropped it: stored directly, past the model's validation.
    Plan.objects.filter(user=user).update(time_zone="Mars/Olympus_Mons")

    response = client.get(player_url() if url == "player" else url)

    assert response.status_code == HTTPStatus.OK
    assert UNKNOWN_ZONE_NOTICE in response.content.decode()


def test_with_an_unknown_stored_zone_entries_still_save_in_the_sites_zone(
    client, user, clock
):
    clock(NY_EVENING)
    client.force_login(user)
    PlanFactory(user=user)
    Plan.objects.filter(user=user).update(time_zone="Mars/Olympus_Mons")

    check_in = client.post(CHECK_IN, check_in_data(DEC_3))
    session = client.post(
        player_url(),
        session_data(
            client,
            player_url(),
        ),
    )

    assert check_in.status_code == session.status_code == HTTPStatus.FOUND
    assert check_in["Location"] == CheckIn.objects.get().get_absolute_url()
    assert session["Location"] == Session.objects.get().get_absolute_url()
    assert CheckIn.objects.get(user=user).date == DEC_3
    assert Session.objects.get(user=user).date == DEC_3

import datetime
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from exercises.models import Routine
from journal import selectors
from journal.models import Plan
from journal.models.plan import DEFAULT_WEEKLY_TARGET, TIME_ZONE_INVALID
from journal.zones import offered_time_zones
from tests.factories import RoutineFactory

pytestmark = pytest.mark.django_db

URL = reverse("journal:plan")


def test_a_new_plan_starts_with_the_default_routine_target_and_site_zone(user):
    plan = selectors.plan_for(user)

    assert plan.routine == Routine.objects.get(is_default=True)
    assert plan.weekly_target == DEFAULT_WEEKLY_TARGET == 3
    assert plan.time_zone == settings.TIME_ZONE


def test_the_plan_page_saves_target_routine_and_time_zone(user_client, user):
    other = RoutineFactory()

    page = user_client.get(URL)
    response = user_client.post(
        URL,
        {"weekly_target": "5", "routine": str(other.pk), "time_zone": "Europe/Paris"},
    )

    assert page.status_code == HTTPStatus.OK
    assert f'<option value="{other.pk}">{other.title}</option>' in page.content.decode()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("journal:dashboard")
    plan = Plan.objects.get(user=user)
    assert (plan.weekly_target, plan.routine, plan.time_zone) == (
        5,
        other,
        "Europe/Paris",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"weekly_target": "0"}, "weekly_target"),
        ({"weekly_target": "15"}, "weekly_target"),
        ({"weekly_target": "three"}, "weekly_target"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"routine": "999999"}, "routine"),
        ({"routine": "abc"}, "routine"),
    ],
)
def test_bad_plan_input_is_refused_next_to_the_field(user_client, user, data, field):
    form = {"weekly_target": "4", "time_zone": "UTC", **data}
    form.setdefault("routine", str(Routine.objects.get(is_default=True).pk))

    response = user_client.post(URL, form)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Plan.objects.filter(user=user).exists()


def test_an_unpublished_routine_cannot_be_chosen(user_client, user):
    draft = RoutineFactory(is_published=False)

    response = user_client.post(
        URL, {"weekly_target": "3", "routine": str(draft.pk), "time_zone": "UTC"}
    )

    assert "routine" in response.context["form"].errors


@pytest.mark.parametrize(
    "name",
    [
        "journal:dashboard",
        "journal:report",
        "journal:plan",
        "journal:check-in",
        "journal:session-new",
        "journal:check-in-list",
        "journal:session-list",
    ],
)
def test_reading_a_journal_page_stores_no_plan(user_client, user, name):
    """A GET changes no state: the defaults are shown until the user saves."""
    response = user_client.get(reverse(name))

    assert response.status_code == HTTPStatus.OK
    assert not Plan.objects.filter(user=user).exists()


def test_the_player_stores_no_plan(user_client, user):
    routine = Routine.objects.get(is_default=True)

    response = user_client.get(reverse("journal:session", args=[routine.slug]))

    assert response.status_code == HTTPStatus.OK
    assert routine.title in response.content.decode()
    assert not Plan.objects.filter(user=user).exists()


def test_the_first_save_stores_the_plan_once(user_client, user):
    routine = Routine.objects.get(is_default=True)
    data = {"weekly_target": "4", "routine": str(routine.pk), "time_zone": "UTC"}

    user_client.post(URL, data)
    user_client.post(URL, {**data, "weekly_target": "2"})

    assert Plan.objects.filter(user=user).count() == 1
    assert Plan.objects.get(user=user).weekly_target == 2


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("journal:plan", "weekly_target"),
        ("journal:check-in", "pain_score"),
        ("journal:session-new", "pain_during"),
    ],
)
def test_an_empty_post_shows_errors_not_a_blank_form(user_client, name, field):
    response = user_client.post(reverse(name), {})

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors


# The time-zone picker (issue 12, case 10) ---------------------------------------


def _plan_page(user_client, moment, monkeypatch) -> str:
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return user_client.get(URL).content.decode()


def test_the_picker_groups_readable_zones_by_region_with_their_offset(
    user_client, monkeypatch
):
    winter = datetime.datetime(2026, 12, 3, 2, 14, tzinfo=datetime.UTC)

    html = _plan_page(user_client, winter, monkeypatch)

    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups == [
        "UTC",
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ]
    assert '<option value="America/New_York">New York (UTC−05:00)</option>' in html
    assert '<option value="Pacific/Kiritimati">Kiritimati (UTC+14:00)</option>' in html
    assert '<option value="Asia/Kolkata">Kolkata (UTC+05:30)</option>' in html
    assert (
        '<option value="America/Argentina/Buenos_Aires">'
        "Buenos Aires, Argentina (UTC−03:00)</option>"
    ) in html
    assert "data-zone-filter" in html


def test_the_offset_follows_daylight_saving_time(user_client, monkeypatch):
    summer = datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC)

    html = _plan_page(user_client, summer, monkeypatch)

    assert "New York (UTC−04:00)" in html
    assert "London (UTC+01:00)" in html


@pytest.mark.parametrize(
    ("minute", "lord_howe", "new_york"),
    [
        # Lord Howe Island moves from UTC+10:30 to +11:00 at 15:30 UTC, within
        # the hour the picker's offsets are kept for: each request in that
        # hour shows the offset of its own moment.
        (10, "Lord Howe (UTC+10:30)", "New York (UTC−04:00)"),
        (50, "Lord Howe (UTC+11:00)", "New York (UTC−04:00)"),
    ],
)
def test_an_offset_that_changes_within_the_hour_is_shown_as_it_is_now(
    user_client, monkeypatch, minute, lord_howe, new_york
):
    # The hour's offsets are kept from an earlier request in it.
    _plan_page(
        user_client,
        datetime.datetime(2026, 10, 3, 15, 1, tzinfo=datetime.UTC),
        monkeypatch,
    )

    html = _plan_page(
        user_client,
        datetime.datetime(2026, 10, 3, 15, minute, tzinfo=datetime.UTC),
        monkeypatch,
    )

    assert f'<option value="Australia/Lord_Howe">{lord_howe}</option>' in html
    assert f'<option value="America/New_York">{new_york}</option>' in html


def test_the_offsets_move_on_with_the_hour(user_client, monkeypatch):
    # New York leaves daylight saving time at 06:00 UTC on 1 November 2026.
    before = datetime.datetime(2026, 11, 1, 5, 59, tzinfo=datetime.UTC)
    after = datetime.datetime(2026, 11, 1, 6, 0, tzinfo=datetime.UTC)

    first = _plan_page(user_client, before, monkeypatch)
    second = _plan_page(user_client, after, monkeypatch)

    assert "New York (UTC−04:00)" in first
    assert "New York (UTC−05:00)" in second
    assert "London (UTC+00:00)" in first
    assert "London (UTC+00:00)" in second


@pytest.mark.parametrize(
    "name",
    [
        "Factory",
        "localtime",
        "posixrules",
        "Etc/GMT+5",
        "Etc/UTC",
        "US/Eastern",
        "GB",
        "EST5EDT",
        "Asia/Calcutta",
    ],
)
def test_the_picker_lists_no_internal_or_legacy_name(user_client, name):
    html = user_client.get(URL).content.decode()

    assert f'value="{name}"' not in html


@pytest.mark.parametrize(
    "name", ["Factory", "localtime", "posixrules", "Etc/GMT+5", "US/Eastern", "GB"]
)
def test_internal_and_legacy_names_are_refused_with_a_clear_message(
    user_client, user, name
):
    routine = Routine.objects.get(is_default=True)

    response = user_client.post(
        URL, {"weekly_target": "3", "routine": str(routine.pk), "time_zone": name}
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["time_zone"] == [TIME_ZONE_INVALID]
    assert "Choose a place from the list" in response.content.decode()
    assert not Plan.objects.filter(user=user).exists()


def test_a_legacy_region_city_name_from_a_browser_is_accepted_and_shown(
    user_client, user
):
    """Chrome may report Asia/Calcutta; the picker keeps it selected."""
    routine = Routine.objects.get(is_default=True)

    user_client.post(
        URL,
        {
            "weekly_target": "3",
            "routine": str(routine.pk),
            "time_zone": "Asia/Calcutta",
        },
    )
    html = user_client.get(URL).content.decode()

    assert Plan.objects.get(user=user).time_zone == "Asia/Calcutta"
    assert re.search(r'<option value="Asia/Calcutta" selected>Calcutta \(UTC', html)


def test_one_function_defines_the_offered_zones():
    offered = offered_time_zones()

    assert {"UTC", "America/New_York", "Pacific/Kiritimati", "Europe/London"} <= offered
    assert not offered & {"Factory", "localtime", "posixrules", "GB", "US/Eastern"}
    assert not any(name.startswith("Etc/") for name in offered)
    assert all("/" in name for name in offered - {"UTC"})


def test_saving_the_plan_marks_the_zone_as_chosen(user_client, user):
    routine = Routine.objects.get(is_default=True)

    user_client.post(
        URL, {"weekly_target": "3", "routine": str(routine.pk), "time_zone": "UTC"}
    )

    assert Plan.objects.get(user=user).time_zone_known


def test_the_plan_page_does_not_link_to_itself(user_client):
    html = user_client.get(reverse("journal:plan")).content.decode()

    assert f'href="{reverse("journal:plan")}"' not in html
    assert "time-zone-line" in html

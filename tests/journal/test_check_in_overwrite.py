"""Issue 12, cases 2 and 4: a check-in is never overwritten unseen, and one
form makes one row."""

import datetime
import re
import uuid
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse

from journal import services
from journal.forms import CheckInForm
from journal.models import CheckIn
from tests.factories import CheckInFactory
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

URL = reverse("journal:check-in")
TOKEN_FIELD = re.compile(r'name="token" value="([0-9a-f-]{36})"')


@pytest.fixture
def yesterdays(user, today):
    return CheckInFactory(
        user=user,
        date=today - datetime.timedelta(days=1),
        pain_score=7,
        notes="Sore after the long walk.",
        numbness_or_tingling=True,
    )


def form_token(client, url=URL) -> str:
    return TOKEN_FIELD.search(client.get(url).content.decode()).group(1)


def fields(day, **data) -> dict:
    return {"date": day.isoformat(), "pain_score": "2", "notes": "", **data}


def test_update_todays_check_in_opens_it_with_its_values(user_client, user, today):
    entry = CheckInFactory(user=user, date=today, pain_score=6, notes="Stiff hip.")

    dashboard = user_client.get(reverse("journal:dashboard")).content.decode()
    link = re.search(r'<a href="([^"]+)">Update today’s check-in</a>', dashboard)
    page = user_client.get(link.group(1)).content.decode()

    assert link.group(1) == reverse("journal:check-in-edit", args=[entry.pk])
    assert "Stiff hip." in page
    assert re.search(r'value="6"[^>]*checked', page)


def test_asking_for_a_day_that_has_a_check_in_opens_that_check_in(
    user_client, yesterdays
):
    response = user_client.get(URL, {"date": yesterdays.date.isoformat()})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "journal:check-in-edit", args=[yesterdays.pk]
    )
    page = user_client.get(response["Location"]).content.decode()
    assert "Sore after the long walk." in page
    assert "here it is to change" in page


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("days_ago_3", "days_ago_3"),
        ("", "today"),
        ("not-a-date", "today"),
        ("1999-12-31", "today"),
        ("tomorrow", "today"),
    ],
)
def test_asking_for_a_new_day_starts_a_form_for_that_day(
    user_client, today, asked, shown
):
    days = {
        "today": today,
        "tomorrow": today + datetime.timedelta(days=1),
        "days_ago_3": today - datetime.timedelta(days=3),
    }
    value = days[asked].isoformat() if asked in days else asked

    response = user_client.get(URL, {"date": value})

    assert response.status_code == HTTPStatus.OK
    assert f'value="{days[shown].isoformat()}"' in response.content.decode()


def test_the_new_form_says_today_is_taken_before_anything_is_sent(
    user_client, user, today
):
    entry = CheckInFactory(user=user, date=today, pain_score=3, notes="Fine.")

    page = user_client.get(URL).content.decode()

    assert "You already checked in today" in page
    assert reverse("journal:check-in-edit", args=[entry.pk]) in page
    assert "Fine." in page


@pytest.mark.parametrize("days_ago", [0, 1, 366, 367, 800])
def test_a_taken_day_is_found_within_the_dates_the_form_reads_and_beyond(
    user_client, user, today, days_ago
):
    """The form looks for today's check-in only when the year of dates it
    reads for its script has today; an asked day, within that year or before
    it, is looked for as it is."""
    day = today - datetime.timedelta(days=days_ago)
    entry = CheckInFactory(user=user, date=day, notes="The one of that day.")

    if days_ago == 0:
        page = user_client.get(URL).content.decode()
        assert "You already checked in today" in page
        assert "The one of that day." in page
    else:
        response = user_client.get(URL, {"date": day.isoformat()})
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("journal:check-in-edit", args=[entry.pk])
        assert (
            "You already checked in today" not in user_client.get(URL).content.decode()
        )


def test_a_new_form_for_a_day_that_has_a_check_in_does_not_replace_it(
    user_client, user, yesterdays
):
    response = user_client.post(
        URL, fields(yesterdays.date, token=form_token(user_client))
    )

    assert response.status_code == HTTPStatus.OK
    yesterdays.refresh_from_db()
    assert (yesterdays.pain_score, yesterdays.notes) == (7, "Sore after the long walk.")
    assert yesterdays.numbness_or_tingling
    html = response.content.decode()
    errors = " ".join(response.context["form"].errors["date"])
    assert "already have a check-in" in errors
    assert "replace it" in errors
    # The existing values, the choice to replace, and the way to edit instead.
    assert "Sore after the long walk." in html
    assert "7 out of 10" in html
    assert (
        f'name="replace" id="id_replace" value="{yesterdays.date.isoformat()}"' in html
    )
    assert reverse("journal:check-in-edit", args=[yesterdays.pk]) in html
    assert 'class="error-summary"' in html
    assert_accessible_page(html)


def test_ticking_replace_replaces_that_days_check_in_and_says_so(
    user_client, user, yesterdays
):
    token = form_token(user_client)
    day = yesterdays.date.isoformat()
    user_client.post(URL, fields(yesterdays.date, token=token))

    response = user_client.post(
        URL, fields(yesterdays.date, token=token, pain_score="1", replace=day)
    )

    entry = CheckIn.objects.get(user=user, date=yesterdays.date)
    assert response.status_code == HTTPStatus.FOUND
    assert CheckIn.objects.filter(user=user).count() == 1
    assert (entry.pain_score, entry.notes, entry.numbness_or_tingling) == (
        1,
        "",
        False,
    )
    page = user_client.get(response["Location"]).content.decode()
    assert "replaces the one you had" in page


def test_a_replace_tick_given_for_another_day_replaces_nothing(
    user_client, user, yesterdays, today
):
    other = CheckInFactory(user=user, date=today - datetime.timedelta(days=2))

    response = user_client.post(
        URL,
        fields(
            other.date,
            token=form_token(user_client),
            replace=yesterdays.date.isoformat(),
        ),
    )

    assert response.status_code == HTTPStatus.OK
    other.refresh_from_db()
    assert other.pain_score == 4


def test_the_same_form_sent_twice_saves_once_and_answers_alike(
    user_client, user, today
):
    data = fields(today - datetime.timedelta(days=4), token=form_token(user_client))

    first = user_client.post(URL, data)
    second = user_client.post(URL, data)

    entry = CheckIn.objects.get(user=user)
    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert first["Location"] == second["Location"] == entry.get_absolute_url()
    page = user_client.get(second["Location"]).content.decode()
    assert "saved." in page
    assert "replace" not in page


def test_two_forms_for_a_new_day_make_one_row_and_the_second_asks(
    user_client, user, today
):
    day = today - datetime.timedelta(days=4)

    first = user_client.post(URL, fields(day, token=form_token(user_client)))
    second = user_client.post(
        URL, fields(day, token=form_token(user_client), pain_score="9")
    )

    assert first.status_code == HTTPStatus.FOUND
    assert first["Location"] == CheckIn.objects.get(user=user).get_absolute_url()
    assert second.status_code == HTTPStatus.OK
    assert CheckIn.objects.get(user=user).pain_score == 2


def test_a_form_token_that_is_not_a_uuid_is_refused(user_client, today):
    response = user_client.post(URL, fields(today, token="nope"))

    assert response.status_code == HTTPStatus.OK
    assert "reload the page" in " ".join(response.context["form"].errors["token"])
    assert not CheckIn.objects.exists()


def test_the_edit_page_saves_its_own_day_without_asking(user_client, yesterdays):
    url = reverse("journal:check-in-edit", args=[yesterdays.pk])

    page = user_client.get(url).content.decode()
    response = user_client.post(
        url, fields(yesterdays.date, pain_score="5", notes="Better.")
    )

    assert 'name="replace"' not in page
    assert 'name="token"' not in page
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == yesterdays.get_absolute_url()
    yesterdays.refresh_from_db()
    assert (yesterdays.pain_score, yesterdays.notes) == (5, "Better.")


def test_moving_a_check_in_onto_a_taken_day_is_a_form_error_even_in_a_race(
    user_client, user, yesterdays, today
):
    """The form's own check passes (as when another request saves the day
    between the check and the write): the database refuses, the page says so."""
    moving = CheckInFactory(user=user, date=today - datetime.timedelta(days=3))
    url = reverse("journal:check-in-edit", args=[moving.pk])

    with mock.patch.object(
        CheckInForm, "clean_date", lambda form: form.cleaned_data["date"]
    ):
        response = user_client.post(url, fields(yesterdays.date))

    assert response.status_code == HTTPStatus.OK
    assert "already have a check-in" in " ".join(
        response.context["form"].errors["date"]
    )
    moving.refresh_from_db()
    yesterdays.refresh_from_db()
    assert moving.date == today - datetime.timedelta(days=3)
    assert yesterdays.pain_score == 7


def test_check_in_update_turns_the_unique_date_into_an_error(user, yesterdays):
    moving = CheckInFactory(user=user, date=yesterdays.date - datetime.timedelta(1))
    old_date = moving.date

    with pytest.raises(services.CheckInDateTaken) as taken:
        services.check_in_update(
            check_in=moving, date=yesterdays.date, pain_score=1, notes="", signs={}
        )

    assert taken.value.check_in == yesterdays
    assert moving.date == old_date
    moving.refresh_from_db()
    assert (moving.date, moving.pain_score) == (old_date, 4)


def test_check_in_record_returns_the_first_row_for_a_repeated_token(user, today):
    token = uuid.uuid4()
    first = services.check_in_record(user=user, date=today, pain_score=3, token=token)

    again = services.check_in_record(user=user, date=today, pain_score=8, token=token)

    assert (first.outcome, again.outcome) == ("created", "repeated")
    assert again.check_in.pk == first.check_in.pk
    assert CheckIn.objects.get(user=user).pain_score == 3


@pytest.mark.parametrize("notes", ["", "   "])
def test_empty_notes_are_never_stored_or_shown_as_none(user_client, user, today, notes):
    response = user_client.post(
        URL, fields(today, token=form_token(user_client), notes=notes)
    )

    entry = CheckIn.objects.get(user=user)
    detail = user_client.get(response["Location"]).content.decode()
    listing = user_client.get(reverse("journal:check-in-list")).content.decode()
    assert entry.notes == ""
    for html in (detail, listing):
        main = html[html.index("<main") : html.index("</main>")]
        assert not re.search(r">\s*None\s*<", main), main
    assert "No notes" in detail
    assert "none reported" in listing

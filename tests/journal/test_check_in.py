import datetime
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse

from journal import triage
from journal.models import CheckIn, Plan
from tests.factories import CheckInFactory, UserFactory
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

URL = reverse("journal:check-in")


def post(client, **data):
    form = {"date": "", "pain_score": "", "notes": ""}
    form.update({key: str(value) for key, value in data.items()})
    return client.post(URL, form)


def test_check_in_page_explains_the_scale_and_defaults_to_today(user_client, today):
    response = user_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Average pain over the last 24 hours" in html
    # The anchors, under 0 and 10, are also in those scores' names.
    anchor = '<span class="pain-anchor"><span class="visually-hidden"> – </span>'
    assert f">0</span>{anchor}no pain</span>" in html
    assert f">10</span>{anchor}worst pain imaginable</span>" in html
    assert f'value="{today.isoformat()}"' in html
    for question in triage.QUESTIONS:
        label = question.label[0].upper() + question.label[1:]
        # Each question asked, in the person's words; the retired one no more.
        assert (label in html) is question.asked, label
    assert_accessible_page(html)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_a_check_in_is_saved_and_shown(user_client, user, today):
    response = post(user_client, date=today, pain_score=3, notes="Stiff after sitting.")

    entry = CheckIn.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == entry.get_absolute_url()
    assert (entry.date, entry.pain_score, entry.notes) == (
        today,
        3,
        "Stiff after sitting.",
    )
    page = user_client.get(entry.get_absolute_url()).content.decode()
    assert "saved" in page
    assert "Stiff after sitting." in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"pain_score": 11}, "pain_score", "whole number from 0 to 10"),
        ({"pain_score": -1}, "pain_score", "whole number from 0 to 10"),
        ({"pain_score": "abc"}, "pain_score", "whole number from 0 to 10"),
        ({"pain_score": ""}, "pain_score", "Choose a pain score"),
        ({"date": "2026-02-30"}, "date", "real date"),
        ({"date": "yesterday"}, "date", "real date"),
        ({"date": "1999-12-31"}, "date", "1 January 2000"),
        ({"notes": "x" * 100_000}, "notes", "at most 2,000 characters"),
    ],
)
def test_bad_check_in_input_gets_a_message_next_to_the_field_and_stores_nothing(
    user_client, today, data, field, message
):
    form = {"date": today, "pain_score": 4, **data}

    response = post(user_client, **form)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert not CheckIn.objects.exists()
    assert_accessible_page(html)


def test_a_date_in_the_users_future_is_refused(user_client, today):
    response = post(user_client, date=today + datetime.timedelta(days=1), pain_score=2)

    assert "in the future" in " ".join(response.context["form"].errors["date"])
    assert not CheckIn.objects.exists()


def test_html_in_notes_is_stored_as_text_and_shown_escaped(user_client, user, today):
    post(user_client, date=today, pain_score=2, notes="<script>alert(1)</script>")

    entry = CheckIn.objects.get(user=user)
    html = user_client.get(entry.get_absolute_url()).content.decode()
    assert entry.notes == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("zone", "utc_now", "local_today"),
    [
        # 23:30 UTC on 1 March is already 2 March in Tokyo...
        ("Asia/Tokyo", "2026-03-01T23:30:00+00:00", "2026-03-02"),
        # ...and still 1 March in Los Angeles.
        ("America/Los_Angeles", "2026-03-02T07:30:00+00:00", "2026-03-01"),
        ("America/Los_Angeles", "2026-03-02T08:30:00+00:00", "2026-03-02"),
        ("Asia/Tokyo", "2026-03-01T14:59:00+00:00", "2026-03-01"),
    ],
)
def test_today_is_the_users_local_date_around_midnight(
    client, zone, utc_now, local_today
):
    user = UserFactory()
    Plan.objects.create(user=user, time_zone=zone)
    client.force_login(user)
    now = datetime.datetime.fromisoformat(utc_now)

    with mock.patch("django.utils.timezone.now", return_value=now):
        page = client.get(URL).content.decode()
        tomorrow = datetime.date.fromisoformat(local_today) + datetime.timedelta(1)
        refused = post(client, date=tomorrow, pain_score=3)
        accepted = post(client, date=local_today, pain_score=3)

    assert f'value="{local_today}"' in page
    assert refused.status_code == HTTPStatus.OK
    assert accepted.status_code == HTTPStatus.FOUND
    entry = CheckIn.objects.get(user=user)
    assert accepted["Location"] == entry.get_absolute_url()
    assert entry.date.isoformat() == local_today


def test_editing_a_check_in_to_a_date_already_used_is_refused(user_client, user):
    CheckInFactory(user=user, date=datetime.date(2026, 1, 1))
    other = CheckInFactory(user=user, date=datetime.date(2026, 1, 2), pain_score=6)

    response = user_client.post(
        reverse("journal:check-in-edit", args=[other.pk]),
        {"date": "2026-01-01", "pain_score": "2", "notes": ""},
    )

    assert response.status_code == HTTPStatus.OK
    assert "already have a check-in" in " ".join(
        response.context["form"].errors["date"]
    )
    other.refresh_from_db()
    assert (other.date, other.pain_score) == (datetime.date(2026, 1, 2), 6)


def test_editing_and_deleting_a_check_in(user_client, user):
    entry = CheckInFactory(user=user, date=datetime.date(2026, 1, 5), pain_score=6)

    edit = user_client.post(
        reverse("journal:check-in-edit", args=[entry.pk]),
        {"date": "2026-01-05", "pain_score": "2", "notes": "Better."},
    )
    confirm = user_client.get(reverse("journal:check-in-delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert edit.status_code == HTTPStatus.FOUND
    assert edit["Location"] == entry.get_absolute_url()
    assert (entry.pain_score, entry.notes) == (2, "Better.")
    assert confirm.status_code == HTTPStatus.OK
    page = confirm.content.decode()
    assert "Delete your check-in for Monday 5 January 2026?" in page
    assert f'<a href="{entry.get_absolute_url()}">No, keep it</a>' in page
    assert CheckIn.objects.filter(pk=entry.pk).exists(), "GET deletes nothing"

    delete = user_client.post(reverse("journal:check-in-delete", args=[entry.pk]))

    assert delete.status_code == HTTPStatus.FOUND
    assert delete["Location"] == reverse("journal:check-in-list")
    assert not CheckIn.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("journal:check-in-detail", "get"),
        ("journal:check-in-edit", "get"),
        ("journal:check-in-edit", "post"),
        ("journal:check-in-delete", "get"),
        ("journal:check-in-delete", "post"),
    ],
)
def test_another_users_check_in_answers_404(user_client, name, method):
    theirs = CheckInFactory()
    url = reverse(name, args=[theirs.pk])

    response = getattr(user_client, method)(
        url, {"date": "2026-01-01", "pain_score": "1"}
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    theirs.refresh_from_db()
    assert theirs.pain_score == 4


def test_check_in_list_is_paginated_and_shows_only_mine(user_client, user):
    start = datetime.date(2025, 1, 1)
    for day in range(25):
        CheckInFactory(user=user, date=start + datetime.timedelta(day), pain_score=1)
    CheckInFactory(notes="someone else's secret")

    first = user_client.get(reverse("journal:check-in-list"))
    second = user_client.get(reverse("journal:check-in-list"), {"page": 2})
    junk = user_client.get(reverse("journal:check-in-list"), {"page": "zzz"})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert junk.status_code == HTTPStatus.OK
    assert "someone else" not in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert_accessible_page(first.content.decode())


def test_warning_sign_labels_follow_their_box_without_a_colon(user_client):
    html = user_client.get(URL).content.decode()

    fields = "|".join(q.field for q in triage.QUESTIONS)
    labels = re.findall(rf'<label for="id_(?:{fields})"[^>]*>([^<]*)<', html)
    assert len(labels) == len([q for q in triage.QUESTIONS if q.asked]) == 11
    assert not [label for label in labels if label.rstrip().endswith(":")], labels


def test_required_fields_carry_the_attribute_the_required_marker_reads(user_client):
    """site.css writes "(required)" after the label of a field whose control has
    the `required` attribute (tests/e2e/test_phone.py sees it drawn)."""
    html = user_client.get(URL).content.decode()

    assert re.search(r'<input type="date"[^>]*\brequired\b', html)
    assert re.search(r'<input type="radio" name="pain_score"[^>]*\brequired\b', html)
    assert not re.search(r"<textarea[^>]*\brequired\b", html)


def test_notes_over_the_limit_are_kept_and_refused_with_their_length(
    user_client, today
):
    """A browser's maxlength would cut a long paste short without a word."""
    page = user_client.get(URL).content.decode()
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page).group(0)

    notes = "n" * 2300
    response = post(user_client, date=today, pain_score=3, notes=notes)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Notes can be at most 2,000 characters; these have 2300." in html
    assert notes in html
    assert not CheckIn.objects.exists()

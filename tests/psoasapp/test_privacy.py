import datetime
import re
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from psoasapp import services
from psoasapp.models import Consent
from tests.html import assert_accessible_page
from tests.psoasapp.test_site import assert_strict_csp

User = get_user_model()

pytestmark = pytest.mark.django_db

PASSWORD = "a-new-and-long-passphrase-42"


def _sign_up(client, **extra):
    data = {
        "email": "new.person@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def _consent_input(html: str) -> str:
    match = re.search(r'<input type="checkbox" name="consent"[^>]*>', html)
    assert match, "no consent checkbox on the page"
    return match.group(0)


# The privacy notice -----------------------------------------------------------


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_the_privacy_notice_is_a_page_of_the_site(client, user, logged_in):
    if logged_in:
        client.force_login(user)

    response = client.get(reverse("privacy"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert_strict_csp(response)
    assert_accessible_page(html)
    assert "<h1" in html and "Privacy notice" in html


def test_the_privacy_notice_states_its_version_and_date(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "7.3"

    html = client.get(reverse("privacy")).content.decode()

    assert "Version 7.3, " in html
    assert re.search(r"Version 7\.3, \d{1,2} [A-Z][a-z]+ \d{4}\.", html)


@pytest.mark.parametrize(
    "topic",
    [
        # what health data is stored
        "pain score",
        "warning signs",
        "notes",
        "Sessions",
        "Quiz attempts",
        # who can see it
        "visible to you only",
        "Content editors",
        "read-only",
        "security log",
        # how to take it away or delete it, and for how long it is kept
        "Download my data",
        "Delete my account",
        "How long we keep it",
        "Changes to this notice",
    ],
)
def test_the_privacy_notice_covers(client, topic):
    html = client.get(reverse("privacy")).content.decode()

    assert topic in html


def test_the_privacy_notice_links_the_account_page(client):
    html = client.get(reverse("privacy")).content.decode()

    assert f'href="{reverse("account")}"' in html


@pytest.mark.parametrize("name", ["home", "privacy", "account_login"])
def test_the_footer_links_the_privacy_notice(client, name):
    html = client.get(reverse(name)).content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse("privacy")}"' in footer


# Consent at sign-up -----------------------------------------------------------


def test_the_sign_up_form_has_an_unticked_required_consent_box_linking_the_notice(
    client,
):
    response = client.get(reverse("account_signup"))

    html = response.content.decode()
    checkbox = _consent_input(html)
    assert "checked" not in checkbox
    assert "required" in checkbox
    label = re.search(r'<label for="id_consent">(.*?)</label>', html, re.S)
    assert label, "the consent box has no label"
    assert "health data" in label.group(1)
    assert f'<a href="{reverse("privacy")}">privacy notice</a>' in label.group(1)
    assert_accessible_page(html)


@pytest.mark.parametrize(
    "consent",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("false", id="false"),
        pytest.param("0", id="zero"),
    ],
)
def test_sign_up_without_consent_shows_an_error_next_to_the_box_and_creates_nothing(
    client, consent
):
    extra = {} if consent is None else {"consent": consent}

    response = _sign_up(client, **extra)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert list(errors) == ["consent"]
    assert "Tick this box to agree" in errors["consent"][0]
    html = response.content.decode()
    checkbox = _consent_input(html)
    assert 'aria-invalid="true"' in checkbox
    assert 'aria-describedby="id_consent_error"' in checkbox
    # The message sits right after the box and its label.
    assert re.search(
        r'name="consent".*?</label>\s*<ul class="errorlist" id="id_consent_error">'
        r"\s*<li>Tick this box to agree",
        html,
        re.S,
    )
    assert_accessible_page(html)
    assert not User.objects.exists()
    assert not Consent.objects.exists()
    assert mail.outbox == []


def test_sign_up_with_consent_stores_it_with_the_notice_version_and_time(
    client, settings
):
    settings.PRIVACY_NOTICE_VERSION = "2.1"
    before = timezone.now()

    response = _sign_up(client, consent="on")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.com")
    consent = Consent.objects.get()
    assert consent.user == user
    assert consent.notice_version == "2.1"
    assert before <= consent.accepted_at <= timezone.now()
    assert consent.accepted_at.utcoffset() == datetime.timedelta(0)


def test_a_failure_to_store_the_consent_creates_no_user(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("consent could not be stored")

    monkeypatch.setattr(services, "consent_record", broken)

    with pytest.raises(RuntimeError):
        _sign_up(client, consent="on")

    assert not User.objects.exists()


def test_consenting_twice_to_one_version_keeps_the_first_time(user, settings):
    settings.PRIVACY_NOTICE_VERSION = "1.0"
    first = services.consent_record(user=user)

    again = services.consent_record(user=user)
    newer = services.consent_record(user=user, notice_version="1.1")

    assert again.pk == first.pk
    assert again.accepted_at == first.accepted_at
    assert newer.pk != first.pk
    assert sorted(user.consents.values_list("notice_version", flat=True)) == [
        "1.0",
        "1.1",
    ]

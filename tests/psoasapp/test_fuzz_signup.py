"""Property-based bad input to allauth's sign-up form, through the test client:
never a 5xx; an account (user, email address, consent) is created only on a
success redirect, and then it is valid.

The test reads the form's checkboxes (the consent to storing health data) from
the page itself, ticks them in valid submissions, and sends hostile values for
them otherwise. Every example is rolled back (`rolled_back`), the rate limit
counters in the database cache with it, so no example sees another's account or
uses up another's sign-up allowance."""

import string
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from psoasapp.models import Consent
from tests.fuzz import (
    FUZZ,
    assert_errors_shown,
    is_success_redirect,
    post,
    rolled_back,
    submissions,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

URL = reverse("account_signup")

# Addresses Django's EmailValidator accepts and passwords its validators accept
# (long enough, not numeric, not common, not like the address): the disjoint
# alphabets keep shrinking from making the password resemble the address.
valid_emails = st.from_regex(r"[a-m]{1,20}(\.[a-m]{1,10})?", fullmatch=True).map(
    lambda local: f"{local}@example.org"
)
valid_passwords = st.text(
    st.characters(codec="utf-8", exclude_characters=f"{string.ascii_letters}@.\x00"),
    min_size=4,
    max_size=60,
).map(lambda rest: f"Zq-7{rest}Wv_9")


@st.composite
def sign_ups(draw, checkboxes: list[str]):
    password = draw(valid_passwords)
    return draw(
        submissions(
            {
                "email": valid_emails,
                "password1": st.just(password),
                "password2": st.just(password),
                # The form's checkboxes, and "consent" whatever they are called.
                **dict.fromkeys({*checkboxes, "consent"}, st.just("on")),
            }
        )
    )


def _counts() -> tuple[int, int, int]:
    return (User.objects.count(), EmailAddress.objects.count(), Consent.objects.count())


def test_sign_up_form_survives_any_input(client):
    form = client.get(URL).context["form"]
    checkboxes = [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.BooleanField) and field.required
    ]
    before = _counts()

    @FUZZ
    @given(submission=sign_ups(checkboxes))
    def check(submission):
        with rolled_back():
            response = post(client, URL, submission.data)

            if not is_success_redirect(response):
                assert not submission.valid, response.context["form"].errors
                assert_errors_shown(response)
                assert _counts() == before
                return
            assert response["Location"] == reverse("account_email_verification_sent")
            user = User.objects.latest("pk")
            assert _counts() == (
                before[0] + 1,
                before[1] + 1,
                before[2] + bool(checkboxes),
            )
            user.full_clean()
            assert "\x00" not in user.email
            password = submission.data["password1"]
            # Of a repeated field, Django reads the last value.
            assert user.check_password(
                password[-1] if isinstance(password, list) else password
            )
            address = EmailAddress.objects.get(user=user)
            assert address.email == user.email
            assert not address.verified
            for consent in Consent.objects.filter(user=user):
                consent.full_clean()
            if submission.valid:
                assert user.email == submission.data["email"]

    check()


@pytest.mark.parametrize("field", ["email", "password1", "password2"])
def test_a_nul_byte_in_any_field_is_a_form_error(client, field):
    """PostgreSQL refuses NUL in text: it must never get that far."""
    form = client.get(URL).context["form"]
    data = {
        "email": "someone@example.org",
        "password1": "Zq-7 a long passphrase",
        "password2": "Zq-7 a long passphrase",
        **{
            name: "on"
            for name, f in form.fields.items()
            if isinstance(f, forms.BooleanField)
        },
    }
    data[field] += "\x00"

    response = post(client, URL, data)

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors[field]
    assert_errors_shown(response)
    assert _counts() == (0, 0, 0)

"""Logging a test client in as a person who has just confirmed who they are.

The download, the account deletion and the security settings ask for the
password again (allauth's reauthentication) unless the person confirmed it in
the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds. `client.force_login` gives a
session without that confirmation, so those pages first send it to confirm
(tests/psoasapp/test_two_factor.py holds that); tests about what the pages do
once confirmed log in with `log_in_recently`."""

from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


def confirm_password(client: Client, password: str = DEFAULT_PASSWORD) -> None:
    """Confirm the password on allauth's page, as the person would."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == HTTPStatus.FOUND, response.content


def log_in_recently(client: Client, user, password: str = DEFAULT_PASSWORD) -> Client:
    """Log `client` in as `user`, who has just confirmed their password."""
    client.force_login(user)
    confirm_password(client, password)
    return client

"""Issue 15, case 8: an account a superuser creates in the admin can log in at
once, without the confirmation link that sign-up sends."""

from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from exercises.content import CONTENT_EDITORS_GROUP
from psoasapp.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-editor-passphrase-42"


def test_an_editor_made_in_the_admin_logs_in_at_once(superuser_client):
    response = superuser_client.post(
        reverse("admin:psoasapp_user_add"),
        {
            "email": "New.Editor@Example.org",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.context and (
        response.context["adminform"].form.errors
    )
    editor = User.objects.get(email__iexact="new.editor@example.org")
    address = EmailAddress.objects.get(user=editor)
    assert (address.email, address.verified, address.primary) == (
        "new.editor@example.org",
        True,
        True,
    )
    # The superuser then makes the account staff, in the Content editors group
    # (the change form; not what this test is about).
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS_GROUP))

    browser = Client()
    admin_index = reverse("admin:index")
    response = browser.post(
        f"{reverse('account_login')}?next={admin_index}",
        {"login": "new.editor@example.org", "password": PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == admin_index
    response = browser.get(admin_index)
    assert response.status_code == HTTPStatus.OK
    assert response.context["user"] == editor

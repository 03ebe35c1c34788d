"""Issue 16, case 1: staff cannot raise their own rights. The staff account here
holds every permission that exists; only superuser status is missing."""

from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exercises.content import CONTENT_EDITORS_GROUP
from psoasapp.models import User
from tests.factories import DEFAULT_PASSWORD, CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-long-passphrase-77"
CHANGELIST = "admin:psoasapp_user_changelist"


@pytest.fixture
def staff(db) -> User:
    staff = UserFactory(is_staff=True, first_name="Sam")
    staff.user_permissions.set(Permission.objects.all())
    return staff


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def editors() -> Group:
    return Group.objects.get(name=CONTENT_EDITORS_GROUP)


def change_url(user: User) -> str:
    return reverse("admin:psoasapp_user_change", args=[user.pk])


def change_form_data(user: User, **changes) -> dict:
    """What the user admin's change form posts for `user`, with `changes`."""
    joined = timezone.localtime(user.date_joined)
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        **changes,
    }


def escalation(editors: Group) -> dict:
    return {
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [editors.pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
    }


def assert_refused(response) -> None:
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"Access refused" in response.content


def rights(user: User) -> tuple:
    user.refresh_from_db()
    return (
        user.is_staff,
        user.is_superuser,
        list(user.groups.all()),
        user.user_permissions.count(),
    )


def test_staff_cannot_make_themselves_superuser(staff_client, staff, editors):
    """The case the issue saw: a forged POST of the own change form."""
    permissions_before = staff.user_permissions.count()

    response = staff_client.post(
        change_url(staff),
        change_form_data(staff, first_name="Samantha", **escalation(editors)),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(CHANGELIST)
    assert rights(staff) == (True, False, [], permissions_before)
    assert staff.first_name == "Samantha"  # the rest of the form was saved
    # ...and the journal stays out of reach.
    assert_refused(staff_client.get(reverse("admin:journal_checkin_changelist")))


def test_staff_cannot_make_a_member_staff_or_give_them_rights(staff_client, editors):
    member = UserFactory(first_name="Alex")

    response = staff_client.post(
        change_url(member),
        change_form_data(member, first_name="Alexandra", **escalation(editors)),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(CHANGELIST)
    assert rights(member) == (False, False, [], 0)
    assert member.first_name == "Alexandra"


def test_staff_cannot_add_a_staff_or_superuser_account(staff_client, editors):
    response = staff_client.post(
        reverse("admin:psoasapp_user_add"),
        {
            "email": "new.admin@example.org",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **escalation(editors),
        },
    )

    created = User.objects.get(email="new.admin@example.org")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == change_url(created)
    assert rights(created) == (False, False, [], 0)


def test_staff_see_rights_read_only_on_their_own_form(staff_client, staff, editors):
    staff.groups.add(editors)

    response = staff_client.get(change_url(staff))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    form = response.context["adminform"].form
    for field in ["is_staff", "is_superuser", "groups", "user_permissions"]:
        assert field not in form.fields
        assert f'name="{field}"' not in html
    assert "Superuser status" in html
    assert "Staff status" in html
    # The values are shown, not hidden: the group by name, the permissions listed.
    assert '<div class="readonly">Content editors</div>' in html
    assert Permission.objects.get(codename="change_checkin").name in html
    # Their own address and password stay theirs to change.
    assert 'name="email"' in html
    assert 'href="../password/"' in html


def test_the_user_list_renders_for_staff(staff_client, superuser):
    response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == HTTPStatus.OK
    assert superuser.email in response.content.decode()


@pytest.mark.parametrize("kind", ["superuser", "other staff"])
def test_staff_cannot_open_or_change_another_admins_account(staff_client, kind):
    other = UserFactory(is_staff=True, is_superuser=kind == "superuser")
    email = other.email

    assert_refused(staff_client.get(change_url(other)))
    assert_refused(
        staff_client.post(
            change_url(other), change_form_data(other, email="taken@example.org")
        )
    )
    assert_refused(
        staff_client.get(reverse("admin:psoasapp_user_history", args=[other.pk]))
    )

    other.refresh_from_db()
    assert other.email == email


@pytest.mark.parametrize("kind", ["superuser", "other staff"])
def test_staff_cannot_change_another_admins_password(staff_client, kind):
    other = UserFactory(is_staff=True, is_superuser=kind == "superuser")
    url = reverse("admin:auth_user_password_change", args=[other.pk])

    assert_refused(staff_client.get(url))
    assert_refused(
        staff_client.post(
            url,
            {
                "usable_password": "true",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    )

    other.refresh_from_db()
    assert other.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize("kind", ["superuser", "other staff", "themselves", "member"])
def test_staff_cannot_delete_an_account(staff_client, staff, kind):
    """A member's too: deleting an account deletes its journal, and the
    confirmation page counts its check-ins (newcomer finding)."""
    targets = {
        "themselves": lambda: staff,
        "member": lambda: CheckInFactory(user=UserFactory()).user,
    }
    target = targets.get(
        kind, lambda: UserFactory(is_staff=True, is_superuser=kind == "superuser")
    )()
    url = reverse("admin:psoasapp_user_delete", args=[target.pk])

    assert_refused(staff_client.get(url))
    assert_refused(staff_client.post(url, {"post": "yes"}))

    assert User.objects.filter(pk=target.pk).exists()


def test_staff_cannot_bulk_delete_a_selection_with_a_superuser(staff_client, superuser):
    member = UserFactory()
    action = {
        "action": "delete_selected",
        "_selected_action": [member.pk, superuser.pk],
    }

    # The action is not offered; forged, it deletes nothing.
    changelist = staff_client.get(reverse(CHANGELIST)).content.decode()
    asked = staff_client.post(reverse(CHANGELIST), action)
    confirmed = staff_client.post(reverse(CHANGELIST), {**action, "post": "yes"})

    assert 'value="delete_selected"' not in changelist
    for response in (asked, confirmed):
        # The list again, not the confirmation page with the member's counts.
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "Select user to change" in html
        assert "Are you sure" not in html
    assert User.objects.filter(pk__in=[member.pk, superuser.pk]).count() == 2


def test_staff_cannot_take_over_a_members_account(staff_client):
    """A member's address and password lead into their journal."""
    member = UserFactory()
    email = member.email
    password_url = reverse("admin:auth_user_password_change", args=[member.pk])

    response = staff_client.post(
        change_url(member), change_form_data(member, email="mine@example.org")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(CHANGELIST)
    assert_refused(staff_client.get(password_url))
    assert_refused(
        staff_client.post(
            password_url,
            {
                "usable_password": "true",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    )
    html = staff_client.get(change_url(member)).content.decode()

    member.refresh_from_db()
    assert member.email == email
    assert member.check_password(DEFAULT_PASSWORD)
    assert 'name="email"' not in html
    assert f'<div class="readonly">{email}</div>' in html
    assert 'href="../password/"' not in html


def test_staff_cannot_change_groups(staff_client, staff, editors):
    permissions_before = set(editors.permissions.all())
    change = reverse("admin:auth_group_change", args=[editors.pk])

    assert_refused(
        staff_client.post(
            change,
            {
                "name": editors.name,
                "permissions": list(Permission.objects.values_list("pk", flat=True)),
            },
        )
    )
    assert_refused(
        staff_client.post(reverse("admin:auth_group_add"), {"name": "Everything"})
    )
    assert_refused(
        staff_client.post(
            reverse("admin:auth_group_delete", args=[editors.pk]), {"post": "yes"}
        )
    )

    assert set(editors.permissions.all()) == permissions_before
    assert list(Group.objects.values_list("name", flat=True)) == [editors.name]
    # Staff given the view permission still see a group, read-only.
    response = staff_client.get(change)
    assert response.status_code == HTTPStatus.OK
    assert 'name="permissions"' not in response.content.decode()
    assert editors.name in response.content.decode()


@pytest.mark.parametrize("kind", ["superuser", "member"])
def test_staff_cannot_change_an_email_address(staff_client, superuser, kind):
    owner = superuser if kind == "superuser" else UserFactory()
    address = EmailAddress.objects.get(user=owner)

    assert_refused(
        staff_client.post(
            reverse("admin:account_emailaddress_change", args=[address.pk]),
            {
                "user": owner.pk,
                "email": "attacker@example.org",
                "verified": "on",
                "primary": "on",
            },
        )
    )
    assert_refused(
        staff_client.post(
            reverse("admin:account_emailaddress_add"),
            {
                "user": owner.pk,
                "email": "attacker@example.org",
                "verified": "on",
                "primary": "on",
            },
        )
    )
    assert_refused(
        staff_client.post(
            reverse("admin:account_emailaddress_delete", args=[address.pk]),
            {"post": "yes"},
        )
    )

    assert list(EmailAddress.objects.filter(user=owner).values_list("email")) == [
        (owner.email,)
    ]
    # No action either: "Mark as verified" writes too.
    response = staff_client.get(reverse("admin:account_emailaddress_changelist"))
    assert response.status_code == HTTPStatus.OK
    assert 'name="action"' not in response.content.decode()
    assert owner.email in response.content.decode()


def test_superusers_keep_every_power(superuser_client, editors):
    member = UserFactory()
    other = UserFactory(is_staff=True, is_superuser=True)

    response = superuser_client.post(
        change_url(member),
        change_form_data(member, email="renamed@example.org", **escalation(editors)),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(CHANGELIST)
    assert rights(member) == (True, True, [editors], Permission.objects.count())
    assert member.email == "renamed@example.org"

    response = superuser_client.post(
        reverse("admin:auth_user_password_change", args=[other.pk]),
        {
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == change_url(other)
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)

    response = superuser_client.post(
        reverse("admin:auth_group_change", args=[editors.pk]),
        {"name": editors.name, "permissions": []},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:auth_group_changelist")
    assert not editors.permissions.exists()

    address = EmailAddress.objects.get(user=other)
    response = superuser_client.post(
        reverse("admin:account_emailaddress_change", args=[address.pk]),
        {"user": other.pk, "email": "other.admin@example.org", "primary": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:account_emailaddress_changelist")
    address.refresh_from_db()
    assert (address.email, address.verified) == ("other.admin@example.org", False)

    response = superuser_client.post(
        reverse(CHANGELIST),
        {
            "action": "delete_selected",
            "_selected_action": [member.pk, other.pk],
            "post": "yes",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(CHANGELIST)
    assert not User.objects.filter(pk__in=[member.pk, other.pk]).exists()

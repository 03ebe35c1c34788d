"""The account's own personal data (core.privacy): the profile with its email
addresses and consents, and what other installed apps (auth, admin, allauth)
keep about the account."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser

from core import privacy

from .models import Consent, User


def export(user: AbstractBaseUser) -> dict[str, Any]:
    """The profile part of the download: the account, its email addresses and
    its consents to the privacy notice."""
    return {
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": email, "verified": verified, "primary": primary}
                for email, verified, primary in EmailAddress.objects.filter(
                    user=user
                ).values_list("email", "verified", "primary")
            ],
            "consents": [
                {"privacy_notice_version": version, "accepted_at": accepted_at}
                for version, accepted_at in Consent.objects.filter(user=user)
                .order_by("accepted_at")
                .values_list("notice_version", "accepted_at")
            ],
        }
    }


STAFF_ACCESS = (
    "Which admin groups and permissions the account holds: access that "
    "administrators grant to staff (content editors), not data the person gave "
    "or health data. A member of the public has none."
)

privacy.register(
    privacy.Declaration(
        app_label="psoasapp",
        models=[
            # Consenting to the notice tells that the person is being treated
            # for the condition: its admin pages are audited like the journal.
            privacy.PersonalModel(
                Consent,
                user_path="user",
                health=True,
                export_path="profile.consents",
            ),
            privacy.PersonalModel(
                EmailAddress,
                user_path="user",
                health=False,
                export_path="profile.email_addresses",
            ),
            privacy.PersonalModel(
                User.groups.through,
                user_path="user",
                health=False,
                not_exported_because=STAFF_ACCESS,
            ),
            privacy.PersonalModel(
                User.user_permissions.through,
                user_path="user",
                health=False,
                not_exported_because=STAFF_ACCESS,
            ),
            privacy.PersonalModel(
                LogEntry,
                user_path="user",
                health=False,
                not_exported_because=(
                    "The admin's record of what a staff member changed there "
                    "(content edits, accounts deleted). It is not health data: "
                    "health data is read-only in the admin. Its rows name the "
                    "objects changed, other people's accounts among them, so "
                    "they stay out of the staff member's own download; they "
                    "go with the account by the database's cascade."
                ),
            ),
        ],
        export=export,
        # The profile opens the download.
        export_order=0,
    )
)


# Two-factor authentication and logged-in browsers (allauth.mfa, allauth.usersessions)
# ------------------------------------------------------------------------------
# Declared here, as the account's own, since those apps have no privacy module.


def export_two_factor(user: AbstractBaseUser) -> dict[str, Any]:
    """Which factors are enrolled, and when they were added and last used:
    never their secrets, codes or credential data."""
    factors = []
    for authenticator in Authenticator.objects.filter(user=user).order_by(
        "created_at", "pk"
    ):
        factor = {
            "type": authenticator.type,
            "created_at": authenticator.created_at,
            "last_used_at": authenticator.last_used_at,
        }
        if authenticator.type == Authenticator.Type.WEBAUTHN:
            factor["name"] = authenticator.wrap().name
        factors.append(factor)
    return {"two_factor": factors}


def export_logged_in_browsers(user: AbstractBaseUser) -> dict[str, Any]:
    """The browsers logged in to the account, as recorded when they logged in."""
    return {
        "logged_in_browsers": [
            {"signed_in_at": created_at, "ip_address": ip, "browser": user_agent}
            for created_at, ip, user_agent in UserSession.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list("created_at", "ip", "user_agent")
        ]
    }


privacy.register(
    privacy.Declaration(
        app_label="mfa",
        models=[
            privacy.PersonalModel(
                Authenticator,
                user_path="user",
                health=False,
                export_path="two_factor",
            ),
        ],
        export=export_two_factor,
        # Right after the profile: how the account signs in.
        export_order=1,
    )
)

privacy.register(
    privacy.Declaration(
        app_label="usersessions",
        models=[
            privacy.PersonalModel(
                UserSession,
                user_path="user",
                health=False,
                export_path="logged_in_browsers",
            ),
        ],
        export=export_logged_in_browsers,
        export_order=2,
    )
)

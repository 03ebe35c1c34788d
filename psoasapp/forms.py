from allauth.account import forms as allauth_forms
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from journal import services as journal_services

from . import services
from .models import User


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ConsentCheckbox(forms.CheckboxInput):
    """Ticked only by what a browser sends for a ticked box ("on"; "true" from
    scripts), never by "0", "no" or other text that Django's checkbox would
    read as ticked: consent must be explicit."""

    def value_from_datadict(self, data, files, name: str) -> bool:
        value = data.get(name)
        return isinstance(value, str) and value.lower() in {"on", "true"}


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up with the explicit consent to storing health data,
    recorded in the same transaction as the new user (ACCOUNT_FORMS)."""

    consent = forms.BooleanField(
        required=True,
        widget=ConsentCheckbox,
        error_messages={
            "required": "Tick this box to agree to psoasapp storing your health "
            "data. Without it we cannot create your account."
        },
    )
    # Filled in by timezone.js with the browser's zone: the new journal's
    # "today" follows it. Never an error: without it the site's zone applies
    # until the first journal entry sends it.
    time_zone = forms.CharField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the field, because the URL can only be reversed
        # once the URLconf is loaded.
        self.fields["consent"].label = format_html(
            "I agree to psoasapp storing the health data I enter (pain scores, "
            'warning signs, notes, sessions and quiz answers), as the <a href="{}">'
            "privacy notice</a> describes.",
            reverse("privacy"),
        )
        # Last, after the password fields that allauth adds in its __init__.
        self.fields["consent"] = self.fields.pop("consent")

    def try_save(self, request: HttpRequest):
        if self.account_already_exists:
            # allauth answers a registered address as a new one and mails its
            # owner (ACCOUNT_PREVENT_ENUMERATION). A new sign-up spends most of
            # its time hashing the password: hash it here too (and throw it
            # away), so the answer's timing does not tell the two apart.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def save(self, request: HttpRequest) -> User:
        with transaction.atomic():
            return super().save(request)

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook, called once the new user is saved."""
        services.consent_record(user=user)
        journal_services.plan_time_zone_adopt(
            user=user, time_zone=self.cleaned_data.get("time_zone")
        )


class AccountDeleteForm(allauth_forms.ReauthenticateForm):
    """The current password again (checked by allauth, under its failed-login
    rate limit) and an explicit confirmation."""

    confirm = forms.BooleanField(
        label="I understand that this deletes my account, my journal and my quiz "
        "attempts for good, and that it cannot be undone.",
        error_messages={
            "required": "Tick this box to confirm that you want to delete your account."
        },
    )


# Two-factor authentication (allauth.mfa, MFA_FORMS) ----------------------------


class AddPasskeyForm(AddWebAuthnForm):
    """allauth's form that adds a WebAuthn key, in the site's words, and a
    passkey (a key that logs in on its own) unless the box is unticked."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "name"
        ].help_text = "To tell your keys apart, for example “Phone” or “Work laptop”."
        passwordless = self.fields["passwordless"]
        passwordless.label = "A passkey: it logs me in on its own, without a password"
        passwordless.help_text = (
            "Your phone or computer asks for its screen lock (fingerprint, face or "
            "PIN) each time. Untick for a security key used only after the password."
        )
        passwordless.initial = True

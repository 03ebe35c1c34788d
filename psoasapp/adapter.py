"""allauth's account adapter: how the account emails are written and sent."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.utils import build_absolute_uri
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage
from django.urls import reverse

from core.mail import WholeLinesEmail

SITE_NAME = "psoasapp"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The project does not use django.contrib.sites, so allauth's
        # current_site would be the request's host ("Hello from
        # 127.0.0.1:8000!"): greet by the site's name, keep the host as domain.
        site = get_current_site(allauth_context.request)
        site.name = SITE_NAME
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def send_account_already_exists_mail(self, email: str) -> None:
        """Sent instead of a confirmation when someone signs up with an address
        that has an account (ACCOUNT_PREVENT_ENUMERATION): the page answers as
        for a new address, and only the address's owner learns of the attempt.
        It offers the login first; allauth's own offers only a reset."""
        request = allauth_context.request
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "login_url": build_absolute_uri(request, reverse("account_login")),
                "password_reset_url": build_absolute_uri(
                    request, reverse("account_reset_password")
                ),
            },
        )

    def get_reauthentication_methods(self, user) -> list[dict]:
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            if method["id"] == "reauthenticate_by_code":
                # The site says "log in", never "sign in".
                method["description"] = "Email me a code instead"
        return methods

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        rendered = super().render_mail(template_prefix, email, context, headers)
        message = WholeLinesEmail(
            rendered.subject,
            rendered.body,
            rendered.from_email,
            rendered.to,
            headers=rendered.extra_headers,
        )
        message.content_subtype = rendered.content_subtype
        for alternative in getattr(rendered, "alternatives", []):
            message.attach_alternative(alternative.content, alternative.mimetype)
        return message

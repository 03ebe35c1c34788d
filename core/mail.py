"""Email every app sends: whole lines, whatever their length."""

from email import policy as email_policy

from django.core.mail import EmailMultiAlternatives

# RFC 5322's hard limit on a line. Python's default policy re-encodes any body
# with a line longer than 78 characters as quoted-printable, which splits a
# link with a soft line break ("…/confirm-emai=") that a person copying it
# from the console or a plain-text reader cannot use, and encodes a long
# header such as List-Unsubscribe as an RFC 2047 word ("=?utf-8?q?=3Chttp…"),
# which mail providers do not read as an address (RFC 8058's one-click then
# fails). Up to this limit, bodies go out as 7bit (ASCII) or 8bit UTF-8 and
# headers as written, as Django did before 6.0; a longer line still falls
# back to quoted-printable.
MAX_LINE_LENGTH = 998


class WholeLinesEmail(EmailMultiAlternatives):
    """An email whose text lines and headers, links included, are never
    broken by the transfer encoding."""

    def message(self, *, policy=email_policy.default):
        return super().message(policy=policy.clone(max_line_length=MAX_LINE_LENGTH))

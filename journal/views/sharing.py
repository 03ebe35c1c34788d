"""The report's name line, its share links, and the shared report itself:
a read-only copy a clinician opens by the link's secret, with no login."""

from http import HTTPStatus
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core.access import owned_or_404
from core.audit import audit_record
from core.models import AuditAction

from .. import cache, selectors, services
from ..models import ReportShare
from ..sharing_forms import ReportIdentityForm, ShareCreateForm, report_dates
from .dashboard import report_page

# The opens listed under each link, newest first; the rest are counted.
OPENS_SHOWN = 20
SHARE_ITEM = "journal/share_list.html#item"
SHARE_FORM_FIELDS = "journal/share_list.html#form-fields"

# The new link's token, kept in the session from the POST that made it to
# the page that shows it, once: only its hash is stored.
SHARE_TOKEN_SHOWN_ONCE = "journal.report_share_token"
# How an open's audit event names the link's owner (core's admin searches it).
SHARE_OWNER_DETAIL = "owner:"


def _report_url(start, end) -> str:
    url = reverse("journal:report")
    if start and end:
        url += "?" + urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return url


@login_required
@require_POST
def report_identity(request: HttpRequest) -> HttpResponse:
    """Save the report's name line; back to the report's dates."""
    plan = selectors.plan_for(request.user)
    form = ReportIdentityForm(request.POST, instance=plan)
    if not form.is_valid():
        return report_page(request, request.POST, identity_form=form)
    services.report_identity_update(
        user=request.user,
        name=form.cleaned_data["report_name"],
        shows_email=form.cleaned_data["report_shows_email"],
    )
    messages.success(request, "The name on your report is saved.")
    today = selectors.user_today(plan)
    start, end = report_dates(request.POST, today=today)
    return redirect(_report_url(start, end))


def share_status(share: ReportShare, now) -> str:
    """One of "working", "expired" or "revoked" (revoked wins: the person
    stopped it)."""
    if share.revoked_at is not None:
        return "revoked"
    return "working" if share.is_working(now) else "expired"


def _shown_once(request: HttpRequest, shares: list[ReportShare]) -> tuple[str, int]:
    """The new link's address and its share's pk, once, from the session: a
    HEAD leaves it for the GET, and a token that no longer matches one of the
    person's links (the account was logged into afresh, say) shows nothing."""
    if request.method == "HEAD":
        return "", 0
    token = request.session.pop(SHARE_TOKEN_SHOWN_ONCE, None)
    if not token:
        return "", 0
    hashed = selectors.token_hash(token)
    share = next((share for share in shares if share.token_hash == hashed), None)
    if share is None:
        return "", 0
    return request.build_absolute_uri(
        reverse("journal:shared-report", args=[token])
    ), share.pk


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def share_list(request: HttpRequest) -> HttpResponse:
    """The person's links with who opened them, and the form that makes one
    (the report's dates by default, when the person came from it)."""
    user = request.user
    # The links, with what the page shows of the plan (read on its own for a
    # person without a link, and for a sent form).
    shares = (
        []
        if request.method == "POST"
        else selectors.report_shares_counted(user, with_plan=True)
    )
    plan = (shares and selectors.link_plan(shares[0])) or selectors.share_list_plan(
        user
    )
    today = selectors.user_today(plan)

    def form_fields() -> SafeString:
        return render_to_string(SHARE_FORM_FIELDS, {"form": form}, request)

    if request.method == "POST":
        form = ShareCreateForm(request.POST, today=today)
        if form.is_valid():
            share, token = services.report_share_create(
                user=user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                days=form.cleaned_data["days"],
                shows_email=form.cleaned_data["shows_email"],
                label=form.cleaned_data["label"],
                form_token=form.cleaned_data["form_token"],
            )
            if token is None:
                # The same form sent again: its link is made, and its address
                # was (or is being) shown to the first sending.
                messages.info(
                    request,
                    "That link was made a moment ago: it is at the top of your links.",
                )
                return redirect("journal:share-list")
            audit_record(
                action=AuditAction.SHARE_CREATE,
                request=request,
                target=selectors.report_share_target(share),
                detail=f"{share.start} to {share.end}, {share.expires_at:%Y-%m-%d}",
            )
            request.session[SHARE_TOKEN_SHOWN_ONCE] = token
            return redirect(reverse("journal:share-list") + "#new-link")
        # A sent form's fields show what was typed and its errors: never kept.
        fields = form_fields()
        shares = selectors.report_shares_counted(user)
    else:
        # The report's dates when the person came from it (a form to read
        # them only then).
        start, end = (
            report_dates(request.GET, today=today)
            if "start" in request.GET and "end" in request.GET
            else (None, None)
        )
        form = ShareCreateForm(
            today=today, start=start, end=end, shows_email=plan.report_shows_email
        )
        fields = cache.form_fields(
            user,
            "share",
            (today, start, end, plan.report_shows_email),
            render=form_fields,
        )
    now = timezone.now()
    for share in shares:
        share.status = share_status(share, now)

    new_url, new_pk = _shown_once(request, shares)

    def items(missing: list[ReportShare]) -> dict[int, SafeString]:
        selectors.report_share_opens(missing, opens_shown=OPENS_SHOWN)
        context = {"zone": plan.zone, "new_pk": new_pk}
        drawn = {}
        for share in missing:
            for event in share.opens:
                event.by_owner = event.user_id == user.pk
            drawn[share.pk] = render_to_string(
                SHARE_ITEM, {**context, "share": share}, request
            )
        return drawn

    cache.share_items(user, shares, zone=plan.zone.key, new_pk=new_pk, render=items)
    return render(
        request,
        "journal/share_list.html",
        {
            "form": form,
            "form_fields": fields,
            "plan": plan,
            "shares": shares,
            "new_url": new_url,
            "new_pk": new_pk,
            "zone": plan.zone,
        },
    )


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop one of the person's links at once (another's answers 404)."""
    share = owned_or_404(request, ReportShare.objects.for_user(request.user), pk)
    if services.report_share_revoke(share=share):
        audit_record(
            action=AuditAction.SHARE_REVOKE,
            request=request,
            target=selectors.report_share_target(share),
        )
        messages.success(
            request,
            f"The link{' for ' + share.label if share.label else ''} is revoked: "
            "it no longer opens the report.",
        )
    else:
        messages.info(request, "That link was already revoked.")
    return redirect("journal:share-list")


def _private(response: HttpResponse) -> HttpResponse:
    """Neither cached nor indexed, and the address (its secret) never sent on
    as a referrer: for the shared report and for its 404 alike."""
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_safe
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    """The report of the link's dates, read-only, for whoever has the link;
    the same 404 for an unknown, expired or revoked one. Each GET is an open
    in the audit, which the person sees on their list of links (a HEAD, a
    link checker or a chat app's preview, is not)."""
    now = timezone.now()
    share = selectors.report_share_find(token, now, **cache.shared_report_annotations())
    if share is None:
        return _private(
            render(request, "journal/share_gone.html", status=HTTPStatus.NOT_FOUND)
        )
    owner = share.user
    # The plan's zone and name line, read with the link; the whole plan only
    # for a body not kept.
    plan, whole_plan, versions = cache.shared_report_plan(share)
    today = selectors.user_today(plan)
    person_email = owner.email if share.shows_email else ""
    body = cache.report_body(
        request,
        owner=owner,
        plan=whole_plan,
        versions=versions,
        today=today,
        start=share.start,
        end=share.end,
        person_name=plan.report_name,
        person_email=person_email,
    )
    if request.method == "GET":
        # The reader is the event's user (none when logged out); the link's
        # owner is named in the detail, so that staff searching the audit
        # for the person find who opened their links.
        audit_record(
            action=AuditAction.SHARE_VIEW,
            request=request,
            target=selectors.report_share_target(share),
            detail=f"{SHARE_OWNER_DETAIL}{owner.pk}",
        )
    return _private(
        render(
            request,
            "journal/share_report.html",
            {
                "share": share,
                "plan": plan,
                "today": today,
                "report_body": body,
                "person_name": plan.report_name,
                "person_email": person_email,
                "shared": True,
            },
        )
    )

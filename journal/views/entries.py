import datetime
from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core import outage
from core.access import owned_or_404
from exercises import selectors as content

from .. import cache, export, rules, selectors, services, triage
from ..forms import (
    CheckInForm,
    CheckInFormHidden,
    PlanForm,
    RoutineChoiceForm,
    SessionForm,
    SessionFormHidden,
    browser_time_zone,
)
from ..models import CheckIn, Session

PAGE_SIZE = 20


def _day(date) -> str:
    return date_format(date, "l j F Y")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    saved = cache.saved_plan(request.user)
    plan = saved.plan
    had_cancer = bool(plan.history_cancer)
    if request.method != "POST":
        # The fields as first shown: kept under the plan's and the content's
        # versions (the routines are read only to draw them).
        def fields() -> SafeString:
            form = PlanForm(instance=plan, routines=content.routines_published())
            return render_to_string(PLAN_FIELDS, {"form": form}, request=request)

        return _plan_page(
            request,
            plan,
            None,
            fields_html=cache.plan_form(request.user, saved=saved, render=fields),
        )
    form = PlanForm(request.POST, instance=plan, routines=content.routines_published())
    if form.is_valid():
        with outage.keep_input(request):
            saved = services.plan_update(plan=plan, **form.plan_values())
            messages.success(request, "Your plan is saved.")
            if saved.history_cancer and not had_cancer:
                # The page that received the answer shows what it means, once.
                request.session[HISTORY_ADVICE] = True
                return redirect(reverse("journal:plan") + "#history-advice")
            return redirect("journal:dashboard")
    return _plan_page(request, plan, form)


PLAN_FIELDS = "journal/plan_form.html#plan-fields"


def _plan_page(request, plan, form, *, fields_html=None) -> HttpResponse:
    """The plan page: `form`'s fields, or `fields_html` (the unbound form's,
    drawn or kept: cache.plan_form) in their place."""
    return render(
        request,
        "journal/plan_form.html",
        {
            "form": form,
            "fields_html": fields_html,
            "zone_plan": plan,
            "cancer_advice": request.session.pop(HISTORY_ADVICE, False),
            "same_day": triage.Tier.SAME_DAY,
        },
    )


# The Django session key under which the plan view leaves, for the plan page
# it redirects to, that a "yes" to a history of cancer was just saved.
HISTORY_ADVICE = "journal_history_advice"


@never_cache
@login_required
@require_POST
def history_skip(request: HttpRequest) -> HttpResponse:
    """ "Not now" on the dashboard's history question: it is not asked again
    there (the plan page still offers it)."""
    services.plan_history_skip(user=request.user)
    messages.info(
        request,
        "We will not ask again. You can answer at any time in your plan.",
    )
    return redirect("journal:dashboard")


CHECK_IN_SAVED = {
    "created": "saved",
    "repeated": "saved",
    "replaced": "saved: it replaces the one you had for that day",
}


def _asked_date(request: HttpRequest, today) -> datetime.date | None:
    """The journal date in ?date=, or None when absent or not a valid one."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return None
    return day if rules.date_problem(day, today=today) is None else None


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest) -> HttpResponse:
    """A new check-in. A day that has one already opens that one to edit (for
    ?date=) or asks before replacing it (for a POST)."""
    if request.method != "POST" and not request.GET:
        return _check_in_today(request)
    plan = selectors.zone_plan(request.user)
    browser_zone = browser_time_zone(request.POST)
    today = selectors.user_today(plan, browser_zone)
    initial, existing, recent_dates = {}, None, None
    if request.method == "GET":
        asked = _asked_date(request, today)
        day = asked or today
        if asked is None:
            # The page shows these anyway: they tell whether today has one.
            recent_dates = selectors.check_in_dates_recent(request.user, today)
        existing = selectors.check_in_on(
            request.user, day, today=today, recent_dates=recent_dates
        )
        if existing is not None and asked is not None:
            messages.info(
                request,
                f"You already have a check-in for {_day(day)}: here it is to change.",
            )
            return redirect("journal:check-in-edit", pk=existing.pk)
        initial["date"] = day
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        today=today,
        initial=initial,
    )
    # Today is taken: the form says so and offers to edit it, before any POST.
    form.existing = existing
    if request.method == "POST" and form.is_valid():
        with outage.keep_input(request):
            try:
                # The browser's zone is adopted with the entry, or not at all.
                saved = services.check_in_from_form(
                    user=request.user,
                    plan=plan,
                    time_zone=browser_zone,
                    **form.entry(),
                )
            except services.CheckInDateTaken as taken:
                form.date_taken(taken.check_in)
            else:
                entry = saved.check_in
                verb = CHECK_IN_SAVED[saved.outcome]
                messages.success(request, f"Check-in for {_day(entry.date)} {verb}.")
                return redirect(entry)
    return render(
        request,
        "journal/check_in_form.html",
        {
            "form": form,
            "zone_plan": plan,
            "recent_dates": recent_dates
            if recent_dates is not None
            else selectors.check_in_dates_recent(request.user, today),
            "medication_suggestions": selectors.medication_suggestions(request.user),
            # An emergency not yet acknowledged stays first here too.
            "triage": selectors.emergencies_open(request.user),
        },
    )


CHECK_IN_BODY = "journal/check_in_form.html#body"


def _check_in_today(request: HttpRequest) -> HttpResponse:
    """The check-in form as first shown, for today: its fields and what the
    page reads with them kept (cache.check_in_form), its hidden inputs (the
    one-time token) and the emergencies' forms drawn for this request."""
    user = request.user
    plan, versions = cache.check_in_plan(user)
    today = selectors.user_today(plan)

    def body() -> tuple[SafeString, list]:
        recent_dates = selectors.check_in_dates_recent(user, today)
        form = CheckInForm(today=today, initial={"date": today})
        # Today is taken: the form says so and offers to edit it.
        form.existing = selectors.check_in_on(
            user, today, today=today, recent_dates=recent_dates
        )
        html = render_to_string(
            CHECK_IN_BODY,
            {
                "form": form,
                "recent_dates": recent_dates,
                "medication_suggestions": selectors.medication_suggestions(user),
            },
            request=request,
        )
        return html, selectors.emergencies_open(user)

    html, emergencies = cache.check_in_form(
        user, versions=versions, today=today, render=body
    )
    return render(
        request,
        "journal/check_in_form.html",
        {
            "form": CheckInFormHidden(token=True),
            "body_html": html,
            "zone_plan": plan,
            "triage": emergencies,
        },
    )


CHECK_IN_PAGE = "journal/check_in_detail.html"


@never_cache
@login_required
@require_safe
def check_in_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A check-in of the user's, with the advice of its day: kept in memory
    (cache.check_in_page) while their journal is the same."""

    def draw(history: tuple) -> cache.CheckInPage:
        entry = owned_or_404(
            request,
            selectors.check_ins(request.user).prefetch_related("triggers"),
            pk,
        )
        found = selectors.triage_check_in(entry, history=history)
        return cache.CheckInPage(
            date=entry.date,
            triage=[found] if found else [],
            body=render_to_string(
                f"{CHECK_IN_PAGE}#body", {"entry": entry}, request=request
            ),
        )

    page = cache.check_in_page(request.user, pk, draw=draw)
    return render(request, CHECK_IN_PAGE, {"page": page, "triage": page.triage})


@never_cache
@login_required
@require_POST
def check_in_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """ "I have read this advice", for a check-in's emergency answers: the
    dashboard stops keeping it on top (it stays in the history)."""
    entry = owned_or_404(request, CheckIn.objects.for_user(request.user), pk)
    services.check_in_acknowledge(check_in=entry)
    messages.info(
        request,
        f"Noted: you have read the emergency advice of your check-in for "
        f"{_day(entry.date)}. It stays in your check-ins and your report.",
    )
    return redirect("journal:dashboard")


@never_cache
@login_required
@require_safe
def check_in_list(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("page")

    def body(count: int) -> SafeString:
        paginator = Paginator(
            selectors.check_ins(request.user).prefetch_related("triggers"), PAGE_SIZE
        )
        paginator.count = count  # read with the list's tag
        page = paginator.get_page(asked)
        return render_to_string(CHECK_IN_LIST_BODY, {"page": page}, request=request)

    return render(
        request,
        "journal/check_in_list.html",
        # Drawn (or read from memory) as the page renders: the page's
        # template is the first one rendered.
        {"body": lambda: cache.check_in_list_page(request.user, asked, render=body)},
    )


CHECK_IN_LIST_BODY = "journal/includes/check_in_list_body.html"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = owned_or_404(request, CheckIn.objects.for_user(request.user), pk)
    if request.method != "POST":
        return _check_in_edit_page(request, entry)
    plan = selectors.zone_plan(request.user)
    today = selectors.user_today(plan)
    form = CheckInForm(
        request.POST if request.method == "POST" else None, today=today, instance=entry
    )
    if request.method == "POST" and form.is_valid():
        with outage.keep_input(request):
            try:
                services.check_in_update(check_in=entry, **form.entry())
            except services.CheckInDateTaken as taken:
                form.date_taken(taken.check_in)
            else:
                messages.success(request, f"Check-in for {_day(entry.date)} updated.")
                return redirect(entry)
    return render(
        request,
        "journal/check_in_form.html",
        {
            "form": form,
            "entry": entry,
            "zone_plan": plan,
            "medication_suggestions": selectors.medication_suggestions(request.user),
        },
    )


def _check_in_edit_page(request: HttpRequest, entry: CheckIn) -> HttpResponse:
    """A check-in's edit form as first shown: its fields kept
    (cache.check_in_form) while the journal, the triggers, the check-in's
    links to them and the person's today are the same."""
    user = request.user
    plan, versions = cache.check_in_plan(user, check_in_id=entry.pk)
    today = selectors.user_today(plan)

    def body() -> SafeString:
        return render_to_string(
            CHECK_IN_BODY,
            {
                "form": CheckInForm(today=today, instance=entry),
                "entry": entry,
                "medication_suggestions": selectors.medication_suggestions(user),
            },
            request=request,
        )

    html = cache.check_in_form(
        user, versions=versions, today=today, check_in_id=entry.pk, render=body
    )
    return render(
        request,
        "journal/check_in_form.html",
        {
            "form": CheckInFormHidden(token=False),
            "body_html": html,
            "entry": entry,
            "zone_plan": plan,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = owned_or_404(request, CheckIn.objects.for_user(request.user), pk)
    if request.method == "POST":
        services.check_in_delete(check_in=entry)
        messages.success(request, f"Check-in for {_day(entry.date)} deleted.")
        return redirect("journal:check-in-list")
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "what": f"your check-in for {_day(entry.date)}",
            "cancel_url": entry.get_absolute_url(),
        },
    )


PLAYER_EXERCISES = "journal/includes/player_exercises.html"

# The Django session key under which the player view leaves, for the page it
# redirects to, which player progress the browser may now forget.
PLAYER_RECORDED = "journal_player_recorded"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_player(request: HttpRequest, slug: str) -> HttpResponse:
    """The guided session of a published routine, and its record.

    A sent form names the routine it was shown for (SessionForm.routine_key):
    it is recorded under that routine even if staff changed its slug or
    unpublished it meanwhile, with the exercises it was shown, unpublished
    since or not. Should the routine have been deleted, the person gets the
    "log a session" form back with what they typed, to record it under another
    routine. A form without the key (from before it existed) is read as the
    published routine at this address. A GET's page is kept in memory
    (cache.player_page_kept)."""
    if request.method != "POST":
        return _player_shown(request, slug)
    sent = SessionForm.routine_sent(request.POST)
    routine = (
        selectors.routine_for_session(slug)
        if sent is None
        else selectors.routine_for_record(sent)
    )
    saved = selectors.plan_if_saved(request.user, with_routine=True, with_content=True)
    plan = saved.plan
    browser_zone = browser_time_zone(request.POST)
    today = selectors.user_today(plan, browser_zone)
    if routine is None and sent is not None:
        values = SessionForm(request.POST).kept_values()
        values["date"] = _player_day(request.POST.get("day"), today)
        return _routine_gone(request, plan, today, values)
    if routine is None:
        raise Http404("No such routine.")
    advice = selectors.advice(
        request.user, routine, today, with_steps=True, unpublished=True
    )
    form = SessionForm(request.POST, plans=advice.plans, routine=routine)
    if form.is_valid():
        with outage.keep_input(request):
            with transaction.atomic():
                services.plan_time_zone_adopt(
                    user=request.user, time_zone=browser_zone, plan=plan
                )
                session = services.session_record(
                    user=request.user,
                    routine=routine,
                    date=_player_day(request.POST.get("day"), today),
                    **form.entry(),
                )
            # The progress the browser kept for this routine is done with: it
            # is kept under the slug of the page's address (session.js).
            request.session[PLAYER_RECORDED] = {
                "routine": slug,
                "day": session.date.isoformat(),
            }
            messages.success(request, "Session recorded. Well done!")
            return redirect(session)

    # A sent form's page is drawn afresh: it shows what was typed and its
    # errors, and its exercises may hold one unpublished since.
    def draw() -> cache.PlayerPage:
        exercises = render_to_string(PLAYER_EXERCISES, {"plans": form.plans}, request)
        return _player_parts(request, routine, plan, today, advice, form, exercises)

    return _player_response(request, _Drawn(draw, routine=routine), form, today)


def _player_shown(request: HttpRequest, slug: str) -> HttpResponse:
    """The player's page for a GET: from memory while the user's journal, the
    content and their day are unchanged, with the request's own tokens."""
    saved = selectors.plan_if_saved(request.user, with_content=True)
    plan = saved.plan
    today = selectors.user_today(plan)
    page = cache.player_page_kept(request.user, slug, today, saved=saved)
    kept = page is not None
    if not kept:
        routine = selectors.routine_for_session(slug)
        if routine is None:
            raise Http404("No such routine.")

        def draw() -> cache.PlayerPage:
            # Drawn only when the whole page is not kept, which its tag (the
            # journal's and the content's versions, the day) says as the
            # advice's would: nothing of it is kept on its own.
            advice = selectors.advice(
                request.user,
                routine,
                today,
                with_steps=True,
                content_version=saved.content_version,
            )
            form = SessionForm(plans=advice.plans, routine=routine)
            exercises = render_to_string(
                PLAYER_EXERCISES, {"plans": form.plans}, request
            )
            return _player_parts(request, routine, plan, today, advice, form, exercises)

        page = _Drawn(draw, routine=routine)
    # Its hidden inputs (the one-time token, the routine's key): a form without
    # doses has the same ones, and costs less to make.
    response = _player_response(request, page, SessionForm(routine=page.routine), today)
    if not kept:
        cache.player_page_keep(
            request.user, slug, today, saved=saved, page=page.drawn()
        )
    return response


class _Drawn:
    """The parts of a page not kept, drawn (`draw()`) when the page's template
    first shows one (as `page.<part>`), so that the page's template is the
    first one rendered; `drawn()` gives them, to keep. `known`: what the page
    shows before any part (the player's routine)."""

    def __init__(self, draw: Callable, **known):
        self._draw = draw
        self.__dict__.update(known)

    @cached_property
    def _parts(self):
        return self._draw()

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._parts, name)

    def drawn(self):
        return self._parts


def _player_parts(
    request: HttpRequest, routine, plan, today, advice, form, exercises
) -> "cache.PlayerPage":
    """The player page's parts drawn for `form` (journal/session_player.html's
    partials): all but the form's tokens and hidden inputs."""
    yesterday = today - datetime.timedelta(days=1)
    recorded = selectors.sessions_recorded_on(request.user, routine, [today, yesterday])
    context = {
        "routine": routine,
        "exercises_html": exercises,
        "triage": advice.triage,
        "emergency": advice.emergency,
        "form": form,
        "today": today,
        "yesterday": yesterday,
        # Both days: a session begun yesterday evening is recorded for
        # yesterday, and session.js shows that day's notice instead.
        "recorded_today": recorded.get(today),
        "recorded_yesterday": recorded.get(yesterday),
        "zone_plan": plan,
    }

    def part(name: str) -> SafeString:
        return render_to_string(f"{PLAYER_TEMPLATE}#{name}", context, request)

    return cache.PlayerPage(
        routine=routine,
        alerts=part("alerts"),
        head=part("head"),
        finish=part("finish"),
        doses=part("doses"),
    )


def _player_response(request: HttpRequest, page, form, today) -> HttpResponse:
    """The player's page of `page`'s parts, with the hidden inputs of `form`."""
    return render(
        request, PLAYER_TEMPLATE, {"page": page, "hidden_form": form, "today": today}
    )


PLAYER_TEMPLATE = "journal/session_player.html"


def _player_day(posted: str | None, today: datetime.date) -> datetime.date:
    """The day a player session is recorded for: the day it was started, when
    that was yesterday (a session begun before midnight and finished after it),
    and otherwise today."""
    yesterday = today - datetime.timedelta(days=1)
    return yesterday if posted == yesterday.isoformat() else today


def _routine_gone(
    request: HttpRequest, plan, today: datetime.date, values: dict
) -> HttpResponse:
    """A sent session form whose routine staff deleted meanwhile: nothing is
    recorded (the planned doses went with the routine), and the "log a
    session" form answers with what the person typed (`values`) under their
    plan's routine or the default, the same exercises keeping their doses, to
    check and save."""
    routine = _routine_to_log(plan)
    messages.warning(
        request,
        "The routine you were doing was removed from the site while you did "
        "it, so your session is not recorded yet. What you entered is below: "
        "check it, choose the routine to record it under, and save it.",
    )
    form = SessionForm(
        plans=selectors.advice(request.user, routine, today).plans,
        today=today,
        routine=routine,
        initial=values,
    )
    chooser = RoutineChoiceForm(
        routines=content.routines_published(), initial={"routine": routine}
    )
    return _log_page(request, plan, routine, chooser, form)


def _routine_to_log(plan):
    """The routine "log a session" offers first: the plan's while it is
    published, else the default."""
    return (
        plan.routine if plan.routine and plan.routine.is_published else None
    ) or content.routine_default()


def _log_page(
    request, plan, routine, chooser, form, *, chooser_html=None, doses=None
) -> HttpResponse:
    """ "Log a session": `chooser_html` (a callable) draws the routine chooser,
    by default from `chooser`; `doses`, the form's doses kept as HTML around
    its hidden inputs (cache.session_form_doses), stand for the form's
    fields."""
    return render(
        request,
        "journal/session_form.html",
        {
            "form": form,
            "chooser": chooser,
            "chooser_html": chooser_html or chooser.as_div,
            "doses": doses,
            "routine": routine,
            "zone_plan": plan,
        },
    )


DOSE_FIELDS = "journal/includes/dose_fields.html"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    """Log a session done away from the site, for today or an earlier day.

    As in the player, a sent form is recorded under the routine it was shown
    for (SessionForm.routine_key), published or not now, with the exercises
    it held, unpublished since or not; a deleted routine gives the form back
    with what was typed."""
    saved = cache.saved_plan(request.user)
    plan = saved.plan
    browser_zone = browser_time_zone(request.POST)
    today = selectors.user_today(plan, browser_zone)
    sent = SessionForm.routine_sent(request.POST) if request.method == "POST" else None
    if request.method != "POST" and not request.GET:
        routine = _routine_to_log(plan)
        if routine is not None:
            return _log_page_unbound(request, saved, today, routine)
    routines = content.routines_published()
    if sent is not None:
        routine = selectors.routine_for_record(sent)
        if routine is None:
            return _routine_gone(
                request, plan, today, SessionForm(request.POST).kept_values()
            )
        chooser = RoutineChoiceForm(routines=routines, initial={"routine": routine})
    else:
        chooser = RoutineChoiceForm(
            request.GET or None, routines=routines, initial={"routine": plan.routine}
        )
        routine = (
            chooser.cleaned_data["routine"]
            if chooser.is_bound and chooser.is_valid()
            else _routine_to_log(plan)
        )
    # The doses suggested, held while a warning-sign alert shows.
    if request.method == "POST":
        advice = selectors.advice(request.user, routine, today, unpublished=True)
    else:
        advice = cache.advice(request.user, routine, today, saved=saved)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        plans=advice.plans,
        today=today,
        routine=routine,
    )
    if request.method == "POST" and form.is_valid():
        with outage.keep_input(request):
            with transaction.atomic():
                services.plan_time_zone_adopt(
                    user=request.user, time_zone=browser_zone, plan=plan
                )
                session = services.session_record(
                    user=request.user, routine=routine, **form.entry()
                )
            messages.success(request, f"Session of {_day(session.date)} recorded.")
            return redirect(session)
    return _log_page(request, plan, routine, chooser, form)


def _log_page_unbound(request, saved, today, routine) -> HttpResponse:
    """ "Log a session" as first shown (no routine asked, nothing sent): the
    routine chooser is the content's and the plan's routine only, kept under
    the content's version; the doses are kept under the advice's tag. Only
    the hidden inputs (the one-time token) are drawn for each request."""
    plan = saved.plan

    def chooser() -> SafeString:
        return RoutineChoiceForm(
            routines=content.routines_published(), initial={"routine": plan.routine}
        ).as_div()

    chooser_html = partial(
        cache.content_part,
        ("routine-chooser", plan.routine_id),
        version=saved.content_version,
        render=chooser,
    )

    def doses() -> tuple[SafeString, SafeString]:
        advice = cache.advice(request.user, routine, today, saved=saved)
        form = SessionForm(plans=advice.plans, today=today, routine=routine)
        html = render_to_string(DOSE_FIELDS, {"form": form}, request=request)
        return cache.around_hidden(html, form)

    return _log_page(
        request,
        plan,
        routine,
        None,
        # The hidden inputs the doses go around, drawn for this request.
        SessionFormHidden(routine=routine),
        chooser_html=chooser_html,
        doses=cache.session_form_doses(
            request.user, routine, today, saved=saved, render=doses
        ),
    )


@never_cache
@login_required
@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session of the user's, with the suggestions for the next when it is
    their latest: kept in memory (cache.session_page_kept) while their
    journal, the content and their day are unchanged."""
    saved, latest = selectors.plan_and_latest_session(request.user)
    today = selectors.user_today(saved.plan)
    page = cache.session_page_kept(request.user, pk, today, saved=saved)
    kept = page is not None
    if not kept:
        session = owned_or_404(
            request,
            # The routine for the suggestions; its rows name their exercises.
            selectors.sessions_listed(request.user).select_related("routine"),
            pk,
        )

        def draw() -> cache.SessionPage:
            # Suggestions look ahead, so they belong to the latest session only.
            advice = None
            if latest == session.pk and session.routine:
                advice = cache.advice(request.user, session.routine, today, saved=saved)
            context = {
                "session": session,
                "plans": advice.plans if advice else [],
                "triage": advice.triage if advice else [],
            }

            def part(name: str) -> SafeString:
                return render_to_string(f"{SESSION_PAGE}#{name}", context, request)

            return cache.SessionPage(
                date=session.date, alerts=part("alerts"), body=part("body")
            )

        page = _Drawn(draw, date=session.date)
    response = render(
        request,
        SESSION_PAGE,
        {
            "page": page,
            "player_recorded": request.session.pop(PLAYER_RECORDED, None),
        },
    )
    if not kept:
        cache.session_page_keep(request.user, pk, today, saved=saved, page=page.drawn())
    return response


SESSION_PAGE = "journal/session_detail.html"


@never_cache
@login_required
@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("page")

    def body() -> SafeString:
        page = Paginator(selectors.sessions_listed(request.user), PAGE_SIZE).get_page(
            number
        )
        return render_to_string(SESSION_LIST_BODY, {"page": page}, request=request)

    return render(
        request,
        "journal/session_list.html",
        {"body": lambda: cache.session_list(request.user, number, render=body)},
    )


SESSION_LIST_BODY = "journal/includes/session_list_body.html"


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a past session: exactly the rows it recorded, under the titles
    and planned doses recorded, whatever staff have done to the routine or its
    exercises since (unpublished, renamed, deleted, doses changed)."""
    session = owned_or_404(request, selectors.sessions(request.user), pk)
    today = selectors.today_for(request.user)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        today=today,
        rows=list(session.exercises.all()),
        token=False,
        initial={
            "date": session.date,
            "pain_during": session.pain_during,
            "effort": session.effort,
            "duration_minutes": session.duration_minutes,
            "notes": session.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        with outage.keep_input(request):
            services.session_update(session=session, **form.entry())
            messages.success(request, f"Session of {_day(session.date)} updated.")
            return redirect(session)
    return render(
        request,
        "journal/session_form.html",
        {"form": form, "session": session},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = owned_or_404(request, Session.objects.for_user(request.user), pk)
    if request.method == "POST":
        services.session_delete(session=session)
        messages.success(request, f"Session of {_day(session.date)} deleted.")
        return redirect("journal:session-list")
    return render(
        request,
        "journal/confirm_delete.html",
        {
            "what": f"your session of {_day(session.date)}",
            "cancel_url": session.get_absolute_url(),
        },
    )


@never_cache
@login_required
@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """All the user's check-ins and sessions, streamed in pieces of about
    32 KB."""
    response = StreamingHttpResponse(
        export.csv_chunks(request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="psoasapp-journal.csv"'
    return response

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from exercises import selectors as content

from .. import export, selectors, services
from ..forms import CheckInForm, PlanForm, RoutineChoiceForm, SessionForm
from ..models import CheckIn, Session

PAGE_SIZE = 20


def _day(date) -> str:
    return date_format(date, "l j F Y")


def _owned_or_404(request: HttpRequest, queryset: QuerySet, pk: int) -> Model:
    """The entry `pk` from `queryset`, which is scoped to the request's user.

    Another user's entry answers 404 exactly like a missing one, and the request
    is marked so that psoasapp's audit middleware records the refusal (journal
    never imports psoasapp). Only a miss costs the second query, for a missing
    entry as much as for another user's."""
    model = queryset.model
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        if model._default_manager.filter(pk=pk).exists():
            request.refused_object = f"{model._meta.label_lower} #{pk}"
        raise Http404(
            f"No {model._meta.object_name} matches the given query."
        ) from None


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_for(request.user)
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        instance=plan,
        routines=content.routines_published(),
    )
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, **form.cleaned_data)
        messages.success(request, "Your plan is saved.")
        return redirect("journal:dashboard")
    return render(request, "journal/plan_form.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest) -> HttpResponse:
    today = selectors.today_for(request.user)
    form = CheckInForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        entry, created = services.check_in_record(user=request.user, **form.entry())
        verb = "saved" if created else "updated: you had already checked in that day"
        messages.success(request, f"Check-in for {_day(entry.date)} {verb}.")
        return redirect(entry)
    return render(request, "journal/check_in_form.html", {"form": form})


@never_cache
@login_required
@require_safe
def check_in_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _owned_or_404(request, CheckIn.objects.for_user(request.user), pk)
    triage = selectors.triage_check_in(entry)
    return render(
        request,
        "journal/check_in_detail.html",
        {"entry": entry, "triage": [triage] if triage else []},
    )


@never_cache
@login_required
@require_safe
def check_in_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.check_ins(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "journal/check_in_list.html", {"page": page})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _owned_or_404(request, CheckIn.objects.for_user(request.user), pk)
    today = selectors.today_for(request.user)
    form = CheckInForm(
        request.POST if request.method == "POST" else None, today=today, instance=entry
    )
    if request.method == "POST" and form.is_valid():
        services.check_in_update(check_in=entry, **form.entry())
        messages.success(request, f"Check-in for {_day(entry.date)} updated.")
        return redirect(entry)
    return render(request, "journal/check_in_form.html", {"form": form, "entry": entry})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _owned_or_404(request, CheckIn.objects.for_user(request.user), pk)
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


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_player(request: HttpRequest, slug: str) -> HttpResponse:
    routine = selectors.routine_for_session(slug)
    if routine is None:
        raise Http404("No such routine.")
    plan = selectors.plan_for(request.user)
    today = selectors.user_today(plan)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        exercises=content.routine_exercises(routine),
    )
    if request.method == "POST" and form.is_valid():
        session = services.session_record(
            user=request.user, routine=routine, date=today, **form.entry()
        )
        messages.success(request, "Session recorded. Well done!")
        return redirect(session)
    return render(
        request,
        "journal/session_player.html",
        {
            "routine": routine,
            "plans": selectors.exercise_plans(request.user, routine, with_steps=True),
            "form": form,
            "today": today,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    """Log a session done away from the site, for today or an earlier day."""
    plan = selectors.plan_for(request.user)
    today = selectors.user_today(plan)
    routines = content.routines_published()
    chooser = RoutineChoiceForm(
        request.GET or None, routines=routines, initial={"routine": plan.routine}
    )
    routine = (
        chooser.cleaned_data["routine"]
        if chooser.is_bound and chooser.is_valid()
        else plan.routine or content.routine_default()
    )
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        exercises=content.routine_exercises(routine),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        session = services.session_record(
            user=request.user, routine=routine, **form.entry()
        )
        messages.success(request, f"Session of {_day(session.date)} recorded.")
        return redirect(session)
    return render(
        request,
        "journal/session_form.html",
        {"form": form, "chooser": chooser, "routine": routine},
    )


@never_cache
@login_required
@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _owned_or_404(request, selectors.sessions(request.user), pk)
    # Suggestions look ahead, so they belong to the latest session only.
    is_latest = selectors.latest_session_id(request.user) == session.pk
    return render(
        request,
        "journal/session_detail.html",
        {
            "session": session,
            "plans": selectors.exercise_plans(request.user, session.routine)
            if is_latest and session.routine
            else [],
        },
    )


@never_cache
@login_required
@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.sessions(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "journal/session_list.html", {"page": page})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _owned_or_404(request, selectors.sessions(request.user), pk)
    today = selectors.today_for(request.user)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        exercises=content.routine_exercises(session.routine),
        today=today,
        initial={
            "date": session.date,
            "exercises": [entry.exercise_id for entry in session.exercises.all()],
            "pain_during": session.pain_during,
            "effort": session.effort,
            "duration_minutes": session.duration_minutes,
            "notes": session.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.session_update(session=session, **form.entry())
        messages.success(request, f"Session of {_day(session.date)} updated.")
        return redirect(session)
    return render(
        request,
        "journal/session_form.html",
        {"form": form, "session": session, "routine": session.routine},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _owned_or_404(request, Session.objects.for_user(request.user), pk)
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
    """All the user's check-ins and sessions, streamed row by row."""
    response = StreamingHttpResponse(
        export.csv_lines(request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="psoasapp-journal.csv"'
    return response

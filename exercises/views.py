from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.preview import preview_context, staff_preview

from . import cache, selectors
from .forms import ExerciseFilterForm
from .models import Exercise, GuideSection, Routine

# Each page has a preview for staff (its address with /preview/ added): the
# same code and template, drafts included, marked by the banner that
# base.html shows for `preview` (core.preview).
#
# A page's template draws its body in a partial, `body`, kept in memory while
# the content's version is the same (exercises.cache): the version comes with
# the page's first query (selectors.*_versioned) and the rest of its data loads
# only to render the body again (selectors.*_load). A preview's body is never
# kept (its version is None).


def _page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    key: tuple,
    version: str | None,
    load: Callable[[], object] = lambda: None,
) -> HttpResponse:
    body = cache.body(
        request, template, key=key, version=version, load=load, context=context
    )
    return render(request, template, {**context, "body": body})


def _version(rows: list) -> str | None:
    return rows[0].content_version if rows else None


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    sections = list(selectors.guide_sections_versioned())
    return _page(
        request,
        "exercises/guide.html",
        {"sections": sections},
        key=("guide",),
        version=_version(sections),
        load=lambda: selectors.guide_sections_load(sections),
    )


def _guide_section_page(
    request: HttpRequest,
    sections: list[GuideSection],
    slug: str,
    *,
    version: str | None,
    load: Callable[[list[GuideSection]], object],
    **extra,
) -> HttpResponse:
    slugs = [section.slug for section in sections]
    if slug not in slugs:
        raise Http404("No such guide section.")
    index = slugs.index(slug)
    section = sections[index]
    return _page(
        request,
        "exercises/guide_section.html",
        {
            "section": section,
            "previous": sections[index - 1] if index > 0 else None,
            "next": sections[index + 1] if index + 1 < len(sections) else None,
            **extra,
        },
        key=("guide-section", slug),
        version=version,
        load=lambda: load([section]),
    )


@require_safe
def guide_section(request: HttpRequest, slug: str) -> HttpResponse:
    # All sections load (in one query, whatever their number) for the previous
    # and next links; the section's tips and warning signs in one query each.
    sections = list(selectors.guide_sections_versioned())
    return _guide_section_page(
        request,
        sections,
        slug,
        version=_version(sections),
        load=selectors.guide_sections_load,
    )


@require_safe
@staff_preview(GuideSection)
def guide_section_preview(request: HttpRequest, slug: str) -> HttpResponse:
    # A draft sits among the published sections where it will once published.
    sections = list(selectors.guide_sections_for_preview(slug))
    section = next((s for s in sections if s.slug == slug), None)
    if section is None:
        raise Http404("No such guide section.")
    return _guide_section_page(
        request,
        sections,
        slug,
        version=None,
        load=lambda sections: None,
        **preview_context(section),
    )


@require_safe
def exercise_list(request: HttpRequest) -> HttpResponse:
    form = ExerciseFilterForm(request.GET or None)
    if request.GET:
        # A search: rendered for its words (the form shows them).
        filters = form.cleaned_data if form.is_valid() else {}
        kind, text = filters.get("kind", ""), filters.get("q", "")
        exercises = selectors.exercises_published(kind=kind, text=text)
        return _page(
            request,
            "exercises/exercise_list.html",
            {"form": form, "exercises": exercises, "filtered": bool(kind or text)},
            key=("exercise-list", "search"),
            version=None,
        )
    exercises = list(selectors.exercises_versioned())
    return _page(
        request,
        "exercises/exercise_list.html",
        {"form": form, "exercises": exercises, "filtered": False},
        key=("exercise-list",),
        version=_version(exercises),
        load=lambda: selectors.exercises_load(exercises),
    )


@require_safe
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(selectors.exercises_versioned(), slug=slug)
    return _page(
        request,
        "exercises/exercise_detail.html",
        {"exercise": exercise},
        key=("exercise", slug),
        version=exercise.content_version,
        load=lambda: selectors.exercises_load([exercise], steps=True),
    )


@require_safe
@staff_preview(Exercise)
def exercise_preview(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(selectors.exercises_for_preview(), slug=slug)
    return _page(
        request,
        "exercises/exercise_detail.html",
        {"exercise": exercise, **preview_context(exercise)},
        key=("exercise-preview", slug),
        version=None,
    )


@require_safe
def routine_list(request: HttpRequest) -> HttpResponse:
    routines = list(selectors.routines_versioned())
    return _page(
        request,
        "exercises/routine_list.html",
        {"routines": routines},
        key=("routine-list",),
        version=_version(routines),
        load=lambda: selectors.routines_load(routines),
    )


@require_safe
def routine_detail(request: HttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(selectors.routines_versioned(), slug=slug)
    return _page(
        request,
        "exercises/routine_detail.html",
        {"routine": routine},
        key=("routine", slug),
        version=routine.content_version,
        load=lambda: selectors.routines_load([routine], with_photos=True),
    )


@require_safe
@staff_preview(Routine)
def routine_preview(request: HttpRequest, slug: str) -> HttpResponse:
    # The routine as members will see it: its published exercises only.
    routine = get_object_or_404(selectors.routines_for_preview(), slug=slug)
    return _page(
        request,
        "exercises/routine_detail.html",
        {"routine": routine, **preview_context(routine)},
        key=("routine-preview", slug),
        version=None,
    )

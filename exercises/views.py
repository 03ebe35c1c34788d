from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.preview import preview_context, staff_preview

from . import selectors
from .forms import ExerciseFilterForm
from .models import Exercise, GuideSection, Routine

# Each page has a preview for staff (its address with /preview/ added): the
# same code and template, drafts included, marked by the banner that
# base.html shows for `preview` (core.preview).


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    return render(
        request, "exercises/guide.html", {"sections": selectors.guide_sections()}
    )


def _guide_section_page(
    request: HttpRequest, sections: list[GuideSection], slug: str, **extra
) -> HttpResponse:
    slugs = [section.slug for section in sections]
    if slug not in slugs:
        raise Http404("No such guide section.")
    index = slugs.index(slug)
    return render(
        request,
        "exercises/guide_section.html",
        {
            "section": sections[index],
            "previous": sections[index - 1] if index > 0 else None,
            "next": sections[index + 1] if index + 1 < len(sections) else None,
            **extra,
        },
    )


@require_safe
def guide_section(request: HttpRequest, slug: str) -> HttpResponse:
    # All sections load (three queries, whatever their number) for the
    # previous and next links.
    return _guide_section_page(request, list(selectors.guide_sections()), slug)


@require_safe
@staff_preview(GuideSection)
def guide_section_preview(request: HttpRequest, slug: str) -> HttpResponse:
    # A draft sits among the published sections where it will once published.
    sections = list(selectors.guide_sections_for_preview(slug))
    section = next((s for s in sections if s.slug == slug), None)
    if section is None:
        raise Http404("No such guide section.")
    return _guide_section_page(request, sections, slug, **preview_context(section))


@require_safe
def exercise_list(request: HttpRequest) -> HttpResponse:
    form = ExerciseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kind, text = filters.get("kind", ""), filters.get("q", "")
    return render(
        request,
        "exercises/exercise_list.html",
        {
            "form": form,
            "exercises": selectors.exercises_published(kind=kind, text=text),
            "filtered": bool(kind or text),
        },
    )


@require_safe
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(selectors.exercises_with_steps(), slug=slug)
    return render(request, "exercises/exercise_detail.html", {"exercise": exercise})


@require_safe
@staff_preview(Exercise)
def exercise_preview(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(selectors.exercises_for_preview(), slug=slug)
    return render(
        request,
        "exercises/exercise_detail.html",
        {"exercise": exercise, **preview_context(exercise)},
    )


@require_safe
def routine_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exercises/routine_list.html",
        {"routines": selectors.routines_published()},
    )


@require_safe
def routine_detail(request: HttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(
        selectors.routines_published(with_photos=True), slug=slug
    )
    return render(request, "exercises/routine_detail.html", {"routine": routine})


@require_safe
@staff_preview(Routine)
def routine_preview(request: HttpRequest, slug: str) -> HttpResponse:
    # The routine as members will see it: its published exercises only.
    routine = get_object_or_404(selectors.routines_for_preview(), slug=slug)
    return render(
        request,
        "exercises/routine_detail.html",
        {"routine": routine, **preview_context(routine)},
    )

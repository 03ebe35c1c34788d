from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

from .content import CONTENT_EDITORS_GROUP
from .models import Exercise, GuideSection, Routine, RoutineItem, WarningSign
from .models.guide import SEEK_HELP_SLUG


def exercises_published(*, kind: str = "", text: str = "") -> QuerySet[Exercise]:
    """Published exercises for the list's cards, with their photos loaded."""
    return (
        Exercise.objects.published()
        .of_kind(kind)
        .matching(text)
        .prefetch_related("images")
    )


def exercises_with_steps() -> QuerySet[Exercise]:
    return Exercise.objects.published().prefetch_related("steps", "images")


def _published_items(*, with_photos: bool = False) -> Prefetch:
    items = RoutineItem.objects.filter(exercise__is_published=True).select_related(
        "exercise"
    )
    if with_photos:
        items = items.prefetch_related("exercise__images")
    return Prefetch("items", queryset=items)


def routines_published(*, with_photos: bool = False) -> QuerySet[Routine]:
    """Published routines with their items (published exercises only) loaded,
    and the exercises' photos when asked (the routine page's cards)."""
    return Routine.objects.published().prefetch_related(
        _published_items(with_photos=with_photos)
    )


def routine_items(
    routine, *, with_steps: bool = False, unpublished: bool = False
) -> QuerySet[RoutineItem]:
    """The routine's items whose exercise is published, in order, with the
    exercise loaded (and its steps, when asked). `unpublished`: those whose
    exercise is unpublished too, for recording what a person was offered
    before staff unpublished it."""
    items = RoutineItem.objects.filter(routine=routine)
    if not unpublished:
        items = items.filter(exercise__is_published=True)
    items = items.select_related("exercise")
    return items.prefetch_related("exercise__steps") if with_steps else items


def routine_exercises(routine) -> QuerySet[Exercise]:
    """The published exercises of `routine`, in the routine's order."""
    if routine is None:
        return Exercise.objects.none()
    return (
        Exercise.objects.published()
        .filter(routine_items__routine=routine)
        .order_by("routine_items__order")
    )


def routine_published(slug: str) -> Routine | None:
    return Routine.objects.published().filter(slug=slug).first()


def routine_any(pk: int) -> Routine | None:
    """The routine with id `pk`, published or not; None once deleted. For
    recording a session begun before staff unpublished the routine or changed
    its slug: never for showing it."""
    return Routine.objects.filter(pk=pk).first()


def routine_default() -> Routine | None:
    return routines_published().filter(is_default=True).first()


def guide_sections() -> QuerySet[GuideSection]:
    return GuideSection.objects.published().prefetch_related("tips", "warning_signs")


def warning_signs() -> QuerySet[WarningSign]:
    return WarningSign.objects.filter(section__is_published=True)


_seek_help_urls: dict[tuple[str, str | None], str] = {}


def seek_help_url() -> str:
    """Address of the guide section on when to seek medical attention. Every
    page's footer links to it: reversed once per script prefix and URLconf."""
    key = (get_script_prefix(), get_urlconf())
    url = _seek_help_urls.get(key)
    if url is None:
        if len(_seek_help_urls) > 64:
            _seek_help_urls.clear()
        url = reverse("exercises:guide-section", kwargs={"slug": SEEK_HELP_SLUG})
        _seek_help_urls[key] = url
    return url


@receiver(setting_changed, dispatch_uid="exercises.selectors.seek_help_url")
def _urls_changed(**kwargs) -> None:
    # ROOT_URLCONF, in tests.
    _seek_help_urls.clear()


def _table_state(model, *, published: bool = True) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    parts = ["CAST(COUNT(*) AS VARCHAR(20))"]
    if published:
        parts.insert(0, "COALESCE(CAST(MAX(\"updated_at\") AS VARCHAR(40)), '')")
        parts.append(
            'CAST(COALESCE(SUM(CASE WHEN "is_published" THEN 1 ELSE 0 END), 0) '
            "AS VARCHAR(20))"
        )
    joined = " || '/' || ".join(parts)
    return f"(SELECT {joined} FROM {table})"


def content_version_sql() -> str:
    """An SQL expression (a string, no parameters) that changes with every
    edit of the content members see: the latest change, the number of rows and
    of published rows of routines, exercises and guide sections, and the number
    of routine items. The admin saves the parent with its inlines, so an edited
    step, item, tip or sign moves its parent's `updated_at`; a delete or a
    QuerySet.update of `is_published` (a bulk action) moves the counts. For a
    page that keeps what it rendered (the journal's dashboard) to read in a
    query it already makes."""
    return " || ';' || ".join(
        [
            _table_state(Routine),
            _table_state(Exercise),
            _table_state(GuideSection),
            _table_state(RoutineItem, published=False),
        ]
    )


# Staff previews (exercises.views, *_preview): a page as members will see it,
# but found among drafts too.


def exercises_for_preview() -> QuerySet[Exercise]:
    return Exercise.objects.prefetch_related("steps", "images")


def routines_for_preview() -> QuerySet[Routine]:
    """Routines, drafts included, with the items members would see loaded."""
    return Routine.objects.prefetch_related(_published_items(with_photos=True))


def guide_sections_for_preview(slug: str) -> QuerySet[GuideSection]:
    """The published sections and section `slug`, where it would sit once
    published."""
    return GuideSection.objects.filter(
        Q(is_published=True) | Q(slug=slug)
    ).prefetch_related("tips", "warning_signs")


def is_content_editor(user) -> bool:
    """Whether `user` is active staff in the Content editors group, who
    manage the site's content (content.CONTENT_EDITORS_GROUP). One query."""
    return bool(
        user.is_active
        and user.is_staff
        and user.groups.filter(name=CONTENT_EDITORS_GROUP).exists()
    )

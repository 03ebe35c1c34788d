from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

from core.kept import VersionedData

from .content import CONTENT_EDITORS_GROUP
from .models import (
    ContentVersion,
    Exercise,
    GuideSection,
    Routine,
    RoutineItem,
    WarningSign,
)
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


# A routine's items as the advice reads them (a key per routine and way of
# reading it: a few dozen in all).
_items = VersionedData(size=64)


def routine_items_kept(
    routine,
    *,
    version: str | None,
    with_steps: bool = False,
    unpublished: bool = False,
) -> list[RoutineItem]:
    """routine_items, listed, from memory while the content's `version`
    (content_version_sql, read by the caller in its own query) is the same:
    a routine's items, its exercises and their steps move it. Read afresh
    without a version."""

    def read() -> list[RoutineItem]:
        return list(
            routine_items(routine, with_steps=with_steps, unpublished=unpublished)
        )

    if version is None:
        return read()
    return _items.get((routine.pk, with_steps, unpublished), version, read)


def routine_items_forget() -> None:
    """Drop this process's items (exercises.cache.forget: in tests)."""
    _items.clear()


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


def content_version_sql() -> str:
    """An SQL expression (a string, no parameters): the content's version, a
    token the database changes on every edit of the content members see
    (ContentVersion: triggers on the routines and their items, the exercises,
    their steps and photos, and the guide's sections, tips and warning signs,
    whichever way the row is written). For a page that keeps what it
    rendered (the content pages, exercises.cache; the journal's kept pages)
    to read in a query it already makes: the same snapshot as its rows."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    return f"""COALESCE((SELECT "token" FROM {table} WHERE "id" = 1), '')"""


def with_content_version(queryset: QuerySet) -> QuerySet:
    """`queryset` with the content's version (content_version_sql) on each
    row as `content_version`: read in the page's own query, the same snapshot
    as the rows."""
    return queryset.annotate(content_version=RawSQL(content_version_sql(), ()))


def exercises_versioned() -> QuerySet[Exercise]:
    """Published exercises with the content's version, their photos (and
    steps) not loaded yet: see exercises_load."""
    return with_content_version(Exercise.objects.published())


def exercises_load(exercises: list[Exercise], *, steps: bool = False) -> None:
    """Load the photos of `exercises` (and their steps), as exercises_published
    and exercises_with_steps do: one query each."""
    prefetch_related_objects(exercises, "images", *(["steps"] if steps else []))


def routines_versioned() -> QuerySet[Routine]:
    """Published routines with the content's version, their items not loaded
    yet: see routines_load."""
    return with_content_version(Routine.objects.published())


def routines_load(routines: list[Routine], *, with_photos: bool = False) -> None:
    """Load the items of `routines` as routines_published does."""
    prefetch_related_objects(routines, _published_items(with_photos=with_photos))


def guide_sections_versioned() -> QuerySet[GuideSection]:
    """Published guide sections with the content's version, their tips and
    warning signs not loaded yet: see guide_sections_load."""
    return with_content_version(GuideSection.objects.published())


def guide_sections_load(sections: list[GuideSection]) -> None:
    """Load the tips and warning signs of `sections`, as guide_sections does."""
    prefetch_related_objects(sections, "tips", "warning_signs")


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

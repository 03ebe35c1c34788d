"""Issue 15, case 2: no content edit staff may make breaks a link members
follow. Every page a member reads (each alert of every triage tier, the
footer, the dashboard, every exercise, routine and guide page, a quiz's
explanations) is opened after each kind of edit, and every link to this site
on it must answer 200, or a redirect to a 200."""

import datetime
import uuid
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from exercises import selectors as content
from exercises.models import Exercise, GuideSection, Routine
from exercises.models.guide import SEEK_HELP_SLUG
from journal import selectors, triage
from quiz import services as quiz_services
from quiz.models import Question, Quiz
from tests.factories import CheckInFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def internal_links(page: str, html: str) -> set[str]:
    """The links of `html` (served at `page`) to this site, without fragments."""
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        url = urlsplit(urljoin(page, href))
        if url.scheme in ("", "http") and url.netloc in ("", "testserver"):
            found.add(url.path + (f"?{url.query}" if url.query else ""))
    return found


def answer(client: Client, url: str) -> int:
    """The status `url` ends with, following redirects within the site."""
    response = client.get(url, follow=True)
    return response.status_code


def broken_links(client: Client, pages: list[str]) -> dict[str, list[str]]:
    """{page: [its links that do not answer 200]}; a page that itself does not
    answer 200 is listed as its own broken link."""
    seen: dict[str, int] = {}
    broken: dict[str, list[str]] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != HTTPStatus.OK:
            broken[page] = [f"{page} ({response.status_code})"]
            continue
        for link in sorted(internal_links(page, response.content.decode())):
            if link.startswith(reverse("admin:index")):
                continue
            if link not in seen:
                seen[link] = answer(client, link)
            if seen[link] != HTTPStatus.OK:
                broken.setdefault(page, []).append(f"{link} ({seen[link]})")
    return broken


def member_with_alerts():
    """A member whose last days hold a check-in per warning-sign question (every
    tier's alert) and a severe pain score, and a graded quiz attempt whose
    explanations link to the guide."""
    member = UserFactory()
    PlanFactory(user=member)
    today = selectors.today_for(member)
    for days, question in enumerate(triage.QUESTIONS):
        if question.asked:
            CheckInFactory(
                user=member,
                date=today - datetime.timedelta(days=days),
                **{question.field: True},
            )
    CheckInFactory(user=member, date=today - datetime.timedelta(days=30), pain_score=9)
    quiz = Quiz.objects.published().first()
    quiz_services.attempt_submit(user=member, quiz=quiz, answers={}, token=uuid.uuid4())
    return member


def member_pages(member) -> list[str]:
    pages = [
        reverse("home"),
        reverse("journal:dashboard"),
        reverse("journal:check-in"),
        reverse("journal:check-in-list"),
        reverse("journal:plan"),
        reverse("journal:session-new"),
        reverse("exercises:guide"),
        reverse("exercises:exercise-list"),
        reverse("exercises:routine-list"),
        reverse("quiz:quiz-list"),
    ]
    pages += [entry.get_absolute_url() for entry in member.check_ins.all()]
    pages += [attempt.get_absolute_url() for attempt in member.quiz_attempts.all()]
    pages += [s.get_absolute_url() for s in content.guide_sections()]
    pages += [e.get_absolute_url() for e in content.exercises_published()]
    for routine in content.routines_published():
        pages += [
            routine.get_absolute_url(),
            reverse("journal:session", kwargs={"slug": routine.slug}),
        ]
    return pages


def _linked_section() -> GuideSection:
    """A guide section other than the guarded one that a quiz explanation
    links to."""
    return (
        GuideSection.objects.exclude(slug=SEEK_HELP_SLUG)
        .filter(pk__in=Question.objects.values("guide_section"))
        .first()
    )


def _default_routine() -> Routine:
    return Routine.objects.get(is_default=True)


def _exercise_in_the_routine() -> Exercise:
    return _default_routine().items.first().exercise


def _rename(obj) -> None:
    obj.slug = f"{obj.slug}-renamed"
    obj.save()


def _unpublish(obj) -> None:
    obj.is_published = False
    obj.save()


EDITS = {
    "nothing": lambda: None,
    "rename a guide section": lambda: _rename(_linked_section()),
    "rename an exercise": lambda: _rename(_exercise_in_the_routine()),
    "rename the routine": lambda: _rename(_default_routine()),
    "unpublish a guide section": lambda: _unpublish(_linked_section()),
    "unpublish an exercise": lambda: _unpublish(_exercise_in_the_routine()),
    "unpublish the routine": lambda: _unpublish(_default_routine()),
}


def member_without_alerts():
    """A member with a quiet check-in: their dashboard offers Start links
    (an emergency alert replaces them with the advice to get help)."""
    member = UserFactory()
    PlanFactory(user=member)
    CheckInFactory(user=member, date=selectors.today_for(member), pain_score=2)
    return member


@pytest.mark.parametrize("edit", EDITS)
def test_no_content_edit_breaks_a_link_members_follow(client, edit):
    members = [member_with_alerts(), member_without_alerts()]
    for member in members:
        client.force_login(member)
        # The dashboard is kept in memory: it must not serve links of before.
        client.get(reverse("journal:dashboard"))

    EDITS[edit]()

    for member in members:
        client.force_login(member)
        assert broken_links(client, member_pages(member)) == {}


def test_the_sweep_sees_a_broken_link(client):
    """The sweeper itself can fail: a link that answers 404 is reported."""
    section = _linked_section()
    url = section.get_absolute_url()
    html = (
        f'<a href="{url}">x</a><a href="?range=all">y</a><a href="https://e.org/">z</a>'
    )
    GuideSection.objects.filter(pk=section.pk).update(is_published=False)

    assert internal_links("/journal/", html) == {url, "/journal/?range=all"}
    assert answer(client, url) == HTTPStatus.NOT_FOUND
    assert broken_links(client, ["/no-such-page/"]) == {
        "/no-such-page/": ["/no-such-page/ (404)"]
    }


def test_the_alerts_link_to_the_guarded_section(client):
    member = member_with_alerts()
    client.force_login(member)

    html = client.get(reverse("journal:dashboard")).content.decode()

    for tier in triage.Tier:
        assert f"triage-{tier.slug}" in html
    assert content.seek_help_url() in internal_links("/journal/", html)

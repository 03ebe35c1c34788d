"""core.remembered: {% url %}, |date and reverse() answer as Django's do,
remembered only while nothing they depend on changed."""

import datetime
import uuid
import zoneinfo

import pytest
from django.template import Context, Template, engines
from django.template.defaultfilters import date as django_date
from django.test import override_settings
from django.urls import NoReverseMatch, get_resolver, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation

from core import remembered


@pytest.fixture(autouse=True)
def fresh():
    remembered.forget()
    yield
    remembered.forget()
    set_script_prefix("/")


def every_route() -> list[tuple[str, dict]]:
    """Each named route of the site, with arguments of the kinds it takes."""
    samples = {"int": 7, "slug": "hip-flexor", "str": "a-b", "uuid": uuid.uuid4()}
    routes = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = namespace
                if pattern.namespace:
                    inner = (
                        f"{namespace}:{pattern.namespace}"
                        if namespace
                        else (pattern.namespace)
                    )
                walk(pattern, inner)
            elif pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                kwargs = {
                    name: samples.get(
                        type(c).__name__.replace("Converter", "").lower(), "x"
                    )
                    for name, c in converters.items()
                }
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                routes.append((name, kwargs))

    walk(get_resolver(), "")
    return routes


def test_every_route_reverses_as_django_does_twice():
    checked = 0
    for name, kwargs in every_route():
        try:
            expected = django_reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                remembered.reverse(name, kwargs=kwargs)
            continue
        assert remembered.reverse(name, kwargs=kwargs) == expected
        assert remembered.reverse(name, kwargs=kwargs) == expected  # remembered
        checked += 1
    assert checked > 40


def test_the_script_prefix_and_the_url_configuration_are_part_of_the_answer():
    assert remembered.reverse("journal:plan") == "/journal/plan/"
    set_script_prefix("/psoas/")
    assert remembered.reverse("journal:plan") == "/psoas/journal/plan/"
    set_script_prefix("/")
    assert remembered.reverse("journal:plan") == "/journal/plan/"
    with override_settings(ROOT_URLCONF="tests.core.urls_other"):
        with pytest.raises(NoReverseMatch):
            remembered.reverse("journal:plan")
        assert remembered.reverse("other") == "/elsewhere/"


def test_arguments_whose_text_may_change_are_not_remembered():
    class Named:
        text = "first"

        def __str__(self):
            return self.text

    thing = Named()
    assert remembered.reverse("quiz:quiz-detail", args=[thing]) == "/quiz/first/"
    thing.text = "second"
    assert remembered.reverse("quiz:quiz-detail", args=[thing]) == "/quiz/second/"
    assert remembered._urls == {}


def test_equal_arguments_of_other_kinds_are_not_confused():
    """True equals 1 and a datetime may equal a date's midnight, but each
    reads otherwise in a URL: neither is remembered."""
    assert remembered.reverse("quiz:quiz-detail", args=["1"]) == "/quiz/1/"
    assert remembered.reverse("quiz:quiz-detail", args=[True]) == "/quiz/True/"
    assert remembered.reverse("quiz:quiz-detail", args=[1]) == "/quiz/1/"
    remembered_args = [arg for key in remembered._urls for arg in key[1]]
    assert remembered_args and bool not in {type(arg) for arg in remembered_args}


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(remembered, "LIMIT", 3)
    for pk in range(10):
        assert remembered.reverse(
            "journal:check-in-detail", kwargs={"pk": pk}
        ) == django_reverse("journal:check-in-detail", kwargs={"pk": pk})
        assert len(remembered._urls) <= 3


def render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


def test_the_url_tag_is_the_remembered_one_with_django_syntax():
    text = (
        "{% url 'journal:check-in-detail' pk %}|{% url 'journal:plan' as plan %}"
        "{{ plan }}|{% url 'nowhere' as gone %}[{{ gone }}]|{% url name %}"
    )
    expected = "/journal/check-ins/5/|/journal/plan/|[]|/journal/"
    assert render(text, pk=5, name="journal:dashboard") == expected
    assert render(text, pk=5, name="journal:dashboard") == expected
    assert remembered._urls
    with pytest.raises(NoReverseMatch):
        render("{% url 'nowhere' %}")


def test_the_url_tag_escapes_as_django_does():
    # A query in the view name's place is not a route; a route's text with
    # characters to escape: the path converter keeps "&".
    text = "{% url 'quiz:quiz-detail' slug %}"
    expected = Template(text).render(Context({"slug": "a_b"}))
    assert render(text, slug="a_b") == expected == "/quiz/a_b/"
    for autoescape in (True, False):
        django_text = Template(
            "{% autoescape " + ("on" if autoescape else "off") + " %}"
            "{% url 'journal:dashboard' %}?a=1&b=2{% endautoescape %}"
        ).render(Context())
        assert (
            render(
                "{% autoescape " + ("on" if autoescape else "off") + " %}"
                "{% url 'journal:dashboard' %}?a=1&b=2{% endautoescape %}"
            )
            == django_text
        )


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 12, 6),
        datetime.date(2024, 2, 29),
        None,
        "",
        "not a date",
    ],
)
@pytest.mark.parametrize("format", [None, "D j M Y", "l j F", "Y-m-d", "jS F"])
def test_the_date_filter_answers_as_django_does(value, format):
    expected = django_date(value, format)
    assert remembered.date(value, format) == expected
    assert remembered.date(value, format) == expected


def test_datetimes_are_not_remembered_their_zone_changes_the_text():
    moment = datetime.datetime(2026, 12, 7, 3, 30, tzinfo=datetime.UTC)
    new_york = moment.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert moment == new_york
    assert remembered.date(moment, "j M H:i e") == django_date(moment, "j M H:i e")
    assert remembered.date(new_york, "j M H:i e") == django_date(new_york, "j M H:i e")
    assert remembered.date(moment, "j M") != remembered.date(new_york, "j M")
    assert remembered._dates == {}


def test_the_language_is_part_of_a_dates_answer():
    day = datetime.date(2026, 12, 6)
    english = remembered.date(day, "l j F")
    with translation.override("fr"):
        assert remembered.date(day, "l j F") == django_date(day, "l j F")
    assert remembered.date(day, "l j F") == english


def test_a_changed_setting_forgets_everything():
    remembered.reverse("journal:plan")
    remembered.date(datetime.date(2026, 12, 6), "Y")
    assert remembered._urls and remembered._dates
    with override_settings(FORMAT_MODULE_PATH=None):
        assert remembered._urls == {} and remembered._dates == {}


def test_every_template_uses_the_remembered_tag_and_filter():
    engine = engines["django"].engine
    parsed = engine.from_string("{% url 'journal:plan' %}{{ d|date:'Y' }}")
    node_types = {type(node) for node in parsed.nodelist}
    assert remembered.URLNode in node_types
    assert engine.template_builtins[-1].filters["date"] is remembered.date

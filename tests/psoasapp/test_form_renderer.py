"""psoasapp.form_renderer.FormRenderer writes the markup of Django's form
templates in Python: every form of the site, as its page builds it (unbound,
with initial values, bound, with errors), renders byte for byte as Django's
template renderer renders it, and what the Python path does not know takes
the templates."""

import datetime
import uuid
from http import HTTPStatus
from unittest import mock

import pytest
from django import forms
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from journal.forms import CheckInForm, PainRow
from journal.models import CheckIn, Session
from psoasapp.form_renderer import FormRenderer
from quiz.forms import QuizForm
from quiz.models import Quiz
from quiz.selectors import quiz_questions
from tests.auth import log_in_recently
from tests.factories import (
    CheckInFactory,
    ExerciseFactory,
    FunctionScoreFactory,
    RoutineFactory,
    SessionFactory,
    UserFactory,
)

FAST = FormRenderer()
TEMPLATES = DjangoTemplates()


def use(form: forms.BaseForm, renderer: BaseRenderer) -> forms.BaseForm:
    """`form`, its fields and its errors rendered by `renderer` from now on."""
    form.renderer = renderer
    form._bound_fields_cache.clear()
    if form._errors is not None:
        form._errors.renderer = renderer
        for errors in form._errors.values():
            errors.renderer = renderer
    return form


def everything(form: forms.BaseForm) -> list[str]:
    """Each way a template of the site (or allauth's) renders a form."""
    out = [
        str(form),
        form.as_div(),
        str(form.non_field_errors()),
        str(form.errors),
        form.errors.as_ul(),
    ]
    for field in form:
        out += [
            field.as_field_group(),
            str(field),
            field.label_tag(),
            field.legend_tag(),
            field.label_tag(attrs={"class": "x"}, label_suffix=":"),
            str(field.errors),
            field.as_hidden(),
        ]
        subwidgets = attempt(list, field)
        if isinstance(subwidgets, str):
            out.append(subwidgets)
            continue
        for subwidget in subwidgets:
            out += [attempt(str, subwidget), attempt(subwidget.tag)]
    return out


def attempt(render, *args) -> str:
    """`render(*args)`, or the name of what it raised (some of the admin's
    widgets cannot render their options one by one, with either renderer)."""
    try:
        return render(*args)
    except Exception as error:
        return type(error).__name__


def assert_same(form: forms.BaseForm) -> None:
    fast = everything(use(form, FAST))
    slow = everything(use(form, TEMPLATES))
    assert len(fast) == len(slow)
    for mine, django in zip(fast, slow, strict=True):
        assert mine == django


def forms_in(response) -> list[forms.BaseForm]:
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            value = getattr(value, "form", value)  # the admin's AdminForm
            if isinstance(value, forms.BaseForm) and value not in found:
                found.append(value)
    return found


def assert_page_forms_same(response) -> int:
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST), (
        response.status_code,
        response.get("Location"),
    )
    page_forms = forms_in(response)
    assert page_forms, response.content[:300]
    for form in page_forms:
        assert_same(form)
    return len(page_forms)


@pytest.fixture
def member(db):
    user = UserFactory()
    CheckInFactory(user=user, date=datetime.date(2026, 3, 1), notes="<b>&'\"")
    SessionFactory(user=user)
    FunctionScoreFactory(user=user)
    return user


@pytest.fixture
def member_client(client, member):
    return log_in_recently(client, member)


def junk(response) -> dict[str, str]:
    """Wrong values for every field of the page's forms (errors everywhere)."""
    data = {}
    for form in forms_in(response):
        for field in form:
            data[field.html_name] = "<not-valid & 'junk'>"
    return data


MEMBER_PAGES = [
    ("journal:check-in", ()),
    ("journal:session-new", ()),
    ("journal:plan", ()),
    ("journal:reminders", ()),
    ("journal:function", ()),
    ("journal:trend", ()),
    ("journal:report", ()),
    ("journal:share-list", ()),
    ("quiz:quiz-detail", ("iliopsoas-pain",)),
    ("exercises:exercise-list", ()),
    ("account-delete", ()),
    ("account_change_password", ()),
    ("account_email", ()),
    ("mfa_activate_totp", ()),
    ("mfa_add_webauthn", ()),
    ("mfa_generate_recovery_codes", ()),
]


@pytest.mark.parametrize(("name", "args"), MEMBER_PAGES)
def test_member_pages_forms_render_as_django_templates(member_client, name, args):
    url = reverse(name, args=args)
    page = member_client.get(url)
    assert_page_forms_same(page)
    # Bound: every field wrong (a form read from the query string), then
    # posted empty and with every field wrong.
    assert_page_forms_same(member_client.get(url, junk(page)))
    for data in ({}, junk(page)):
        response = member_client.post(url, data)
        if response.status_code not in (
            HTTPStatus.METHOD_NOT_ALLOWED,
            HTTPStatus.FOUND,
        ):
            assert_page_forms_same(response)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("journal:report-identity", {"report_name": "<x>" * 500}),
        ("account_email", {"action_add": "", "email": "<not an email>"}),
        ("account_email", {"action_add": "", "email": ""}),
    ],
)
def test_member_posts_forms_render_as_django_templates(member_client, name, data):
    assert_page_forms_same(member_client.post(reverse(name), data))


def test_edit_pages_forms_render_as_django_templates(member_client, member):
    check_in = CheckIn.objects.get(user=member)
    session = Session.objects.get(user=member)
    for url in (
        reverse("journal:check-in-edit", args=[check_in.pk]),
        reverse("journal:session-edit", args=[session.pk]),
    ):
        page = member_client.get(url)
        assert_page_forms_same(page)
        assert_page_forms_same(member_client.post(url, {}))
        assert_page_forms_same(member_client.post(url, junk(page)))


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_login"],
)
def test_visitor_pages_forms_render_as_django_templates(client, db, name):
    url = reverse(name)
    page = client.get(url)
    assert_page_forms_same(page)
    assert_page_forms_same(client.post(url, {}))
    assert_page_forms_same(client.post(url, junk(page)))


def test_admin_forms_render_as_django_templates(superuser_client, member):
    for url in (
        reverse("admin:psoasapp_user_add"),
        reverse("admin:psoasapp_user_change", args=[member.pk]),
        reverse("admin:exercises_exercise_change", args=[ExerciseFactory().pk]),
        reverse("admin:exercises_routine_change", args=[RoutineFactory().pk]),
    ):
        page = superuser_client.get(url)
        assert_page_forms_same(page)


def test_quiz_form_bound_with_answers_and_errors(db):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    questions = quiz_questions(quiz)
    first = questions[0].choice_list[0]
    data = {"token": str(uuid.uuid4()), f"q{questions[0].pk}": str(first.pk)}
    form = QuizForm(data, questions=questions)
    assert not form.is_valid()
    assert " checked" in str(form[f"q{questions[0].pk}"])
    assert_same(form)
    assert_same(QuizForm(questions=questions))


def test_check_in_form_with_initial_values(member):
    today = datetime.date(2026, 3, 2)
    assert_same(CheckInForm(today=today, initial={"pain_score": 3, "notes": NASTY}))
    check_in = CheckIn.objects.get(user=member)
    assert_same(CheckInForm(today=today, instance=check_in))


# Unit cases: one field per behaviour, each rendered both ways.

NASTY = "<b>&\"'</b>"


class EveryWidget(forms.Form):
    text = forms.CharField(
        label=NASTY,
        help_text=NASTY,
        initial=NASTY,
        widget=forms.TextInput(
            attrs={
                "data-true": True,
                "data-false": False,
                "data-none": None,
                "data-zero": 0,
                "data-quote": NASTY,
                "data-safe": mark_safe("<i>"),
            }
        ),
    )
    optional = forms.CharField(required=False, label="Ends in a question?")
    disabled = forms.CharField(disabled=True, initial="fixed")
    number = forms.IntegerField(initial=12345)
    decimal = forms.DecimalField(initial="1.50")
    area = forms.CharField(widget=forms.Textarea, initial=NASTY)
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=NASTY)
    date = forms.DateField(initial=datetime.date(2026, 1, 2))
    date_widget = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=datetime.date(2026, 1, 2),
    )
    when = forms.DateTimeField(
        initial=datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)
    )
    time = forms.TimeField(initial=datetime.time(5, 6))
    agree = forms.BooleanField(initial=True, help_text="Tick <em>it</em>.")
    off = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        choices=[("", "---"), ("a", NASTY), ("b", "B"), (NASTY, "quoted")],
        initial="b",
    )
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        initial="y",
    )
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two")], initial=[2])
    radio = forms.ChoiceField(
        choices=[(1, NASTY), (2, "two")],
        widget=forms.RadioSelect(attrs={"class": "row"}),
        initial=1,
        help_text="Pick one",
    )
    grouped_radio = forms.ChoiceField(
        choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        widget=forms.RadioSelect,
    )
    boxes = forms.MultipleChoiceField(
        choices=[(1, "one"), (2, mark_safe("<b>two</b>"))],
        widget=forms.CheckboxSelectMultiple,
        initial=[1, 2],
    )
    pain = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=PainRow(attrs={"class": "pain-scale"}),
    )
    described = forms.CharField(
        widget=forms.TextInput(attrs={"aria-describedby": "elsewhere"}),
        help_text="ignored for aria",
    )
    own_id = forms.CharField(widget=forms.TextInput(attrs={"id": "mine"}))
    file = forms.FileField(required=False, widget=forms.FileInput)
    clearable = forms.FileField(required=False, widget=forms.ClearableFileInput)
    split = forms.SplitDateTimeField(required=False)
    year = forms.DateField(widget=forms.SelectDateWidget, required=False)
    nullbool = forms.NullBooleanField()
    lazy = forms.CharField(
        label=gettext_lazy("Lazy <label>"),
        help_text=gettext_lazy("Lazy <a href='#'>help</a> &"),
        required=False,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"auto_id": False},
        {"auto_id": "f-%s"},
        {"prefix": "p"},
        {"label_suffix": ""},
        {"data": {}},
        {"data": {"text": NASTY, "radio": "2", "boxes": ["2"], "many": ["1", "2"]}},
        {"data": {"choice": NASTY, "grouped": "x", "number": "x", "radio": "9"}},
    ],
)
def test_every_widget_renders_as_django_templates(kwargs):
    assert_same(EveryWidget(**kwargs))


class WithClasses(EveryWidget):
    error_css_class = "error"
    required_css_class = "required"

    def clean(self):
        raise forms.ValidationError(["Form <wide> & wrong", mark_safe("<b>safe</b>")])


def test_css_classes_and_non_field_errors_render_as_django_templates():
    form = WithClasses({"hidden": ""})
    assert not form.is_valid()
    assert_same(form)


class OnlyHidden(forms.Form):
    a = forms.CharField(widget=forms.HiddenInput)
    b = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize("data", [None, {}, {"a": "x"}])
def test_hidden_only_forms_render_as_django_templates(data):
    assert_same(OnlyHidden(data))


def test_escaping_attrs_and_state_in_fast_output():
    """What the comparisons above hold, read directly: escaping, boolean and
    None attributes, required, disabled, checked, selected, ids, help text and
    aria-describedby."""
    form = use(EveryWidget({"radio": "2", "many": ["2"], "off": "on"}), FAST)
    form.is_valid()
    text = str(form["text"])
    assert 'value="" ' not in text
    assert " data-true " in text
    assert "data-false" not in text
    assert 'data-none="None"' in text
    assert 'data-zero="0"' in text
    assert 'data-quote="&lt;b&gt;&amp;&quot;&#x27;&lt;/b&gt;"' in text
    assert 'data-safe="<i>"' in text
    assert " required" in text
    group = form["text"].as_field_group()
    assert '<label for="id_text">&lt;b&gt;&amp;&quot;&#x27;&lt;/b&gt;:</label>' in group
    # Help text is HTML by Django's contract (|safe); described by its id.
    assert '<div class="helptext" id="id_text_helptext"><b>&"\'</b></div>' in group
    assert 'aria-describedby="id_text_helptext id_text_error"' in group
    assert 'aria-invalid="true"' in group
    assert '<ul class="errorlist" id="id_text_error">' in group
    assert "disabled" in str(form["disabled"])
    assert '<label for="id_optional">Ends in a question?</label>' in (
        form["optional"].label_tag()
    )
    radio = form["radio"].as_field_group()
    assert radio.startswith("<fieldset")
    assert "<legend>Radio:</legend>" in radio
    assert '<input type="radio" name="radio" value="2" class="row" required ' in radio
    assert 'id="id_radio_1" checked>' in radio
    assert '<option value="2" selected>two</option>' in str(form["many"])
    assert 'aria-describedby="elsewhere"' in str(form["described"])
    assert 'id="mine"' in str(form["own_id"])
    assert 'name="off" aria-invalid' not in str(form["off"])
    assert " checked" in str(form["off"])


def test_shipped_templates_take_no_template_render():
    """The fields of the quiz, check-in and every-widget forms render without
    one template: the Python path covers all they use."""
    form = EveryWidget({"text": "x"})
    for name in ("clearable", "split", "year"):  # templates Python leaves alone
        del form.fields[name]
    with mock.patch.object(
        BaseRenderer, "render", side_effect=AssertionError("template render")
    ):
        html = use(form, FAST).as_div()
    assert "<select" in html
    assert 'type="radio"' in html


def test_other_templates_take_the_template_path():
    """A widget with a template of its own, and an option template of its
    own, render through the templates."""

    class Own(forms.RadioSelect):
        option_template_name = "django/forms/widgets/select_option.html"

    class Form(forms.Form):
        split = forms.SplitDateTimeField()
        own = forms.ChoiceField(choices=[(1, "one")], widget=Own)

    calls = []
    real = BaseRenderer.render

    def spy(self, template_name, context, request=None):
        calls.append(template_name)
        return real(self, template_name, context, request)

    with mock.patch.object(BaseRenderer, "render", spy):
        assert_same(Form({}))
    assert "django/forms/widgets/splitdatetime.html" in calls
    # The radio with a select option inside is Python (both are known); a
    # project override of a shipped name would take the templates:
    assert FAST._ships("django/forms/widgets/radio.html")


def test_a_template_the_project_overrides_is_not_rendered_in_python(settings):
    renderer = FormRenderer()
    with mock.patch.object(
        renderer,
        "get_template",
        return_value=mock.Mock(origin=mock.Mock(name="origin", spec=["name"])),
    ) as get_template:
        get_template.return_value.origin.name = "/project/templates/x.html"
        get_template.return_value.render.return_value = "overridden"
        assert renderer.render("django/forms/widgets/text.html", {}) == "overridden"

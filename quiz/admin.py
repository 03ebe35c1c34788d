import dataclasses
from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, FloatField, Max, Q, When
from django.db.models.functions import Cast
from django.shortcuts import redirect

from core.admin import SuperuserReadOnly
from core.admin_ordering import OrderedInlineFormSet, OrderedInlineMixin
from core.admin_publishing import PublicationStatusFilter, PublishingAdmin

from .models import (
    Attempt,
    AttemptAnswer,
    Choice,
    PassMarkKind,
    Question,
    Quiz,
    choice_problems,
)

# Per-question statistics are shown from this many attempts, so that no one
# person's answers can be read off them.
STATISTICS_FROM = 10


class ChoiceFormSet(OrderedInlineFormSet):
    """A question's choices must make sense for its kind before it is saved."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        choices = [
            (
                form.cleaned_data.get("text", ""),
                form.cleaned_data.get("is_correct", False),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if problems := choice_problems(self.instance.kind, choices):
            raise ValidationError(problems)


class ChoiceInline(OrderedInlineMixin, admin.TabularInline):
    model = Choice
    order_noun = "choice"
    formset = ChoiceFormSet
    extra = 0
    fields = ["order", "text", "is_correct"]


def pass_mark_refusal(questions) -> str:
    """Why deleting `questions` is refused, or "": it would leave a published
    quiz with fewer questions than its pass mark (a number of correct answers)
    asks for. The quiz page's question rows check the same
    (PassMarkFitsQuestions); this is for the question's own delete page and
    the bulk action."""
    questions = list(questions)
    going = Counter(question.quiz_id for question in questions)
    quizzes = {question.quiz_id: question.quiz for question in questions}
    reasons = []
    for quiz_id, count in going.items():
        quiz = quizzes[quiz_id]
        if not quiz.is_published or quiz.pass_mark_kind != PassMarkKind.QUESTIONS:
            continue
        kept = quiz.questions.count() - count
        if kept < quiz.pass_mark:
            reasons.append(
                f"“{quiz}” asks for {quiz.pass_mark} correct answers to pass: "
                f"as a published quiz it cannot keep only {kept} questions. "
                "Lower its pass mark first, or keep the question."
            )
    return " ".join(reasons)


class QuestionForm(forms.ModelForm):
    """A question added on its own page goes to the end of its quiz when its
    number is left empty, as the quiz page's rows do."""

    class Meta:
        model = Question
        fields = ["quiz", "order", "text", "kind", "explanation", "guide_section"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if field := self.fields.get("order"):
            field.required = False
            field.help_text = "Leave empty to put it at the end of its quiz."

    def clean(self):
        cleaned = super().clean()
        quiz = cleaned.get("quiz")
        if "order" in self.fields and cleaned.get("order") is None and quiz:
            last = (
                quiz.questions.exclude(pk=self.instance.pk)
                .aggregate(last=Max("order"))
                .get("last")
            )
            cleaned["order"] = (last or 0) + 1
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ["text", "quiz", "order", "kind", "share_correct"]
    list_filter = ["quiz", "kind"]
    search_fields = ["text", "explanation"]
    list_select_related = ["quiz"]
    inlines = [ChoiceInline]

    def delete_view(self, request, object_id, extra_context=None):
        question = self.get_object(request, unquote(object_id))
        if question is not None and (refusal := pass_mark_refusal([question])):
            self.message_user(request, refusal, messages.ERROR)
            return redirect("admin:quiz_question_change", question.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if action := actions.get("delete_selected"):
            delete = action.func

            def delete_unless_refused(modeladmin, request, queryset):
                refusal = pass_mark_refusal(queryset.select_related("quiz"))
                if refusal:
                    modeladmin.message_user(request, refusal, messages.ERROR)
                    return None
                return delete(modeladmin, request, queryset)

            actions["delete_selected"] = dataclasses.replace(
                action, func=delete_unless_refused
            )
        return actions

    def get_queryset(self, request):
        answered = Count("attempt_answers")
        right = Count("attempt_answers", filter=Q(attempt_answers__is_correct=True))
        return (
            super()
            .get_queryset(request)
            .annotate(
                answered=answered,
                # No share below STATISTICS_FROM attempts, so that sorting
                # by it tells nothing either.
                share_right=Case(
                    When(
                        answered__gte=STATISTICS_FROM,
                        then=Cast(right, FloatField()) / Cast(answered, FloatField()),
                    ),
                    default=None,
                    output_field=FloatField(),
                ),
            )
        )

    @admin.display(
        description="answered correctly",
        ordering=F("share_right").asc(nulls_last=True),
    )
    def share_correct(self, question: Question) -> str:
        if question.share_right is None:
            return f"Fewer than {STATISTICS_FROM} attempts"
        return f"{round(100 * question.share_right)} % of {question.answered} attempts"


class PassMarkFitsQuestions:
    """A published quiz whose pass mark is a number of correct answers keeps
    at least that many questions (a formset mixin for its questions)."""

    def clean(self) -> None:
        super().clean()
        quiz = self.instance
        if any(self.errors) or not quiz.is_published:
            return
        if quiz.pass_mark_kind != PassMarkKind.QUESTIONS:
            return
        kept = sum(
            1
            for form in self.forms
            if (form.instance.pk or form.has_changed())
            and not (form.cleaned_data or {}).get("DELETE")
        )
        saved = sum(1 for form in self.forms if form.instance.pk)
        # More than the saved questions is the pass mark field's own error.
        if kept < quiz.pass_mark <= saved:
            raise ValidationError(
                f"The pass mark asks for {quiz.pass_mark} correct answers: a "
                f"published quiz cannot keep only {kept} questions. Lower the pass "
                "mark first, or keep the question."
            )


class QuestionFormSet(PassMarkFitsQuestions, OrderedInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.is_published:
            return
        for form in self.forms:
            kept = form.cleaned_data and not form.cleaned_data.get("DELETE")
            if kept and form.instance.pk is None:
                raise ValidationError(
                    "A new question has no choices yet: save the quiz "
                    "unpublished, add the question's choices, then publish it."
                )


class QuestionInline(OrderedInlineMixin, admin.StackedInline):
    model = Question
    order_noun = "question"
    formset = QuestionFormSet
    extra = 0
    fields = ["order", "text", "kind", "explanation", "guide_section"]
    show_change_link = True


def pass_mark_in_words(quiz: Quiz, total: int) -> str:
    """What a quiz's pass mark asks for with `total` questions, for staff."""
    words = f"{quiz.pass_required(total)} of {total} correct"
    if quiz.pass_mark_kind == PassMarkKind.PERCENT:
        return f"{words} ({quiz.pass_mark} %)"
    if quiz.pass_mark > total:
        words += f": the pass mark asks for {quiz.pass_mark}, more than there are"
    return words


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "title",
            "slug",
            "introduction",
            "pass_mark_kind",
            "pass_mark",
            "order",
            "is_published",
        ]
        widgets = {"pass_mark_kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_total = self.instance.questions.count() if self.instance.pk else 0
        if self.instance.pk:
            field = self.fields["pass_mark"]
            total = self.question_total
            field.help_text = (
                f"{field.help_text} With {total} questions, as saved: pass at "
                f"{pass_mark_in_words(self.instance, total)}."
            )
            if self.instance.pass_mark_kind == PassMarkKind.PERCENT:
                field.help_text += (
                    f" With one more question: pass at "
                    f"{self.instance.pass_required(total + 1)} of {total + 1}."
                )

    def clean(self):
        cleaned = super().clean()
        kind, mark = cleaned.get("pass_mark_kind"), cleaned.get("pass_mark")
        if (
            kind == PassMarkKind.QUESTIONS
            and mark is not None
            and cleaned.get("is_published")
            and mark > self.question_total
        ):
            self.add_error(
                "pass_mark",
                f"The quiz has {self.question_total} questions: a published quiz "
                f"cannot ask for {mark} correct answers. Lower the pass mark, or "
                "save the quiz unpublished and add questions first.",
            )
        if cleaned.get("is_published") and self.instance.pk:
            problems = []
            questions = self.instance.questions.prefetch_related("choices")
            for number, question in enumerate(questions, start=1):
                choices = [(c.text, c.is_correct) for c in question.choices.all()]
                problems += [
                    f"Question {number}: {problem}"
                    for problem in choice_problems(question.kind, choices)
                ]
            if problems:
                self.add_error(
                    "is_published",
                    ["The quiz cannot be published until its questions are fixed."]
                    + problems,
                )
        return cleaned


@admin.register(Quiz)
class QuizAdmin(PublishingAdmin, admin.ModelAdmin):
    preview_url_name = "quiz:quiz-preview"
    form = QuizForm
    list_display = [
        "title",
        "pass_mark_words",
        "question_count",
        "publication_status",
        "updated_at",
    ]
    list_filter = [PublicationStatusFilter]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, quiz: Quiz) -> int:
        return quiz.question_total

    @admin.display(description="pass mark")
    def pass_mark_words(self, quiz: Quiz) -> str:
        return pass_mark_in_words(quiz, quiz.question_total)


class AttemptAnswerInline(SuperuserReadOnly, admin.TabularInline):
    model = AttemptAnswer
    fields = ["order", "question_text", "chosen_text", "correct_text", "is_correct"]
    extra = 0


@admin.register(Attempt)
class AttemptAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "user", "quiz_title", "score", "total", "passed"]
    list_select_related = ["user"]
    list_filter = ["passed", "quiz"]
    date_hierarchy = "created_at"
    search_fields = ["=user__id", "user__email"]
    exclude = ["token"]
    inlines = [AttemptAnswerInline]

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from core.admin import SuperuserReadOnly
from core.admin_ordering import OrderedInlineFormSet, OrderedInlineMixin

from .models import Attempt, AttemptAnswer, Choice, Question, Quiz, choice_problems


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


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "quiz", "order", "kind", "share_correct"]
    list_filter = ["quiz", "kind"]
    search_fields = ["text", "explanation"]
    list_select_related = ["quiz"]
    inlines = [ChoiceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                answered=Count("attempt_answers"),
                answered_right=Count(
                    "attempt_answers", filter=Q(attempt_answers__is_correct=True)
                ),
            )
        )

    @admin.display(description="answered correctly", ordering="answered_right")
    def share_correct(self, question: Question) -> str:
        if not question.answered:
            return "No attempts yet"
        share = round(100 * question.answered_right / question.answered)
        attempts = "attempt" if question.answered == 1 else "attempts"
        return f"{share} % of {question.answered} {attempts}"


class QuestionFormSet(OrderedInlineFormSet):
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


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title", "slug", "introduction", "pass_mark", "order", "is_published"]

    def clean(self):
        cleaned = super().clean()
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
class QuizAdmin(admin.ModelAdmin):
    form = QuizForm
    list_display = [
        "title",
        "pass_mark",
        "question_count",
        "is_published",
        "updated_at",
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, quiz: Quiz) -> int:
        return quiz.question_total


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

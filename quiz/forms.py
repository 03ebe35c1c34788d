import uuid

from django import forms


class QuizForm(forms.Form):
    """One radio group per question, named q<question id>, plus the form's
    one-time token. The choices show no sign of which one is right."""

    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is incomplete. Please reload the page.",
            "invalid": "This form is incomplete. Please reload the page.",
        },
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.initial.setdefault("token", uuid.uuid4())
        for number, question in enumerate(questions, start=1):
            self.fields[self.field_name(question)] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Choose one of the answers listed for this "
                    "question."
                },
            )

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    def question_fields(self):
        return [self[self.field_name(question)] for question in self.questions]

    def answers(self) -> dict[int, int]:
        """Question id to the id of the chosen choice, for the questions
        answered. The choices offered are checked here, for an error next to
        the question; the grading (quiz.services.attempt_submit) trusts none
        of it."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value not in (None, ""):
                answers[question.pk] = value
        return answers

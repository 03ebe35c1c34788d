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

    # Sent by the "Submit with N unanswered" button, which the form shows only
    # after a submission left questions unanswered: N is how many the person
    # agreed to leave. Enter in a radio button presses the first button, the
    # plain "Submit answers", so it never confirms.
    confirm_unanswered = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=10_000,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "This form is incomplete. Please reload the page.",
            "min_value": "This form is incomplete. Please reload the page.",
            "max_value": "This form is incomplete. Please reload the page.",
        },
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        # How many questions a submission left unanswered without the
        # person's confirmation (the form offers the button to confirm).
        self.unconfirmed = 0
        self.initial.setdefault("token", uuid.uuid4())
        for number, question in enumerate(questions, start=1):
            self.fields[self.field_name(question)] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(choice.pk, choice.text) for choice in question.choice_list],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Choose one of the answers listed for this "
                    "question."
                },
            )

    def clean(self):
        """Unanswered questions count as wrong, so a submission leaving some
        out is graded only once the person has confirmed it: otherwise the
        form comes back with each one marked."""
        cleaned = super().clean()
        names = [self.field_name(question) for question in self.questions]
        unanswered = [
            name
            for name in names
            if name not in self.errors and cleaned.get(name) in (None, "")
        ]
        confirmed = cleaned.get("confirm_unanswered") or 0
        count = len(unanswered)
        if count > confirmed:
            self.unconfirmed = count
            which = "1 question is" if count == 1 else f"{count} questions are"
            them = "it" if count == 1 else "them"
            self.add_error(
                None,
                f"{which} not answered. Answer {them}, or submit with {count} "
                "unanswered: an unanswered question counts as wrong.",
            )
            for name in unanswered:
                self.add_error(name, "Not answered yet.")
        return cleaned

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

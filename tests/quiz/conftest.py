import pytest

from quiz.models import Quiz


@pytest.fixture
def quiz(db) -> Quiz:
    return Quiz.objects.get(slug="iliopsoas-pain")


def choice_ids(quiz: Quiz, letters: str) -> dict[str, str]:
    """Form data choosing, per question in order, the choice at a letter
    (a, b, c, d) or nothing for '-'."""
    data = {}
    for question, letter in zip(quiz.questions.order_by("order"), letters, strict=True):
        if letter != "-":
            choice = question.choices.order_by("order")[ord(letter) - ord("a")]
            data[f"q{question.pk}"] = str(choice.pk)
    return data


ANSWER_KEY = "dabda"

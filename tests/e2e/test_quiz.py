"""Journey 2: full marks, then a worse retake that shows the right answers and why;
the quiz list keeps the best score, not the latest."""

from django.urls import reverse

from quiz.models import Attempt, Quiz
from tests.quiz.conftest import ANSWER_KEY

from .browser import SMALL_PHONE_WIDTH
from .conftest import log_in

# The retake: wrong, wrong, unanswered, right, right. A blank is graded as wrong
# once the person confirms it (quiz/forms.py): the form first comes back asking.
RETAKE = "ab-da"


def answer(page, questions, letters: str) -> None:
    """Tick, per question in order, the choice at a letter, or nothing for '-'."""
    for number, (question, letter) in enumerate(
        zip(questions, letters, strict=True), start=1
    ):
        if letter == "-":
            continue
        choice = question.choices.order_by("order")[ord(letter) - ord("a")]
        group = page.get_by_role("group", name=f"{number}. {question.text}")
        group.get_by_role("radio", name=choice.text, exact=True).check()


def definitions(item) -> dict[str, str]:
    """A result item's description list, as {term: definition}."""
    terms = item.get_by_role("term").all_inner_texts()
    details = item.get_by_role("definition").all_inner_texts()
    return dict(zip(terms, details, strict=True))


def test_full_marks_then_a_worse_retake_keeps_the_best_score(web, member):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    questions = list(quiz.questions.order_by("order"))
    page = web.page
    log_in(web, member)

    web.goto(reverse("quiz:quiz-list"))
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=quiz.title)
    )
    assert "You have not taken this quiz yet." in card.inner_text()
    web.click(card.get_by_role("link", name="Take the quiz"))

    answer(page, questions, ANSWER_KEY)
    web.click(page.get_by_role("button", name="Submit answers"))

    best = Attempt.objects.get(user=member)
    assert page.url == web.url(best.get_absolute_url())
    score = page.get_by_role("region", name="Score: 5 / 5 (100 %)")
    assert score.get_by_role("strong").inner_text() == "Passed"
    verdicts = page.locator(".answer-verdict").all_inner_texts()
    assert verdicts == ["Right"] * 5

    web.click(page.get_by_role("link", name="Retake the quiz"))
    assert page.url == web.url(quiz.get_absolute_url())
    # Enter on a radio button submits the form: nothing answered, nothing graded.
    page.get_by_role("radio").first.focus()
    web.press("Enter")
    assert Attempt.objects.filter(user=member).count() == 1
    assert page.url == web.url(quiz.get_absolute_url())
    summary = page.get_by_role("alert").first.inner_text()
    assert "5 questions are not answered" in summary

    answer(page, questions, RETAKE)
    web.click(page.get_by_role("button", name="Submit answers"))
    assert Attempt.objects.filter(user=member).count() == 1
    unanswered = page.get_by_role("group", name=f"3. {questions[2].text}")
    assert "Not answered yet." in unanswered.inner_text()
    web.click(page.get_by_role("button", name="Submit with 1 unanswered"))

    latest = Attempt.objects.filter(user=member).exclude(pk=best.pk).get()
    assert (latest.score, latest.total, latest.passed) == (2, 5, False)
    assert page.url == web.url(latest.get_absolute_url())
    score = page.get_by_role("region", name="Score: 2 / 5 (40 %)")
    assert score.get_by_role("strong").inner_text() == "Not passed"

    items = page.locator("ol.quiz-answers").get_by_role("listitem")
    assert items.count() == len(questions)
    expected_verdicts = {"a": "Wrong", "b": "Wrong", "-": "Unanswered"}
    for index, (question, letter, key) in enumerate(
        zip(questions, RETAKE, ANSWER_KEY, strict=True)
    ):
        item = items.nth(index)
        choices = list(question.choices.order_by("order"))
        correct = next(choice for choice in choices if choice.is_correct)
        assert correct == choices[ord(key) - ord("a")]
        verdict = "Right" if letter == key else expected_verdicts[letter]

        assert item.get_by_role("heading", level=3).inner_text() == question.text
        assert item.locator(".answer-verdict").inner_text() == verdict
        assert definitions(item) == {
            "Your answer": (
                "No answer given"
                if letter == "-"
                else choices[ord(letter) - ord("a")].text
            ),
            "Correct answer": correct.text,
        }
        assert item.get_by_text(question.explanation, exact=True).is_visible()

    web.click(page.get_by_role("link", name="All quizzes"))
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=quiz.title)
    )
    # The list shows the best score as a percentage (quiz/selectors.py
    # best_percent): 100 % is the 5 / 5 attempt, not the latest 40 %.
    assert "Your best score: 100 % (2 attempts)" in card.inner_text()
    assert card.get_by_role("link", name="Take it again").is_visible()

    # The attempts list on a small phone: one card per attempt, nothing in a
    # box that scrolls sideways (the score and result were cut off).
    page.set_viewport_size({"width": SMALL_PHONE_WIDTH, "height": 700})
    web.goto(reverse("quiz:attempt-list"))
    clipped = page.evaluate(
        """() => Array.from(document.querySelectorAll("main *")).filter(
          (el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 &&
            ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX) &&
            // Text only for screen readers: the caption, the headings' row.
            !el.closest("caption, thead, .visually-hidden")
        ).map((el) => el.tagName + "." + el.className)"""
    )
    assert clipped == []
    results = page.locator('td[data-label="Result"]')
    assert results.count() == 2 and results.first.is_visible()
    assert results.first.bounding_box()["x"] < SMALL_PHONE_WIDTH / 2

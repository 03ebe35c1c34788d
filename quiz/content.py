"""The seed's quiz, "Test your understanding of iliopsoas pain", as rows.

It serves `load_content` and the tests; the data migration (quiz 0002) carries
its own copy, as it was in issue 13. It adds the quiz only when no quiz has
its slug, so staff edits are never overwritten."""

QUIZ = {
    "slug": "iliopsoas-pain",
    "title": "Test your understanding of iliopsoas pain",
    "introduction": (
        "Short questions on what the guide covers: causes, exercises, recovery "
        "and when to seek medical attention. You will see the right answers and "
        "why once you submit."
    ),
    # The seed guide states no pass mark: 80 % is the site's own, 4 of the 5.
    "pass_mark_kind": "percent",
    "pass_mark": 80,
    "is_published": True,
}

# (text, kind, guide section slug, explanation, [(choice, correct), ...])
QUESTIONS = [
    (
        "Which of the following is a common cause of iliopsoas pain?",
        "single",
        "causes",
        "All three can cause iliopsoas pain, so the answer is all of the above. "
        "Overuse from repetitive hip flexion (running, cycling or dancing) and "
        "muscle imbalances, such as weak gluteal muscles and hamstrings that force "
        "the iliopsoas to compensate, are common causes. Direct injuries, from a "
        "sudden forceful hip flexion or a blow to the hip, are less common; they "
        "range from minor strains to tears.",
        [
            ("Overuse", False),
            ("Muscle weakness", False),
            ("Direct injuries", False),
            ("All of the above", True),
        ],
    ),
    (
        "True or False: Stretching exercises can help improve the flexibility of "
        "the iliopsoas muscle.",
        "true_false",
        "exercises-for-relief",
        "True. Stretching exercises focus on improving the flexibility of the "
        "iliopsoas muscle and reducing tension; holding the hip flexor stretch lets "
        "the iliopsoas lengthen and release tension.",
        [("True", True), ("False", False)],
    ),
    (
        "Which exercise effectively strengthens both the iliopsoas and core muscles?",
        "single",
        "exercises-for-relief",
        "The bird dog is the guide's core strengthening exercise: extending the "
        "opposite arm and leg while engaging the core stabilizes the spine, and "
        "holding the position works the core together with the muscles around the "
        "hip, the iliopsoas among them, rather than the iliopsoas alone. The hip "
        "flexor stretch improves flexibility, and the glute bridge with hip "
        "extension strengthens the glutes and hamstrings.",
        [
            ("Hip flexor stretch", False),
            ("Bird dog exercise", True),
            ("Glute bridge with hip extension", False),
            ("None of the above", False),
        ],
    ),
    (
        "When should you seek medical attention for iliopsoas pain?",
        "single",
        "when-to-seek-medical-attention",
        "All of these call for a medical evaluation: severe or persistent pain "
        "that does not improve with rest, numbness or tingling (a possible sign of "
        "nerve involvement), and pain that limits everyday activities such as "
        "walking or climbing stairs. So do a sudden onset of severe pain, and "
        "fever, chills or unexplained weight loss. How soon depends on the sign: "
        "numbness in the groin or buttocks, new bladder or bowel problems, "
        "weakness in both legs, not being able to bear weight after a fall, or "
        "fever with a hot, red or swollen hip call for emergency help now; the "
        'guide\'s "When to seek medical attention" lists which signs need advice '
        "the same day and which within 1-2 weeks.",
        [
            ("When the pain is severe and persistent", False),
            ("If you experience numbness or tingling", False),
            ("If the pain limits your daily activities", False),
            ("All of the above", True),
        ],
    ),
    (
        "True or False: Rest is an important part of recovering from iliopsoas pain.",
        "true_false",
        "prevention-and-recovery",
        "True, as relative rest rather than complete rest: avoid the activities "
        "that aggravate your iliopsoas pain and keep active within comfortable "
        "limits, which allows your muscles time to heal.",
        [("True", True), ("False", False)],
    ),
]


def load_seed(apps) -> int:
    """Add the seed quiz if it is missing; return how many quizzes were added."""
    Quiz = apps.get_model("quiz", "Quiz")
    Question = apps.get_model("quiz", "Question")
    Choice = apps.get_model("quiz", "Choice")
    GuideSection = apps.get_model("exercises", "GuideSection")
    quiz, created = Quiz.objects.get_or_create(slug=QUIZ["slug"], defaults=QUIZ)
    if not created:
        return 0
    sections = {section.slug: section for section in GuideSection.objects.all()}
    for order, (text, kind, section, explanation, choices) in enumerate(
        QUESTIONS, start=1
    ):
        question = Question.objects.create(
            quiz=quiz,
            order=order,
            text=text,
            kind=kind,
            explanation=explanation,
            guide_section=sections.get(section),
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=n, text=choice, is_correct=correct)
            for n, (choice, correct) in enumerate(choices, start=1)
        )
    return 1

"""Issue 14: three explanations of the seed quiz say what the guide says.

Question 1: overuse and muscle imbalances are common causes, direct injuries
less common (the guide's own words), instead of "all three are common".
Question 3: the bird dog works the core with the muscles around the hip; it
does not isolate the iliopsoas. Question 5: rest means relative rest, keeping
active within comfortable limits, not complete rest. The answer key is
unchanged.

An explanation staff have edited is left alone: only text still exactly as
seeded is replaced, and reversing restores only text still as this migration
left it. Attempts keep the copies they were shown. The texts are copies, as a
migration must not import app code."""

from django.db import migrations

SLUG = "iliopsoas-pain"

# (question order, seeded explanation, new explanation)
EXPLANATIONS = [
    (
        1,
        (
            "All three are common causes. Overuse from repetitive hip flexion "
            "(running, cycling or dancing) strains the muscle; weakness in the gluteal"
            " muscles and hamstrings forces the iliopsoas to compensate; and direct "
            "injuries, from a sudden forceful hip flexion or a blow to the hip, range "
            "from minor strains to tears."
        ),
        (
            "All three can cause iliopsoas pain, so the answer is all of the above. "
            "Overuse from repetitive hip flexion (running, cycling or dancing) and "
            "muscle imbalances, such as weak gluteal muscles and hamstrings that force"
            " the iliopsoas to compensate, are common causes. Direct injuries, from a "
            "sudden forceful hip flexion or a blow to the hip, are less common; they "
            "range from minor strains to tears."
        ),
    ),
    (
        3,
        (
            "The bird dog is a core strengthening exercise that targets the iliopsoas:"
            " extending the opposite arm and leg while engaging the core stabilizes "
            "the spine. The hip flexor stretch improves flexibility, and the glute "
            "bridge with hip extension strengthens the glutes and hamstrings."
        ),
        (
            "The bird dog is the guide's core strengthening exercise: extending the "
            "opposite arm and leg while engaging the core stabilizes the spine, and "
            "holding the position works the core together with the muscles around the "
            "hip, the iliopsoas among them, rather than the iliopsoas alone. The hip "
            "flexor stretch improves flexibility, and the glute bridge with hip "
            "extension strengthens the glutes and hamstrings."
        ),
    ),
    (
        4,
        (
            "All of these call for a medical evaluation: severe or persistent pain "
            "that does not improve with rest, numbness or tingling (a possible sign of "
            "nerve involvement), and pain that limits everyday activities such as "
            "walking or climbing stairs. So do a sudden onset after an injury, and "
            "fever, chills or unexplained weight loss."
        ),
        (
            "All of these call for a medical evaluation: severe or persistent pain "
            "that does not improve with rest, numbness or tingling (a possible sign of "
            "nerve involvement), and pain that limits everyday activities such as "
            "walking or climbing stairs. So do a sudden onset of severe pain, and "
            "fever, chills or unexplained weight loss. How soon depends on the sign: "
            "numbness in the groin or buttocks, new bladder or bowel problems, "
            "weakness in both legs, not being able to bear weight after a fall, or "
            "fever with a hot, red or swollen hip call for emergency help now; the "
            "guide's \"When to seek medical attention\" lists which signs need advice "
            "the same day and which within 1-2 weeks."
        ),
    ),
    (
        5,
        (
            "True. Rest is essential for recovery: avoid activities that aggravate "
            "your iliopsoas pain and allow your muscles time to heal."
        ),
        (
            "True, as relative rest rather than complete rest: avoid the activities "
            "that aggravate your iliopsoas pain and keep active within comfortable "
            "limits, which allows your muscles time to heal."
        ),
    ),
]


def _replace(apps, pairs) -> None:
    Question = apps.get_model("quiz", "Question")
    for order, before, after in pairs:
        Question.objects.filter(
            quiz__slug=SLUG, order=order, explanation=before
        ).update(explanation=after)


def forwards(apps, schema_editor):
    _replace(apps, EXPLANATIONS)


def backwards(apps, schema_editor):
    _replace(apps, [(order, new, old) for order, old, new in EXPLANATIONS])


class Migration(migrations.Migration):
    dependencies = [("quiz", "0004_introduction_without_a_count")]

    operations = [migrations.RunPython(forwards, backwards)]

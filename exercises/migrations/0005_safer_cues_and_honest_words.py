"""Issue 14: safer exercise cues, a hold per rep for the bird dog and the glute
bridge, and honest words (claims softened, the many causes of groin pain, how
soon to get help).

Each change names a row, the values it still has when exactly as seeded, and
the values it gets; a row staff have edited since (any of those values
differs) is left alone, and reversing restores only rows still exactly as this
migration left them. A dose is changed as a whole (the hold range and the
seconds per rep together), so that a half-edited dose never breaks its range.

The texts are copies of `exercises/content.py` before and after issue 14, as a
migration must not import app code. `exercises/departures.py` says why each
departure from the seed's words was made."""

from django.db import migrations

# (model, row, seeded values, new values)
CHANGES = [
    (
        "GuideSection",
        {
            "slug": "introduction",
        },
        {
            "title": (
                "Iliopsoas Pain: A Comprehensive Guide to Effective Relief and "
                "Prevention"
            ),
        },
        {
            "title": "Iliopsoas Pain: A Guide to Relief and Prevention",
        },
    ),
    (
        "GuideSection",
        {
            "slug": "introduction",
        },
        {
            "summary": (
                "Empowering you to understand, relieve, and prevent iliopsoas "
                "discomfort."
            ),
        },
        {
            "summary": (
                "Helping you understand iliopsoas discomfort, and what can help "
                "relieve and prevent it."
            ),
        },
    ),
    (
        "GuideSection",
        {
            "slug": "introduction",
        },
        {
            "body": (
                "The iliopsoas muscle is a crucial component of our musculoskeletal "
                "system, playing a pivotal role in hip flexion and spinal stability. "
                "However, when this muscle becomes injured or overused, it can lead to"
                " debilitating pain and discomfort. This guide delves into the "
                "complexities of iliopsoas pain, providing a deep understanding of its"
                " causes, effective exercises for relief, and strategies for "
                "prevention and recovery.\n"
                "\n"
                "Understanding the intricate anatomy and function of the iliopsoas "
                "muscle is paramount in managing pain effectively. This guide covers "
                "the muscle's structure, its role in hip movement, and its impact on "
                "overall posture and balance."
            ),
        },
        {
            "body": (
                "The iliopsoas muscle is a crucial component of our musculoskeletal "
                "system, playing a pivotal role in hip flexion and spinal stability. "
                "However, when this muscle becomes injured or overused, it can lead to"
                " debilitating pain and discomfort. This guide delves into the "
                "complexities of iliopsoas pain, providing a deep understanding of its"
                " causes, exercises that can help relieve it, and strategies for "
                "prevention and recovery.\n"
                "\n"
                "Understanding the intricate anatomy and function of the iliopsoas "
                "muscle is paramount in managing pain effectively. This guide covers "
                "the muscle's structure, its role in hip movement, and its impact on "
                "overall posture and balance.\n"
                "\n"
                "Groin and hip pain has many possible causes, and this site cannot "
                "tell them apart: it offers general information and exercises, not a "
                "diagnosis."
            ),
        },
    ),
    (
        "GuideSection",
        {
            "slug": "causes",
        },
        {
            "summary": (
                "Overuse, muscle imbalances, direct injuries and referred pain."
            ),
        },
        {
            "summary": (
                "Overuse, muscle imbalances, direct injuries and referred pain, and "
                "the many other causes of groin and hip pain."
            ),
        },
    ),
    (
        "GuideSection",
        {
            "slug": "causes",
        },
        {
            "body": (
                "Iliopsoas pain can arise from various factors, ranging from overuse "
                "and muscle imbalances to injuries. Overuse injuries are common among "
                "athletes and individuals engaged in activities that demand repetitive"
                " hip flexion, such as running, cycling, or dancing. Continuous strain"
                " on the iliopsoas muscle can lead to inflammation and pain. Muscle "
                "imbalances, particularly weakness in the gluteal muscles and "
                "hamstrings, can also contribute to iliopsoas pain. When these "
                "supporting muscles are weak, the iliopsoas is forced to compensate, "
                "resulting in strain and discomfort.\n"
                "\n"
                "Direct injuries to the iliopsoas muscle, though less common, can "
                "occur during sudden forceful hip flexion movements or due to a direct"
                " blow to the hip area. These injuries can range from minor strains to"
                " complete tears, depending on the severity of the trauma. "
                "Additionally, referred pain from other conditions, such as lumbar "
                "spine issues or hip joint problems, can manifest as iliopsoas pain.\n"
                "\n"
                "Identifying the underlying cause of iliopsoas pain is crucial for "
                "effective treatment and prevention. A thorough assessment by a "
                "healthcare professional can help determine the specific factors "
                "contributing to the pain, allowing for targeted interventions and "
                "rehabilitation strategies to address the root issue and restore "
                "optimal hip function."
            ),
        },
        {
            "body": (
                "Iliopsoas pain can arise from various factors, ranging from overuse "
                "and muscle imbalances to injuries. Overuse injuries are common among "
                "athletes and individuals engaged in activities that demand repetitive"
                " hip flexion, such as running, cycling, or dancing. Continuous strain"
                " on the iliopsoas muscle can lead to inflammation and pain. Muscle "
                "imbalances, particularly weakness in the gluteal muscles and "
                "hamstrings, can also contribute to iliopsoas pain. When these "
                "supporting muscles are weak, the iliopsoas is forced to compensate, "
                "resulting in strain and discomfort.\n"
                "\n"
                "Direct injuries to the iliopsoas muscle, though less common, can "
                "occur during sudden forceful hip flexion movements or due to a direct"
                " blow to the hip area. These injuries can range from minor strains to"
                " complete tears, depending on the severity of the trauma. "
                "Additionally, referred pain from other conditions, such as lumbar "
                "spine issues or hip joint problems, can manifest as iliopsoas pain.\n"
                "\n"
                "Pain in the groin and at the front of the hip has many possible "
                "causes besides the iliopsoas: the hip joint itself, the adductor "
                "muscles of the inner thigh, the inguinal region, the pubic bone, the "
                "lower back, and conditions outside the muscles and joints. Even "
                "specialists find them hard to tell apart, and have agreed on common "
                "names for them to make this easier (the Doha agreement on groin pain "
                "in athletes). This site cannot tell them apart: it offers general "
                "information and exercises, not a diagnosis.\n"
                "\n"
                "Identifying the underlying cause of iliopsoas pain is crucial for "
                "effective treatment and prevention. A thorough assessment by a "
                "healthcare professional can help determine the specific factors "
                "contributing to the pain, allowing for targeted interventions and "
                "rehabilitation strategies to address the root issue and restore "
                "optimal hip function."
            ),
        },
    ),
    (
        "GuideSection",
        {
            "slug": "exercises-for-relief",
        },
        {
            "body": (
                "Alleviating iliopsoas pain requires a multifaceted approach that "
                "includes targeted exercises to address muscle imbalances, improve "
                "flexibility, and strengthen the surrounding musculature. "
                "Incorporating a combination of stretches, strengthening exercises, "
                "and stabilization drills into a regular routine can effectively "
                "reduce pain and promote long-term hip health.\n"
                "\n"
                "Stretching exercises focus on improving the flexibility of the "
                "iliopsoas muscle and reducing tension. The hip flexor stretch is a "
                "simple yet effective exercise that involves gently pushing the hips "
                "forward while keeping the back straight and the core engaged. Holding"
                " this position for an extended period allows the iliopsoas to "
                "lengthen and release tension.\n"
                "\n"
                "Strengthening exercises aim to enhance the strength of the iliopsoas "
                "muscle and its supporting muscles. The bird dog exercise is an "
                "excellent choice for this purpose. It involves starting in a tabletop"
                " position and simultaneously extending the right arm forward and the "
                "left leg backward, engaging the core and stabilizing the spine. "
                "Holding this position and alternating sides works the iliopsoas and "
                "improves hip stability.\n"
                "\n"
                "Stabilization drills target the muscles responsible for maintaining "
                "proper hip alignment and preventing excessive movement. The glute "
                "bridge with hip extension is an effective exercise that strengthens "
                "the glutes and hamstrings, reducing stress on the iliopsoas. Lying "
                "face up with knees bent, lift the hips towards the ceiling and extend"
                " one leg straight up, squeezing the glutes at the top position. This "
                "exercise not only strengthens the posterior chain but also improves "
                "hip stability."
            ),
        },
        {
            "body": (
                "Alleviating iliopsoas pain requires a multifaceted approach that "
                "includes targeted exercises to address muscle imbalances, improve "
                "flexibility, and strengthen the surrounding musculature. "
                "Incorporating a combination of stretches, strengthening exercises, "
                "and stabilization drills into a regular routine can help reduce pain "
                "and support long-term hip health.\n"
                "\n"
                "Stretching exercises focus on improving the flexibility of the "
                "iliopsoas muscle and reducing tension. The hip flexor stretch is a "
                "simple exercise that involves gently pushing the hips forward while "
                "keeping the back straight and the core engaged. Holding this position"
                " for an extended period can help the iliopsoas lengthen and release "
                "tension.\n"
                "\n"
                "Strengthening exercises aim to enhance the strength of the iliopsoas "
                "muscle and its supporting muscles. The bird dog exercise is an "
                "excellent choice for this purpose. It involves starting in a tabletop"
                " position and simultaneously extending the right arm forward and the "
                "left leg backward, engaging the core and stabilizing the spine. "
                "Holding this position and alternating sides works the iliopsoas and "
                "can help improve hip stability.\n"
                "\n"
                "Stabilization drills target the muscles responsible for maintaining "
                "proper hip alignment and preventing excessive movement. The glute "
                "bridge with hip extension is an exercise that strengthens the glutes "
                "and hamstrings, which can reduce stress on the iliopsoas. Lying face "
                "up with knees bent, lift the hips towards the ceiling and straighten "
                "one knee so that leg lines up with the other thigh, pelvis level, "
                "squeezing the glutes at the top position. A two-leg bridge, both feet"
                " staying on the floor, is the easier start. This exercise strengthens"
                " the posterior chain and can help improve hip stability."
            ),
        },
    ),
    (
        "GuideSection",
        {
            "slug": "prevention-and-recovery",
        },
        {
            "body": (
                "Preventing iliopsoas pain and promoting recovery involves adopting "
                "healthy habits and incorporating preventive measures into your daily "
                "routine. Here are some practical tips to help you manage iliopsoas "
                "pain effectively:"
            ),
        },
        {
            "body": (
                "Preventing iliopsoas pain and promoting recovery involves adopting "
                "healthy habits and incorporating preventive measures into your "
                "everyday life. Here are some practical tips that can help you manage "
                "iliopsoas pain:"
            ),
        },
    ),
    (
        "GuideSection",
        {
            "slug": "when-to-seek-medical-attention",
        },
        {
            "body": (
                "While most cases of iliopsoas pain can be managed with self-care "
                "measures, there are certain situations when seeking professional "
                "medical attention becomes necessary. Here are some guidelines to help"
                " you recognize when your iliopsoas pain requires medical evaluation:"
            ),
        },
        {
            "body": (
                "How soon to get help depends on what you notice.\n"
                "\n"
                "Emergency, now (A&E or your local emergency number): numbness in the "
                "groin or buttocks, new bladder or bowel problems, or weakness in both"
                " legs; being unable to bear weight on the leg, or a leg that looks "
                "deformed, after a fall; fever with a hot, red or swollen hip, or "
                "feeling very unwell.\n"
                "\n"
                "Same day (your GP or an urgent advice line): fever or chills with hip "
                "pain; new weakness in one leg; sudden severe pain, with or without an "
                "injury; new hip pain with a history of cancer; pain at night or at "
                "rest that wakes you. With a history of cancer, long-term steroids or "
                "osteoporosis, or if you are under 18, the signs listed under Soon "
                "call for advice the same day too.\n"
                "\n"
                "Soon, within 1-2 weeks (your GP or a physiotherapist): numbness or "
                "tingling in the hip or leg, without the emergency signs above; "
                "unexplained weight loss; reduced function, such as trouble walking or "
                "climbing stairs; groin pain that gets worse with running or "
                "weight-bearing, which may be a stress fracture; a pain score of 8 or "
                "more out of 10, or pain of 7 or more that persists; no improvement "
                "after 6 weeks (your 7-day average pain has not fallen by 2 points or "
                "30 %).\n"
                "\n"
                "While most cases of iliopsoas pain can be managed with self-care "
                "measures, there are certain situations when seeking professional "
                "medical attention becomes necessary. Here are some guidelines to help"
                " you recognize when your iliopsoas pain requires medical evaluation:"
            ),
        },
    ),
    (
        "Tip",
        {
            "section__slug": "prevention-and-recovery",
            "category": "prevention",
            "order": 1,
        },
        {
            "body": (
                "Always warm up before engaging in physical activities. Dynamic "
                "stretches, such as leg swings and hip circles, help prepare the "
                "iliopsoas muscle for movement and reduce the risk of strain."
            ),
        },
        {
            "body": (
                "Always warm up before engaging in physical activities. Dynamic "
                "stretches, such as leg swings and hip circles, can help prepare the "
                "iliopsoas muscle for movement and may reduce the risk of strain."
            ),
        },
    ),
    (
        "Tip",
        {
            "section__slug": "prevention-and-recovery",
            "category": "prevention",
            "order": 3,
        },
        {
            "body": (
                "Maintain a balance between strengthening and stretching exercises. "
                "Strong supporting muscles, such as the glutes and hamstrings, help "
                "reduce stress on the iliopsoas."
            ),
        },
        {
            "body": (
                "Maintain a balance between strengthening and stretching exercises. "
                "Strong supporting muscles, such as the glutes and hamstrings, can "
                "help reduce stress on the iliopsoas."
            ),
        },
    ),
    (
        "Tip",
        {
            "section__slug": "prevention-and-recovery",
            "category": "recovery",
            "order": 1,
        },
        {
            "body": (
                "Rest is essential for recovery. Avoid activities that aggravate your "
                "iliopsoas pain and allow your muscles time to heal."
            ),
        },
        {
            "body": (
                "Rest is essential for recovery. Avoid activities that aggravate your "
                "iliopsoas pain and allow your muscles time to heal. This means "
                "relative rest: keep active within comfortable limits rather than "
                "resting completely."
            ),
        },
    ),
    (
        "WarningSign",
        {
            "slug": "numbness-or-tingling",
        },
        {
            "body": (
                "Numbness or tingling in the hip or leg can be a sign of nerve "
                "involvement. This requires prompt medical evaluation to determine the"
                " cause and prevent further nerve damage."
            ),
        },
        {
            "body": (
                "Numbness or tingling in the hip or leg can be a sign of nerve "
                "involvement. This requires prompt medical evaluation to determine the"
                " cause."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "hip-flexor-stretch",
        },
        {
            "summary": (
                "A half-kneeling stretch that lengthens the iliopsoas and releases "
                "tension at the front of the hip."
            ),
        },
        {
            "summary": (
                "A half-kneeling stretch that can help lengthen the iliopsoas and ease"
                " tension at the front of the hip."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "hip-flexor-stretch",
        },
        {
            "why_it_helps": (
                "The hip flexor stretch is a fundamental exercise for alleviating "
                "iliopsoas pain by improving the flexibility of the muscle and "
                "reducing tension.\n"
                "\n"
                "Gently pushing the hips forward while keeping the back straight and "
                "the core engaged, and holding this position for an extended period, "
                "allows the iliopsoas to lengthen and release tension."
            ),
        },
        {
            "why_it_helps": (
                "The hip flexor stretch can help ease iliopsoas pain by improving the "
                "flexibility of the muscle and reducing tension.\n"
                "\n"
                "Gently pushing the hips forward while keeping the back straight and "
                "the core engaged, and holding this position for an extended period, "
                "can help the iliopsoas lengthen and release tension."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "hip-flexor-stretch",
        },
        {
            "safety_cues": (
                "Maintain a neutral spine and avoid arching your back.\n"
                "Push the hips forward gently: you should feel a stretch, not pain.\n"
                "Kneel on a cushion or folded mat if the knee on the floor is sore.\n"
                "Stop if the stretch causes sharp pain, numbness or tingling."
            ),
        },
        {
            "safety_cues": (
                "Maintain a neutral spine and avoid arching your back.\n"
                "Tuck the pelvis and squeeze the glute of the kneeling side before you"
                " shift forward.\n"
                "Keep the forward shift small: you should feel a gentle stretch at the"
                " front of the kneeling hip, not pain.\n"
                "Kneel on a cushion or folded mat if the knee on the floor is sore.\n"
                "Stop if the stretch causes sharp pain, numbness or tingling."
            ),
        },
    ),
    (
        "ExerciseStep",
        {
            "exercise__slug": "hip-flexor-stretch",
            "order": 1,
        },
        {
            "title": "Push the Hips Forward",
            "text": (
                "Keeping your back straight and your front knee directly above your "
                "ankle, gently push your hips forward until you feel a stretch in the "
                "front of the hip and thigh on the kneeling side."
            ),
        },
        {
            "title": "Tuck the Pelvis, Then Shift Forward",
            "text": (
                "Keeping your back straight and your front knee directly above your "
                "ankle, first tuck your pelvis under and squeeze the glute of the "
                "kneeling side. Then gently push your hips forward a small way, until "
                "you feel a stretch at the front of the kneeling hip."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "bird-dog",
        },
        {
            "summary": (
                "A core strengthening exercise on hands and knees that works the "
                "iliopsoas and improves hip stability."
            ),
        },
        {
            "summary": (
                "A core strengthening exercise on hands and knees that works the "
                "iliopsoas and can help improve hip stability."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "bird-dog",
        },
        {
            "why_it_helps": (
                "The bird dog exercise is an effective core strengthening exercise "
                "that targets the iliopsoas muscle, helping to improve stability and "
                "reduce pain.\n"
                "\n"
                "Extending the opposite arm and leg while engaging the core stabilizes"
                " the spine; holding this position and alternating sides works the "
                "iliopsoas and improves hip stability."
            ),
        },
        {
            "why_it_helps": (
                "The bird dog exercise is a core strengthening exercise that works the"
                " iliopsoas among other muscles, and can help improve stability and "
                "reduce pain.\n"
                "\n"
                "Extending the opposite arm and leg while engaging the core stabilizes"
                " the spine; holding this position and alternating sides works the "
                "iliopsoas and can help improve hip stability."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "bird-dog",
        },
        {
            "progression": "Gradually increase the hold time as you get stronger.",
        },
        {
            "progression": (
                "If balance or pain needs it, start with one limb at a time: the arm "
                "alone, then the leg alone. Gradually increase the hold time as you "
                "get stronger, up to 10 seconds; then add reps, then a set."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "bird-dog",
        },
        {
            "safety_cues": (
                "Keep your back flat and your hips level throughout.\n"
                "Move slowly and with control; do not swing the arm or leg.\n"
                "Stop if the exercise causes sharp pain, numbness or tingling."
            ),
        },
        {
            "safety_cues": (
                "Keep your back flat and your hips level throughout.\n"
                "Lift the leg only to hip height and reach back with the heel rather "
                "than up, so that your lower back does not arch.\n"
                "Pad your knees with a cushion or folded mat.\n"
                "Move slowly and with control; do not swing the arm or leg.\n"
                "Stop if the exercise causes sharp pain, numbness or tingling."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "bird-dog",
        },
        {
            "sets_min": 2,
            "sets_max": 3,
            "reps_min": 10,
            "reps_max": 15,
            "hold_seconds_min": None,
            "hold_seconds_max": None,
            "per_side": True,
            "seconds_per_rep": 5,
        },
        {
            "sets_min": 2,
            "sets_max": 3,
            "reps_min": 10,
            "reps_max": 15,
            "hold_seconds_min": 3,
            "hold_seconds_max": 10,
            "per_side": True,
            "seconds_per_rep": 3,
        },
    ),
    (
        "ExerciseStep",
        {
            "exercise__slug": "bird-dog",
            "order": 1,
        },
        {
            "title": "Extend Arm and Leg",
            "text": (
                "Simultaneously extend your right arm forward and your left leg "
                "backward, keeping your hips level and your core tight. Hold the "
                "position for a few seconds, ensuring that your back remains flat."
            ),
        },
        {
            "title": "Extend Arm and Leg",
            "text": (
                "Simultaneously extend your right arm forward and your left leg "
                "backward, keeping your hips level and your core tight. Lift the leg "
                "only to hip height, reaching back with the heel rather than up. Hold "
                "the position for a few seconds, ensuring that your back remains flat."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "glute-bridge-with-hip-extension",
        },
        {
            "summary": (
                "A compound exercise that strengthens the glutes and hamstrings, "
                "reducing stress on the iliopsoas."
            ),
        },
        {
            "summary": (
                "A compound exercise that strengthens the glutes and hamstrings, which"
                " can reduce stress on the iliopsoas."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "glute-bridge-with-hip-extension",
        },
        {
            "why_it_helps": (
                "The glute bridge with hip extension is a compound exercise that "
                "strengthens the gluteal muscles and hamstrings, reducing stress on "
                "the iliopsoas and alleviating pain.\n"
                "\n"
                "This exercise not only strengthens the posterior chain but also "
                "improves hip stability."
            ),
        },
        {
            "why_it_helps": (
                "The glute bridge with hip extension is a compound exercise that "
                "strengthens the gluteal muscles and hamstrings, which can reduce "
                "stress on the iliopsoas and help ease pain.\n"
                "\n"
                "This exercise strengthens the posterior chain and can help improve "
                "hip stability."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "glute-bridge-with-hip-extension",
        },
        {
            "progression": (
                "Gradually increase the hold time at the top position as you get "
                "stronger."
            ),
        },
        {
            "progression": (
                "Start with a two-leg bridge, both feet staying on the floor, until it"
                " is comfortable; then straighten one knee at the top. Gradually "
                "increase the hold time at the top position as you get stronger, up to"
                " 10 seconds; then add reps, then a set."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "glute-bridge-with-hip-extension",
        },
        {
            "safety_cues": (
                "Squeeze your glutes to lift; do not arch your lower back at the top.\n"
                "Keep your hips level as you extend the leg.\n"
                "Stop if the exercise causes sharp pain, numbness or tingling."
            ),
        },
        {
            "safety_cues": (
                "Squeeze your glutes to lift; do not arch your lower back at the top.\n"
                "Keep your pelvis level as you straighten the knee, and lift the leg "
                "no higher than the other thigh; if the pelvis drops or twists, go "
                "back to the two-leg bridge.\n"
                "Stop if the exercise causes sharp pain, numbness or tingling."
            ),
        },
    ),
    (
        "Exercise",
        {
            "slug": "glute-bridge-with-hip-extension",
        },
        {
            "sets_min": 2,
            "sets_max": 3,
            "reps_min": 10,
            "reps_max": 15,
            "hold_seconds_min": None,
            "hold_seconds_max": None,
            "per_side": True,
            "seconds_per_rep": 5,
        },
        {
            "sets_min": 2,
            "sets_max": 3,
            "reps_min": 10,
            "reps_max": 15,
            "hold_seconds_min": 3,
            "hold_seconds_max": 10,
            "per_side": True,
            "seconds_per_rep": 3,
        },
    ),
    (
        "ExerciseStep",
        {
            "exercise__slug": "glute-bridge-with-hip-extension",
            "order": 1,
        },
        {
            "title": "Lift Hips and Extend Leg",
            "text": (
                "Lift your hips towards the ceiling, squeezing your glutes at the top "
                "of the movement. As you reach the top position, extend your right leg"
                " straight up, keeping your knee slightly bent."
            ),
        },
        {
            "title": "Lift Hips and Extend Leg",
            "text": (
                "Lift your hips towards the ceiling, squeezing your glutes at the top "
                "of the movement. As you reach the top position, straighten one knee "
                "so that leg lines up with the other thigh, pelvis level."
            ),
        },
    ),
    (
        "ExerciseStep",
        {
            "exercise__slug": "glute-bridge-with-hip-extension",
            "order": 2,
        },
        {
            "title": "Lower and Repeat",
            "text": (
                "Slowly lower your hips back down to the starting position and repeat "
                "the movement, this time extending your left leg."
            ),
        },
        {
            "title": "Lower and Repeat",
            "text": (
                "Slowly lower your hips back down to the starting position and repeat "
                "the movement, this time straightening the other knee."
            ),
        },
    ),
    (
        "RoutineItem",
        {
            "routine__slug": "iliopsoas-relief",
            "order": 2,
            "exercise__slug": "bird-dog",
        },
        {
            "sets": 2,
            "reps": 10,
            "hold_seconds": None,
            "per_side": True,
        },
        {
            "sets": 2,
            "reps": 10,
            "hold_seconds": 3,
            "per_side": True,
        },
    ),
    (
        "RoutineItem",
        {
            "routine__slug": "iliopsoas-relief",
            "order": 3,
            "exercise__slug": "glute-bridge-with-hip-extension",
        },
        {
            "sets": 2,
            "reps": 10,
            "hold_seconds": None,
            "per_side": True,
        },
        {
            "sets": 2,
            "reps": 10,
            "hold_seconds": 3,
            "per_side": True,
        },
    ),
]


def _apply(apps, changes) -> None:
    for model, row, before, after in changes:
        Model = apps.get_model("exercises", model)
        Model.objects.filter(**row, **before).update(**after)


def forwards(apps, schema_editor):
    _apply(apps, CHANGES)


def backwards(apps, schema_editor):
    _apply(apps, [(model, row, after, before) for model, row, before, after in CHANGES])


class Migration(migrations.Migration):
    dependencies = [("exercises", "0004_wording_bird_dog_and_routine_frequency")]

    operations = [migrations.RunPython(forwards, backwards)]

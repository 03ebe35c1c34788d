"""The seed content: `shared/seed/iliopsoas-pain-guide.txt` as database rows.

`load_seed(apps)` serves the `load_content` command and the tests. The data
migration (exercises 0002) carries its own copy of the data and the loader, as
they were in issue 13; a later change here needs a migration of its own (0004
for issue 12's wording, 0005 for issue 14's safer cues and honest words). It
only ever adds what is missing, matched by slug: rows staff have edited or
added are never touched.

Where these rows depart from the seed's words (the hip flexor stretch made
consistent and safer, the bird dog's and the bridge's cues and holds, softened
claims, the many causes of groin pain, how soon to get help), the reason is in
`exercises/departures.py`, and the README lists it.
"""

GUIDE_SECTIONS = [
    {
        "slug": "introduction",
        "title": "Iliopsoas Pain: A Guide to Relief and Prevention",
        "summary": "Helping you understand iliopsoas discomfort, and what can help "
        "relieve and prevent it.",
        "body": (
            "The iliopsoas muscle is a crucial component of our musculoskeletal "
            "system, playing a pivotal role in hip flexion and spinal stability. "
            "However, when this muscle becomes injured or overused, it can lead to "
            "debilitating pain and discomfort. This guide delves into the "
            "complexities of iliopsoas pain, providing a deep understanding of its "
            "causes, exercises that can help relieve it, and strategies for "
            "prevention and recovery.\n\n"
            "Understanding the intricate anatomy and function of the iliopsoas "
            "muscle is paramount in managing pain effectively. This guide covers the "
            "muscle's structure, its role in hip movement, and its impact on overall "
            "posture and balance.\n\n"
            "Groin and hip pain has many possible causes, and this site cannot tell "
            "them apart: it offers general information and exercises, not a "
            "diagnosis."
        ),
    },
    {
        "slug": "anatomy-and-function",
        "title": "Understanding Iliopsoas Anatomy and Function",
        "summary": "Where the iliopsoas runs, what it is made of, and what it does "
        "for your hip, spine and posture.",
        "body": (
            "The iliopsoas muscle is a crucial component of the human "
            "musculoskeletal system, playing a vital role in hip flexion and spinal "
            "stability. It originates from the lumbar vertebrae and the inner pelvic "
            "brim, and inserts into the lesser trochanter of the femur. This powerful "
            "muscle is responsible for lifting the thigh towards the body, a movement "
            "commonly known as hip flexion. Additionally, the iliopsoas contributes "
            "to the stabilization of the lumbar spine and pelvis, ensuring proper "
            "posture and balance.\n\n"
            "Composed of two distinct muscles, the iliacus and the psoas major, the "
            "iliopsoas spans from the lower back to the upper thigh. The iliacus "
            "originates from the inner pelvic brim and the psoas major originates "
            "from the lumbar vertebrae. These two muscles merge together to form the "
            "iliopsoas tendon, which attaches to the lesser trochanter of the femur. "
            "This strategic positioning allows the iliopsoas to effectively flex the "
            "hip and stabilize the spine.\n\n"
            "Understanding the anatomy and function of the iliopsoas muscle is "
            "essential for comprehending its role in various movements and its "
            "susceptibility to injuries and pain. A thorough grasp of this muscle's "
            "structure and mechanics empowers individuals to engage in targeted "
            "exercises and preventive measures to maintain optimal hip function and "
            "overall well-being."
        ),
    },
    {
        "slug": "causes",
        "title": "Causes of Iliopsoas Pain",
        "summary": "Overuse, muscle imbalances, direct injuries and referred pain, "
        "and the many other causes of groin and hip pain.",
        "body": (
            "Iliopsoas pain can arise from various factors, ranging from overuse and "
            "muscle imbalances to injuries. Overuse injuries are common among "
            "athletes and individuals engaged in activities that demand repetitive "
            "hip flexion, such as running, cycling, or dancing. Continuous strain on "
            "the iliopsoas muscle can lead to inflammation and pain. Muscle "
            "imbalances, particularly weakness in the gluteal muscles and hamstrings, "
            "can also contribute to iliopsoas pain. When these supporting muscles are "
            "weak, the iliopsoas is forced to compensate, resulting in strain and "
            "discomfort.\n\n"
            "Direct injuries to the iliopsoas muscle, though less common, can occur "
            "during sudden forceful hip flexion movements or due to a direct blow to "
            "the hip area. These injuries can range from minor strains to complete "
            "tears, depending on the severity of the trauma. Additionally, referred "
            "pain from other conditions, such as lumbar spine issues or hip joint "
            "problems, can manifest as iliopsoas pain.\n\n"
            "Pain in the groin and at the front of the hip has many possible causes "
            "besides the iliopsoas: the hip joint itself, the adductor muscles of the "
            "inner thigh, the inguinal region, the pubic bone, the lower back, and "
            "conditions outside the muscles and joints. Even specialists find them "
            "hard to tell apart, and have agreed on common names for them to make "
            "this easier (the Doha agreement on groin pain in athletes). This site "
            "cannot tell them apart: it offers general information and exercises, "
            "not a diagnosis.\n\n"
            "Identifying the underlying cause of iliopsoas pain is crucial for "
            "effective treatment and prevention. A thorough assessment by a "
            "healthcare professional can help determine the specific factors "
            "contributing to the pain, allowing for targeted interventions and "
            "rehabilitation strategies to address the root issue and restore optimal "
            "hip function."
        ),
    },
    {
        "slug": "exercises-for-relief",
        "title": "Exercises for Iliopsoas Pain Relief",
        "summary": "Stretching, strengthening and stabilization: the three kinds of "
        "exercise and what each does.",
        "body": (
            "Alleviating iliopsoas pain requires a multifaceted approach that "
            "includes targeted exercises to address muscle imbalances, improve "
            "flexibility, and strengthen the surrounding musculature. Incorporating a "
            "combination of stretches, strengthening exercises, and stabilization "
            "drills into a regular routine can help reduce pain and support "
            "long-term hip health.\n\n"
            "Stretching exercises focus on improving the flexibility of the "
            "iliopsoas muscle and reducing tension. The hip flexor stretch is a "
            "simple exercise that involves gently pushing the hips forward while "
            "keeping the back straight and the core engaged. Holding this position "
            "for an extended period can help the iliopsoas lengthen and release "
            "tension.\n\n"
            "Strengthening exercises aim to enhance the strength of the iliopsoas "
            "muscle and its supporting muscles. The bird dog exercise is an excellent "
            "choice for this purpose. It involves starting in a tabletop position and "
            "simultaneously extending the right arm forward and the left leg "
            "backward, engaging the core and stabilizing the spine. Holding this "
            "position and alternating sides works the iliopsoas and can help improve "
            "hip stability.\n\n"
            "Stabilization drills target the muscles responsible for maintaining "
            "proper hip alignment and preventing excessive movement. The glute bridge "
            "with hip extension is an exercise that strengthens the glutes and "
            "hamstrings, which can reduce stress on the iliopsoas. Lying face up with "
            "knees bent, lift the hips towards the ceiling and straighten one knee so "
            "that leg lines up with the other thigh, pelvis level, squeezing the "
            "glutes at the top position. A two-leg bridge, both feet staying on the "
            "floor, is the easier start. This exercise strengthens the posterior "
            "chain and can help improve hip stability."
        ),
    },
    {
        "slug": "prevention-and-recovery",
        "title": "Tips for Preventing and Recovering from Iliopsoas Pain",
        "summary": "Warm-up, gradual progression, muscle balance, rest, ice and "
        "compression, and gentle stretching.",
        "body": (
            "Preventing iliopsoas pain and promoting recovery involves adopting "
            "healthy habits and incorporating preventive measures into your everyday "
            "life. Here are some practical tips that can help you manage iliopsoas "
            "pain:"
        ),
    },
    {
        "slug": "when-to-seek-medical-attention",
        "title": "When to Seek Medical Attention",
        "summary": "Warning signs that your hip pain needs a healthcare "
        "professional's evaluation.",
        "body": (
            "How soon to get help depends on what you notice.\n\n"
            "Emergency, now (A&E or your local emergency number): numbness in the "
            "groin or buttocks, new bladder or bowel problems, or weakness in both "
            "legs; being unable to bear weight on the leg, or a leg that looks "
            "deformed, after a fall; fever with a hot, red or swollen hip, or "
            "feeling very unwell.\n\n"
            "Same day (your GP or an urgent advice line): fever or chills with hip "
            "pain; new weakness in one leg; sudden severe pain, with or without an "
            "injury; new hip pain with a history of cancer; pain at night or at rest "
            "that wakes you. With a history of cancer, long-term steroids or "
            "osteoporosis, or if you are under 18, the signs listed under Soon call "
            "for advice the same day too.\n\n"
            "Soon, within 1-2 weeks (your GP or a physiotherapist): numbness or "
            "tingling in the hip or leg, without the emergency signs above; "
            "unexplained weight loss; reduced function, such as trouble walking or "
            "climbing stairs; groin pain that gets worse with running or "
            "weight-bearing, which may be a stress fracture; a pain score of 8 or more "
            "out of 10, or pain of 7 or more that persists; no improvement after 6 "
            "weeks (your 7-day average pain has not fallen by 2 points or 30 %).\n\n"
            "While most cases of iliopsoas pain can be managed with self-care "
            "measures, there are certain situations when seeking professional "
            "medical attention becomes necessary. Here are some guidelines to help "
            "you recognize when your iliopsoas pain requires medical evaluation:"
        ),
    },
]

TIPS = [
    {
        "category": "prevention",
        "order": 1,
        "title": "Proper Warm-up",
        "body": "Always warm up before engaging in physical activities. Dynamic "
        "stretches, such as leg swings and hip circles, can help prepare the "
        "iliopsoas muscle for movement and may reduce the risk of strain.",
    },
    {
        "category": "prevention",
        "order": 2,
        "title": "Gradual Progression",
        "body": "Avoid sudden increases in training intensity or duration. Gradually "
        "increase the load and intensity of your workouts to allow your muscles, "
        "including the iliopsoas, to adapt and strengthen over time.",
    },
    {
        "category": "prevention",
        "order": 3,
        "title": "Muscle Balance",
        "body": "Maintain a balance between strengthening and stretching exercises. "
        "Strong supporting muscles, such as the glutes and hamstrings, can help "
        "reduce stress on the iliopsoas.",
    },
    {
        "category": "recovery",
        "order": 1,
        "title": "Rest",
        "body": "Rest is essential for recovery. Avoid activities that aggravate your "
        "iliopsoas pain and allow your muscles time to heal. This means relative rest: "
        "keep active within comfortable limits rather than resting completely.",
    },
    {
        "category": "recovery",
        "order": 2,
        "title": "Ice and Compression",
        "body": "Applying ice packs to the affected area can help reduce inflammation "
        "and pain. Compression wraps can provide additional support and reduce "
        "swelling.",
    },
    {
        "category": "recovery",
        "order": 3,
        "title": "Stretching",
        "body": "Gentle stretching exercises can help improve flexibility and reduce "
        "muscle tightness. Focus on stretches that target the iliopsoas, such as the "
        "hip flexor stretch, alongside strengthening exercises such as the bird dog.",
    },
]

WARNING_SIGNS = [
    {
        "slug": "severe-pain",
        "order": 1,
        "title": "Severe Pain",
        "body": "If you experience severe or persistent pain that does not improve "
        "with rest and home remedies, it's important to seek medical attention. "
        "Severe pain may indicate an underlying medical condition that requires "
        "specific treatment.",
    },
    {
        "slug": "numbness-or-tingling",
        "order": 2,
        "title": "Numbness or Tingling",
        "body": "Numbness or tingling in the hip or leg can be a sign of nerve "
        "involvement. This requires prompt medical evaluation to determine the "
        "cause.",
    },
    {
        "slug": "loss-of-function",
        "order": 3,
        "title": "Loss of Function",
        "body": "If iliopsoas pain significantly limits your ability to perform "
        "everyday activities, such as walking or climbing stairs, it's important to "
        "consult a healthcare professional. Loss of function may indicate a more "
        "serious underlying issue.",
    },
    {
        "slug": "sudden-onset",
        "order": 4,
        "title": "Sudden Onset",
        "body": "Sudden onset of severe iliopsoas pain, especially after an injury or "
        "trauma, should be evaluated by a doctor. This could indicate a muscle tear "
        "or other acute injury that requires medical attention.",
    },
    {
        "slug": "accompanying-symptoms",
        "order": 5,
        "title": "Accompanying Symptoms",
        "body": "If your iliopsoas pain is accompanied by other symptoms such as "
        "fever, chills, or unexplained weight loss, it's important to seek medical "
        "attention as these may indicate an underlying infection or other systemic "
        "condition.",
    },
]

EXERCISES = [
    {
        "slug": "hip-flexor-stretch",
        "title": "Hip Flexor Stretch",
        "kind": "stretch",
        "order": 1,
        "drawing": "hip-flexor-stretch",
        "summary": "A half-kneeling stretch that can help lengthen the iliopsoas and "
        "ease tension at the front of the hip.",
        "why_it_helps": (
            "The hip flexor stretch can help ease iliopsoas pain by improving the "
            "flexibility of the muscle and reducing tension.\n\n"
            "Gently pushing the hips forward while keeping the back straight and the "
            "core engaged, and holding this position for an extended period, can "
            "help the iliopsoas lengthen and release tension."
        ),
        "starting_position": (
            "Kneel on one knee on a soft surface, with the other foot flat on the "
            "floor in front of you. Bend the front knee at about 90 degrees, directly "
            "above its ankle, and keep the kneeling-side knee directly below your "
            "hip. Keep your spine neutral and your core engaged."
        ),
        "steps": [
            (
                "Tuck the Pelvis, Then Shift Forward",
                "Keeping your back straight and your front knee directly above your "
                "ankle, first tuck your pelvis under and squeeze the glute of the "
                "kneeling side. Then gently push your hips forward a small way, until "
                "you feel a stretch at the front of the kneeling hip.",
            ),
            (
                "Hold",
                "Hold the stretch for 20-30 seconds, ensuring that you maintain a "
                "neutral spine and avoid arching your back. Keep breathing steadily.",
            ),
            (
                "Release and Switch Sides",
                "Slowly release the stretch and return to the starting position. "
                "Switch legs, kneeling on the other knee, and stretch that side. "
                "Repeat the stretch 2-3 times on each side, alternating legs.",
            ),
        ],
        "sets_min": 2,
        "sets_max": 3,
        "hold_seconds_min": 20,
        "hold_seconds_max": 30,
        "per_side": True,
        "progression": (
            "As the stretch becomes easier, hold it towards the full 30 seconds and "
            "do all 3 repetitions on each side. Progress gradually, not by forcing a "
            "deeper stretch."
        ),
        "safety_cues": (
            "Maintain a neutral spine and avoid arching your back.\n"
            "Tuck the pelvis and squeeze the glute of the kneeling side before you "
            "shift forward.\n"
            "Keep the forward shift small: you should feel a gentle stretch at the "
            "front of the kneeling hip, not pain.\n"
            "Kneel on a cushion or folded mat if the knee on the floor is sore.\n"
            "Stop if the stretch causes sharp pain, numbness or tingling."
        ),
    },
    {
        "slug": "bird-dog",
        "title": "Bird Dog",
        "kind": "strengthening",
        "order": 2,
        "drawing": "bird-dog",
        "summary": "A core strengthening exercise on hands and knees that works the "
        "iliopsoas and can help improve hip stability.",
        "why_it_helps": (
            "The bird dog exercise is a core strengthening exercise that works the "
            "iliopsoas among other muscles, and can help improve stability and "
            "reduce pain.\n\n"
            "Extending the opposite arm and leg while engaging the core stabilizes "
            "the spine; holding this position and alternating sides works the "
            "iliopsoas and can help improve hip stability."
        ),
        "starting_position": (
            "Begin on your hands and knees, with your hands directly below your "
            "shoulders and your knees below your hips. Keep your back flat and your "
            "core engaged."
        ),
        "steps": [
            (
                "Extend Arm and Leg",
                "Simultaneously extend your right arm forward and your left leg "
                "backward, keeping your hips level and your core tight. Lift the leg "
                "only to hip height, reaching back with the heel rather than up. Hold "
                "the position for a few seconds, ensuring that your back remains flat.",
            ),
            (
                "Return to Starting Position",
                "Slowly lower your arm and leg back to the starting position and "
                "repeat the exercise on the other side, extending your left arm and "
                "right leg.",
            ),
        ],
        "sets_min": 2,
        "sets_max": 3,
        "reps_min": 10,
        "reps_max": 15,
        "hold_seconds_min": 3,
        "hold_seconds_max": 10,
        "per_side": True,
        "seconds_per_rep": 3,
        "progression": (
            "If balance or pain needs it, start with one limb at a time: the arm "
            "alone, then the leg alone. Gradually increase the hold time as you get "
            "stronger, up to 10 seconds; then add reps, then a set."
        ),
        "safety_cues": (
            "Keep your back flat and your hips level throughout.\n"
            "Lift the leg only to hip height and reach back with the heel rather "
            "than up, so that your lower back does not arch.\n"
            "Pad your knees with a cushion or folded mat.\n"
            "Move slowly and with control; do not swing the arm or leg.\n"
            "Stop if the exercise causes sharp pain, numbness or tingling."
        ),
    },
    {
        "slug": "glute-bridge-with-hip-extension",
        "title": "Glute Bridge with Hip Extension",
        "kind": "stabilization",
        "order": 3,
        "drawing": "glute-bridge",
        "summary": "A compound exercise that strengthens the glutes and hamstrings, "
        "which can reduce stress on the iliopsoas.",
        "why_it_helps": (
            "The glute bridge with hip extension is a compound exercise that "
            "strengthens the gluteal muscles and hamstrings, which can reduce stress "
            "on the iliopsoas and help ease pain.\n\n"
            "This exercise strengthens the posterior chain and can help improve hip "
            "stability."
        ),
        "starting_position": (
            "Begin by lying on your back with your knees bent and your feet flat on "
            "the floor. Keep your arms at your sides."
        ),
        "steps": [
            (
                "Lift Hips and Extend Leg",
                "Lift your hips towards the ceiling, squeezing your glutes at the top "
                "of the movement. As you reach the top position, straighten one knee "
                "so that leg lines up with the other thigh, pelvis level.",
            ),
            (
                "Lower and Repeat",
                "Slowly lower your hips back down to the starting position and repeat "
                "the movement, this time straightening the other knee.",
            ),
        ],
        "sets_min": 2,
        "sets_max": 3,
        "reps_min": 10,
        "reps_max": 15,
        "hold_seconds_min": 3,
        "hold_seconds_max": 10,
        "per_side": True,
        "seconds_per_rep": 3,
        "progression": (
            "Start with a two-leg bridge, both feet staying on the floor, until it "
            "is comfortable; then straighten one knee at the top. Gradually increase "
            "the hold time at the top position as you get stronger, up to 10 "
            "seconds; then add reps, then a set."
        ),
        "safety_cues": (
            "Squeeze your glutes to lift; do not arch your lower back at the top.\n"
            "Keep your pelvis level as you straighten the knee, and lift the leg no "
            "higher than the other thigh; if the pelvis drops or twists, go back to "
            "the two-leg bridge.\n"
            "Stop if the exercise causes sharp pain, numbness or tingling."
        ),
    },
]

DEFAULT_ROUTINE = {
    "slug": "iliopsoas-relief",
    "title": "Iliopsoas relief",
    "summary": "The guide's three exercises in order: stretch, strengthen, stabilize.",
    "description": (
        "A short routine to do three times a week, combining the three kinds of "
        "exercise the guide recommends: a stretch to improve the flexibility of the "
        "iliopsoas, a core strengthening exercise, and a stabilization drill for the "
        "glutes and hamstrings.\n\n"
        "It starts at the lower end of each exercise's dose. Progress gradually, "
        "and stop any exercise that makes your pain worse."
    ),
    "is_default": True,
    "items": [
        # (exercise slug, sets, reps, hold seconds, each side)
        ("hip-flexor-stretch", 2, None, 20, True),
        ("bird-dog", 2, 10, 3, True),
        ("glute-bridge-with-hip-extension", 2, 10, 3, True),
    ],
}


CONTENT_EDITORS_GROUP = "Content editors"


def load_seed(apps) -> dict[str, int]:
    """Add whatever seed rows are missing; return how many of each were added."""
    Exercise = apps.get_model("exercises", "Exercise")
    ExerciseStep = apps.get_model("exercises", "ExerciseStep")
    GuideSection = apps.get_model("exercises", "GuideSection")
    Tip = apps.get_model("exercises", "Tip")
    WarningSign = apps.get_model("exercises", "WarningSign")
    Routine = apps.get_model("exercises", "Routine")
    RoutineItem = apps.get_model("exercises", "RoutineItem")
    added = dict.fromkeys(
        ["sections", "tips", "warning_signs", "exercises", "routines"], 0
    )

    sections = {}
    for order, data in enumerate(GUIDE_SECTIONS, start=1):
        section, created = GuideSection.objects.get_or_create(
            slug=data["slug"],
            defaults={**data, "order": order, "is_published": True},
        )
        sections[section.slug] = section
        added["sections"] += created

    tips_section = sections["prevention-and-recovery"]
    for tip in TIPS:
        _, created = Tip.objects.get_or_create(
            section=tips_section,
            category=tip["category"],
            order=tip["order"],
            defaults=tip,
        )
        added["tips"] += created

    signs_section = sections["when-to-seek-medical-attention"]
    for sign in WARNING_SIGNS:
        _, created = WarningSign.objects.get_or_create(
            slug=sign["slug"], defaults={**sign, "section": signs_section}
        )
        added["warning_signs"] += created

    exercises = {}
    for data in EXERCISES:
        fields = {key: value for key, value in data.items() if key != "steps"}
        exercise, created = Exercise.objects.get_or_create(
            slug=data["slug"], defaults={**fields, "is_published": True}
        )
        exercises[exercise.slug] = exercise
        if created:
            ExerciseStep.objects.bulk_create(
                ExerciseStep(exercise=exercise, order=order, title=title, text=text)
                for order, (title, text) in enumerate(data["steps"], start=1)
            )
            added["exercises"] += 1

    routine_fields = {
        key: value for key, value in DEFAULT_ROUTINE.items() if key != "items"
    }
    routine_fields["is_published"] = True
    # Staff may have made another routine the default since.
    routine_fields["is_default"] = not Routine.objects.filter(is_default=True).exists()
    routine, created = Routine.objects.get_or_create(
        slug=DEFAULT_ROUTINE["slug"], defaults=routine_fields
    )
    if created:
        RoutineItem.objects.bulk_create(
            RoutineItem(
                routine=routine,
                exercise=exercises[slug],
                order=order,
                sets=sets,
                reps=reps,
                hold_seconds=hold,
                per_side=per_side,
            )
            for order, (slug, sets, reps, hold, per_side) in enumerate(
                DEFAULT_ROUTINE["items"], start=1
            )
        )
        added["routines"] += 1
    return added

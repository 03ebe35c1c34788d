"""Where psoasapp's wording departs from the seed's, and why.

The seed is `shared/seed/iliopsoas-pain-guide.txt`. Everywhere else the app
keeps the seed's words (the content tests check them word for word); each
departure is listed here, and the README's "Content" section lists them again
for people. The tests check that every `seed` text is in the seed, that every
`app` text is in the content after `migrate`, and that putting the seed's words
back gives the seed's text again, so a departure nobody wrote down fails.

A place names what holds the words: `section:<slug>` (the guide section's title,
summary and body), `tip:<category>:<order>`, `warning:<slug>` (a warning sign),
`exercise:<slug>` (its texts, steps as "Title: text", and its dose in words)
and `routine:<slug>` (its description). An addition quotes the seed's words it
follows, so that the seed's words and the app's words both have a place.

Data only: nothing at run time reads this module.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Departure:
    title: str
    place: str
    # (the seed's words, psoasapp's words), each as it stands in its text.
    changes: tuple[tuple[str, str], ...]
    why: str
    source: str  # a link (several joined by " ; "), or "" for psoasapp's own reason
    issue: int


FUNCTIONAL_MOVEMENT = (
    "https://www.functionalmovement.com/Exercises/788/half_kneeling_hip_flexor_stretch"
)
BIRD_DOG_HEIGHT = "https://mauriecofman.com/Exercises/BirdDog.html"
BIRD_DOG_LENGTH = (
    "http://www.movementprofessional.com/movementprofessional/2015/6/17/"
    "optimize-your-bird-dog"
)
BIRD_DOG_HOLD = "https://www.protectyourback101.com/lessons/b-basic-bird-dog/"
BRIDGE_HOLD = "https://members.apcphysio.ie/topic/single-leg-bridge/"
BRIDGE_LEG = "http://injurynavigator.com/proper-form-with-the-single-leg-bridge/"
DOHA = "https://bjsm.bmj.com/content/49/12/768.full"
GLOUCESTERSHIRE = "https://g-care.glos.nhs.uk/pathway/52/resource/3"

DEPARTURES = (
    Departure(
        title="Hip flexor stretch: one consistent half-kneeling stretch",
        place="exercise:hip-flexor-stretch",
        changes=(
            (
                "Begin by kneeling on the floor with your right knee bent at a "
                "90-degree angle directly below your hip and your left leg extended "
                "straight back.",
                "Kneel on one knee on a soft surface, with the other foot flat on the "
                "floor in front of you.",
            ),
        ),
        why='The seed contradicts itself: the back leg is "extended straight back" '
        'and then "lunges forward". psoasapp keeps the seed\'s intent, dose (hold '
        "20-30 s, 2-3 times each side) and cautions in a half-kneeling stretch.",
        source=FUNCTIONAL_MOVEMENT,
        issue=13,
    ),
    Departure(
        title="Hip flexor stretch: tuck the pelvis first, keep the shift small",
        place="exercise:hip-flexor-stretch",
        changes=(
            (
                "gently push your hips forward until you feel a stretch in the front "
                "of your right thigh",
                "first tuck your pelvis under and squeeze the glute of the kneeling "
                "side. Then gently push your hips forward a small way, until you feel "
                "a stretch at the front of the kneeling hip",
            ),
        ),
        why="Tucking the pelvis and squeezing the glute of the kneeling side keeps "
        "the lower back from arching and puts the stretch at the front of the hip, "
        "where the iliopsoas is; a small shift is enough, and a deep lunge only "
        "moves the strain to the back.",
        source=FUNCTIONAL_MOVEMENT,
        issue=14,
    ),
    Departure(
        title="Bird dog: the leg only to hip height, reaching back",
        place="exercise:bird-dog",
        changes=(
            (
                "keeping your hips level and your core tight. Hold the position",
                "keeping your hips level and your core tight. Lift the leg only to "
                "hip height, reaching back with the heel rather than up. Hold the "
                "position",
            ),
        ),
        why="Lifting the leg above hip height arches the lower back and tips the "
        "pelvis forward, loading the lower back and the front of the hip; reaching "
        "back keeps the line long. Padding the knees and starting with one limb at "
        "a time are in the safety cues and the progression.",
        source=f"{BIRD_DOG_HEIGHT} ; {BIRD_DOG_LENGTH}",
        issue=14,
    ),
    Departure(
        title="Bird dog: a hold of 3 to 10 seconds per rep",
        place="exercise:bird-dog",
        changes=(
            (
                "Hold the position for a few seconds",
                "2–3 sets of 10–15 reps; hold each rep 3–10 seconds, each side",
            ),
        ),
        why='The seed says "a few seconds" and to increase the hold, without '
        "numbers. The dose starts at 3 s and stops at 10 s, the hold at which a "
        "published bird dog progression moves on to a harder exercise; hold time "
        "grows first, then reps, then sets.",
        source=BIRD_DOG_HOLD,
        issue=14,
    ),
    Departure(
        title="Glute bridge: straighten one knee, not the leg straight up",
        place="exercise:glute-bridge-with-hip-extension",
        changes=(
            (
                "extend your right leg straight up, keeping your knee slightly bent.",
                "straighten one knee so that leg lines up with the other thigh, "
                "pelvis level.",
            ),
            (
                "this time extending your left leg.",
                "this time straightening the other knee.",
            ),
        ),
        why='"Extend your right leg straight up" reads as holding the leg in the '
        "air: a long-lever load on the hip flexors that can provoke a painful "
        "iliopsoas. A straight knee in line with the other thigh, pelvis level, is "
        "the single-leg bridge physiotherapists teach.",
        source=BRIDGE_LEG,
        issue=14,
    ),
    Departure(
        title="Guide: the glute bridge straightens one knee, two legs to start",
        place="section:exercises-for-relief",
        changes=(
            (
                "lift the hips towards the ceiling and extend one leg straight up, "
                "squeezing the glutes at the top position.",
                "lift the hips towards the ceiling and straighten one knee so that "
                "leg lines up with the other thigh, pelvis level, squeezing the "
                "glutes at the top position. A two-leg bridge, both feet staying on "
                "the floor, is the easier start.",
            ),
        ),
        why="The same as the exercise: no leg held up in the air, and an easier "
        "start for someone whose pain or strength does not yet allow one leg.",
        source=BRIDGE_LEG,
        issue=14,
    ),
    Departure(
        title="Glute bridge: a hold of 3 to 10 seconds per rep",
        place="exercise:glute-bridge-with-hip-extension",
        changes=(
            (
                "gradually increasing the hold time at the top position as you get "
                "stronger",
                "2–3 sets of 10–15 reps; hold each rep 3–10 seconds, each side",
            ),
        ),
        why="The seed asks for a hold at the top without a number. A physiotherapy "
        "bridge holds the top for 3 to 5 seconds; the 10-second ceiling is "
        "psoasapp's decision, the same as the bird dog's.",
        source=BRIDGE_HOLD,
        issue=14,
    ),
    Departure(
        title="Claims softened: exercises can help, not effectively reduce",
        place="section:exercises-for-relief",
        changes=(
            (
                "can effectively reduce pain and promote long-term hip health.",
                "can help reduce pain and support long-term hip health.",
            ),
            (
                "is a simple yet effective exercise",
                "is a simple exercise",
            ),
            (
                "allows the iliopsoas to lengthen",
                "can help the iliopsoas lengthen",
            ),
            (
                "works the iliopsoas and improves hip stability.",
                "works the iliopsoas and can help improve hip stability.",
            ),
            (
                "is an effective exercise that strengthens the glutes and hamstrings, "
                "reducing stress",
                "is an exercise that strengthens the glutes and hamstrings, which can "
                "reduce stress",
            ),
            (
                "This exercise not only strengthens the posterior chain but also "
                "improves hip stability.",
                "This exercise strengthens the posterior chain and can help improve "
                "hip stability.",
            ),
        ),
        why="No exercise is known to reduce iliopsoas pain for everyone; the guide "
        "says what exercise can do, not what it will do.",
        source="",
        issue=14,
    ),
    Departure(
        title="Hip flexor stretch: claims softened",
        place="exercise:hip-flexor-stretch",
        changes=(
            (
                "The hip flexor stretch is a fundamental exercise for alleviating "
                "iliopsoas pain by",
                "The hip flexor stretch can help ease iliopsoas pain by",
            ),
            (
                "allows the iliopsoas to lengthen",
                "can help the iliopsoas lengthen",
            ),
        ),
        why="The same as the guide: what the stretch can do, not what it will do.",
        source="",
        issue=14,
    ),
    Departure(
        title="Bird dog: claims softened, the iliopsoas among other muscles",
        place="exercise:bird-dog",
        changes=(
            (
                "The bird dog exercise is an effective core strengthening exercise "
                "that targets the iliopsoas muscle, helping to improve stability",
                "The bird dog exercise is a core strengthening exercise that works "
                "the iliopsoas among other muscles, and can help improve stability",
            ),
            (
                "works the iliopsoas and improves hip stability.",
                "works the iliopsoas and can help improve hip stability.",
            ),
        ),
        why="The bird dog works the core with the muscles around the hip; it does "
        "not single out the iliopsoas, and it can help rather than surely help.",
        source="",
        issue=14,
    ),
    Departure(
        title="Glute bridge: claims softened",
        place="exercise:glute-bridge-with-hip-extension",
        changes=(
            (
                "reducing stress on the iliopsoas and alleviating pain.",
                "which can reduce stress on the iliopsoas and help ease pain.",
            ),
            (
                "This exercise not only strengthens the posterior chain but also "
                "improves hip stability.",
                "This exercise strengthens the posterior chain and can help improve "
                "hip stability.",
            ),
        ),
        why="The same as the guide: what the exercise can do, not what it will do.",
        source="",
        issue=14,
    ),
    Departure(
        title="Introduction: a guide, not an article; no promise of effective relief",
        place="section:introduction",
        changes=(
            (
                "Iliopsoas Pain: A Comprehensive Guide to Effective Relief and "
                "Prevention",
                "Iliopsoas Pain: A Guide to Relief and Prevention",
            ),
            (
                "Empowering You to Understand, Relieve, and Prevent Iliopsoas "
                "Discomfort",
                "Helping you understand iliopsoas discomfort, and what can help "
                "relieve and prevent it.",
            ),
            (
                "This comprehensive article delves",
                "This guide delves",
            ),
            (
                "effective exercises for relief,",
                "exercises that can help relieve it,",
            ),
            (
                "This article will delve into the muscle’s structure",
                "This guide covers the muscle's structure",
            ),
        ),
        why="The site is a guide in sections, not one article; and it offers "
        "exercises that can help, without promising relief.",
        source="",
        issue=14,
    ),
    Departure(
        title="Introduction and causes: groin and hip pain has many causes",
        place="section:causes",
        changes=(
            (
                "can manifest as iliopsoas pain.",
                "can manifest as iliopsoas pain.\n\n"
                "Pain in the groin and at the front of the hip has many possible "
                "causes besides the iliopsoas: the hip joint itself, the adductor "
                "muscles of the inner thigh, the inguinal region, the pubic bone, the "
                "lower back, and conditions outside the muscles and joints. Even "
                "specialists find them hard to tell apart, and have agreed on common "
                "names for them to make this easier (the Doha agreement on groin pain "
                "in athletes). This site cannot tell them apart: it offers general "
                "information and exercises, not a diagnosis.",
            ),
        ),
        why="An addition: experts agree that groin pain has several causes that "
        "are hard to tell apart even in a clinic, and this site cannot tell them "
        "apart; it gives information, not a diagnosis. The introduction says so "
        "in one sentence too.",
        source=DOHA,
        issue=14,
    ),
    Departure(
        title="Introduction: this site cannot tell the causes apart",
        place="section:introduction",
        changes=(
            (
                "posture and balance.",
                "posture and balance.\n\n"
                "Groin and hip pain has many possible causes, and this site cannot "
                "tell them apart: it offers general information and exercises, not a "
                "diagnosis.",
            ),
        ),
        why="An addition, so that the first page a reader opens says it too.",
        source=DOHA,
        issue=14,
    ),
    Departure(
        title="Prevention and recovery: everyday life, not a daily routine",
        place="section:prevention-and-recovery",
        changes=(
            (
                "into your daily routine. Here are some practical tips to help you "
                "manage iliopsoas pain effectively:",
                "into your everyday life. Here are some practical tips that can help "
                "you manage iliopsoas pain:",
            ),
        ),
        why='"Daily routine" read as if the exercise routine were daily, while '
        "the plan asks for three sessions a week; and the tips can help, without "
        "promising to manage the pain effectively.",
        source="",
        issue=14,
    ),
    Departure(
        title="Tips: warm-up and muscle balance can help",
        place="tip:prevention:1",
        changes=(
            (
                "help prepare the iliopsoas muscle for movement and reduce the risk "
                "of strain.",
                "can help prepare the iliopsoas muscle for movement and may reduce "
                "the risk of strain.",
            ),
        ),
        why="What a warm-up can do, not what it will do.",
        source="",
        issue=14,
    ),
    Departure(
        title="Tips: muscle balance can help",
        place="tip:prevention:3",
        changes=(
            (
                "help reduce stress on the iliopsoas.",
                "can help reduce stress on the iliopsoas.",
            ),
        ),
        why="What strong supporting muscles can do, not what they will do.",
        source="",
        issue=14,
    ),
    Departure(
        title="Tips: rest means relative rest",
        place="tip:recovery:1",
        changes=(
            (
                "allow your muscles time to heal.",
                "allow your muscles time to heal. This means relative rest: keep "
                "active within comfortable limits rather than resting completely.",
            ),
        ),
        why="An addition: the pain-monitoring model keeps people active within "
        "limits they can tolerate; complete rest is not the advice, and the quiz's "
        "question 5 now says the same.",
        source="https://bim.physio/the-pain-monitoring-model/",
        issue=14,
    ),
    Departure(
        title="Tips: the bird dog is strengthening, not a stretch",
        place="tip:recovery:3",
        changes=(
            (
                "such as the hip flexor stretch and the bird dog stretch.",
                "such as the hip flexor stretch, alongside strengthening exercises "
                "such as the bird dog.",
            ),
        ),
        why="The seed's own exercise section calls the bird dog a core "
        "strengthening exercise.",
        source="",
        issue=12,
    ),
    Departure(
        title="Numbness or tingling: no promise to prevent nerve damage",
        place="warning:numbness-or-tingling",
        changes=(
            (
                "to determine the cause and prevent further nerve damage.",
                "to determine the cause.",
            ),
        ),
        why="An evaluation finds the cause; it cannot promise to prevent damage, "
        "and the promise could delay help for a sign that is not nerve damage.",
        source="",
        issue=14,
    ),
    Departure(
        title="When to seek medical attention: how soon, in three tiers",
        place="section:when-to-seek-medical-attention",
        changes=(
            (
                "While most cases of iliopsoas pain",
                "How soon to get help depends on what you notice.\n\n"
                "Emergency, now (A&E or your local emergency number): numbness in the "
                "groin or buttocks, new bladder or bowel problems, or weakness in "
                "both legs; being unable to bear weight on the leg, or a leg that "
                "looks deformed, after a fall; fever with a hot, red or swollen hip, "
                "or feeling very unwell.\n\n"
                "Same day (your GP or an urgent advice line): fever or chills with hip "
                "pain; new weakness in one leg; sudden severe pain, with or without an "
                "injury; new hip pain with a history of cancer; pain at night or at "
                "rest that wakes you. With a history of cancer, long-term steroids or "
                "osteoporosis, or if you are under 18, the signs listed under Soon "
                "call for advice the same day too.\n\n"
                "Soon, within 1-2 weeks (your GP or a physiotherapist): numbness or "
                "tingling in the hip or leg, without the emergency signs above; "
                "unexplained weight loss; reduced function, such as trouble walking or "
                "climbing stairs; groin pain that gets worse with running or "
                "weight-bearing, which may be a stress fracture; a pain score of 8 or "
                "more out of 10, or pain of 7 or more that persists; no improvement "
                "after 6 weeks (your 7-day average pain has not fallen by 2 points or "
                "30 %).\n\n"
                "While most cases of iliopsoas pain",
            ),
        ),
        why="An addition before the seed's five warning signs, which stay as they "
        "are: which signs need emergency help now, which the same day, and which "
        "within one to two weeks, the same tiers as the journal's alerts.",
        source=GLOUCESTERSHIRE,
        issue=14,
    ),
    Departure(
        title="The routine: three times a week, not daily",
        place="routine:iliopsoas-relief",
        changes=(
            (
                "into a regular routine",
                "A short routine to do three times a week",
            ),
        ),
        why='The seed asks for a "regular routine" without a frequency; the '
        "routine says three times a week, the journal's default weekly target, "
        "with rest days between sessions for gradual progression.",
        source="",
        issue=12,
    ),
)

import datetime
import uuid
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.html import format_html

from . import rules, triage, zones
from .models import Effort, PainSide, Plan, Reminder, ReminderKind, Trigger
from .models.entries import (
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    MEDICATION_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    TRIGGER_OTHER_MAX_LENGTH,
    CheckIn,
    Side,
)
from .models.plan import MAX_WEEKLY_TARGET, TIME_ZONE_INVALID
from .models.reminders import EVERY_DAY
from .progression import Dose
from .reminders import rules as reminder_rules
from .services import Diary

PAIN_ANCHORS = {0: "no pain", 10: "worst pain imaginable"}
PAIN_CHOICES = [
    (score, f"{score} – {PAIN_ANCHORS[score]}" if score in PAIN_ANCHORS else str(score))
    for score in range(11)
]


class PainRow(forms.RadioSelect):
    """The 0-10 scale as one row of large tap targets (journal/css/journal.css,
    div.pain-scale): native radios, so arrow keys move along the row. Each label
    shows its number; those of 0 and 10 show their anchor under the row too,
    and a score's accessible name stays "0 – no pain", as in PAIN_CHOICES."""

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        anchor = PAIN_ANCHORS.get(value)
        option["label"] = (
            format_html(
                '<span class="pain-number">{}</span><span class="pain-anchor">'
                '<span class="visually-hidden"> – </span>{}</span>',
                value,
                anchor,
            )
            if anchor
            else format_html('<span class="pain-number">{}</span>', value)
        )
        return option


def pain_field(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        widget=PainRow(attrs={"class": "pain-scale"}),
        help_text=help_text,
        error_messages={
            "required": "Choose a pain score from 0 (no pain) to 10 (worst pain "
            "imaginable).",
            "invalid_choice": "Choose a whole number from 0 to 10.",
        },
    )


class UncutCharField(forms.CharField):
    """Text of at most `max_length` characters whose input has no `maxlength`:
    a browser would cut a longer paste short without a word, so the form says
    how long it is instead, and keeps every character."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class NotesField(UncutCharField):
    """Optional notes of at most NOTES_MAX_LENGTH characters (no `maxlength`,
    see UncutCharField)."""


def notes_field() -> forms.CharField:
    return NotesField(
        label="Notes (optional)",
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"At most {NOTES_MAX_LENGTH:,} characters.",
        error_messages={
            "max_length": f"Notes can be at most {NOTES_MAX_LENGTH:,} characters; "
            "these have %(show_value)s. Shorten them, then save again: nothing "
            "was saved yet."
        },
    )


class JournalDateField(forms.DateField):
    """A date in the user's journal: not in their future, not before 2000.

    `keep` is the date an entry being edited already has: it stays valid even
    when it is after `today` (the user moved to a zone west of the one the
    entry was made in; an entry keeps the date it was given). A new entry's
    date input carries data-server-today, so that timezone.js can set the
    browser's own date while the user's zone is not known yet."""

    def __init__(
        self, *, today: datetime.date, keep: datetime.date | None = None, **kwargs
    ):
        self.today = today
        self.keep = keep
        earliest, latest = rules.date_bounds(today, keep)
        attrs = {"type": "date", "min": earliest.isoformat(), "max": latest.isoformat()}
        if keep is None:
            attrs["data-server-today"] = today.isoformat()
        kwargs.setdefault("widget", forms.DateInput(attrs=attrs, format="%Y-%m-%d"))
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Enter a real date, such as 2026-03-14."},
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            rules.check_date(value, today=self.today, keep=self.keep)


# The hidden input that carries the browser's zone (psoasapp/js/timezone.js).
BROWSER_TIME_ZONE = "time_zone"


def browser_time_zone(data) -> str | None:
    """The zone a form's data says the browser is in, if the plan may store it:
    read before the form validates, because the date it checks depends on it."""
    return zones.accepted_time_zone(data.get(BROWSER_TIME_ZONE)) if data else None


class BrowserTimeZoneField(forms.CharField):
    """The browser's time zone, filled in by timezone.js. Never an error: a
    missing or unusable value (no script, a name the server does not know) is
    simply not used."""

    widget = forms.HiddenInput(attrs={"data-browser-time-zone": ""})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value) -> str:
        return zones.accepted_time_zone(value) or ""


class BrowserTimeZoneMixin:
    """For the forms that create journal entries: their hidden `time_zone`
    input lets the first entry set the plan's zone (services.plan_time_zone_adopt)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[BROWSER_TIME_ZONE] = BrowserTimeZoneField()


def _ticked(triggers) -> list:
    """The tags ticked, as a list. None ticked (most check-ins) is the
    field's empty queryset: answered without running it through the ORM's
    compiler, which took longer than the rest of the form's cleaning."""
    if isinstance(triggers, QuerySet) and triggers.query.is_empty():
        return []
    return list(triggers)


class CheckInForm(BrowserTimeZoneMixin, forms.Form):
    """A new check-in, or an edit of `instance`.

    A new check-in's form carries a one-time token, so that the same form sent
    twice saves once. It never replaces another check-in of the same date
    unseen: the view then calls `date_taken`, which shows that check-in and
    asks for `replace`, a checkbox whose value is the date it confirms (so a
    tick given for one date never replaces another)."""

    date = forms.DateField()  # replaced in __init__, with the user's today
    pain_score = pain_field(
        "Average pain over the last 24 hours",
        "Numeric Pain Rating Scale: 0 = no pain, 10 = worst pain imaginable.",
    )
    side = forms.ChoiceField(
        label="Which hip? (optional)",
        choices=[*PainSide.choices, ("", "Not said")],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choice-row choice-grid"}),
        # The label is a question: no colon after it.
        label_suffix="",
        error_messages={
            "invalid_choice": "Choose the left hip, the right hip, both hips, or "
            "“Not said”."
        },
    )
    triggers = forms.ModelMultipleChoiceField(
        label="What made it worse today? (optional)",
        queryset=Trigger.objects.none(),  # set in __init__
        required=False,
        label_suffix="",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-row"}),
        error_messages={
            "invalid_choice": "One of the ticked choices is not offered any more. "
            "Tick those shown, or write it under “Something else”.",
            "invalid_pk_value": "Tick the choices shown.",
        },
    )
    trigger_other = UncutCharField(
        label="Something else (optional)",
        required=False,
        max_length=TRIGGER_OTHER_MAX_LENGTH,
        help_text="A word or two.",
        error_messages={
            "max_length": f"Say it in at most {TRIGGER_OTHER_MAX_LENGTH} "
            "characters (this has %(show_value)s): a word or two is enough."
        },
    )
    medication = UncutCharField(
        label="Medication or treatment taken (optional)",
        required=False,
        max_length=MEDICATION_MAX_LENGTH,
        help_text="What you took or used for your hip, as you would tell your "
        "clinician. What you wrote before is offered as you type.",
        # The list of the person's earlier entries (check_in_form.html).
        widget=forms.TextInput(
            attrs={"list": "medication-suggestions", "autocomplete": "off"}
        ),
        error_messages={
            "max_length": f"Keep it to {MEDICATION_MAX_LENGTH} characters (this "
            "has %(show_value)s). Put anything longer in the notes."
        },
    )
    notes = notes_field()
    token = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "This form is incomplete. Please reload the page."},
    )
    replace = forms.CharField(required=False)

    def __init__(
        self, *args, today: datetime.date, instance: CheckIn | None = None, **kwargs
    ):
        self.instance = instance
        # The check-in already saved for the chosen date, when saving would
        # replace it (see date_taken).
        self.existing: CheckIn | None = None
        super().__init__(*args, **kwargs)
        self.fields["date"] = JournalDateField(
            today=today,
            keep=instance.date if instance else None,
            initial=instance.date if instance else today,
        )
        self.order_fields(["date", "pain_score"])
        # The tags offered, and a retired one only on an edit of a check-in
        # that has it (so that it stays shown, ticked, and can be unticked).
        offered = Q(is_active=True)
        if instance is not None:
            offered |= Q(pk__in=instance.triggers.values("pk"))
        self.fields["triggers"].queryset = Trigger.objects.filter(offered).order_by(
            "position", "name"
        )
        # The questions asked, and a retired one only on an edit of a check-in
        # that has it ticked (so that it can be corrected).
        self.questions = [
            question
            for question in triage.QUESTIONS
            if question.asked
            or (instance is not None and getattr(instance, question.field))
        ]
        for question in self.questions:
            self.fields[question.field] = forms.BooleanField(
                label=question.label[0].upper() + question.label[1:],
                required=False,
                # A checkbox's label follows it: no colon.
                label_suffix="",
            )
        if instance is not None:
            del self.fields["token"], self.fields["replace"]
            self.initial.update(
                {
                    "pain_score": instance.pain_score,
                    "notes": instance.notes,
                    "side": instance.side,
                    "triggers": [trigger.pk for trigger in instance.triggers.all()],
                    "trigger_other": instance.trigger_other,
                    "medication": instance.medication,
                    **{q.field: getattr(instance, q.field) for q in self.questions},
                }
            )
        else:
            self.initial.setdefault("token", uuid.uuid4())

    @property
    def warning_sign_fields(self):
        return [self[question.field] for question in self.questions]

    @property
    def sign_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The questions under the guide's five warning signs, in its order:
        (the sign's slug, its title, its questions' fields)."""
        return [
            (
                slug,
                title,
                [self[q.field] for q in self.questions if q.sign == slug],
            )
            for slug, title in triage.SIGNS
        ]

    def entry(self) -> dict:
        """The cleaned values, as the check-in services take them."""
        data = self.cleaned_data
        entry = {
            "date": data["date"],
            "pain_score": data["pain_score"],
            "notes": data["notes"],
            "signs": {q.field: data[q.field] for q in self.questions},
            "diary": Diary(
                side=data["side"],
                triggers=_ticked(data["triggers"]),
                trigger_other=data["trigger_other"],
                medication=data["medication"],
            ),
        }
        if self.instance is None:
            entry["token"] = data["token"]
            entry["replace"] = data["replace"] == data["date"].isoformat()
        return entry

    def clean_date(self):
        date = self.cleaned_data["date"]
        if self.instance is not None and date != self.instance.date:
            existing = CheckIn.objects.filter(
                user_id=self.instance.user_id, date=date
            ).first()
            if existing is not None:
                self.existing = existing
                raise forms.ValidationError(self._taken_message(existing))
        return date

    def _taken_message(self, existing: CheckIn) -> str:
        day = date_format(existing.date, "l j F Y")
        if self.instance is not None:
            return (
                f"You already have a check-in for {day}. Choose another date, "
                "or edit that check-in instead."
            )
        return (
            f"You already have a check-in for {day}, shown below. Saving this "
            "form would replace it: tick “Replace that check-in with this one” "
            "to do so, or edit that check-in instead."
        )

    def date_taken(self, existing: CheckIn | None) -> None:
        """Show that the date has another check-in (the service refused to
        replace it), with its values and the choice to replace or edit it."""
        if existing is None:  # it was deleted meanwhile
            self.add_error(
                "date",
                "This date's check-in just changed. Send the form again to save yours.",
            )
            return
        self.existing = existing
        self.add_error("date", self._taken_message(existing))


class CheckInFormHidden(BrowserTimeZoneMixin, forms.Form):
    """A CheckInForm's hidden inputs alone, as it draws them: a new one's
    one-time token (`token`) and the browser's zone. For the check-in pages
    whose other fields are kept as HTML (journal.cache.check_in_form): the
    inputs drawn for each request, without building every field."""

    token = CheckInForm.base_fields["token"]

    def __init__(self, *, token: bool):
        super().__init__(initial={"token": uuid.uuid4()} if token else {})
        if not token:
            del self.fields["token"]


def _count_field(label: str, maximum: int, required_message: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        required=False,  # checked in SessionForm.clean, which knows the sets
        widget=forms.NumberInput(
            attrs={"min": 0, "max": maximum, "inputmode": "numeric", "class": "count"}
        ),
        error_messages={
            "invalid": required_message,
            "min_value": required_message,
            "max_value": f"Enter at most {maximum}.",
        },
    )


def exercise_pain_field(title: str) -> forms.TypedChoiceField:
    """The optional pain of one exercise: blank, the session's pain counts."""
    return forms.TypedChoiceField(
        label=f"Pain during {title} (optional)",
        choices=[("", "Not given"), *PAIN_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="0 = no pain, 10 = worst pain imaginable. Leave it blank and "
        "your pain during the whole session counts for this exercise.",
        error_messages={
            "invalid_choice": "Choose a pain score from 0 to 10, or leave it "
            "blank to use your pain during the whole session.",
        },
    )


@dataclass(frozen=True)
class DoseExercise:
    """One exercise a SessionForm asks about: from the routine's plan (a new
    session), or from a past session's recorded rows (an edit)."""

    exercise_id: int
    title: str
    # The sides it has rows for, each with the dose planned and the one the
    # fields start with.
    sides: list[tuple[str, Dose, Dose]]
    # The initial pain of the exercise (an edit), if one was recorded.
    pain: int | None = None
    # selectors.ExercisePlan for a new session: the player shows its suggestion.
    plan: object | None = None

    @classmethod
    def from_plan(cls, plan) -> "DoseExercise":
        return cls(
            plan.exercise.pk,
            plan.exercise.title,
            [(side, plan.dose, plan.dose) for side in plan.sides],
            plan=plan,
        )

    @classmethod
    def from_rows(cls, rows) -> list["DoseExercise"]:
        """A past session's rows, by exercise in the order recorded, under the
        titles recorded: every row, whatever became of the exercise since."""
        grouped: dict[int, list] = {}
        for row in rows:
            grouped.setdefault(row.exercise_id, []).append(row)
        return [
            cls(
                exercise_id,
                same[0].exercise_title,
                [(row.side, row.planned, row.done) for row in same],
                pain=max(
                    (row.pain for row in same if row.pain is not None), default=None
                ),
            )
            for exercise_id, same in grouped.items()
        ]


@dataclass(frozen=True)
class DoseGroup:
    """One exercise's fields in a SessionForm: its dose rows (one per side)
    and its optional pain."""

    exercise: DoseExercise
    rows: list["DoseRow"]
    pain: forms.BoundField

    @property
    def plan(self):
        return self.exercise.plan


@dataclass(frozen=True)
class DoseRow:
    """The fields of one exercise (and side) in a SessionForm."""

    exercise: DoseExercise
    side: str
    sets: forms.BoundField
    reps: forms.BoundField | None
    hold: forms.BoundField | None

    @property
    def side_label(self) -> str:
        return Side(self.side).label if self.side else ""

    @property
    def fields(self) -> list[forms.BoundField]:
        return [field for field in (self.sets, self.reps, self.hold) if field]


class SessionForm(BrowserTimeZoneMixin, forms.Form):
    """Finish a guided session, log one done elsewhere, or edit one.

    A new session (`plans`, from selectors.advice): for each of the routine's
    published exercises, and each side when it is done per side, the sets done
    and the reps or hold seconds of each set, pre-filled with the dose
    suggested. An edit (`rows`, the session's recorded rows): exactly the rows
    recorded, under the titles and with the planned doses recorded, pre-filled
    with the dose done, whatever the routine and its exercises are now. 0 sets
    records a skip. `date` is only asked when the session is not being
    recorded for today; `token` (a new form's one-time token) only when it
    makes a session.

    An edit's row whose sets field is not in the data at all (a form from
    before, or one that did not show it) is left out of `entry()`: the service
    keeps it as it is.

    Staff may edit the content while a person fills a new session's form. The
    form carries the routine it was shown for (`routine`: a hidden, signed
    `routine_key` the view reads back with `routine_sent`, so a slug changed
    or the routine unpublished since does not lose the session). Sent, it is
    built from plans that include the routine's unpublished exercises
    (selectors.advice(unpublished=True)): one it holds fields for was offered
    when the form was shown, and is read and recorded; one it holds none for
    was unpublished before, and is not asked about."""

    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is incomplete. Please reload the page.",
            "invalid": "This form is incomplete. Please reload the page.",
        },
    )
    pain_during = pain_field(
        "Pain during the session",
        "0 = no pain, 10 = worst pain imaginable. Your answer guides the next dose.",
    )
    effort = forms.ChoiceField(
        label="How hard did it feel?",
        choices=Effort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how hard the session felt."},
    )
    duration_minutes = forms.IntegerField(
        label="Duration in minutes (optional)",
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        widget=forms.NumberInput(attrs={"min": 1, "max": 600, "inputmode": "numeric"}),
        error_messages={"invalid": "Enter a whole number of minutes, such as 12."},
    )
    notes = notes_field()

    def __init__(
        self,
        *args,
        plans=(),
        today: datetime.date | None = None,
        rows=None,
        token: bool = True,
        routine=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.editing = rows is not None
        if token:
            self.initial.setdefault("token", uuid.uuid4())
        else:
            del self.fields["token"]
        self.routine = routine
        if routine is not None:
            self.fields["routine_key"] = forms.CharField(
                widget=forms.HiddenInput, required=False
            )
            self.initial["routine_key"] = routine_key(routine)
        # The plans the form asks about (the player shows them): a sent form's
        # unpublished exercises only when it holds their fields.
        self.plans = [
            plan
            for plan in plans
            if plan.exercise.is_published or (self.is_bound and self._sent(plan))
        ]
        if self.editing:
            self.exercises = DoseExercise.from_rows(rows)
        else:
            plans = self.plans
            seen: set[int] = set()
            self.exercises = []
            for plan in plans:
                if plan.exercise.pk in seen:
                    continue  # an exercise twice in a routine counts once
                seen.add(plan.exercise.pk)
                self.exercises.append(DoseExercise.from_plan(plan))
        self._doses: list[tuple[DoseExercise, str, str]] = []
        for exercise in self.exercises:
            name = self.pain_name(exercise)
            self.fields[name] = exercise_pain_field(exercise.title)
            if exercise.pain is not None:
                self.initial.setdefault(name, exercise.pain)
            for side, planned, initial in exercise.sides:
                prefix = dose_prefix(exercise.exercise_id, side)
                self._doses.append((exercise, side, prefix))
                self._add_dose_fields(exercise, side, prefix, planned, initial)
        # An edit's rows the sent form did not hold: kept as they are, and
        # listed (read-only) should the form be shown again.
        self.kept = []
        if self.editing and self.is_bound:
            sent = [dose for dose in self._doses if f"{dose[2]}_sets" in self.data]
            sent_keys = {(exercise.exercise_id, side) for exercise, side, _ in sent}
            self.kept = [
                row for row in rows if (row.exercise_id, row.side) not in sent_keys
            ]
            self._doses = sent
        if today is not None:
            self.fields["date"] = JournalDateField(
                label="Date",
                today=today,
                # An edit's date stays valid; a new form's initial date (one
                # kept from a form that could not be recorded) is only a start.
                keep=self.initial.get("date") if self.editing else None,
                initial=self.initial.get("date", today),
            )
            self.order_fields(["date"])

    def _add_dose_fields(
        self, exercise: DoseExercise, side: str, prefix: str, planned, initial
    ) -> None:
        title = exercise.title + (f" ({Side(side).label.lower()})" if side else "")
        self.fields[f"{prefix}_sets"] = _count_field(
            "Sets done",
            MAX_SETS,
            f"Enter the sets of {title} you finished, from 0 (skipped) up.",
        )
        # Required (0 records a skip), checked in clean(); the attribute gives
        # it site.css's "(required)" like every other required field.
        self.fields[f"{prefix}_sets"].widget.attrs["required"] = True
        self.initial.setdefault(f"{prefix}_sets", initial.sets)
        if planned.reps:
            self.fields[f"{prefix}_reps"] = _count_field(
                "Reps in each set",
                MAX_REPS,
                f"Enter the reps of {title} you did in each set, such as "
                f"{planned.reps}.",
            )
            self.initial.setdefault(f"{prefix}_reps", initial.reps or planned.reps)
        if planned.hold_seconds:
            self.fields[f"{prefix}_hold"] = _count_field(
                "Seconds held" + (" each rep" if planned.reps else " in each set"),
                MAX_HOLD_SECONDS,
                f"Enter the seconds you held {title}, such as {planned.hold_seconds}.",
            )
            self.initial.setdefault(
                f"{prefix}_hold", initial.hold_seconds or planned.hold_seconds
            )

    @property
    def doses(self) -> list[DoseRow]:
        """The dose fields, per exercise and side, in the routine's order (an
        edit's: in the order recorded)."""
        return [
            DoseRow(
                exercise,
                side,
                self[f"{prefix}_sets"],
                self[f"{prefix}_reps"] if f"{prefix}_reps" in self.fields else None,
                self[f"{prefix}_hold"] if f"{prefix}_hold" in self.fields else None,
            )
            for exercise, side, prefix in self._doses
        ]

    @staticmethod
    def pain_name(exercise: DoseExercise) -> str:
        return f"pain_{exercise.exercise_id}"

    def _sent(self, plan) -> bool:
        """Whether the sent data holds a dose field of `plan`'s exercise."""
        return any(
            f"{dose_prefix(plan.exercise.pk, side)}_sets" in self.data
            for side in plan.sides
        )

    @staticmethod
    def routine_sent(data) -> int | None:
        """The id of the routine a sent form was shown for: None when the form
        carries none (one from before the key existed) or one this site did not
        sign (its field then asks for a reload)."""
        try:
            return int(_ROUTINE_SIGNER.unsign(data.get("routine_key", "")))
        except (signing.BadSignature, ValueError):
            return None

    def clean_routine_key(self) -> str:
        value = self.cleaned_data["routine_key"]
        if value and self.routine_sent(self.data) != self.routine.pk:
            raise forms.ValidationError(
                "This form is incomplete. Please reload the page."
            )
        return value

    @property
    def dose_groups(self) -> list[DoseGroup]:
        """The dose rows grouped by exercise, with the exercise's pain."""
        groups: list[DoseGroup] = []
        for row in self.doses:
            if groups and groups[-1].exercise is row.exercise:
                groups[-1].rows.append(row)
            else:
                groups.append(
                    DoseGroup(row.exercise, [row], self[self.pain_name(row.exercise)])
                )
        return groups

    @property
    def other_fields(self) -> list[forms.BoundField]:
        """The fields after the doses: pain, effort, duration and notes."""
        names = ("pain_during", "effort", "duration_minutes", "notes")
        return [self[name] for name in names]

    def entry(self) -> dict:
        """The cleaned values, as the session services take them (with `date`
        only when the form asks for it, `token` only when it has one)."""
        data = self.cleaned_data
        entry = {
            "done": {
                (exercise.exercise_id, side): Dose(
                    data[f"{prefix}_sets"],
                    data.get(f"{prefix}_reps"),
                    data.get(f"{prefix}_hold"),
                )
                for exercise, side, prefix in self._doses
            },
            "pains": {
                exercise.exercise_id: data.get(self.pain_name(exercise))
                for exercise, side, prefix in self._doses
            },
            "pain_during": data["pain_during"],
            "effort": data["effort"],
            "duration_minutes": data["duration_minutes"],
            "notes": data["notes"],
        }
        for name in ("date", "token"):
            if name in data:
                entry[name] = data[name]
        return entry

    def kept_values(self) -> dict:
        """What the person typed, as initial values for another form: for a
        sent form that cannot be recorded as it stands (its routine was
        deleted). The token stays behind: the new form gets its own."""
        return {
            name: self.data[name]
            for name in self.data
            if name in _KEPT_FIELDS or name.startswith(("dose_", "pain_"))
        }

    def _missing(self, name: str) -> None:
        self.add_error(name, self.fields[name].error_messages["invalid"])

    def clean(self):
        cleaned = super().clean()
        any_done = False
        for _exercise, _side, prefix in self._doses:
            sets_name = f"{prefix}_sets"
            if sets_name in self.errors:
                continue
            sets = cleaned.get(sets_name)
            if sets is None:
                self._missing(sets_name)
                continue
            any_done = any_done or sets > 0
            for unit in ("reps", "hold"):
                name = f"{prefix}_{unit}"
                if (
                    sets
                    and name in self.fields
                    and name not in self.errors
                    and not cleaned.get(name)
                ):
                    self._missing(name)
        if (
            self._doses
            and not any_done
            and not any(row.sets for row in self.kept)
            and not any(f"{prefix}_sets" in self.errors for _, _, prefix in self._doses)
        ):
            self.add_error(
                f"{self._doses[0][2]}_sets",
                "Record at least one exercise you did: every exercise has 0 sets.",
            )
        return cleaned


_KEPT_FIELDS = {"pain_during", "effort", "duration_minutes", "notes", "date"}


class SessionFormHidden(BrowserTimeZoneMixin, forms.Form):
    """A new SessionForm's hidden inputs alone, as it draws them: its one-time
    token, the browser's zone and the key of `routine`. For "log a session",
    whose other fields are kept as HTML (journal.cache.session_form_doses):
    the inputs drawn for each request, without building every dose field."""

    token = SessionForm.base_fields["token"]

    def __init__(self, *, routine):
        super().__init__(initial={"token": uuid.uuid4()})
        self.fields["routine_key"] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        self.initial["routine_key"] = routine_key(routine)


# Signs the routine a session form was shown for (SessionForm.routine_key): a
# sent form then names a routine by id, whatever became of its slug, and only
# one the site showed the person.
_ROUTINE_SIGNER = signing.Signer(salt="journal.session-form.routine")


def routine_key(routine) -> str:
    return _ROUTINE_SIGNER.sign(str(routine.pk))


def dose_prefix(exercise_id: int, side: str) -> str:
    """The start of the names of an exercise's (and side's) dose fields."""
    return f"dose_{exercise_id}" + (f"_{side}" if side else "")


class RoutineChoiceForm(forms.Form):
    routine = forms.ModelChoiceField(
        label="Routine",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the routines listed."},
    )

    def __init__(self, *args, routines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["routine"].queryset = routines


class TimeZoneChoiceField(forms.ChoiceField):
    """The offered zones, grouped by region; a legacy Region/City name a
    browser sent (Asia/Calcutta) is valid too, though not listed."""

    def valid_value(self, value) -> bool:
        return zones.accepted_time_zone(value) is not None


class HistoryField(forms.ChoiceField):
    """Yes, No or Prefer not to say, as True, False or None; not choosing is
    not answering (the empty string)."""

    YES, NO, UNSAID = "yes", "no", "prefer-not-to-say"

    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                (self.YES, "Yes"),
                (self.NO, "No"),
                (self.UNSAID, "Prefer not to say"),
            ],
            required=False,
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": "Choose Yes, No or Prefer not to say: nothing "
                "was saved yet."
            },
            **kwargs,
        )

    @classmethod
    def as_choice(cls, value: bool | None) -> str:
        return {True: cls.YES, False: cls.NO, None: cls.UNSAID}[value]

    @classmethod
    def as_answer(cls, choice: str) -> bool | None:
        return {cls.YES: True, cls.NO: False}.get(choice)


class PlanForm(forms.ModelForm):
    time_zone = TimeZoneChoiceField(
        label="Time zone",
        choices=(),
        error_messages={
            "required": "Choose your time zone: the place nearest to you.",
            "invalid_choice": TIME_ZONE_INVALID,
        },
    )
    weekly_target = forms.IntegerField(
        label="Weekly session target",
        min_value=1,
        max_value=MAX_WEEKLY_TARGET,
        help_text=f"Sessions you aim to do each week, from 1 to {MAX_WEEKLY_TARGET}.",
    )

    class Meta:
        model = Plan
        fields = ["weekly_target", "routine", "time_zone"]

    def __init__(self, *args, routines, **kwargs):
        super().__init__(*args, **kwargs)
        for history in triage.HISTORY:
            self.fields[history.field] = HistoryField(label=history.question)
            if self.instance.history_answered_at is not None:
                self.initial[history.field] = HistoryField.as_choice(
                    getattr(self.instance, history.field)
                )
        self.fields["routine"].queryset = routines
        self.fields["routine"].required = True
        self.fields["routine"].empty_label = None
        gone = self.instance.routine
        if gone is not None and not gone.is_published:
            self.fields["routine"].help_text = (
                f"“{gone.title}”, the routine you followed, is no longer offered: "
                "choose another."
            )
        time_zone = self.fields["time_zone"]
        time_zone.choices = zones.grouped_choices(extra=self.instance.time_zone)
        time_zone.help_text = (
            "Choose the place nearest to you, or one in the same zone. "
            + str(Plan._meta.get_field("time_zone").help_text)
        )
        # timezone.js adds a search box that narrows the list, and preselects
        # the browser's zone while none is chosen.
        time_zone.widget.attrs["data-zone-filter"] = ""
        if not self.instance.time_zone_known:
            time_zone.widget.attrs["data-zone-unknown"] = ""

    @property
    def history_fields(self) -> list[forms.BoundField]:
        return [self[history.field] for history in triage.HISTORY]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def plan_values(self) -> dict:
        """The cleaned values, as services.plan_update takes them: the history
        only when at least one of its questions was answered."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        choices = {history.field: data[history.field] for history in triage.HISTORY}
        if any(choices.values()):
            values["history"] = {
                field: HistoryField.as_answer(choice)
                for field, choice in choices.items()
            }
        return values


def _reminder_time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        # Browsers draw the field their own way: in a 12-hour one, typing
        # 0930 over 20:00 keeps PM and saves 21:30.
        help_text=(
            "Your local time, in the time zone above. If the field shows AM "
            "and PM, check that the right one is set."
        ),
        error_messages={
            "required": "Enter a time, such as 18:00.",
            "invalid": "Enter a time as hours and minutes, such as 18:00.",
        },
    )


class ReminderForm(forms.Form):
    """Both kinds of reminder on the reminders page, from `reminders` (the
    saved ones, or the defaults: selectors.reminders_of). One form, so that
    one error summary lists every problem; each field's name starts with its
    kind. It carries the browser's zone: saving adopts it while the plan's is
    not known (services.plan_time_zone_adopt), so reminders come at the
    person's own local time."""

    session_enabled = forms.BooleanField(
        label="Email me on my session days", required=False, label_suffix=""
    )
    session_days = forms.TypedMultipleChoiceField(
        label="Session days",
        choices=[(str(day), name) for day, name in enumerate(reminder_rules.DAY_NAMES)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose days from Monday to Sunday."},
    )
    session_time = _reminder_time_field("Session reminder time")
    check_in_enabled = forms.BooleanField(
        label="Email me a daily check-in reminder", required=False, label_suffix=""
    )
    check_in_time = _reminder_time_field("Check-in reminder time")

    def __init__(self, *args, reminders: dict[str, Reminder], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[BROWSER_TIME_ZONE] = BrowserTimeZoneField()
        for kind, reminder in reminders.items():
            self.initial.setdefault(f"{kind}_enabled", reminder.enabled)
            self.initial.setdefault(f"{kind}_time", reminder.time)
        session = reminders[ReminderKind.SESSION]
        self.initial.setdefault(
            "session_days", [str(day) for day in reminder_rules.weekdays(session.days)]
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("session_enabled")
            and not data.get("session_days")
            and "session_days" not in self.errors
        ):
            self.add_error(
                "session_days",
                "Choose at least one day, or turn session reminders off.",
            )
        return data

    def reminder_values(self) -> dict[str, dict]:
        """The cleaned values per kind, as services.reminder_update takes them."""
        data = self.cleaned_data
        return {
            ReminderKind.SESSION: {
                "enabled": data["session_enabled"],
                "days": reminder_rules.days_mask(data["session_days"]),
                "time": data["session_time"].replace(second=0, microsecond=0),
            },
            ReminderKind.CHECK_IN: {
                "enabled": data["check_in_enabled"],
                # Check-ins are daily: no choice of days.
                "days": EVERY_DAY,
                "time": data["check_in_time"].replace(second=0, microsecond=0),
            },
        }

    @property
    def browser_time_zone(self) -> str | None:
        return self.cleaned_data.get(BROWSER_TIME_ZONE) or None


# The function score (PSFS) -------------------------------------------------------
# Imported here, with the form, so that the file's head stays the other forms'.
from .models.function import (  # noqa: E402
    PSFS_ACTIVITY_MAX_LENGTH,
    PSFS_MAX_ACTIVITIES,
    PSFS_MIN_ACTIVITIES,
)
from .selectors.function import activity_key  # noqa: E402

# The scale's own anchors (Stratford et al. 1995; README, "Clinical basis").
PSFS_ANCHORS = {0: "unable to do it", 10: "able to do it as before the problem"}
PSFS_CHOICES = [
    ("", "Choose 0 to 10"),
    *(
        (
            score,
            f"{score} – {PSFS_ANCHORS[score]}" if score in PSFS_ANCHORS else str(score),
        )
        for score in range(11)
    ),
]


class FunctionForm(forms.Form):
    """A day's PSFS: up to PSFS_MAX_ACTIVITIES rows, each an activity the
    person's hip makes hard and how able they are to do it today, 0-10; at
    least PSFS_MIN_ACTIVITIES rows filled in.

    Five fixed rows rather than a formset: the scale never has more than five,
    so every row can be on the page from the start (no script to add one, no
    management form to tamper with or to lose on a reload), each field has its
    own id for the error summary's links, and the checks across rows (at
    least three, no activity twice) are one `clean`. Rows are kept in order
    and empty ones skipped, so a person may leave row 3 empty and fill row 4.

    `token` is the form's one-time token (the same form sent twice saves
    once); `day` is the person's today when the page was drawn, the day the
    page asked them to rate; `replacing` is the date whose score the page
    said saving would replace (empty when it said nothing). The view saves
    only for the day the page named, and over a day's score only when it
    matches `replacing`, so nothing is saved for another day or replaced
    unseen (another tab, or the day turning while the page was open)."""

    token = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "This form is incomplete. Please reload the page."},
    )
    day = forms.DateField(required=False, widget=forms.HiddenInput)
    replacing = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[forms.BoundField, forms.BoundField]] = []
        for position in range(PSFS_MAX_ACTIVITIES):
            number = position + 1
            optional = position >= PSFS_MIN_ACTIVITIES
            self.fields[f"activity_{position}"] = forms.CharField(
                label=f"Activity {number}{' (optional)' if optional else ''}",
                required=False,
                max_length=PSFS_ACTIVITY_MAX_LENGTH,
                widget=forms.TextInput(
                    attrs={"list": "psfs-suggestions", "autocomplete": "off"}
                ),
                error_messages={
                    "max_length": f"Name the activity in at most "
                    f"{PSFS_ACTIVITY_MAX_LENGTH} characters; this has "
                    "%(show_value)s."
                },
            )
            self.fields[f"ability_{position}"] = forms.TypedChoiceField(
                label=f"How able you are to do activity {number} today",
                choices=PSFS_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                error_messages={
                    "invalid_choice": "Choose a whole number from 0 (unable to do "
                    "it) to 10 (able to do it as before the problem)."
                },
            )
            self.rows.append(
                (self[f"activity_{position}"], self[f"ability_{position}"])
            )
        self.initial.setdefault("token", uuid.uuid4())

    def clean(self):
        data = super().clean()
        ratings: list[tuple[str, int]] = []
        seen: dict[str, int] = {}
        empty: list[int] = []
        filled = 0
        for position in range(PSFS_MAX_ACTIVITIES):
            activity_field, ability_field = (
                f"activity_{position}",
                f"ability_{position}",
            )
            # One name for what a person typed with odd spacing.
            activity = " ".join(data.get(activity_field, "").split())
            data[activity_field] = activity
            ability = data.get(ability_field)
            broken = activity_field in self.errors or ability_field in self.errors
            if not activity and ability is None and not broken:
                empty.append(position)
                continue
            filled += 1
            if broken:
                continue
            if not activity:
                self.add_error(
                    activity_field,
                    "Name the activity you rated, or set its rating back to "
                    "“Choose 0 to 10”.",
                )
            elif ability is None:
                self.add_error(
                    ability_field,
                    f"Rate “{activity}” from 0 (unable to do it) to 10 (able to "
                    "do it as before the problem), or clear its name.",
                )
            elif (key := activity_key(activity)) in seen:
                self.add_error(
                    activity_field,
                    f"“{activity}” is activity {seen[key] + 1} already: name "
                    "another one, or leave this row empty.",
                )
            else:
                seen[key] = position
                ratings.append((activity, ability))
        missing = PSFS_MIN_ACTIVITIES - filled
        for position in empty[: max(missing, 0)]:
            self.add_error(
                f"activity_{position}",
                f"Name at least {PSFS_MIN_ACTIVITIES} activities (you named "
                f"{filled}): the scale needs {PSFS_MIN_ACTIVITIES} to "
                f"{PSFS_MAX_ACTIVITIES}.",
            )
        self.ratings = ratings
        return data

    @classmethod
    def starting_from(cls, activities, *, abilities: bool = False, **kwargs):
        """A new form with `activities` (ActivityChange, in order) filled in:
        their names, and their ratings too when `abilities` (the day being
        rated again)."""
        initial = kwargs.pop("initial", {})
        for position, activity in enumerate(activities[:PSFS_MAX_ACTIVITIES]):
            initial[f"activity_{position}"] = activity.activity
            if abilities:
                initial[f"ability_{position}"] = activity.ability
        return cls(initial=initial, **kwargs)


class FunctionFormHidden(forms.Form):
    """A FunctionForm's hidden inputs alone, as it draws them: its one-time
    token, the day the page is for (`day`) and the day whose score saving
    replaces (`replacing`, or None). For the function page whose other
    fields are kept as HTML (journal.cache.function_page): the inputs drawn
    for each request, without building every field."""

    token = FunctionForm.base_fields["token"]
    day = FunctionForm.base_fields["day"]
    replacing = FunctionForm.base_fields["replacing"]

    def __init__(self, *, day: datetime.date, replacing: datetime.date | None):
        initial = {"token": uuid.uuid4(), "day": day}
        if replacing is not None:
            initial["replacing"] = replacing
        super().__init__(initial=initial)

"""Writes that carry rules: each is one transaction."""

import datetime
import secrets
import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core import rows
from exercises import selectors as content

from . import cache, selectors, triage, zones
from .models import (
    CalendarFeed,
    CheckIn,
    FunctionRating,
    FunctionScore,
    JournalVersion,
    Plan,
    Reminder,
    ReminderDelivery,
    ReportShare,
    Session,
    SessionExercise,
    Trigger,
)
from .models.entries import TITLE_MAX_LENGTH
from .models.function import PSFS_MAX_ACTIVITIES, PSFS_MIN_ACTIVITIES
from .models.sharing import SHARE_DAYS
from .progression import Dose


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    weekly_target: int,
    routine,
    time_zone: str,
    history: Mapping[str, bool | None] | None = None,
) -> Plan:
    """Save the plan's settings; `plan` may be the unsaved default of
    `selectors.plan_for`, and two first saves at once still make one row.

    `history`: the answers about a history that makes hip pain more urgent
    (triage.HISTORY fields; None: prefer not to say), when the form gave any;
    the plan then records that they were answered."""
    values = {
        "weekly_target": weekly_target,
        "routine": routine,
        "time_zone": time_zone,
        "time_zone_known": True,
    }
    if history is not None:
        values.update({field: history.get(field) for field in triage.HISTORY_FIELD})
        values["history_answered_at"] = plan.history_answered_at or timezone.now()
    for field, value in values.items():
        setattr(plan, field, value)
    plan.full_clean(validate_unique=False)
    before = (
        Plan.objects.filter(user=plan.user).values_list("time_zone", flat=True).first()
    )
    plan, _ = Plan.objects.update_or_create(user=plan.user, defaults=values)
    if before != time_zone:
        _reminders_rearm(user_id=plan.user_id)
    return plan


def _reminders_rearm(*, user_id: int) -> None:
    """The plan's zone changed: every reminder moved on the clock. As when
    one is moved by hand, a time already past today in the new zone starts
    tomorrow (else the next scheduler run would send a catch-up at once),
    and the calendar feed's events say they changed."""
    Reminder.objects.filter(user_id=user_id).update(armed_at=timezone.now())


@transaction.atomic
def plan_history_skip(*, user) -> None:
    """The person put off the history question ("Not now"): the dashboard
    stops asking; the plan page still offers it."""
    plan, _ = Plan.objects.get_or_create(
        user_id=user.pk, defaults={"routine": content.routine_default}
    )
    Plan.objects.filter(pk=plan.pk, history_answered_at=None).update(
        history_answered_at=timezone.now()
    )


def plan_time_zone_adopt(
    *, user, time_zone: str | None, plan: Plan | None = None
) -> bool:
    """Store the zone the browser reported on the user's plan, while the plan
    has none chosen or detected (only the site's default); True when it did.

    Called at sign-up and in the transaction of a journal form's write, whose
    date was checked in this zone. `plan`, when the caller has read it, saves
    the queries once the zone is known. A name the plan may not store, or a
    zone already chosen, changes nothing."""
    name = _zone_to_adopt(time_zone, plan)
    if name is None:
        return False  # without a savepoint: every check-in POST passes here
    return _plan_time_zone_store(user=user, name=name)


def _zone_to_adopt(time_zone: str | None, plan: Plan | None) -> str | None:
    """The zone plan_time_zone_adopt may store, as far as the browser's name
    and the plan read before tell (None: nothing to adopt)."""
    name = zones.accepted_time_zone(time_zone)
    if name is None or (plan is not None and plan.time_zone_known):
        return None
    return name


@transaction.atomic
def _plan_time_zone_store(*, user, name: str) -> bool:
    """plan_time_zone_adopt's write, for a zone the plan may store."""
    _, created = Plan.objects.get_or_create(
        user_id=user.pk,
        defaults={
            "routine": content.routine_default,
            "time_zone": name,
            "time_zone_known": True,
        },
    )
    if created:
        _reminders_rearm(user_id=user.pk)
        return True
    # Stored before (or a moment ago): adopted only while its zone is unknown.
    adopted = bool(
        Plan.objects.filter(user_id=user.pk, time_zone_known=False).update(
            time_zone=name, time_zone_known=True
        )
    )
    if adopted:
        _reminders_rearm(user_id=user.pk)
    return adopted


def _signs(signs: Mapping[str, bool]) -> dict[str, bool]:
    """The answers to store: every question asked (unticked when missing), and
    a retired one only when given (an edit of a past check-in that has it)."""
    return {
        question.field: bool(signs.get(question.field))
        for question in triage.QUESTIONS
        if question.asked or question.field in signs
    }


class CheckInDateTaken(Exception):
    """The date already has another check-in, which this write must not
    replace: `check_in` is that one (None if it went away meanwhile)."""

    def __init__(self, check_in: CheckIn | None):
        super().__init__("The date already has a check-in.")
        self.check_in = check_in


class Diary(NamedTuple):
    """A check-in's optional details (the diary): which hip, what made it
    worse (staff's tags and a word of the person's own), what they took."""

    side: str = ""
    triggers: Collection[Trigger] = ()
    trigger_other: str = ""
    medication: str = ""


def _diary_save(check_in: CheckIn, diary: Diary, *, created: bool = False) -> None:
    """Store the tags of `diary` on a saved check-in (its columns are set by
    the caller): one query to clear, one to add, whatever changed. A check-in
    just created has no tags to clear: its tags are added, in one query, or
    none at all when it has none (most check-ins)."""
    if created:
        if diary.triggers:
            check_in.triggers.add(*diary.triggers)
    elif diary.triggers:
        check_in.triggers.set(diary.triggers)
    else:
        # No tags now (most check-ins): one statement written out, where
        # set() read the tags first with a query the ORM took longer to
        # compile than to run. No signal listens to these links; the
        # database moves the journal's version (journal 0014).
        links = CheckIn.triggers.through
        rows.execute(
            f"DELETE FROM {rows.quoted(links)} WHERE "
            f"{rows.quoted_column(links, 'checkin')} = %s",
            [check_in.pk],
        )
        # As the related manager's clear() does: tags read before with
        # prefetch_related are gone from the instance too.
        getattr(check_in, "_prefetched_objects_cache", {}).pop("triggers", None)


def _check_in_exists(user, date: datetime.date) -> bool:
    """Whether `user` has a check-in on `date`: written out (the ORM's
    exists() took longer to compile than to run)."""
    table = rows.quoted(CheckIn)
    return bool(
        rows.fetch(
            f'SELECT 1 FROM {table} WHERE "user_id" = %s AND "date" = %s LIMIT 1',
            [rows.user_id(user), date],
        )
    )


class CheckInSaved(NamedTuple):
    check_in: CheckIn
    # "created", "replaced", or "repeated": the same form was sent again and
    # its first sending's check-in is returned unchanged.
    outcome: str


def _check_in_replace(entry: CheckIn, *, update: list[str]) -> bool:
    """Save `entry` over the check-in of its user and date, if there is one,
    and clear that one's tags: one statement on PostgreSQL (atomic on its
    own: the caller needs no transaction, two round trips fewer), whose
    parts all see the journal as it was before it. Whether a check-in was
    replaced."""
    insert, params = rows.upsert_query(entry, unique=["user", "date"], update=update)
    table, links = rows.quoted(CheckIn), CheckIn.triggers.through
    ((pk, existed),) = rows.fetch(
        f'WITH "existed" AS (SELECT 1 FROM {table} '
        'WHERE "user_id" = %s AND "date" = %s), '
        f'"saved" AS ({insert}), '
        f'"cleared" AS (DELETE FROM {rows.quoted(links)} WHERE '
        f'{rows.quoted_column(links, "checkin")} IN (SELECT "id" FROM "saved")) '
        'SELECT (SELECT "id" FROM "saved"), EXISTS (SELECT 1 FROM "existed")',
        [entry.user_id, entry.date, *params],
    )
    rows.upserted(entry, pk)
    return existed


def check_in_from_form(
    *, user, plan: Plan, time_zone: str | None, **entry
) -> CheckInSaved:
    """The check-in form's write (check_in_record of `entry`), the zone the
    browser reported adopted with it or not at all. On PostgreSQL without a
    zone to adopt (the usual POST) no transaction is opened around it:
    check_in_record opens one only where it writes more than one
    statement, and a replacement is one statement, two round trips fewer."""
    if connection.vendor == "postgresql" and _zone_to_adopt(time_zone, plan) is None:
        return check_in_record(user=user, **entry)
    with transaction.atomic():
        plan_time_zone_adopt(user=user, time_zone=time_zone, plan=plan)
        return check_in_record(user=user, **entry)


def check_in_record(**entry) -> CheckInSaved:
    """_check_in_record, in a transaction of its own (no savepoint inside the
    caller's: two statements fewer while SQLite's write lock is held; an
    error it raises, CheckInDateTaken, then undoes the caller's whole
    transaction, which must let it through, as the form does), except on
    PostgreSQL, where each of its writes of more than one statement has one
    (the repeated form's look-up gains nothing from one there: a read of
    another transaction's row waits for no lock)."""
    if connection.vendor == "postgresql":
        return _check_in_record(**entry)
    with transaction.atomic(savepoint=False):
        return _check_in_record(**entry)


def _check_in_record(
    *,
    user,
    date: datetime.date,
    pain_score: int,
    notes: str = "",
    signs: Mapping[str, bool] | None = None,
    token: uuid.UUID | None = None,
    replace: bool = False,
    diary: Diary | None = None,
) -> CheckInSaved:
    """Save a new check-in from the form identified by `token`.

    The same form sent again (a double click, a resubmit, parallel posts)
    finds the check-in its first sending saved and changes nothing. A date
    that already has another check-in is never overwritten unseen: that raises
    CheckInDateTaken, unless `replace` says the person chose to replace it."""
    if token is not None:
        repeated = CheckIn.objects.filter(user=user, token=token).first()
        if repeated is not None:
            return CheckInSaved(repeated, "repeated")
    diary = diary or Diary()
    values = {
        "pain_score": pain_score,
        "notes": notes,
        "token": token,
        "side": diary.side,
        "trigger_other": diary.trigger_other,
        "medication": diary.medication,
        **_signs(signs or {}),
        # A replaced check-in's acknowledgement was of other answers.
        "emergency_acknowledged_at": None,
    }
    if replace:
        # INSERT ... ON CONFLICT (user, date) DO UPDATE: the chosen replacement
        # wins even against a check-in saved for that day a moment ago.
        # Written out (core.rows.upsert): the ORM's bulk_create compiled it
        # for longer than it took to run, on the check-in POST's usual path.
        entry = CheckIn(user=user, date=date, **values)
        update = [*values, "updated_at"]
        if connection.vendor == "postgresql" and not diary.triggers:
            existed = _check_in_replace(entry, update=update)
        else:
            with transaction.atomic(savepoint=False):
                existed = _check_in_exists(user, date)
                rows.upsert(entry, unique=["user", "date"], update=update)
                _diary_save(entry, diary)
        return CheckInSaved(entry, "replaced" if existed else "created")
    try:
        with transaction.atomic():
            entry = CheckIn.objects.create(user=user, date=date, **values)
            _diary_save(entry, diary, created=True)
    except IntegrityError:
        # Another form saved this day, or this same form won a race.
        if token is not None:
            repeated = CheckIn.objects.filter(user=user, token=token).first()
            if repeated is not None:
                return CheckInSaved(repeated, "repeated")
        raise CheckInDateTaken(
            CheckIn.objects.filter(user=user, date=date).first()
        ) from None
    return CheckInSaved(entry, "created")


@transaction.atomic
def check_in_update(
    *,
    check_in: CheckIn,
    date: datetime.date,
    pain_score: int,
    notes: str,
    signs: Mapping[str, bool],
    diary: Diary | None = None,
) -> CheckIn:
    """Change a check-in; moving it onto a date that has another check-in
    (even one saved a moment ago by a request running at the same time)
    raises CheckInDateTaken and leaves both unchanged."""
    check_in.date = date
    check_in.pain_score = pain_score
    check_in.notes = notes
    if diary is not None:
        check_in.side = diary.side
        check_in.trigger_other = diary.trigger_other
        check_in.medication = diary.medication
    emergency_before = [getattr(check_in, f) for f in triage.EMERGENCY_FIELDS]
    for field, value in _signs(signs).items():
        setattr(check_in, field, value)
    if [getattr(check_in, f) for f in triage.EMERGENCY_FIELDS] != emergency_before:
        # The advice acknowledged was for other answers.
        check_in.emergency_acknowledged_at = None
    try:
        with transaction.atomic():
            check_in.save()
            if diary is not None:
                _diary_save(check_in, diary)
    except IntegrityError:
        check_in.refresh_from_db()
        raise CheckInDateTaken(
            CheckIn.objects.filter(user_id=check_in.user_id, date=date).first()
        ) from None
    return check_in


@transaction.atomic
def check_in_acknowledge(*, check_in: CheckIn) -> CheckIn:
    """The person has read the emergency advice of `check_in`: the dashboard
    stops keeping it on top. The first acknowledgement's time is kept."""
    if check_in.has_emergency and check_in.emergency_acknowledged_at is None:
        check_in.emergency_acknowledged_at = timezone.now()
        CheckIn.objects.filter(pk=check_in.pk, emergency_acknowledged_at=None).update(
            emergency_acknowledged_at=check_in.emergency_acknowledged_at
        )
    return check_in


@transaction.atomic
def check_in_delete(*, check_in: CheckIn) -> None:
    check_in.delete()


# What a form says was done: (exercise id, side) -> the dose done.
DoneDoses = Mapping[tuple[int, str], Dose]
# The pain a form gives for each exercise (by id); None or absent: not given.
ExercisePains = Mapping[int, int | None]


def _done_from_ids(plans, exercise_ids: Collection[int]) -> dict[tuple[int, str], Dose]:
    """For scripts and older callers: the exercises in `exercise_ids` done in
    full at the dose offered now (each side), the others skipped."""
    return {
        (plan.exercise.pk, side): plan.dose
        if plan.exercise.pk in exercise_ids
        else Dose(0)
        for plan in plans
        for side in plan.sides
    }


def _rows_done_from_ids(
    rows: Collection[SessionExercise], exercise_ids: Collection[int]
) -> dict[tuple[int, str], Dose]:
    """As _done_from_ids, for a recorded session's rows: those of the exercises
    in `exercise_ids` done in full at their planned dose, the others skipped."""
    return {
        (row.exercise_id, row.side): row.planned
        if row.exercise_id in exercise_ids
        else Dose(0)
        for row in rows
    }


def _done_fields(done: Dose, planned: Dose) -> dict:
    """The done columns: nothing but 0 sets for a skip; reps and hold only
    where the plan has them (the database checks the same)."""
    if not done.sets:
        return {"sets": 0, "reps": None, "hold_seconds": None}
    return {
        "sets": done.sets,
        "reps": (done.reps or 0) if planned.reps else None,
        "hold_seconds": (done.hold_seconds or 0) if planned.hold_seconds else None,
    }


def _planned_fields(planned: Dose) -> dict:
    return {
        "planned_sets": planned.sets,
        "planned_reps": planned.reps,
        "planned_hold_seconds": planned.hold_seconds,
    }


def session_record(
    *,
    user,
    routine,
    date: datetime.date,
    pain_during: int,
    effort: str,
    duration_minutes: int | None = None,
    notes: str = "",
    done: DoneDoses | None = None,
    exercise_ids: Collection[int] | None = None,
    token: uuid.UUID | None = None,
    pains: ExercisePains | None = None,
) -> Session:
    """Record a session: for each exercise of the routine (and side, when done
    per side) the dose done in `done` beside the dose planned, the one its
    progression suggests now; an exercise with 0 sets is recorded as skipped.
    `pains` gives an exercise's own pain, stored on each of its rows.

    An exercise of the routine that staff unpublished after the form was shown
    is recorded like the others when `done` names it (the person did it), under
    its title at record time; the routine is recorded whether it is published
    or not. With `exercise_ids` instead, only published exercises get rows.

    Once per form: a `token` already used returns the session it made, even
    when two submissions race (the database's unique (user, token) decides)."""
    if token is not None:
        existing = Session.objects.filter(user=user, token=token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            session = Session.objects.create(
                user=user,
                routine=routine,
                routine_title=_title(routine),
                date=date,
                pain_during=pain_during,
                effort=effort,
                duration_minutes=duration_minutes,
                notes=notes,
                token=token,
            )
            # The doses offered for that day, held while a warning-sign alert
            # shows: following the held dose is not falling short of it.
            plans = selectors.advice(
                user, routine, date, unpublished=done is not None
            ).plans
            if done is None:
                done = _done_from_ids(plans, exercise_ids or ())
            SessionExercise.objects.bulk_create(
                SessionExercise(
                    session=session,
                    exercise=plan.exercise,
                    exercise_title=_title(plan.exercise),
                    side=side,
                    **_planned_fields(plan.dose),
                    **_done_fields(done[plan.exercise.pk, side], plan.dose),
                    pain=(pains or {}).get(plan.exercise.pk),
                )
                for plan in _once(plans)
                for side in plan.sides
                if (plan.exercise.pk, side) in done
            )
    except IntegrityError:
        if token is None:
            raise
        return Session.objects.get(user=user, token=token)
    return session


def _title(content) -> str:
    """The title a session keeps of its routine or exercise (blank: none); cut
    to the column's length, should content titles ever grow longer."""
    return content.title[:TITLE_MAX_LENGTH] if content is not None else ""


def _once(plans):
    """An exercise that appears twice in a routine counts once."""
    seen: set[int] = set()
    for plan in plans:
        if plan.exercise.pk not in seen:
            seen.add(plan.exercise.pk)
            yield plan


@transaction.atomic
def session_update(
    *,
    session: Session,
    date: datetime.date,
    pain_during: int,
    effort: str,
    duration_minutes: int | None,
    notes: str,
    done: DoneDoses | None = None,
    exercise_ids: Collection[int] | None = None,
    pains: ExercisePains | None = None,
) -> Session:
    """Change a session, and the doses done (and pains, in `pains`) of its
    recorded rows that `done` names by (exercise id, side).

    Only those rows change, and only in what was done: a row keeps its
    exercise, side, title and planned dose, and a row `done` does not name is
    kept exactly as it is. No row is added or removed, whatever the routine
    holds now: content edits (an exercise unpublished, renamed, moved, its dose
    or its "each side" changed, the routine unpublished or deleted) never
    reshape a past session. A key of `done` that names no row is ignored."""
    session.date = date
    session.pain_during = pain_during
    session.effort = effort
    session.duration_minutes = duration_minutes
    session.notes = notes
    session.save()
    rows = list(session.exercises.all())
    if done is None:
        done = _rows_done_from_ids(rows, exercise_ids or ())
    changed = []
    for row in rows:
        dose = done.get((row.exercise_id, row.side))
        if dose is None:
            continue
        values = _done_fields(dose, row.planned)
        if pains is not None and row.exercise_id in pains:
            values["pain"] = pains[row.exercise_id]
        if any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
    if changed:
        SessionExercise.objects.bulk_update(
            changed, ["sets", "reps", "hold_seconds", "pain"]
        )
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    session.delete()


@transaction.atomic
def journal_entries_delete(*, user) -> None:
    """Delete every check-in and session of `user`, keeping the plan and the
    journal's version: the database moves the version on with the deletes, so
    a dashboard any process cached before is never served again (forgetting
    the version, as account_forget does, could bring an old number back)."""
    Session.objects.filter(user=user).delete()
    CheckIn.objects.filter(user=user).delete()


@transaction.atomic
def account_forget(*, user_id: int) -> None:
    """Drop everything the journal keeps about the user, when their account is
    deleted: their rows (if the account's deletion has not already cascaded to
    them), then the version the database wrote while those went, and this
    process's cached dashboard. The order makes it safe to call before or
    after the user is deleted."""
    Session.objects.filter(user_id=user_id).delete()
    CheckIn.objects.filter(user_id=user_id).delete()
    Plan.objects.filter(user_id=user_id).delete()
    # Reminders stop, and the calendar address answers 404 from now on.
    Reminder.objects.filter(user_id=user_id).delete()
    ReminderDelivery.objects.filter(user_id=user_id).delete()
    CalendarFeed.objects.filter(user_id=user_id).delete()
    FunctionScore.objects.filter(user_id=user_id).delete()
    # Every link to the report answers 404 from now on.
    ReportShare.objects.filter(user_id=user_id).delete()
    JournalVersion.objects.filter(user_id=user_id).delete()
    cache.forget(user_id)


# Reminders (journal.reminders) ------------------------------------------------


@transaction.atomic
def reminder_update(
    *,
    user,
    kind: str,
    enabled: bool,
    days: int,
    time: datetime.time,
    now: datetime.datetime | None = None,
) -> Reminder:
    """Save one kind of reminder from the reminders page. Turning it on
    records when (the opt-in), turning it off records when and that the page
    did it; changing its days, time or switch re-arms it, so a time already
    past today is first sent tomorrow. Makes the plan if there is none, so
    the reminder follows a stored zone."""
    now = now or timezone.now()
    Plan.objects.get_or_create(
        user_id=user.pk, defaults={"routine": content.routine_default}
    )
    reminder = Reminder.objects.select_for_update().filter(user=user, kind=kind).first()
    if reminder is None:
        reminder = Reminder(user=user, kind=kind, enabled=False, armed_at=now)
    changed = (reminder.enabled, reminder.days, reminder.time) != (
        enabled,
        days,
        time,
    )
    if enabled and not reminder.enabled:
        reminder.enabled_at = now
        reminder.disabled_at = None
        reminder.disabled_by = ""
    elif reminder.enabled and not enabled:
        reminder.disabled_at = now
        reminder.disabled_by = Reminder.DisabledBy.PAGE
    reminder.enabled, reminder.days, reminder.time = enabled, days, time
    if changed or reminder.pk is None:
        reminder.armed_at = now
    reminder.full_clean(validate_unique=False)
    reminder.save()
    return reminder


@transaction.atomic
def reminder_unsubscribe(*, user_id: int, kind: str) -> Reminder | None:
    """The one-click unsubscribe (a signed link, no login): turn the
    reminder off. None when the person or reminder no longer exists; a
    reminder already off stays as it was."""
    reminder = (
        Reminder.objects.select_for_update()
        .filter(user_id=user_id, kind=kind, user__is_active=True)
        .first()
    )
    if reminder is None or not reminder.enabled:
        return reminder
    now = timezone.now()
    reminder.enabled = False
    reminder.disabled_at = now
    reminder.disabled_by = Reminder.DisabledBy.LINK
    reminder.armed_at = now
    reminder.save(update_fields=["enabled", "disabled_at", "disabled_by", "armed_at"])
    return reminder


@transaction.atomic
def calendar_feed_issue(*, user) -> str:
    """Make the person's calendar address, or replace its token (rotate):
    the old address answers 404 from now on. Returns the new token, which is
    stored only as a hash: the caller shows it once."""
    token = secrets.token_urlsafe(32)
    digest = selectors.token_hash(token)
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        # get_or_create: a second POST at the same moment (a double click)
        # finds the row the first made, and replaces its token below, instead
        # of failing on the one-feed-per-person constraint.
        feed, created = CalendarFeed.objects.get_or_create(
            user=user, defaults={"token_hash": digest}
        )
        if created:
            return token
    feed.token_hash = digest
    feed.rotated_at = timezone.now()
    feed.last_fetched_at = None
    feed.save(update_fields=["token_hash", "rotated_at", "last_fetched_at"])
    return token


def calendar_feed_revoke(*, user) -> bool:
    """Delete the person's calendar address: it answers 404 from now on."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


# A calendar app polls every few hours; record its fetches no more often.
FEED_FETCH_RECORD_EVERY = datetime.timedelta(hours=1)


def calendar_feed_fetched(*, feed: CalendarFeed) -> None:
    """Note that a calendar app read the feed (the page shows when)."""
    now = timezone.now()
    if feed.last_fetched_at and now - feed.last_fetched_at < FEED_FETCH_RECORD_EVERY:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)


# How long the log of reminders sent or skipped is kept: long enough to answer
# "did I get my reminder last month?", no longer.
DELIVERIES_KEPT = datetime.timedelta(days=90)


def reminder_deliveries_prune() -> int:
    """Deliveries older than DELIVERIES_KEPT (`manage.py maintain`)."""
    deleted, _ = ReminderDelivery.objects.filter(
        created_at__lt=timezone.now() - DELIVERIES_KEPT
    ).delete()
    return deleted


# The function score (PSFS, journal/models/function.py) --------------------------


class FunctionScoreSaved(NamedTuple):
    score: FunctionScore
    # "created", "replaced" (that day's ratings were changed), or "repeated":
    # the same form was sent again and its first sending's score is returned.
    outcome: str


@transaction.atomic
def function_record(
    *,
    user,
    date: datetime.date,
    ratings: Sequence[tuple[str, int]],
    token: uuid.UUID | None = None,
) -> FunctionScoreSaved:
    """Save a day's PSFS: `ratings` are (activity, ability 0-10), 3 to 5 of
    them, in the order shown. A day rated already has its ratings replaced
    (the form says so before). The same form sent twice saves once."""
    if not PSFS_MIN_ACTIVITIES <= len(ratings) <= PSFS_MAX_ACTIVITIES:
        raise ValueError("A function score rates 3 to 5 activities.")
    if token is not None:
        repeated = FunctionScore.objects.filter(user=user, token=token).first()
        if repeated is not None:
            return FunctionScoreSaved(repeated, "repeated")
    score, created = FunctionScore.objects.select_for_update().get_or_create(
        user=user, date=date, defaults={"token": token}
    )
    if not created:
        score.token = token
        score.save(update_fields=["token", "updated_at"])
        score.ratings.all().delete()
    FunctionRating.objects.bulk_create(
        FunctionRating(
            score=score, position=position, activity=activity.strip(), ability=ability
        )
        for position, (activity, ability) in enumerate(ratings)
    )
    return FunctionScoreSaved(score, "created" if created else "replaced")


@transaction.atomic
def function_score_delete(*, score: FunctionScore) -> None:
    score.delete()


# "Not now" on the dashboard's card: asked again this much later.
FUNCTION_SNOOZE = datetime.timedelta(days=7)


@transaction.atomic
def function_snooze(*, user, today: datetime.date) -> datetime.date:
    """The person put the function score off: the dashboard's card stays away
    until the returned date (the function page still offers it)."""
    until = today + FUNCTION_SNOOZE
    plan, _ = Plan.objects.get_or_create(
        user_id=user.pk, defaults={"routine": content.routine_default}
    )
    Plan.objects.filter(pk=plan.pk).update(function_snoozed_until=until)
    return until


# The report and its share links ------------------------------------------------


@transaction.atomic
def report_identity_update(*, user, name: str, shows_email: bool) -> Plan:
    """How the report, and every link to it (even those made before), name
    the person: a link shows the name as it is when opened."""
    plan, _ = Plan.objects.get_or_create(
        user_id=user.pk, defaults={"routine": content.routine_default}
    )
    plan.report_name = name.strip()
    plan.report_shows_email = shows_email
    plan.full_clean(validate_unique=False)
    plan.save(update_fields=["report_name", "report_shows_email"])
    return plan


@transaction.atomic
def report_share_create(
    *,
    user,
    start: datetime.date,
    end: datetime.date,
    days: int,
    shows_email: bool = False,
    label: str = "",
    now: datetime.datetime | None = None,
    form_token: uuid.UUID | None = None,
) -> tuple[ReportShare, str | None]:
    """Make a read-only link to the report from `start` to `end`, working for
    `days` (SHARE_DAYS). Returns the link and its token, which is stored only
    as a hash: the caller shows it once.

    Once per form: a `form_token` already used returns the link it made and
    None for the token (it cannot be shown again), even when two requests
    race (the database's unique (user, form_token) decides)."""
    if days not in SHARE_DAYS:
        raise ValueError(f"A link works for {SHARE_DAYS} days.")
    if form_token is not None:
        made = ReportShare.objects.filter(user=user, form_token=form_token).first()
        if made is not None:
            return made, None
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    share = ReportShare(
        user=user,
        token_hash=selectors.token_hash(token),
        start=start,
        end=end,
        shows_email=shows_email,
        label=label.strip(),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
        form_token=form_token,
    )
    share.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            share.save()
    except IntegrityError:
        if form_token is None:
            raise
        return ReportShare.objects.get(user=user, form_token=form_token), None
    return share, token


@transaction.atomic
def report_share_revoke(*, share: ReportShare) -> bool:
    """Stop a link at once: it answers 404 from now on. False when it was
    already revoked (the first revocation's time is kept)."""
    return bool(
        ReportShare.objects.filter(pk=share.pk, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    )

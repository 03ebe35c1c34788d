"""Issue 19, richer check-ins: which hip, what made it worse (staff's tags and
a word of the person's own) and what they took, on the check-in form (new,
edit, replace, sent twice), its pages, the CSV, the account's export and the
admin."""

import csv
import datetime
import io
import re
import uuid
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditAction, AuditEvent
from journal import privacy, selectors, services
from journal.export import HEADER, csv_lines
from journal.forms import CheckInForm
from journal.models import CheckIn, Plan, Trigger
from journal.models.entries import MEDICATION_MAX_LENGTH, TRIGGER_OTHER_MAX_LENGTH
from tests.factories import CheckInFactory, PlanFactory, TriggerFactory, UserFactory
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

URL = reverse("journal:check-in")
LIST_URL = reverse("journal:check-in-list")
TOKEN_FIELD = re.compile(r'name="token" value="([0-9a-f-]{36})"')


@pytest.fixture
def tags(db):
    """Three offered tags (in this order) and a retired one, in place of the
    seeded ones."""
    Trigger.objects.all().delete()
    return {
        "sitting": TriggerFactory(name="Long sitting", position=1),
        "stairs": TriggerFactory(name="Climbing stairs", position=2),
        "running": TriggerFactory(name="Running", position=3),
        "retired": TriggerFactory(name="Kicking a ball", position=4, is_active=False),
    }


def form_token(client, url=URL) -> str:
    return TOKEN_FIELD.search(client.get(url).content.decode()).group(1)


def fields(day: datetime.date, **data) -> dict:
    return {"date": day.isoformat(), "pain_score": "4", "notes": "", **data}


def ticked(html: str, name: str) -> set[str]:
    """The values of the inputs called `name` that the page has checked."""
    return {
        match.group(1)
        for match in re.finditer(
            rf'<input[^>]*name="{name}" value="([^"]*)"[^>]*>', html
        )
        if " checked" in match.group(0)
    }


def offered(html: str) -> list[str]:
    """The trigger ids the page offers, in order."""
    return re.findall(r'<input type="checkbox" name="triggers" value="(\d+)"', html)


def error_of(html: str, field: str) -> str:
    """The text of a field's error list (Django gives it id_<field>_error)."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S
    )
    assert match, f"no error shown for {field}"
    return re.sub(r"<[^>]+>", "", match.group(1))


def names(check_in: CheckIn) -> list[str]:
    return sorted(trigger.name for trigger in check_in.triggers.all())


# The form ----------------------------------------------------------------------


def test_the_new_form_offers_the_offered_tags_in_order_and_the_other_fields(
    user_client, tags
):
    response = user_client.get(URL)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert offered(html) == [
        str(tags[name].pk) for name in ("sitting", "stairs", "running")
    ]
    assert "Kicking a ball" not in html
    assert ticked(html, "side") == {""}  # "Not said" until chosen
    for label in ("Left hip", "Right hip", "Both hips", "Not said"):
        assert label in html
    assert "What made it worse today? (optional)" in html
    assert "Something else (optional)" in html
    assert "Medication or treatment taken (optional)" in html
    assert 'list="medication-suggestions"' in html
    assert_accessible_page(html)


def test_a_check_in_with_side_tags_other_and_medication_is_stored_and_shown(
    user_client, user, today, tags
):
    response = user_client.post(
        URL,
        fields(
            today,
            token=form_token(user_client),
            side="left",
            triggers=[tags["running"].pk, tags["sitting"].pk],
            trigger_other="  gardening ",
            medication="Paracetamol 1 g, then ice",
        ),
    )

    entry = CheckIn.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == entry.get_absolute_url()
    assert (entry.side, entry.trigger_other, entry.medication) == (
        "left",
        "gardening",
        "Paracetamol 1 g, then ice",
    )
    assert names(entry) == ["Long sitting", "Running"]
    detail = user_client.get(entry.get_absolute_url()).content.decode()
    for text in ("Left hip", "Long sitting", "Running", "gardening"):
        assert text in detail
    assert "Paracetamol 1 g, then ice" in detail
    assert_accessible_page(detail)


def test_nothing_said_is_stored_blank_and_shown_as_not_said(user_client, user, today):
    response = user_client.post(URL, fields(today, token=form_token(user_client)))

    entry = CheckIn.objects.get(user=user)
    assert response["Location"] == entry.get_absolute_url()
    assert (entry.side, entry.trigger_other, entry.medication) == ("", "", "")
    assert names(entry) == []
    detail = user_client.get(entry.get_absolute_url()).content.decode()
    assert "<dt>Which hip</dt><dd>not said</dd>" in detail
    assert "<dt>What made it worse</dt><dd>nothing said</dd>" in detail


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"side": "up"}, "side", "Choose the left hip, the right hip, both hips"),
        ({"side": "LEFT"}, "side", "Choose the left hip, the right hip, both hips"),
        ({"triggers": ["999999"]}, "triggers", "is not offered any more"),
        ({"triggers": ["running"]}, "triggers", "Tick the choices shown."),
        (
            {"trigger_other": "x" * (TRIGGER_OTHER_MAX_LENGTH + 1)},
            "trigger_other",
            f"at most {TRIGGER_OTHER_MAX_LENGTH} characters (this has 61)",
        ),
        (
            {"medication": "y" * (MEDICATION_MAX_LENGTH + 1)},
            "medication",
            f"Keep it to {MEDICATION_MAX_LENGTH} characters (this has 201)",
        ),
    ],
    ids=["side", "side-case", "unknown-id", "not-an-id", "other-long", "med-long"],
)
def test_bad_input_is_said_next_to_its_field_and_nothing_is_stored(
    user_client, user, today, tags, data, field, message
):
    typed = {"triggers": [tags["sitting"].pk], "medication": "Ice", **data}
    response = user_client.post(
        URL, fields(today, token=form_token(user_client), **typed)
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert message in error_of(html, field)
    assert f'aria-describedby="id_{field}_error' in html or (
        f'id="id_{field}_error"' in html
    )
    assert not CheckIn.objects.filter(user=user).exists()
    # What was typed is kept for another go.
    if field != "medication":
        assert 'value="Ice"' in html
    assert_accessible_page(html)


def test_a_retired_tag_is_refused_on_a_new_check_in_whoever_carries_it(
    user_client, user, today, tags
):
    # Another person's check-in carries it: that changes nothing here.
    CheckInFactory(user=UserFactory()).triggers.add(tags["retired"])

    response = user_client.post(
        URL,
        fields(today, token=form_token(user_client), triggers=[tags["retired"].pk]),
    )

    assert "is not offered any more" in error_of(response.content.decode(), "triggers")
    assert not CheckIn.objects.filter(user=user).exists()


def test_an_edit_keeps_a_retired_tag_shown_and_ticked_and_can_untick_it(
    user_client, user, tags
):
    entry = CheckInFactory(
        user=user, side="right", trigger_other="hoovering", medication="Heat pack"
    )
    entry.triggers.add(tags["retired"], tags["stairs"])
    url = reverse("journal:check-in-edit", args=[entry.pk])

    html = user_client.get(url).content.decode()

    assert "Kicking a ball" in html
    assert offered(html) == [
        str(tags[name].pk) for name in ("sitting", "stairs", "running", "retired")
    ]
    assert ticked(html, "triggers") == {str(tags["retired"].pk), str(tags["stairs"].pk)}
    assert ticked(html, "side") == {"right"}
    assert 'value="hoovering"' in html
    assert 'value="Heat pack"' in html

    # Saved as it was: the retired tag stays.
    data = fields(
        entry.date,
        pain_score="5",
        side="right",
        triggers=[tags["retired"].pk, tags["stairs"].pk],
        trigger_other="hoovering",
        medication="Heat pack",
    )
    response = user_client.post(url, data)
    assert response["Location"] == entry.get_absolute_url()
    assert names(entry) == ["Climbing stairs", "Kicking a ball"]

    # Unticked: gone, and no longer offered on this check-in.
    response = user_client.post(
        url, {**data, "triggers": [tags["running"].pk], "side": "both"}
    )
    entry.refresh_from_db()
    assert response["Location"] == entry.get_absolute_url()
    assert names(entry) == ["Running"]
    assert entry.side == "both"
    assert "Kicking a ball" not in user_client.get(url).content.decode()


def test_an_edit_refuses_a_retired_tag_the_check_in_does_not_carry(
    user_client, user, tags
):
    entry = CheckInFactory(user=user)
    CheckInFactory(user=UserFactory()).triggers.add(tags["retired"])
    url = reverse("journal:check-in-edit", args=[entry.pk])

    response = user_client.post(
        url, fields(entry.date, triggers=[tags["retired"].pk], side="left")
    )

    assert "is not offered any more" in error_of(response.content.decode(), "triggers")
    entry.refresh_from_db()
    assert (entry.side, names(entry)) == ("", [])


def test_the_form_gives_the_services_a_diary(user, today, tags):
    form = CheckInForm(
        fields(
            today,
            token=str(uuid.uuid4()),
            side="both",
            triggers=[str(tags["stairs"].pk)],
            trigger_other="Dancing",
            medication=" Ibuprofen gel ",
        ),
        today=today,
    )

    assert form.is_valid(), form.errors
    assert form.entry()["diary"] == services.Diary(
        side="both",
        triggers=[tags["stairs"]],
        trigger_other="Dancing",
        medication="Ibuprofen gel",
    )


# Sent twice, replacing a day ----------------------------------------------------


def test_the_same_form_sent_twice_saves_its_details_once(
    user_client, user, today, tags
):
    data = fields(
        today,
        token=form_token(user_client),
        side="left",
        triggers=[tags["sitting"].pk],
        medication="Ice",
    )

    first = user_client.post(URL, data)
    second = user_client.post(
        URL, {**data, "side": "right", "triggers": [tags["running"].pk]}
    )

    entry = CheckIn.objects.get(user=user)
    assert first["Location"] == second["Location"] == entry.get_absolute_url()
    assert (entry.side, names(entry)) == ("left", ["Long sitting"])
    assert CheckIn.triggers.through.objects.count() == 1


def test_replacing_a_days_check_in_replaces_its_details_after_asking(
    user_client, user, today, tags
):
    old = CheckInFactory(
        user=user, date=today, side="left", medication="Old cream", trigger_other="x"
    )
    old.triggers.add(tags["sitting"])
    data = fields(
        today,
        token=form_token(user_client),
        side="right",
        triggers=[tags["running"].pk, tags["stairs"].pk],
        medication="Nothing",
    )

    asked = user_client.post(URL, data)
    html = asked.content.decode()
    # The day's check-in is shown with its details, and nothing is replaced.
    assert "Replace that check-in with this one" in html
    assert "<dt>Which hip</dt><dd>Left hip</dd>" in html
    assert "<dt>Made it worse</dt><dd>Long sitting; x</dd>" in html
    assert "Old cream" in html
    old.refresh_from_db()
    assert (old.side, names(old)) == ("left", ["Long sitting"])

    replaced = user_client.post(URL, {**data, "replace": today.isoformat()})

    entry = CheckIn.objects.get(user=user)
    assert replaced["Location"] == entry.get_absolute_url()
    assert (entry.side, entry.medication, entry.trigger_other) == (
        "right",
        "Nothing",
        "",
    )
    assert names(entry) == ["Climbing stairs", "Running"]


# The services -------------------------------------------------------------------


def test_check_in_record_stores_a_diary_and_a_replacement_replaces_it(
    user, today, tags
):
    saved = services.check_in_record(
        user=user,
        date=today,
        pain_score=3,
        diary=services.Diary(side="both", triggers=[tags["sitting"]], medication="A"),
    )
    replaced = services.check_in_record(
        user=user,
        date=today,
        pain_score=5,
        replace=True,
        diary=services.Diary(triggers=[tags["running"]], trigger_other="b"),
    )

    assert (saved.outcome, replaced.outcome) == ("created", "replaced")
    entry = CheckIn.objects.get(user=user)
    assert (entry.side, entry.trigger_other, entry.medication) == ("", "b", "")
    assert names(entry) == ["Running"]


def test_a_replacement_without_tags_clears_them_in_one_statement(user, today, tags):
    """The check-in POST's usual replacement (issue 20): no tags now, so the
    old ones go with one DELETE written out, without reading them first;
    another check-in's tags stay, and the existence check and the outcome are
    those of the ORM."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other_day = services.check_in_record(
        user=user,
        date=today - datetime.timedelta(days=1),
        pain_score=2,
        diary=services.Diary(triggers=[tags["sitting"]]),
    ).check_in
    services.check_in_record(
        user=user,
        date=today,
        pain_score=3,
        diary=services.Diary(triggers=[tags["sitting"], tags["running"]]),
    )

    with CaptureQueriesContext(connection) as queries:
        replaced = services.check_in_record(
            user=user, date=today, pain_score=5, replace=True
        )
    fresh = services.check_in_record(
        user=user, date=today - datetime.timedelta(days=2), pain_score=4, replace=True
    )

    assert (replaced.outcome, fresh.outcome) == ("replaced", "created")
    assert names(CheckIn.objects.get(user=user, date=today)) == []
    assert names(other_day) == ["Long sitting"]
    on_tags = [
        query["sql"].split()[0]
        for query in queries.captured_queries
        if "journal_checkin_triggers" in query["sql"]
    ]
    if connection.vendor == "postgresql":
        # The existence check, the upsert and the DELETE: one statement.
        assert on_tags == ["WITH"] and len(queries) == 1
        assert "DELETE FROM" in queries.captured_queries[0]["sql"]
    else:
        assert on_tags == ["DELETE"]


def test_check_in_update_without_a_diary_keeps_the_details(user, tags):
    entry = CheckInFactory(user=user, side="left", medication="Ice")
    entry.triggers.add(tags["sitting"])

    services.check_in_update(
        check_in=entry, date=entry.date, pain_score=2, notes="", signs={}
    )

    entry.refresh_from_db()
    assert (entry.pain_score, entry.side, entry.medication) == (2, "left", "Ice")
    assert names(entry) == ["Long sitting"]


# Medication suggestions ---------------------------------------------------------


def test_medication_suggestions_are_distinct_latest_first_and_one_query(
    user, django_assert_num_queries
):
    start = datetime.date(2026, 1, 1)
    for n, text in enumerate(
        ["Ibuprofen 200 mg", "Ice", "ibuprofen 200 mg", "", "Physio exercises", "Ice"]
    ):
        CheckInFactory(user=user, date=start + datetime.timedelta(n), medication=text)
    CheckInFactory(user=UserFactory(), medication="Someone else's pill")

    with django_assert_num_queries(1):
        found = selectors.medication_suggestions(user)

    # Latest use first: Ice (day 6), Physio (day 5), ibuprofen (day 3).
    assert [text.lower() for text in found] == [
        "ice",
        "physio exercises",
        "ibuprofen 200 mg",
    ]
    assert selectors.medication_suggestions(user, limit=2)[1] == "Physio exercises"


def test_the_form_offers_the_persons_earlier_medication_as_a_datalist(
    user_client, user
):
    CheckInFactory(user=user, medication='Co-codamol "30/500"')
    CheckInFactory(user=UserFactory(), medication="Not mine")
    entry = CheckInFactory(user=user, medication="Ice")

    for url in (URL, reverse("journal:check-in-edit", args=[entry.pk])):
        html = user_client.get(url).content.decode()
        datalist = re.search(
            r'<datalist id="medication-suggestions">(.*?)</datalist>', html, re.S
        ).group(1)
        assert re.findall(r'<option value="([^"]*)">', datalist) == [
            "Ice",
            escape('Co-codamol "30/500"'),
        ]
        assert 'list="medication-suggestions"' in html


# Pages: the list, and query counts ----------------------------------------------


def test_the_list_shows_each_check_ins_details_compactly(user_client, user, tags):
    entry = CheckInFactory(
        user=user, side="both", trigger_other="gardening", medication="Ice"
    )
    entry.triggers.add(tags["stairs"], tags["sitting"])
    CheckInFactory(user=user)

    html = user_client.get(LIST_URL).content.decode()

    assert (
        '<ul class="diary-parts"><li>Both hips</li><li>Worse with: Long sitting; '
        "Climbing stairs; gardening</li><li>Took: Ice</li></ul>"
    ) in html
    assert 'data-label="Details" class="diary-cell">not said' in html
    assert_accessible_page(html)


def _fill(user, days: int, tags) -> None:
    """`days` check-ins, each with details and two tags."""
    PlanFactory(user=user)
    start = datetime.date(2021, 1, 1)
    entries = CheckIn.objects.bulk_create(
        CheckIn(
            user=user,
            date=start + datetime.timedelta(n),
            pain_score=n % 11,
            side="left",
            trigger_other="walking",
            medication=f"Remedy {n % 30}",
        )
        for n in range(days)
    )
    Through = CheckIn.triggers.through
    Through.objects.bulk_create(
        Through(checkin=entry, trigger=tags[name])
        for entry in entries
        for name in ("sitting", "retired")
    )


@pytest.mark.parametrize("days", [5, 400])
def test_check_in_pages_run_the_same_queries_whatever_the_history(
    user_client, user, tags, django_assert_num_queries, days
):
    _fill(user, days, tags)
    latest = CheckIn.objects.filter(user=user).latest("date")

    # The list: 4, and the tags of the page's check-ins.
    with django_assert_num_queries(5):
        listed = user_client.get(LIST_URL)
    # The detail: 6, and its tags.
    with django_assert_num_queries(7):
        detail = user_client.get(latest.get_absolute_url())
    # The new form: 5 (today's check-in is looked for only when the dates it
    # reads anyway have today), the tags offered and the medication
    # suggestions.
    with django_assert_num_queries(7):
        new = user_client.get(URL)
    # The edit form: 4, the tags offered, the check-in's own tags, and the
    # medication suggestions.
    with django_assert_num_queries(7):
        edit = user_client.get(reverse("journal:check-in-edit", args=[latest.pk]))

    assert listed.content.decode().count("Worse with: Long sitting") == min(days, 20)
    assert "Kicking a ball" in detail.content.decode()
    assert len(offered(new.content.decode())) == 3
    assert len(offered(edit.content.decode())) == 4


# The CSV and the account's export ------------------------------------------------


@pytest.mark.parametrize("days", [3, 300])
def test_the_csv_gives_the_details_in_two_queries_whatever_the_history(
    user, tags, django_assert_num_queries, days
):
    _fill(user, days, tags)
    special = CheckIn.objects.filter(user=user).earliest("date")
    special.side = ""
    special.medication = "=cmd"
    special.save()
    special.triggers.set([tags["running"], tags["stairs"]])

    with django_assert_num_queries(2):
        lines = list(csv_lines(user))

    rows = list(csv.reader(io.StringIO("".join(lines).lstrip("\ufeff"))))
    header, *body = rows
    assert header == HEADER
    assert header[-4:] == ["side", "triggers", "trigger_other", "medication"]
    assert len(body) == days  # one row per check-in, whatever its tags
    first, second = (dict(zip(header, row, strict=True)) for row in body[:2])
    assert (first["side"], first["triggers"], first["medication"]) == (
        "",
        "Climbing stairs; Running",
        "'=cmd",
    )
    assert (second["side"], second["triggers"], second["trigger_other"]) == (
        "Left hip",
        "Long sitting; Kicking a ball",
        "walking",
    )
    assert second["medication"] == "Remedy 1"


def test_the_csv_download_has_the_details(user_client, user, tags):
    entry = CheckInFactory(user=user, side="right", medication="Ice")
    entry.triggers.add(tags["running"])

    response = user_client.get(reverse("journal:export"))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(body))
    assert dict(zip(header, row, strict=True))["triggers"] == "Running"
    assert row[-4:] == ["Right hip", "Running", "", "Ice"]


def test_the_account_export_has_each_check_ins_details(user, tags):
    entry = CheckInFactory(user=user, side="left", trigger_other="a", medication="b")
    entry.triggers.add(tags["retired"])

    [exported] = privacy.export(user)["check_ins"]

    assert {
        key: exported[key]
        for key in ("side", "triggers", "trigger_other", "medication")
    } == {
        "side": "left",
        "triggers": ["Kicking a ball"],
        "trigger_other": "a",
        "medication": "b",
    }


# The admin ----------------------------------------------------------------------


def test_a_superuser_reads_a_check_ins_details_read_only_and_audited(
    superuser_client, user, tags
):
    entry = CheckInFactory(user=user, side="both", medication="Ice pack")
    entry.triggers.add(tags["stairs"])
    CheckInFactory(user=user, side="left")

    page = superuser_client.get(
        reverse("admin:journal_checkin_change", args=[entry.pk])
    )
    listed = superuser_client.get(
        reverse("admin:journal_checkin_changelist"), {"side__exact": "both"}
    )

    html = page.content.decode()
    for text in ("Both hips", "Climbing stairs", "Ice pack", "What made it worse"):
        assert text in html
    assert 'name="_save"' not in html
    assert list(listed.context["cl"].result_list) == [entry]
    assert AuditEvent.objects.filter(
        action=AuditAction.STAFF_VIEW, target=f"journal.checkin #{entry.pk}"
    ).exists()


def test_a_content_editor_adds_and_edits_triggers(editor_client):
    added = editor_client.post(
        reverse("admin:journal_trigger_add"),
        {"name": "Swimming", "slug": "swimming", "position": "60", "is_active": "on"},
    )
    trigger = Trigger.objects.get(slug="swimming")
    changed = editor_client.post(
        reverse("admin:journal_trigger_change", args=[trigger.pk]),
        {"name": "Swimming breaststroke", "slug": "swimming", "position": "60"},
    )

    assert added["Location"] == reverse("admin:journal_trigger_changelist")
    assert changed["Location"] == reverse("admin:journal_trigger_changelist")
    trigger.refresh_from_db()
    assert (trigger.name, trigger.is_active) == ("Swimming breaststroke", False)
    listing = editor_client.get(reverse("admin:journal_trigger_changelist"))
    assert "Swimming breaststroke" in listing.content.decode()


def test_a_content_editor_cannot_see_check_ins(editor_client, user):
    entry = CheckInFactory(user=user, medication="Private pill")

    pages = [
        editor_client.get(reverse("admin:journal_checkin_changelist")),
        editor_client.get(reverse("admin:journal_checkin_change", args=[entry.pk])),
    ]

    assert [page.status_code for page in pages] == [HTTPStatus.FORBIDDEN] * 2
    assert all("Private pill" not in page.content.decode() for page in pages)


def test_staff_outside_the_content_editors_have_no_trigger_admin(client, tags):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:journal_trigger_changelist"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Long sitting" not in response.content.decode()


def test_a_trigger_in_use_cannot_be_deleted_only_retired(editor_client, user, tags):
    CheckInFactory(user=user).triggers.add(tags["running"])
    delete = reverse("admin:journal_trigger_delete", args=[tags["running"].pk])

    page = editor_client.get(delete).content.decode()
    editor_client.post(delete, {"post": "yes"})
    editor_client.post(
        reverse("admin:journal_trigger_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [tags["running"].pk, tags["stairs"].pk],
            "post": "yes",
        },
    )

    assert "“Running” is on people’s check-ins, so it cannot be deleted" in page
    assert "untick “offered” to retire it instead" in page
    # Nothing names whose check-in carries it.
    assert user.email not in page
    assert Trigger.objects.filter(pk=tags["running"].pk).exists()
    # The bulk deletion refused them all, the unused one too.
    assert Trigger.objects.filter(pk=tags["stairs"].pk).exists()
    help_page = editor_client.get(
        reverse("admin:journal_trigger_change", args=[tags["running"].pk])
    ).content.decode()
    assert "cannot be deleted: untick “offered” to retire it" in help_page


def test_an_unused_trigger_can_be_deleted(editor_client, tags):
    delete = reverse("admin:journal_trigger_delete", args=[tags["stairs"].pk])

    response = editor_client.post(delete, {"post": "yes"})

    assert response["Location"] == reverse("admin:journal_trigger_changelist")
    assert not Trigger.objects.filter(pk=tags["stairs"].pk).exists()


def test_a_trigger_given_to_a_check_in_meanwhile_is_not_deleted(
    editor_client, user, tags
):
    """The delete view asked while it was unused; a check-in took it before
    the confirmation arrived."""
    from journal.admin import TriggerAdmin

    model_admin = TriggerAdmin(Trigger, None)
    CheckInFactory(user=user).triggers.add(tags["stairs"])

    model_admin.delete_model(None, tags["stairs"])

    assert Trigger.objects.filter(pk=tags["stairs"].pk).exists()


@pytest.mark.parametrize("ticked", [[], ["sitting", "running"]])
def test_a_new_check_in_adds_its_tags_without_reading_or_clearing_any(
    user_client, user, tags, ticked, today
):
    """A check-in just created has no tags to clear (issue 20: the check-in
    POST is measured): its tags go in with one INSERT, and without tags the
    tag table is not touched at all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = fields(today, token=form_token(user_client))
    data["triggers"] = [str(tags[name].pk) for name in ticked]

    with CaptureQueriesContext(connection) as queries:
        response = user_client.post(URL, data)

    entry = CheckIn.objects.get(user=user)
    assert response["Location"] == entry.get_absolute_url()
    assert names(entry) == sorted(tags[name].name for name in ticked)
    on_tags = [
        query["sql"].split()[0]
        for query in queries.captured_queries
        if "journal_checkin_triggers" in query["sql"]
    ]
    assert on_tags == (["INSERT"] if ticked else [])


def test_a_check_in_post_opens_only_the_savepoints_it_needs(user_client, user, today):
    """The check-in POST is measured (issue 20): with the plan's zone known,
    adopting the browser's zone does nothing and opens no savepoint, and the
    service opens none of its own inside the view's transaction; the view's
    (a savepoint here, inside the test's) and the one that catches a day
    taken meanwhile remain. On PostgreSQL, with no zone to adopt, the view
    opens none: only the one that catches a day taken."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PlanFactory(user=user, time_zone="Europe/Paris", time_zone_known=True)
    data = fields(today, token=form_token(user_client), time_zone="Europe/Paris")

    with CaptureQueriesContext(connection) as queries:
        response = user_client.post(URL, data)

    assert response["Location"] == CheckIn.objects.get(user=user).get_absolute_url()
    savepoints = [q["sql"] for q in queries.captured_queries]
    expected = 1 if connection.vendor == "postgresql" else 2
    assert sum(sql.startswith("SAVEPOINT") for sql in savepoints) == expected


def test_a_day_taken_meanwhile_undoes_the_zone_adopted_with_the_check_in(
    user_client, user, today
):
    """The service has no savepoint of its own: a day taken meanwhile undoes
    the form's whole transaction, the browser's zone adopted with it too, and
    the form says so next to the date."""
    PlanFactory(user=user, time_zone="UTC", time_zone_known=False)
    data = fields(today, token=form_token(user_client), time_zone="Europe/Paris")
    CheckInFactory(user=user, date=today, pain_score=6)

    response = user_client.post(URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    plan = Plan.objects.get(user=user)
    assert (plan.time_zone, plan.time_zone_known) == ("UTC", False)
    assert CheckIn.objects.get(user=user, date=today).pain_score == 6


def test_an_update_without_tags_leaves_no_prefetched_tags_on_the_instance(
    user, today, tags
):
    """The tags cleared with one DELETE (issue 20) are gone from an instance
    that had them prefetched, as the related manager's clear() would leave
    it."""
    services.check_in_record(
        user=user,
        date=today,
        pain_score=3,
        diary=services.Diary(triggers=[tags["sitting"]]),
    )
    entry = CheckIn.objects.prefetch_related("triggers").get(user=user)
    assert [tag.name for tag in entry.triggers.all()] == ["Long sitting"]

    services.check_in_update(
        check_in=entry,
        date=today,
        pain_score=4,
        notes="",
        signs={},
        diary=services.Diary(),
    )

    assert list(entry.triggers.all()) == []
    assert names(CheckIn.objects.get(user=user)) == []


@pytest.mark.django_db(transaction=True)
def test_a_replacement_without_a_zone_to_adopt_is_one_statement_on_postgresql(
    user_client, user, today, tags
):
    """The check-in POST's usual path (issue 20): the plan's zone known and no
    tags ticked, the replacement is saved, its old tags cleared and its
    outcome told; on PostgreSQL by one statement, with no transaction opened
    around it (two round trips fewer), on SQLite in the form's transaction."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    PlanFactory(user=user, time_zone="Europe/Paris", time_zone_known=True)
    old = CheckInFactory(user=user, date=today, pain_score=6)
    old.triggers.set([tags["sitting"], tags["running"]])
    data = fields(
        today,
        token=form_token(user_client),
        time_zone="Europe/Paris",
        pain_score="2",
        replace=today.isoformat(),
    )
    # The log the capture reads is emptied as each request starts: read
    # before the next one.
    reset_queries()

    with CaptureQueriesContext(connection) as queries:
        response = user_client.post(URL, data)
    sqls = [query["sql"] for query in queries.captured_queries]

    saved = CheckIn.objects.get(user=user, date=today)
    assert (saved.pk, saved.pain_score, names(saved)) == (old.pk, 2, [])
    assert response["Location"] == saved.get_absolute_url()
    told = user_client.get(response["Location"]).content.decode()
    assert "it replaces the one you had for that day" in told
    transactions = [sql for sql in sqls if sql in ("BEGIN", "COMMIT")]
    writes = [sql for sql in sqls if sql.startswith(("WITH", "INSERT", "DELETE"))]
    if connection.vendor == "postgresql":
        assert transactions == [] and len(writes) == 1
    else:
        assert len(writes) == 2

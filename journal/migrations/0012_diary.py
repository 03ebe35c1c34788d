"""The diary a clinician can use: a check-in's side, triggers (tags staff
manage, seeded by 0013 with the five the issue names) and medication; the
Patient-Specific Functional Scale; links that share the report; and how the
report names the person.

On SQLite, adding columns makes Django remake journal_checkin and
journal_plan, which drops their journal version triggers (migration 0007):
they are dropped first and made again at the end, with a copy of 0007's SQL
(migrations never import app code). The new journal_functionscore gets its
own, on both databases: the dashboard's "time to rate your function" card
reads it. PostgreSQL adds columns in place: its triggers on the old tables
stay."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REMADE = ["journal_checkin", "journal_plan"]
NEW = ["journal_functionscore"]
EVENTS = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}
SQLITE_BUMP = """
    INSERT INTO journal_version (user_id, version)
    SELECT {row}.user_id, 1 WHERE {row}.user_id IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def _sqlite_create(table: str) -> list[str]:
    statements = []
    for event, rows in EVENTS.items():
        name = f"journal_version_{table}_{event}"
        body = "".join(SQLITE_BUMP.format(row=row) for row in rows)
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
            f"FOR EACH ROW BEGIN{body}\nEND;"
        )
    return statements


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS journal_version_{table}_{e}" for e in EVENTS]


def drop_remade(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in REMADE:
            for statement in _sqlite_drop(table):
                schema_editor.execute(statement)


def create_remade(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in REMADE:
            for statement in _sqlite_create(table):
                schema_editor.execute(statement)


def create_new(apps, schema_editor):
    for table in NEW:
        if schema_editor.connection.vendor == "sqlite":
            statements = _sqlite_create(table)
        else:
            # 0007 made journal_version_by_user().
            statements = [
                f"CREATE TRIGGER journal_version_{table} "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION journal_version_by_user();"
            ]
        for statement in statements:
            schema_editor.execute(statement)


def drop_new(apps, schema_editor):
    for table in NEW:
        if schema_editor.connection.vendor == "sqlite":
            statements = _sqlite_drop(table)
        else:
            statements = [f"DROP TRIGGER IF EXISTS journal_version_{table} ON {table}"]
        for statement in statements:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0011_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_remade, create_remade),
        migrations.CreateModel(
            name="Trigger",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("name", models.CharField(max_length=60, unique=True)),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to stop offering it on check-ins.",
                        verbose_name="offered",
                    ),
                ),
            ],
            options={
                "verbose_name": "trigger (what made pain worse)",
                "verbose_name_plural": "triggers (what made pain worse)",
                "ordering": ["position", "name"],
            },
        ),
        migrations.AddField(
            model_name="checkin",
            name="medication",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="medication or treatment taken"
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="side",
            field=models.CharField(
                blank=True,
                choices=[
                    ("left", "Left hip"),
                    ("right", "Right hip"),
                    ("both", "Both hips"),
                ],
                max_length=5,
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="trigger_other",
            field=models.CharField(
                blank=True, max_length=60, verbose_name="something else made it worse"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="function_snoozed_until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="plan",
            name="report_name",
            field=models.CharField(
                blank=True,
                help_text="How your report names you, for example “Sam Lee”.",
                max_length=80,
                verbose_name="name on your report",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="report_shows_email",
            field=models.BooleanField(
                default=False, verbose_name="show my email address on the report"
            ),
        ),
        migrations.CreateModel(
            name="FunctionScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("date", models.DateField()),
                ("token", models.UUIDField(blank=True, editable=False, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "function score (PSFS)",
                "verbose_name_plural": "function scores (PSFS)",
                "ordering": ["-date"],
            },
        ),
        migrations.CreateModel(
            name="FunctionRating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField()),
                ("activity", models.CharField(max_length=80)),
                ("ability", models.PositiveSmallIntegerField()),
                (
                    "score",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="journal.functionscore",
                    ),
                ),
            ],
            options={
                "ordering": ["position"],
            },
        ),
        migrations.CreateModel(
            name="ReportShare",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "token_hash",
                    models.CharField(editable=False, max_length=64, unique=True),
                ),
                ("start", models.DateField()),
                ("end", models.DateField()),
                ("shows_email", models.BooleanField(default=False)),
                ("label", models.CharField(blank=True, max_length=80)),
                ("created_at", models.DateTimeField()),
                ("expires_at", models.DateTimeField()),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="checkin",
            name="triggers",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="journal.trigger",
                verbose_name="what made it worse",
            ),
        ),
        migrations.AddConstraint(
            model_name="checkin",
            constraint=models.CheckConstraint(
                condition=models.Q(("side__in", ["", "left", "right", "both"])),
                name="check_in_side",
            ),
        ),
        migrations.AddConstraint(
            model_name="functionscore",
            constraint=models.UniqueConstraint(
                fields=("user", "date"), name="function_score_one_per_day"
            ),
        ),
        migrations.AddConstraint(
            model_name="functionscore",
            constraint=models.UniqueConstraint(
                fields=("user", "token"), name="function_score_once_per_form"
            ),
        ),
        migrations.AddConstraint(
            model_name="functionscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("date__gte", datetime.date(2000, 1, 1))),
                name="function_score_date_from_2000",
            ),
        ),
        migrations.AddConstraint(
            model_name="functionrating",
            constraint=models.UniqueConstraint(
                fields=("score", "position"), name="function_rating_position_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="functionrating",
            constraint=models.CheckConstraint(
                condition=models.Q(("ability__gte", 0), ("ability__lte", 10)),
                name="function_rating_0_to_10",
            ),
        ),
        migrations.AddConstraint(
            model_name="functionrating",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__lt", 5)),
                name="function_rating_at_most_5",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportshare",
            constraint=models.CheckConstraint(
                condition=models.Q(("start__lte", models.F("end"))),
                name="report_share_dates_in_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportshare",
            constraint=models.CheckConstraint(
                condition=models.Q(("start__gte", datetime.date(2000, 1, 1))),
                name="report_share_from_2000",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportshare",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_at__gt", models.F("created_at"))),
                name="report_share_expires_after_made",
            ),
        ),
        migrations.AddField(
            model_name="reportshare",
            name="form_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="reportshare",
            constraint=models.UniqueConstraint(
                fields=("user", "form_token"), name="report_share_once_per_form"
            ),
        ),
        migrations.RunPython(create_remade, drop_remade),
        migrations.RunPython(create_new, drop_new),
    ]

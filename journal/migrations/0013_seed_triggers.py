"""The five trigger tags the issue names, for a check-in's "what made it
worse today"; staff manage them in the admin from then on. Its own migration:
on PostgreSQL, deleting these rows and dropping their table in one
transaction (0012 backwards) fails on the pending foreign-key checks."""

from django.db import migrations

# Copies of the seeded tags (journal.Trigger): name, slug, position.
TRIGGERS = [
    ("Long sitting", "long-sitting", 10),
    ("Running", "running", 20),
    ("Climbing stairs", "climbing-stairs", 30),
    ("Getting out of a car", "getting-out-of-a-car", 40),
    ("Lifting the knee", "lifting-the-knee", 50),
]


def seed_triggers(apps, schema_editor):
    Trigger = apps.get_model("journal", "Trigger")
    for name, slug, position in TRIGGERS:
        Trigger.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


def unseed_triggers(apps, schema_editor):
    # A seeded tag that check-ins use goes with those uses: the tags of
    # 0012's table are all dropped next anyway.
    Trigger = apps.get_model("journal", "Trigger")
    Trigger.objects.filter(slug__in=[slug for _, slug, _ in TRIGGERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0012_diary")]

    operations = [migrations.RunPython(seed_triggers, unseed_triggers)]

"""Issue 15: new exercises, routines and guide sections start as drafts.

Only the default changes: rows already stored keep their state, and the seed
(0002) ran with the default of its time, so seeded content stays published."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exercises', '0005_safer_cues_and_honest_words'),
    ]

    operations = [
        migrations.AlterField(
            model_name='exercise',
            name='is_published',
            field=models.BooleanField(default=False, verbose_name='published'),
        ),
        migrations.AlterField(
            model_name='guidesection',
            name='is_published',
            field=models.BooleanField(default=False, verbose_name='published'),
        ),
        migrations.AlterField(
            model_name='routine',
            name='is_published',
            field=models.BooleanField(default=False, verbose_name='published'),
        ),
    ]

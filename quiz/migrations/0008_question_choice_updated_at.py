"""Issue 20: questions and choices say when they last changed, as the quiz
does, so that the quiz page's questions can be kept in memory under a version
of the quiz (quiz.selectors.quizzes_versioned: the three tables' latest
change and number of rows) and drawn again after any edit. The rows already
there take the time of this migration."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0007_pass_mark"),
    ]

    operations = [
        migrations.AddField(
            model_name="choice",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="question",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]

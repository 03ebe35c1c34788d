from django.core.management.base import BaseCommand

from exercises.services import seed_content_load
from quiz.services import seed_quiz_load


class Command(BaseCommand):
    help = (
        "Add the seed content (guide, exercises, routines, quiz) missing from "
        "the database. Rows that exist, edited by staff or not, are left as they are."
    )

    def handle(self, *args, **options) -> None:
        added = {**seed_content_load(), "quizzes": seed_quiz_load()}
        summary = ", ".join(f"{count} {name}" for name, count in added.items())
        self.stdout.write(f"Seed content loaded: added {summary}.")

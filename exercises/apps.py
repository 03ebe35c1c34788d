from django.apps import AppConfig
from django.db.models.signals import post_delete


class ExercisesConfig(AppConfig):
    name = "exercises"

    def ready(self) -> None:
        # A photo's files go with its row however the row goes: its own
        # delete, the admin's inline box, or its exercise's deletion (a
        # cascade, which calls no method of the photo). Housekeeping of the
        # storage, not a rule of the content, so a signal is the right place.
        post_delete.connect(
            _delete_image_files,
            sender="exercises.ExerciseImage",
            dispatch_uid="exercises.delete_image_files",
        )


def _delete_image_files(sender, instance, **kwargs) -> None:
    from .services import exercise_image_files_delete

    exercise_image_files_delete(names=instance.file_names())

"""`manage.py check` fails (core.W001) when a model with a foreign key to the
user is declared by no app's privacy module: the account download, deletion
and audit would silently leave it out."""

from django.core import checks

from . import privacy


@checks.register()
def personal_data_declared(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    candidates = None
    if app_configs is not None:
        candidates = [
            model
            for app_config in app_configs
            for model in app_config.get_models(include_auto_created=True)
        ]
    return [
        checks.Warning(
            f"{relation} points at the user, but no app declares its model as "
            "personal data.",
            hint="Declare it in its app's privacy.py (see core/privacy.py): how "
            "it reaches the user, whether it is health data, where it is in the "
            "account download.",
            id="core.W001",
        )
        for relation in privacy.registry.undeclared(candidates)
    ]

"""The registry of personal data: what each app stores about a person, declared
by the app itself in `<app>/privacy.py` (imported by `CoreConfig.ready()` the
way the admin imports `admin.py`).

A declaration names, for each model holding a person's rows, the path from the
model to the user, whether the rows are health data, and where they appear in
"Download my data" (or why they do not); and, for the app, its part of that
download and what to drop beyond the database when the account is deleted.

The account download and deletion (psoasapp.services), the audit of the admin
pages that show health data (core.audit) and the contract tests
(tests/core/test_privacy_contract.py) loop over the declarations: a new model
joins them all by being declared here, never by adding its name to a list in
another app. A model with a foreign key to the user that no app declares fails
`manage.py check` (core.W001) and the tests.

    # reminders/privacy.py
    from core import privacy

    from .models import Reminder

    def export(user) -> dict:
        return {"reminders": [...]}

    privacy.register(
        privacy.Declaration(
            app_label="reminders",
            models=[
                privacy.PersonalModel(
                    Reminder, user_path="user", health=False, export_path="reminders"
                ),
            ],
            export=export,
        )
    )

Import this module once apps are loaded (from `ready()` or later): it declares
core's own audit log, whose model it imports.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

from .models import AuditEvent

# An app's part of the download: top-level keys and their JSON-ready values.
Export = Callable[[AbstractBaseUser], Mapping[str, Any]]
# What to drop, beyond the database's cascade, once the account is deleted.
Forget = Callable[[int], None]


@dataclass(frozen=True)
class PersonalModel:
    """A model whose rows belong to a person.

    - `user_path`: the lookup from the model to the user, as in a filter
      (`"user"`, `"session__user"`); `rows_of(user)` follows it.
    - `health`: the rows are health data, or tell whether someone has the
      condition (their consent). Every admin page that shows them writes a
      STAFF_VIEW audit event.
    - `export_path`: where the rows are in the account download, as keys joined
      by dots (`"check_ins"`, `"sessions.exercises"`, `"profile.consents"`): a
      list holds one item per row, a mapping is one row, None is none. Give
      `not_exported_because` instead when the rows are not in the download.
    - `kept_after_deletion`: the rows outlive the account with their link to
      it emptied (`on_delete=SET_NULL`, the audit log); otherwise deleting the
      account deletes them.
    """

    model: type[models.Model]
    _: KW_ONLY
    user_path: str
    health: bool
    export_path: str = ""
    not_exported_because: str = ""
    kept_after_deletion: bool = False

    def __post_init__(self) -> None:
        if bool(self.export_path) == bool(self.not_exported_because):
            raise ImproperlyConfigured(
                f"{self.label}: give either export_path (where its rows are in "
                "the account download) or not_exported_because, not both."
            )
        if problem := _user_path_problem(self.model, self.user_path):
            raise ImproperlyConfigured(f"{self.label}: {problem}")

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, user: AbstractBaseUser | int) -> models.QuerySet:
        """The person's rows (`user` is a user or their primary key)."""
        return self.model._default_manager.filter(**{self.user_path: user})


@dataclass(frozen=True, kw_only=True)
class Declaration:
    """What one app stores about people.

    - `models`: every model of the app (or of a third-party app it installs)
      with rows belonging to a person.
    - `export(user)`: the app's part of the account download, a mapping of new
      top-level keys to JSON-ready values; its keys must not clash with another
      app's. Required when a model has an `export_path`.
    - `forget(user_id)`: drops what the app keeps about the person outside the
      database's cascade (a cache, a file), called in the deletion's
      transaction after the user row is gone.
    - `export_order`: where the app's keys go in the download, lowest first,
      then by app label (the download's key order is part of its format).
    """

    app_label: str
    models: Sequence[PersonalModel]
    export: Export | None = None
    forget: Forget | None = None
    export_order: int = 100

    def __post_init__(self) -> None:
        object.__setattr__(self, "models", tuple(self.models))
        if self.export is None and any(m.export_path for m in self.models):
            raise ImproperlyConfigured(
                f"{self.app_label}: a model says where it is in the download, "
                "but the declaration has no export function."
            )


def _is_user_model(target: type[models.Model] | str | None) -> bool:
    # A lazy reference not yet resolved (a model in an isolated registry) is
    # still "app_label.ModelName".
    if isinstance(target, str):
        return target.lower() == settings.AUTH_USER_MODEL.lower()
    return (
        target is not None
        and target._meta.label_lower == settings.AUTH_USER_MODEL.lower()
    )


def _user_path_problem(model: type[models.Model], path: str) -> str:
    """Why `path` does not lead from `model` to the user, or ""."""
    current: Any = model
    for part in path.split("__"):
        try:
            step = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return f"user_path {path!r}: no field {part!r} on {current}."
        if not step.is_relation:
            return f"user_path {path!r}: {part!r} is not a relation."
        current = step.related_model
    if not _is_user_model(current):
        return f"user_path {path!r} ends at {current}, not the user model."
    return ""


def points_at_user(field: Any) -> bool:
    """A foreign key or one-to-one field to the user model."""
    return bool(
        field.concrete
        and field.is_relation
        and (field.many_to_one or field.one_to_one)
        and _is_user_model(field.remote_field.model)
    )


@dataclass
class Registry:
    """The declarations, one per app; `registry` below is the project's."""

    _declarations: dict[str, Declaration] = field(default_factory=dict)
    _models: dict[str, PersonalModel] = field(default_factory=dict)

    def register(self, declaration: Declaration) -> Declaration:
        if declaration.app_label in self._declarations:
            raise ImproperlyConfigured(
                f"{declaration.app_label} has declared its personal data already."
            )
        for personal in declaration.models:
            if personal.label in self._models:
                raise ImproperlyConfigured(f"{personal.label} is declared twice.")
        self._declarations[declaration.app_label] = declaration
        self._models.update((m.label, m) for m in declaration.models)
        return declaration

    def copy(self) -> "Registry":
        return Registry(dict(self._declarations), dict(self._models))

    def declarations(self) -> list[Declaration]:
        """In the download's order (`Declaration.export_order`)."""
        return sorted(
            self._declarations.values(), key=lambda d: (d.export_order, d.app_label)
        )

    def personal_models(self) -> list[PersonalModel]:
        return [m for d in self.declarations() for m in d.models]

    def get(self, model: type[models.Model]) -> PersonalModel | None:
        return self._models.get(model._meta.concrete_model._meta.label_lower)

    def is_health(self, model: type[models.Model]) -> bool:
        personal = self.get(model)
        return personal is not None and personal.health

    def undeclared(
        self, candidates: Iterable[type[models.Model]] | None = None
    ) -> list[str]:
        """Each foreign key or one-to-one to the user ("app.Model.field") on
        a model no declaration names, among `candidates` (by default every
        installed model, third-party apps' and many-to-many tables included).
        """
        if candidates is None:
            candidates = apps.get_models(include_auto_created=True)
        return [
            f"{model._meta.label}.{model_field.name}"
            for model in candidates
            if self.get(model) is None
            for model_field in model._meta.get_fields()
            if points_at_user(model_field)
        ]


registry = Registry()
register = registry.register


def count_exported(data: Mapping[str, Any], path: str) -> int:
    """How many rows the download `data` holds at `path` (see
    `PersonalModel.export_path`)."""
    head, _, rest = path.partition(".")
    value = data[head]
    if value is None:
        items: list = []
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    if not rest:
        return len(items)
    return sum(count_exported(item, rest) for item in items)


# core's own: the audit log ----------------------------------------------------


def _export_audit_events(user: AbstractBaseUser) -> dict[str, Any]:
    return {
        "account_events": [
            {"at": at, "action": action, "ip_address": ip, "path": path}
            for at, action, ip, path in AuditEvent.objects.filter(user=user)
            .order_by("at", "pk")
            .values_list("at", "action", "ip_address", "path")
        ]
    }


register(
    Declaration(
        app_label="core",
        models=[
            PersonalModel(
                AuditEvent,
                user_path="user",
                health=False,
                export_path="account_events",
                # The record of who did what must outlive the account;
                # `user_ref` keeps its number.
                kept_after_deletion=True,
            ),
        ],
        export=_export_audit_events,
        # The log of the account's own events closes the download.
        export_order=1000,
    )
)

"""Owner access: a person reaches their own rows only, and an attempt on
someone else's is recorded."""

from typing import NoReturn

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from .audit import audit_record
from .models import AuditAction


def owned_or_404[M: Model](request: HttpRequest, queryset: QuerySet[M], pk: int) -> M:
    """The object `pk` from `queryset`, which the caller has scoped to the
    request's user (`CheckIn.objects.for_user(request.user)`).

    Another user's object answers 404 exactly like a missing one, and the
    refusal is written to the audit log (ACCESS_REFUSED, "journal.checkin #12").
    One query on a hit; only a miss costs a second, for a missing object as
    much as for another user's. The event is written at once: call this
    outside a transaction that the 404 would roll back."""
    model = queryset.model
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        refuse(request, model, pk)


def refuse(request: HttpRequest, model: type[Model], pk: int) -> NoReturn:
    """Answer 404 for the `model` object `pk` the request's user does not
    own (the caller looked for it among theirs), writing the refusal to the
    audit log when it is someone else's: owned_or_404's miss, for a caller
    that reads the object in its own query."""
    if model._default_manager.filter(pk=pk).exists():
        audit_record(
            action=AuditAction.ACCESS_REFUSED,
            request=request,
            target=f"{model._meta.label_lower} #{pk}",
        )
    raise Http404(f"No {model._meta.object_name} matches the given query.")

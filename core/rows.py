"""Model instances from rows read with SQL written out: for the hot paths
whose query the ORM took longer to compile than to run (issue 20)."""

from django.db import connection

# Per model and database: the functions that turn a column's value as the
# database gives it into the field's (as the ORM's compiler applies them).
_converters: dict[tuple, list] = {}


def from_row(model, values: list, fields: list | None = None):
    """An instance of `model` from `values` as the database gave them,
    converted as the ORM would: of its concrete fields in the model's order,
    or of `fields` (names, the primary key among them) only, the rest
    deferred as with QuerySet.only()."""
    chosen = (
        model._meta.concrete_fields
        if fields is None
        else [model._meta.get_field(name) for name in fields]
    )
    key = (model, connection.vendor, None if fields is None else tuple(fields))
    converters = _converters.get(key)
    if converters is None:
        converters = []
        for field in chosen:
            column = field.get_col(model._meta.db_table)
            converters.append(
                (
                    column,
                    connection.ops.get_db_converters(column)
                    + field.get_db_converters(connection),
                )
            )
        _converters[key] = converters
    converted = []
    for (column, functions), value in zip(converters, values, strict=True):
        for function in functions:
            value = function(value, column, connection)
        converted.append(value)
    return model.from_db(
        connection.alias, [field.attname for field in chosen], converted
    )


def columns(model, table: str, fields: list | None = None) -> list[str]:
    """`model`'s concrete columns (or those of `fields`), in from_row's
    order, of `table` (its name or alias in the query, quoted as needed)."""
    quote = connection.ops.quote_name
    chosen = (
        model._meta.concrete_fields
        if fields is None
        else [model._meta.get_field(name) for name in fields]
    )
    return [f"{table}.{quote(field.column)}" for field in chosen]

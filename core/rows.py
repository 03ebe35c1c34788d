"""Model instances from rows read with SQL written out: for the hot paths
whose query the ORM took longer to compile than to run (issue 20)."""

import datetime
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute

# Per model and database: the functions that turn a column's value as the
# database gives it into the field's (as the ORM's compiler applies them).
_converters: dict[tuple, list] = {}


def from_row(model, values: list, fields: list | None = None):
    """An instance of `model` from `values` as the database gave them,
    converted as the ORM would: of its concrete fields in the model's order,
    or of `fields` (names, the primary key among them, in the model's order
    too) only, the rest deferred as with QuerySet.only()."""
    key = (model, connection.vendor, None if fields is None else tuple(fields))
    known = _converters.get(key)
    if known is None:
        known = _converters[key] = _plan(model, fields)
    names, converting, direct = known
    converted = list(values)
    if len(converted) != len(names):
        raise ValueError(f"{len(converted)} values for {len(names)} fields")
    for index, column, functions in converting:
        value = converted[index]
        for function in functions:
            value = function(value, column, connection)
        converted[index] = value
    if not direct:
        return model.from_db(DEFAULT_DB_ALIAS, names, converted)
    # What Model.from_db leaves, without Model.__init__'s walk over every
    # field and its two signals (a row of a few booleans and numbers took
    # four times as long that way): the values in the instance's dictionary,
    # where __init__'s setattr puts them, the fields not read deferred.
    instance = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = DEFAULT_DB_ALIAS
    instance.__dict__["_state"] = state
    instance.__dict__.update(zip(names, converted, strict=True))
    return instance


def _plan(model, fields: list | None) -> tuple:
    """from_row's plan for `model` (and `fields`): the attributes' names; the
    columns that have converters (dates on SQLite, booleans, JSON), the only
    ones worked on for each row; and whether an instance may be made without
    Model.__init__ (`direct`): neither it nor from_db overridden, no receiver
    of pre_init or post_init (an ImageField's dimensions, say), and no field
    whose attribute does more on assignment than store the value."""
    meta = model._meta
    chosen = (
        meta.concrete_fields
        if fields is None
        else [meta.get_field(name) for name in fields]
    )
    # Model.from_db reads a subset of the values in the model's order.
    order = list(meta.concrete_fields)
    if [order.index(field) for field in chosen] != sorted(
        order.index(field) for field in chosen
    ):
        raise ValueError(f"{fields} are not in {model.__name__}'s order")
    converting = []
    for index, field in enumerate(chosen):
        column = field.get_col(meta.db_table)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        )
        if functions:
            converting.append((index, column, functions))
    direct = (
        model.__init__ is Model.__init__
        and model.from_db.__func__ is Model.from_db.__func__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
        and all(_stores_only(model, field) for field in meta.concrete_fields)
    )
    return [field.attname for field in chosen], converting, direct


def _stores_only(model, field) -> bool:
    """Whether assigning `field`'s attribute on a new instance only stores the
    value in its dictionary, as Model.__init__'s setattr does: a plain
    deferred attribute, or a foreign key's id (ForeignKeyDeferredAttribute
    also forgets a cached related object, which a new instance has not)."""
    for klass in model.__mro__:
        if field.attname in klass.__dict__:
            attribute = klass.__dict__[field.attname]
            return type(attribute) in (DeferredAttribute, ForeignKeyDeferredAttribute)
    return True


def columns(model, table: str, fields: list | None = None) -> list[str]:
    """`model`'s concrete columns (or those of `fields`), in from_row's
    order, of `table` (its name or alias in the query, quoted as needed):
    worked out once per database (the dashboard's queries name them after
    every write)."""
    key = (model, table, None if fields is None else tuple(fields), connection.vendor)
    found = _columns.get(key)
    if found is None:
        quote = connection.ops.quote_name
        chosen = (
            model._meta.concrete_fields
            if fields is None
            else [model._meta.get_field(name) for name in fields]
        )
        found = _columns[key] = [f"{table}.{quote(field.column)}" for field in chosen]
    return list(found)


_columns: dict[tuple, list[str]] = {}


def as_date(value) -> datetime.date | None:
    """A date column's value as a date: SQLite answers dates as text in a
    query written out (the ORM converts them)."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def user_id(user) -> int:
    """A user's id, from a user or an id (as the ORM's filters take either)."""
    return getattr(user, "pk", user)


def quoted(model) -> str:
    """`model`'s table, quoted for this database."""
    return connection.ops.quote_name(model._meta.db_table)


def quoted_column(model, field: str) -> str:
    """The column of `model`'s `field` (its name), quoted for this database."""
    return connection.ops.quote_name(model._meta.get_field(field).column)


def upsert(instance, *, unique: list[str], update: list[str]) -> None:
    """Save `instance`, a new one of its model, as QuerySet.bulk_create(
    [instance], update_conflicts=True, unique_fields=unique,
    update_fields=update) does: INSERT ... ON CONFLICT (unique) DO UPDATE
    SET update ... RETURNING its id, the SQL written out (the ORM's compiling
    of the INSERT took longer than running it) with each value prepared as
    the ORM prepares it (auto_now and auto_now_add set by the fields'
    pre_save). The id, the inserted row's or the updated one's, is set on
    `instance`. SQLite (3.35 and later) and PostgreSQL take the same SQL."""
    _read_ahead.set(None)
    (found,) = fetch(*upsert_query(instance, unique=unique, update=update))
    upserted(instance, found[0])


def upsert_query(instance, *, unique: list[str], update: list[str]) -> tuple[str, list]:
    """upsert's statement for `instance` (its values prepared now), which
    answers the saved row's id."""
    model = type(instance)
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in fields
    ]
    updates = ", ".join(
        f"{column} = EXCLUDED.{column}"
        for column in (quote(meta.get_field(name).column) for name in update)
    )
    return (
        f"INSERT INTO {quoted(model)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT "
        f"({', '.join(quote(meta.get_field(name).column) for name in unique)}) "
        f"DO UPDATE SET {updates} RETURNING {quote(meta.pk.column)}",
        params,
    )


def upserted(instance, pk) -> None:
    """Mark `instance` saved, as the row `pk` (upsert_query's answer)."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias


def execute(sql: str, params) -> int:
    """Run `sql` (a write); the number of rows it changed."""
    _read_ahead.set(None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params) -> list[tuple]:
    """The rows of `sql`, as the database driver gives them: read ahead
    (read_ahead) when they were."""
    ahead = _read_ahead.get()
    if ahead:
        try:
            found = ahead.get((sql, tuple(params)))
        except TypeError:  # a parameter that is not hashable (a list): not listed
            found = None
        if found:
            return found.pop(0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# What read_ahead read: {(sql, params): [rows, ...]}, for fetch() to answer
# each once.
_read_ahead: ContextVar[dict | None] = ContextVar("rows_read_ahead", default=None)


@contextmanager
def read_ahead(queries: Callable[[], Iterable[tuple[str, list] | None]]):
    """On PostgreSQL, run the reads `queries()` lists (each (sql, params) as
    fetch() will be given them; None: left out) in one round trip, and let
    fetch() answer each from what was read, once, inside the block; any other
    query still goes to the database. Elsewhere (SQLite: a query costs no
    round trip) nothing is read ahead and `queries` is not called.

    For a page that reads many things whose queries it knows before it
    reads the first (the dashboard after a write): each query on PostgreSQL
    costs the server and this process a round trip whatever it reads. A read
    listed but not made costs only its share of the one round trip; a read
    made with other SQL or parameters than listed is simply not answered from
    memory. The block must not write (a write through execute() or upsert()
    drops what was read ahead): what it reads would then be from before it.

    The statements go in one pipeline (psycopg's pipeline mode: sent
    together, each its own statement under its own statement_timeout,
    answered together), each prepared on the connection, so that the server
    plans it once rather than on every page: that halved the server's time
    for the dashboard's reads (2.8 to 1.6 ms on the bench's five-year
    member). A statement's generic plan (made for any values) must then be
    as good as the plan for given ones: test_advice checks the one whose
    choice was close (the advice's recent rows)."""
    if connection.vendor != "postgresql" or _read_ahead.get() is not None:
        yield
        return
    listed = [query for query in queries() if query is not None]
    found: dict[tuple, list] = {}
    if len(listed) > 1:
        for (sql, params), answer in zip(listed, _pipelined(listed), strict=True):
            found.setdefault((sql, tuple(params)), []).append(answer)
    token = _read_ahead.set(found)
    try:
        yield
    finally:
        _read_ahead.reset(token)


# Uses of a statement (on one connection) before psycopg prepares it: a read
# listed for read_ahead is prepared at once. Django's own cursors bind on the
# client and never prepare.
PREPARE_AT_ONCE = 0


def _pipelined(listed: list[tuple[str, list]]) -> list[list[tuple]]:
    """The rows of each of `listed` (read_ahead's), read on Django's
    connection in one psycopg pipeline, with server-side binding; logged as
    one query where Django logs queries, and any error Django's."""
    import psycopg

    # What Django's cursor does before a query: the health check, the
    # connection, and no query inside a transaction already broken.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = PREPARE_AT_ONCE
    started = time.monotonic()
    with connection.wrap_database_errors:
        cursors = []
        with raw.pipeline():
            for sql, params in listed:
                cursor = psycopg.Cursor(raw)
                cursor.execute(sql, params, prepare=True)
                cursors.append(cursor)
        answers = []
        for cursor in cursors:
            answers.append(cursor.fetchall())
            cursor.close()
    if connection.queries_logged:
        connection.queries_log.append(
            {
                "sql": ";\n".join(sql for sql, _ in listed),
                "time": f"{time.monotonic() - started:.3f}",
            }
        )
    return answers


class Prepared:
    """A query the ORM writes, compiled once per database and then run with
    SQL alone: for a query whose SQL must stay the ORM's (a partial index is
    used only for the predicate it was made with) but whose compiling cost
    more than running it. `build(user_id)` gives the queryset of a model's
    rows (all its columns, as from_row reads them) for one user."""

    # A user id no user has: found among the compiled query's parameters, it
    # marks where each run's id goes.
    SENTINEL = -918_273_645

    def __init__(self, build) -> None:
        self.build = build
        self._compiled: dict[str, tuple] = {}

    def _sql(self) -> tuple:
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            queryset = self.build(self.SENTINEL)
            sql, params = queryset.query.sql_with_params()
            slots = [i for i, param in enumerate(params) if param == self.SENTINEL]
            if not slots:
                raise ValueError("the query does not filter by the user's id")
            compiled = (queryset.model, sql, list(params), slots)
            self._compiled[connection.vendor] = compiled
        return compiled

    def query(self, user_id: int) -> tuple[str, list]:
        """The query's SQL and parameters for `user_id` (read_ahead lists it)."""
        _, sql, params, slots = self._sql()
        params = list(params)
        for slot in slots:
            params[slot] = user_id
        return sql, params

    def objects(self, user_id: int) -> list:
        """The query's rows for `user_id`, as model instances."""
        model = self._sql()[0]
        return [from_row(model, row) for row in fetch(*self.query(user_id))]


def of_user(
    model,
    user_id: int,
    *,
    order: str = "",
    limit: int | None = None,
    fields: list | None = None,
) -> list:
    """`model`'s rows of one user (its `user_id` column), as instances
    (`fields`: only those, the rest deferred), in `order` (SQL, of the
    table's quoted columns: '"date" DESC') and up to `limit`: one query."""
    sql, params = of_user_query(model, user_id, order=order, limit=limit, fields=fields)
    return [from_row(model, row, fields) for row in fetch(sql, params)]


def of_user_query(
    model,
    user_id: int,
    *,
    order: str = "",
    limit: int | None = None,
    fields: list | None = None,
) -> tuple[str, list]:
    """of_user's query (read_ahead lists it)."""
    table = quoted(model)
    sql = (
        f"SELECT {', '.join(columns(model, table, fields))} FROM {table} "
        f'WHERE {table}."user_id" = %s'
    )
    params: list = [user_id]
    if order:
        sql += f" ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params

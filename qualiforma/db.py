"""Fewer and cheaper statements on the hot paths."""

from django.db import connection
from django.db.models.sql import InsertQuery


def one_or_none(queryset):
    """The object of a queryset filtered down to one row, or None.

    Unlike `first()`, it asks for no ORDER BY: compiling a model's default
    ordering costs a lookup by primary key about a fifth of its time.
    """
    return next(iter(queryset.order_by()[:1]), None)


def _insert_sql(instance):
    meta = instance._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if not (field is meta.auto_field and instance.pk is None)
    ]
    query = InsertQuery(type(instance))
    query.insert_values(fields, [instance])
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    return sql, params


def insert_together(*instances):
    """Insert new model instances with one statement.

    One statement is atomic by itself, so the rows are written all or none
    without a transaction, in one round trip instead of four (BEGIN, the
    inserts, COMMIT). Django's foreign keys are checked at the commit, once
    every row is in, so a row may refer to another inserted here.
    `save()` and its signals are bypassed; an automatic primary key is not
    read back.
    """
    statements = [_insert_sql(instance) for instance in instances]
    *ctes, (last_sql, last_params) = statements
    sql = "".join(
        ("WITH " if n == 0 else ", ") + f"insert_{n} AS ({cte_sql})"
        for n, (cte_sql, _) in enumerate(ctes)
    )
    params = [param for _, cte_params in ctes for param in cte_params]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} {last_sql}".strip(), [*params, *last_params])
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias

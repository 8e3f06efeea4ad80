"""Fewer and cheaper statements on the hot paths."""

import functools

from django.db import connection


def one_or_none(queryset):
    """The object of a queryset filtered down to one row, or None.

    Unlike `first()`, it asks for no ORDER BY: compiling a model's default
    ordering costs a lookup by primary key about a fifth of its time.
    """
    return next(iter(queryset.order_by()[:1]), None)


@functools.cache
def _insert_statement(model, columns):
    # INSERT … SELECT rather than VALUES, so that a WHERE can hold the row
    # back; PostgreSQL types the SELECT list's values by the columns all
    # the same.
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) SELECT {}".format(
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )


def _insert_sql(instance, where=None, where_params=()):
    """The statement inserting `instance`, written once per model, and its
    parameters, prepared as Django's compiler prepares them."""
    meta = instance._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if not (field is meta.auto_field and instance.pk is None)
    ]
    values = [field.pre_save(instance, add=True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values) or any(
        hasattr(field, "get_placeholder") for field in fields
    ):
        raise TypeError(
            f"insert_together writes plain values; {meta.label} has an "
            "expression or a field with a placeholder of its own"
        )
    sql = _insert_statement(type(instance), tuple(field.column for field in fields))
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values, strict=True)
    ]
    if where is None:
        return sql, params
    return f"{sql} WHERE {where}", [*params, *where_params]


def insert_together(*instances, only_if=()):
    """Insert new model instances with one statement; return whether they
    went in.

    One statement is atomic by itself, so the rows are written all or none
    without a transaction, in one round trip instead of four (BEGIN, the
    inserts, COMMIT). Django's foreign keys are checked at the commit, once
    every row is in, so a row may refer to another inserted here.
    `save()` and its signals are bypassed; an automatic primary key is not
    read back.

    With `only_if`, a SQL condition and its parameters, the rows go in
    only when it holds. The test and the inserts see one snapshot, with no
    round trip between them in which another request could act.
    """
    if only_if:
        # The first row is held back unless the condition holds; the others
        # follow it, so the condition is tested once.
        first, *others = instances
        sql, params = _insert_sql(first, *only_if)
        statements = [
            (f"{sql} RETURNING 1", params) if others else (sql, params),
            *(
                _insert_sql(other, "EXISTS (SELECT 1 FROM insert_0)")
                for other in others
            ),
        ]
    else:
        statements = [_insert_sql(instance) for instance in instances]
    *ctes, (last_sql, last_params) = statements
    sql = "".join(
        ("WITH " if n == 0 else ", ") + f"insert_{n} AS ({cte_sql})"
        for n, (cte_sql, _) in enumerate(ctes)
    )
    params = [param for _, cte_params in ctes for param in cte_params]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} {last_sql}".strip(), [*params, *last_params])
        inserted = cursor.rowcount > 0
    if inserted:
        for instance in instances:
            instance._state.adding = False
            instance._state.db = connection.alias
    return inserted

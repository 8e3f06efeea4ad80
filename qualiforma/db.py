"""Fewer and cheaper statements on the hot paths."""

import functools

from django.db import connection
from django.db.models.sql import InsertQuery


def one_or_none(queryset):
    """The object of a queryset filtered down to one row, or None.

    Unlike `first()`, it asks for no ORDER BY: compiling a model's default
    ordering costs a lookup by primary key about a fifth of its time.
    """
    return next(iter(queryset.order_by()[:1]), None)


@functools.cache
def _insert_statement(model, columns):
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )


def _insert_sql(instance):
    """The statement inserting `instance`, and its parameters.

    Its text depends on the model alone, so it is written once per model;
    the values are prepared as Django's compiler prepares them. An
    expression among them, or a field with a placeholder of its own, is
    left to that compiler.
    """
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
        query = InsertQuery(type(instance))
        query.insert_values(fields, [instance])
        [(sql, params)] = query.get_compiler(connection=connection).as_sql()
        return sql, list(params)
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values, strict=True)
    ]
    columns = tuple(field.column for field in fields)
    return _insert_statement(type(instance), columns), params


def _held_back_unless(statement, condition, condition_params=()):
    """`INSERT … VALUES (row)` as `INSERT … SELECT row WHERE condition`.

    PostgreSQL types the SELECT list's literals by the columns, as it does
    a VALUES list's.
    """
    sql, params = statement
    head, keyword, values = sql.partition(" VALUES (")
    if not keyword or not values.endswith(")"):
        raise ValueError(f"Not a one-row INSERT … VALUES: {sql}")
    return f"{head} SELECT {values[:-1]} WHERE {condition}", [
        *params,
        *condition_params,
    ]


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
    statements = [_insert_sql(instance) for instance in instances]
    if only_if:
        # The first row is held back unless the condition holds; the others
        # follow it, so the condition is tested once.
        first, *others = statements
        first = _held_back_unless(first, *only_if)
        if others:
            first = (f"{first[0]} RETURNING 1", first[1])
        statements = [
            first,
            *(
                _held_back_unless(other, "EXISTS (SELECT 1 FROM insert_0)")
                for other in others
            ),
        ]
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

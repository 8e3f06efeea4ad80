"""Opaque prefixed ids (`enr_…`, `crs_…`) used as primary keys."""

import secrets
import string

from django.db import models
from django.utils.deconstruct import deconstructible

_ALPHABET = string.ascii_letters + string.digits
_RANDOM_LENGTH = 16
MAX_ID_LENGTH = 40
# Matches every id the API hands out, and the documented demo ids.
ID_PATTERN = rf"[a-z]{{2,4}}_[A-Za-z0-9]{{1,{MAX_ID_LENGTH - 5}}}"


@deconstructible
class IdGenerator:
    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self):
        suffix = "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LENGTH))
        return f"{self.prefix}_{suffix}"

    def __eq__(self, other):
        return isinstance(other, IdGenerator) and other.prefix == self.prefix


def prefixed_id_field(prefix):
    """Return a primary key field that generates `<prefix>_<random>` ids."""
    return models.CharField(
        primary_key=True,
        max_length=MAX_ID_LENGTH,
        default=IdGenerator(prefix),
        editable=False,
    )


class IdConverter:
    """Path converter: anything that is not shaped like an id never routes."""

    regex = ID_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value

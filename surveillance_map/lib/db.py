"""The one switch between the production database (PostGIS) and the embedded one (SpatiaLite)."""

from django.db import DEFAULT_DB_ALIAS, connections


def is_postgis(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True on PostgreSQL/PostGIS, where SQL paths (COPY, triggers, ST_AsMVT) are available."""
    return connections[using].vendor == "postgresql"


def bigint_array(values) -> str:
    """Whole numbers as one PostgreSQL array literal, for a `%s::bigint[]` parameter: a Python
    list is quoted element by element on the client (0.5 ms for a page of 100 ids)."""
    return "{" + ",".join(str(int(value)) for value in values) + "}"

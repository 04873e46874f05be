"""The one switch between the production database (PostGIS) and the embedded one (SpatiaLite)."""

from django.db import DEFAULT_DB_ALIAS, connections


def is_postgis(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True on PostgreSQL/PostGIS, where SQL paths (COPY, triggers, ST_AsMVT) are available."""
    return connections[using].vendor == "postgresql"

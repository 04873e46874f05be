"""A second connection to the test database server, outside Django: another process's session
(holding a lock or a transaction while the code under test runs)."""

import psycopg
from django.db import connection


def other_session(*, dbname: str | None = None, autocommit: bool = True) -> psycopg.Connection:
    """A new session as the test database's user; on that database unless `dbname` is given."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=dbname or db["NAME"],
        autocommit=autocommit,
    )

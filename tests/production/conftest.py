"""Fixtures for the production tests: static files collected once, and servers to start."""

import pytest

from tests.production import servers


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("production") / "static"
    servers.collectstatic(root)
    return root


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="module")
def launch(django_db_setup, django_db_blocker, static_root, var_dir, tmp_path_factory):
    """`launch(port, **env)` starts a `make serve` gunicorn on the test database; all stop
    when the module is done (before the test database is dropped)."""
    started = []
    logs = tmp_path_factory.mktemp("logs")

    def start_web(port: int, *, ready: bool = True, **env):
        with django_db_blocker.unblock():
            environment = servers.server_env(var_dir, static_root, **env)
        process = servers.start_web(port, environment, logs / f"web-{port}.log", ready=ready)
        started.append(process)
        return process

    def start_worker(**env):
        with django_db_blocker.unblock():
            environment = servers.server_env(var_dir, static_root, **env)
        process = servers.start_worker(environment, logs / "worker.log")
        started.append(process)
        return process

    start_web.worker = start_worker
    yield start_web
    for process in reversed(started):
        process.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The servers share the test run's Redis: no test inherits another's counters."""
    from django.core.cache import cache

    cache.clear()

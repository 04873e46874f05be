"""`make serve` refuses to start without its settings, and says what to set; the documented
settings pass `check --deploy`."""

import subprocess

from surveillance_map import serve
from tests.production.servers import PYTHON, ROOT, SECRET

GOOD = {
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "maps.example.org",
    "DATABASE_URL": "postgis://sm:pw@127.0.0.1:5432/surveillance_map",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_the_documented_environment_has_no_problems():
    assert serve.problems(GOOD) == []


def test_each_missing_setting_is_named():
    found = "\n".join(serve.problems({}))
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert name in found


def test_spatialite_debug_and_a_short_key_are_refused():
    found = serve.problems(
        {
            **GOOD,
            "SECRET_KEY": "short",
            "DATABASE_URL": "spatialite:///var/db.sqlite3",
            "DEBUG": "1",
            "WEB_WORKERS": "many",
        }
    )
    assert [p.split(":")[0] for p in found] == [
        "SECRET_KEY",
        "DATABASE_URL",
        "DEBUG",
        "WEB_WORKERS",
    ]


def test_gunicorn_listens_on_host_and_port_with_workers_from_the_environment():
    argv = serve.gunicorn_argv({"HOST": "0.0.0.0", "PORT": "9000", "WEB_WORKERS": "3"})
    assert "--bind=0.0.0.0:9000" in argv and "--workers=3" in argv
    assert not any(arg.startswith("--access-logfile") for arg in argv)  # no addresses logged


def test_workers_are_not_recycled_unless_asked():
    # A recycled gthread worker drops its keep-alive connections: requests on them get nothing.
    assert "--max-requests=0" in serve.gunicorn_argv({})
    assert "--max-requests=50000" in serve.gunicorn_argv({"WEB_MAX_REQUESTS": "50000"})


def test_the_launcher_exits_with_a_clear_message():
    result = subprocess.run(
        [PYTHON, "-m", "surveillance_map.serve", "--check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "REDIS_URL: the shared cache" in result.stderr
    assert 'README, "Run in production"' in result.stderr


def test_check_deploy_is_clean_with_the_documented_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        **GOOD,
        "TRUSTED_PROXIES": "127.0.0.1",
        "BASEMAP_CONTACT_URL": "mailto:maps@example.org",
    }
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout

"""Settings are read from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from samarbeid.env import database_from_url, env_bool, env_int, env_str

ROOT = Path(__file__).resolve().parents[2]


def run_django(env, *args):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "HTTPS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_reads_booleans_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "kanskje")
    with pytest.raises(ImproperlyConfigured, match="FLAG='kanskje' is not a boolean"):
        env_bool("FLAG")


def test_it_refuses_a_number_that_is_not_one(monkeypatch):
    monkeypatch.setenv("N", "ti")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 1)


def test_it_reads_secrets_from_files(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_str("TOKEN") == "s3cret"
    monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_str("TOKEN")


def test_it_parses_a_postgresql_url_with_a_pool():
    db = database_from_url("postgres://sam:p%40ss@db.example:5433/samarbeid?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "sam",
        "p@ss",
        "db.example",
        "5433",
        "samarbeid",
    )
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["OPTIONS"]["pool"]["max_size"] == 10
    assert db["OPTIONS"]["options"] == "-c jit=off"
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert db["CONN_MAX_AGE"] == 0
    # A database that does not answer fails the page (503) after 3 s instead of hanging it:
    # a new connection, and the wait for one from the pool.
    assert db["OPTIONS"]["connect_timeout"] == 3
    assert db["OPTIONS"]["pool"]["timeout"] == 3
    assert (
        database_from_url("postgres://h/n?connect_timeout=5")["OPTIONS"]["connect_timeout"] == "5"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [("mysql://u@h/db", "must start with postgres"), ("postgres://u@h/", "names no database")],
)
def test_it_refuses_a_wrong_database_url(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url)


def test_it_refuses_to_serve_without_a_secret_key_when_debug_is_off():
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    served = subprocess.run(
        [sys.executable, "-c", "import samarbeid.wsgi"],
        cwd=ROOT, env={**clean, "DEBUG": "0"}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert served.returncode != 0
    assert "SECRET_KEY must be set" in served.stderr
    deploy = run_django({"DEBUG": "0", "ALLOWED_HOSTS": "x.no"}, "check", "--deploy")
    assert deploy.returncode != 0
    assert "samarbeid.E001" in deploy.stderr + deploy.stdout


def test_offline_commands_run_without_a_secret_key():
    result = run_django({"DEBUG": "0"}, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr


def test_it_starts_without_a_secret_key_in_debug():
    result = run_django({"DEBUG": "1"}, "check")
    assert result.returncode == 0, result.stderr


def test_it_passes_the_deployment_checklist_under_production_settings():
    result = run_django(
        {
            "SECRET_KEY": "a-long-and-random-production-key-" + "k9Z!q" * 10,
            "ALLOWED_HOSTS": "samarbeid.example.no",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_uses_nynorsk_oslo_time_and_the_security_middleware(settings):
    assert settings.LANGUAGE_CODE == "nn"
    assert [code for code, _ in settings.LANGUAGES] == ["nn", "nb", "en"]
    assert settings.TIME_ZONE == "Europe/Oslo"
    for middleware in (
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "simple_history.middleware.HistoryRequestMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.middleware.locale.LocaleMiddleware",
    ):
        assert middleware in settings.MIDDLEWARE


def test_it_sends_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_two_factor_login_is_on_unless_debug_and_can_be_set():
    show = "from django.conf import settings as s; print(s.REQUIRE_2FA, s.STAFF_IDLE_MINUTES)"
    assert run_django({"DEBUG": "0"}, "shell", "--no-imports", "-c", show).stdout.split() == [
        "True",
        "30",
    ]
    assert run_django({"DEBUG": "1"}, "shell", "--no-imports", "-c", show).stdout.split() == [
        "False",
        "30",
    ]
    forced = run_django({"DEBUG": "1", "REQUIRE_2FA": "1", "STAFF_IDLE_MINUTES": "10"}, "shell", "--no-imports",
                        "-c", show)  # fmt: skip
    assert forced.stdout.split() == ["True", "10"]

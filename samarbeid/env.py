"""Typed readers for settings that come from environment variables.

Every reader fails loudly (ImproperlyConfigured) on a value it cannot read,
so that a typo in production stops the start instead of being ignored.
Secrets may also come from a file named in `<NAME>_FILE` (Docker/systemd
credentials).
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    """A string from `name`, or from the file named in `name_FILE`."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            with open(path, encoding="utf-8") as f:
                return f.read().strip()
        except OSError as e:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {e}") from e
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url, *, pool_max=10, connect_timeout=3):
    """Django DATABASES entry for a `postgres://user:pass@host:port/name` URL.

    A database that does not answer fails a request after `connect_timeout` seconds (the
    503 page), both for a new connection and for the wait for one from the pool, instead
    of hanging the page.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme!r}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database (…/NAME at the end).")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    options.setdefault("connect_timeout", connect_timeout)
    # PostgreSQL's JIT compiler spends 50–200 ms compiling plans it guesses to be costly
    # (counting a common search word over twenty years) and saves nothing at our sizes.
    # `?options=...` in the URL replaces this.
    options.setdefault("options", "-c jit=off")
    options["pool"] = {"min_size": 1, "max_size": pool_max, "timeout": connect_timeout}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0,  # the pool keeps connections; Django must not.
        # Django reads a form's select choices through a server-side cursor (DECLARE, FETCH,
        # CLOSE: three round trips for a few dozen rows); nothing here streams big results.
        "DISABLE_SERVER_SIDE_CURSORS": True,
        "OPTIONS": options,
    }


MISSING_SECRET_KEY = (
    "SECRET_KEY must be set when DEBUG is off (e.g. `python -c 'import secrets; "
    "print(secrets.token_urlsafe(50))'`). Set DEBUG=1 for development."
)


def refuse_to_serve_without_secret_key():
    """Called by the WSGI and ASGI entry points: no serving on a throwaway key."""
    from django.conf import settings

    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)

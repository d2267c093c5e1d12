"""WSGI entry point (gunicorn samarbeid.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from samarbeid.env import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samarbeid.settings")
refuse_to_serve_without_secret_key()
application = get_wsgi_application()

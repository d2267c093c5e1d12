"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from samarbeid.env import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samarbeid.settings")
refuse_to_serve_without_secret_key()
application = get_asgi_application()

from django.conf import settings
from django.core.checks import Error, Tags, register

from samarbeid.env import MISSING_SECRET_KEY


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING:
        return [Error(MISSING_SECRET_KEY, id="samarbeid.E001")]
    return []

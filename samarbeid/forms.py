from django import forms
from django.utils.translation import gettext_lazy as _


class OTPForm(forms.Form):
    """The code from the authenticator app, in the second login step and its set-up."""

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("Six digits. A new code comes every 30 seconds."),
        max_length=8,
        strip=True,
    )

"""Login forms: the password step (moderation and admin) and the one-time code step."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from surveillance_map.accounts import throttle

LOCKED = _("Too many failed attempts. Logging in is paused for a while; try again later.")


class ThrottledLogin:
    """After a refused password: the lockout message if that attempt used up the allowance.

    The message is the same for any name typed, so it tells nothing about which accounts exist.
    """

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and throttle.locked(self.request, username):
            raise ValidationError(LOCKED, code="locked")
        try:
            return super().clean()
        except ValidationError:
            if username and throttle.locked(self.request, username):
                raise ValidationError(LOCKED, code="locked") from None
            raise


class LoginForm(ThrottledLogin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    pass


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, request, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.device = request, device

    def clean(self):
        username = self.request.user.get_username()
        if "token" not in self.cleaned_data:
            return self.cleaned_data
        if throttle.locked(self.request, username):
            raise ValidationError(LOCKED, code="locked")
        token = self.cleaned_data.get("token", "").replace(" ", "")
        if not self.device.verify_token(token):  # django-otp also slows repeated failures down
            throttle.record_failure(self.request, username)
            raise ValidationError(_("That code is not right (or has expired)."), code="invalid")
        return self.cleaned_data

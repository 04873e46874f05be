"""The login steps: password (throttled), then the one-time code, or first the app's setup."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from surveillance_map.accounts import twofactor
from surveillance_map.accounts.forms import CodeForm, LoginForm

MODERATION_HOME = "/moderation/"


def locked_out(form) -> bool:
    return form.has_error("__all__", code="locked")


class LoginView(auth_views.LoginView):
    """The moderators' login: a lockout answers 429 Too Many Requests."""

    authentication_form = LoginForm
    next_page = MODERATION_HOME

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if locked_out(form):
            response.status_code = 429
        return response


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or MODERATION_HOME
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return MODERATION_HOME
    return target


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _step(request, template: str, device, context: dict):
    """Shared by both code pages: check the code, then the session counts as verified."""
    form = CodeForm(request.POST or None, request=request, device=device)
    if request.method == "POST" and form.is_valid():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next(request))
    status = 429 if locked_out(form) else (400 if request.method == "POST" else 200)
    context = {**context, "form": form, "next": _next(request)}
    return render(request, template, context, status=status)


@never_cache
@sensitive_post_parameters("token")
def verify(request):
    """Second step: the code from the moderator's authenticator app."""
    if not request.user.is_authenticated:
        return redirect_to_login(_next(request))
    if request.user.is_verified():
        return redirect(_next(request))
    device = twofactor.confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:setup", request))
    return _step(request, "accounts/verify.html", device, {})


@never_cache
@sensitive_post_parameters("token")
def setup(request):
    """Enrolment: a QR code (and the secret as text) for an authenticator app, then one code.

    Open to a logged-in user with no confirmed device yet, or one who has already passed the
    second factor (to replace a phone); never to someone who only knows the password of an
    account that has a device.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    has_device = twofactor.confirmed_device(request.user) is not None
    if has_device and not request.user.is_verified():
        return redirect(_with_next("accounts:verify", request))
    device = twofactor.enrolment_device(request.user)
    context = {"qr_svg": twofactor.qr_svg(device), "secret": twofactor.secret(device)}
    return _step(request, "accounts/setup.html", device, context)

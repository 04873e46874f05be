"""The one authentication backend: Django's, with throttling and the demo login refused."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from surveillance_map.accounts import demo, throttle


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if throttle.locked(request, username):
            return None  # not even the right password gets through a lockout
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(request, username)
        else:
            throttle.forget_account(username)
        return user

    def user_can_authenticate(self, user) -> bool:
        """Also asked for every request of an open session, so a demo session ends too."""
        return super().user_can_authenticate(user) and not demo.refused(user)

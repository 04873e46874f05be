"""The demo moderator of `make run`: a login everybody knows, so never one a real server takes.

`load_demo` creates it and flags it (DemoAccount); the authentication backend refuses flagged
accounts, for new logins and for sessions already open, whenever DEBUG is off.
"""

from django.conf import settings

from surveillance_map.accounts.models import DemoAccount

DEMO_USERNAME = "moderator"
DEMO_PASSWORD = "demo-moderator-2026"


def flag(user) -> None:
    DemoAccount.objects.get_or_create(user=user)


def refused(user) -> bool:
    return not settings.DEBUG and DemoAccount.objects.filter(user_id=user.pk).exists()

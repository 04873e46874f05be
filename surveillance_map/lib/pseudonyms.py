"""Stable pseudonyms for people on public pages: a moderator is "Moderator 3f9a2c", never a
username (a username is half a login, and often a real name)."""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext as _


def pseudonym(user) -> str:
    """The same label for the same account on every page, unlinkable to its username."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"user:{user.pk}".encode(), hashlib.sha256
    ).hexdigest()
    return _("Moderator %(code)s") % {"code": digest[:6]}

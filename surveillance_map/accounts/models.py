"""Moderator accounts: a flag on the demo login, which only a DEBUG server accepts."""

from django.conf import settings
from django.db import models


class DemoAccount(models.Model):
    """A login whose password is published (`load_demo`): refused unless DEBUG is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_account"
    )

    def __str__(self) -> str:
        return f"demo login {self.user}"

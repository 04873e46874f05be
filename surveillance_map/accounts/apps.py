from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "surveillance_map.accounts"
    verbose_name = "Moderator accounts"
    default = True


class SecureAdminConfig(admin_apps.AdminConfig):
    """The admin, behind the same throttled login and second factor as moderation."""

    default = False
    default_site = "surveillance_map.accounts.admin_site.SecureAdminSite"

"""The admin site behind the moderators' protections: throttled login, second factor."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from surveillance_map.accounts import twofactor
from surveillance_map.accounts.forms import AdminLoginForm


class SecureAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and twofactor.verified(request.user)

    def login(self, request, extra_context=None):
        """Staff who passed the password but not the code go to the code step, then back."""
        user = request.user
        staff = request.method == "GET" and user.is_active and user.is_staff
        if staff and not twofactor.verified(user):
            target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
            return redirect_to_login(target, reverse("accounts:verify"))
        return super().login(request, extra_context)

from django.contrib import admin

from surveillance_map.accounts.models import DemoAccount


@admin.register(DemoAccount)
class DemoAccountAdmin(admin.ModelAdmin):
    list_display = ("user",)

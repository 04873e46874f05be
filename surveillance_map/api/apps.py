from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "surveillance_map.api"
    label = "api"
    verbose_name = "Public API"

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "surveillance_map.jobs"
    verbose_name = "Background jobs"

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "surveillance_map.reports"

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "surveillance_map.imports"

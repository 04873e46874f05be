from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "surveillance_map.transparency"

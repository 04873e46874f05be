from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "surveillance_map.areas"

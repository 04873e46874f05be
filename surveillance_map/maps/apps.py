from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "surveillance_map.maps"
    verbose_name = "Public map"

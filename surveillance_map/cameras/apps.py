from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "surveillance_map.cameras"
    verbose_name = "Cameras"

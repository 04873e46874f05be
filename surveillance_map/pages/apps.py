from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "surveillance_map.pages"

from django.apps import AppConfig


class SightingsConfig(AppConfig):
    name = "surveillance_map.sightings"
    verbose_name = "Sightings and moderation"

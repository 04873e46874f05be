from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "surveillance_map.exports"
    label = "exports"
    verbose_name = "Exports and dataset snapshots"

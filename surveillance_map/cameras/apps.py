from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_capabilities(sender, **kwargs):
    from surveillance_map.cameras.models import Capability
    from surveillance_map.cameras.vocabularies import sync_capabilities

    sync_capabilities(Capability)


class CamerasConfig(AppConfig):
    name = "surveillance_map.cameras"
    verbose_name = "Cameras"

    def ready(self):
        # The vocabulary is reference data: like permissions, it is restored after every
        # migrate and after the table flushes of transactional tests.
        post_migrate.connect(_sync_capabilities, sender=self)
